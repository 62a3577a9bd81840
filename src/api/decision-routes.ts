import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../store/database.ts';
import type { Community } from '../store/communities.ts';
import { listDecisions, recordDecision, showDecision, updateDecision } from '../app/learning/decisions.ts';
import { toCsv } from '../domain/text/csv.ts';
import { arrayOf, BOOLEAN, ID, INTEGER, jsonOrCsv, NO_QUERY, NULLABLE_INTEGER, NULLABLE_STRING, object, pathParams, SLUG, STRING, STRINGS, TIMESTAMP } from './schemas.ts';

const BODY = {
  type: 'object',
  description:
    'Fields: title, decided_on (YYYY-MM-DD), decided_by, rationale (required to record); participants [{name, role?, lived_experience?}], evidence, measures [slug], pdsa_id, revisit_on. Unknown fields and bad values are refused with a 400 naming them (docs/learning.md).',
} as const;

const DECISION = object({
  id: INTEGER,
  title: STRING,
  decided_on: { ...STRING, description: 'YYYY-MM-DD' },
  decided_by: { ...STRING, description: 'The person or group with the authority who made the decision.' },
  participants: arrayOf(object({ name: STRING, role: NULLABLE_STRING, lived_experience: BOOLEAN })),
  rationale: STRING,
  evidence: NULLABLE_STRING,
  measures: { ...STRINGS, description: 'Measures whose charts carry the decision.' },
  pdsa_id: NULLABLE_INTEGER,
  revisit_on: NULLABLE_STRING,
  created_by: { ...STRING, description: 'Who recorded it.' },
  updated_at: TIMESTAMP,
});

const TAG = 'decisions';

/**
 * The decision log's API: members record and correct decisions; anyone who reads the
 * community's aggregates reads the log (decisions are the team's, not anyone's record).
 */
export function registerDecisionRoutes(app: FastifyInstance, db: Database): void {
  // Access control has found the community (and refused an unknown one) before any handler runs.
  const community = (req: FastifyRequest): Community => req.community!;
  type P<T = object> = { Params: { slug: string } & T };
  const base = '/api/communities/:slug/decisions';

  app.get<P & { Querystring: { measure?: string; pdsa?: number; format?: string } }>(
    base,
    {
      config: { access: 'aggregates' },
      schema: {
        summary: 'The decision log, oldest first, optionally about a measure or from a PDSA cycle',
        tags: [TAG],
        params: pathParams({}),
        querystring: { type: 'object', additionalProperties: false, properties: { measure: SLUG, pdsa: ID, format: { type: 'string', enum: ['json', 'csv'] } } },
        response: { 200: jsonOrCsv(arrayOf(DECISION), 'Decisions; with ?format=csv, as CSV.') },
      },
    },
    async (req, reply) => {
      const decisions = await listDecisions(db, community(req), { measure: req.query.measure, pdsa: req.query.pdsa });
      if (req.query.format !== 'csv') return decisions;
      reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="decisions.csv"');
      return toCsv(
        decisions.map((d) => ({
          id: d.id,
          decided_on: d.decided_on,
          title: d.title,
          decided_by: d.decided_by,
          participants: d.participants.map((p) => p.name).join('; '),
          lived_experience: d.participants.some((p) => p.lived_experience),
          rationale: d.rationale,
          evidence: d.evidence,
          measures: d.measures.join(' '),
          pdsa_id: d.pdsa_id,
          revisit_on: d.revisit_on,
          recorded_by: d.created_by,
        })),
      );
    },
  );
  app.post<P>(
    base,
    { config: { access: 'learning', audit: 'decision.create' }, schema: { summary: 'Record a decision', tags: [TAG], params: pathParams({}), querystring: NO_QUERY, body: BODY, response: { 201: DECISION } } },
    async (req, reply) => {
      reply.code(201);
      return recordDecision(db, community(req), req.body);
    },
  );
  app.get<P<{ id: number }>>(
    `${base}/:id`,
    { config: { access: 'aggregates' }, schema: { summary: 'One decision in full', tags: [TAG], params: pathParams({ id: ID }), querystring: NO_QUERY, response: { 200: DECISION } } },
    async (req) => showDecision(db, community(req), req.params.id),
  );
  app.patch<P<{ id: number }>>(
    `${base}/:id`,
    { config: { access: 'learning', audit: 'decision.update' }, schema: { summary: 'Correct or complete a recorded decision', tags: [TAG], params: pathParams({ id: ID }), querystring: NO_QUERY, body: BODY, response: { 200: DECISION } } },
    async (req) => updateDecision(db, community(req), req.params.id, req.body),
  );
}
