import type { FastifyInstance } from 'fastify';
import type { Database } from '../store/database.ts';
import { findCommunity, type Community } from '../store/communities.ts';
import { UserError } from '../app/errors.ts';
import { listDecisions, recordDecision, showDecision, updateDecision } from '../app/learning/decisions.ts';
import { toCsv } from '../app/csv-text.ts';

const SLUG = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' } as const;
const ID = { type: 'integer', minimum: 1, maximum: 2147483647 } as const;
const params = (props: Record<string, unknown>) => ({ type: 'object', properties: { slug: SLUG, ...props }, required: ['slug', ...Object.keys(props)] });

/**
 * The decision log's API: members record and correct decisions; anyone who reads the
 * community's aggregates reads the log (decisions are the team's, not anyone's record).
 */
export function registerDecisionRoutes(app: FastifyInstance, db: Database): void {
  const community = async (slug: string): Promise<Community> => {
    const c = await findCommunity(db, slug);
    if (!c) throw new UserError(`There is no community "${slug}".`, 'not-found');
    return c;
  };
  type P<T = object> = { Params: { slug: string } & T };
  const base = '/api/communities/:slug/decisions';

  app.get<P & { Querystring: { measure?: string; pdsa?: number; format?: string } }>(
    base,
    {
      config: { access: 'aggregates' },
      schema: {
        params: params({}),
        querystring: { type: 'object', additionalProperties: false, properties: { measure: SLUG, pdsa: ID, format: { type: 'string', enum: ['json', 'csv'] } } },
      },
    },
    async (req, reply) => {
      const decisions = await listDecisions(db, await community(req.params.slug), { measure: req.query.measure, pdsa: req.query.pdsa });
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
  app.post<P>(base, { config: { access: 'learning', audit: 'decision.create' }, schema: { params: params({}), body: { type: 'object' } } }, async (req, reply) => {
    reply.code(201);
    return recordDecision(db, await community(req.params.slug), req.body);
  });
  app.get<P<{ id: number }>>(`${base}/:id`, { config: { access: 'aggregates' }, schema: { params: params({ id: ID }) } }, async (req) =>
    showDecision(db, await community(req.params.slug), req.params.id),
  );
  app.patch<P<{ id: number }>>(`${base}/:id`, { config: { access: 'learning', audit: 'decision.update' }, schema: { params: params({ id: ID }), body: { type: 'object' } } }, async (req) =>
    updateDecision(db, await community(req.params.slug), req.params.id, req.body),
  );
}
