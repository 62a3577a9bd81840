import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../store/database.ts';
import type { Community } from '../store/communities.ts';
import { LearningRepository } from '../store/learning-repository.ts';
import { UserError } from '../app/errors.ts';
import {
  addMeasurePhase,
  createMeasure,
  deleteMeasureValue,
  importMeasureValues,
  listMeasures,
  measureChartFor,
  putMeasureValues,
  removeMeasurePhase,
  showMeasure,
  updateMeasure,
} from '../app/learning/measures.ts';
import { measureChartJson } from '../app/learning/chart-json.ts';
import { createAim, listAims, showAim, updateAim } from '../app/learning/aims.ts';
import { createDiagram, diagramSvg, listDiagrams, putDiagramNode, removeDiagramNode, showDiagram, updateDiagram } from '../app/learning/driver-diagrams.ts';
import { createCycle, listCycles, showCycle, updateCycle } from '../app/learning/pdsa.ts';
import { CHART_TYPES, RULE_SETS } from '../domain/spc/types.ts';
import { AIM_STATUSES, BNL_FIGURES, DRIVER_NODE_KINDS, FREQUENCIES, MEASURE_TYPES, PDSA_DECISIONS, PDSA_STATUSES } from '../domain/learning/types.ts';
import {
  arrayOf,
  BOOLEAN,
  CHART,
  ID,
  INTEGER,
  INTEGERS,
  jsonOrCsv,
  MEASURE_PHASE,
  media,
  NO_CONTENT,
  NO_QUERY,
  NODE_ID,
  NULLABLE_BOOLEAN,
  NULLABLE_INTEGER,
  NULLABLE_NUMBER,
  NULLABLE_STRING,
  NUMBER,
  object,
  pathParams,
  PERIOD,
  type Schema,
  SLUG,
  STRING,
  STRINGS,
  TIMESTAMP,
} from './schemas.ts';
import { toCsv } from '../domain/text/csv.ts';
import { actorName } from './access-control.ts';
import { seesSmallCells } from '../domain/auth/access.ts';
import { aimForSmallCellReader, chartForSmallCellReader, suppressionThreshold, valuesForSmallCellReader } from '../app/aggregates.ts';

const BODY = {
  type: 'object',
  description: 'Read field by field by the same use case as the CLI’s, which refuses unknown fields and bad values with a 400 naming them (docs/learning.md).',
} as const;
const FORMAT = { type: 'string', enum: ['json', 'csv'] } as const;

const params = (props: Record<string, Schema>) => pathParams(props);

const MEASURE_DEFINITION = object({
  name: STRING,
  type: { type: 'string', enum: [...MEASURE_TYPES] },
  description: STRING,
  numerator: STRING,
  denominator: NULLABLE_STRING,
  population: NULLABLE_STRING,
  source: {
    oneOf: [
      object({ kind: { const: 'bnl' }, figure: { type: 'string', enum: [...BNL_FIGURES] } }),
      object({ kind: { const: 'manual' } }),
      object({ kind: { const: 'csv' } }),
    ],
  },
  frequency: { type: 'string', enum: [...FREQUENCIES] },
  unit: STRING,
  improvement: { type: ['string', 'null'], enum: ['up', 'down', null] },
  owner: NULLABLE_STRING,
  target: NULLABLE_NUMBER,
  chart: { type: 'string', enum: [...CHART_TYPES] },
  rules: { type: 'string', enum: [...RULE_SETS] },
});
const MEASURE_FIELDS = { slug: STRING, definition: MEASURE_DEFINITION, version: INTEGER };
const MEASURE = object(MEASURE_FIELDS);
const MEASURE_DETAIL = object({
  ...MEASURE_FIELDS,
  versions: arrayOf(object({ version: INTEGER, definition: MEASURE_DEFINITION, changed_by: STRING, changed_at: TIMESTAMP, reason: STRING, agreed_by: STRINGS })),
});
const MEASURE_VALUE = object({
  period: PERIOD,
  value: { ...NULLABLE_NUMBER, description: 'Null where hidden from a reader who does not see small counts.' },
  denominator: NULLABLE_NUMBER,
  note: NULLABLE_STRING,
  source: { type: 'string', enum: ['manual', 'csv'] },
  entered_by: STRING,
  entered_at: TIMESTAMP,
});
const AIM = object({
  id: INTEGER,
  statement: STRING,
  population: NULLABLE_STRING,
  measure: STRING,
  baseline_value: NULLABLE_NUMBER,
  baseline_period: NULLABLE_STRING,
  target_value: NUMBER,
  target_date: STRING,
  sustain_periods: INTEGER,
  created_by: STRING,
  created_at: TIMESTAMP,
  progress: object({
    status: { type: 'string', enum: [...AIM_STATUSES] },
    periods_at_target: INTEGER,
    latest_period: NULLABLE_STRING,
    latest_value: NULLABLE_NUMBER,
    expected_value: NULLABLE_NUMBER,
    reason: STRING,
  }),
});
const NODE_KIND = { type: 'string', enum: [...DRIVER_NODE_KINDS] } as const;
const DIAGRAM_FIELDS = {
  id: INTEGER,
  title: STRING,
  aim_id: INTEGER,
  nodes: arrayOf(object({ id: STRING, kind: NODE_KIND, label: STRING, serves: STRINGS })),
  created_by: STRING,
  updated_at: TIMESTAMP,
};
const DIAGRAM = object(DIAGRAM_FIELDS);
const DIAGRAM_DETAIL = object({
  ...DIAGRAM_FIELDS,
  graph: object(
    { aim: object({ id: STRING, label: STRING }), nodes: arrayOf(object({ id: STRING, kind: NODE_KIND, label: STRING })), edges: arrayOf(object({ from: STRING, to: STRING })) },
    { description: 'The diagram as a graph laid out in columns: primary drivers, secondary drivers, change ideas.' },
  ),
});
const PDSA_FIELDS = {
  id: INTEGER,
  title: STRING,
  change_idea: NULLABLE_STRING,
  measures: STRINGS,
  previous_id: NULLABLE_INTEGER,
  status: { type: 'string', enum: [...PDSA_STATUSES] },
  owner: STRING,
  team: arrayOf(object({ name: STRING, role: NULLABLE_STRING, lived_experience: BOOLEAN })),
  objective: STRING,
  questions: STRINGS,
  predictions: STRINGS,
  plan: object({ who: NULLABLE_STRING, what: NULLABLE_STRING, when: NULLABLE_STRING, where: NULLABLE_STRING, data_to_collect: NULLABLE_STRING }),
  do: object({ as_planned: NULLABLE_BOOLEAN, observations: NULLABLE_STRING, problems: NULLABLE_STRING }),
  study: object({ results: NULLABLE_STRING, learned: NULLABLE_STRING }),
  act: object({ decision: { type: ['string', 'null'], enum: [...PDSA_DECISIONS, null] }, next: NULLABLE_STRING, new_phase_from: NULLABLE_STRING, new_phase_reason: NULLABLE_STRING }),
  start_date: STRING,
  end_date: NULLABLE_STRING,
  created_by: STRING,
  updated_at: TIMESTAMP,
};
const PDSA_CYCLE = object(PDSA_FIELDS);
const PDSA_DETAIL = object({
  ...PDSA_FIELDS,
  ramp: { ...INTEGERS, description: 'The ramp of tests this cycle belongs to, first cycle first.' },
  followed_by: { ...INTEGERS, description: 'Cycles that follow this one.' },
});

/** A route's schema: its summary, tag and parts (the OpenAPI document and /api/docs show them). */
const describe = (summary: string, tag: string, parts: Record<string, unknown>) => ({ summary, tags: [tag], ...parts });
const M = 'measures';
const A = 'aims';
const D = 'driver diagrams';
const P = 'PDSA cycles';

/** Sends rows as CSV (formula-safe) when the request asks for it. */
function maybeCsv<T>(reply: FastifyReply, format: string | undefined, rows: T[], toRow: (r: T) => Record<string, string | number | boolean | null>, name: string): T[] | string {
  if (format !== 'csv') return rows;
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`);
  return toCsv(rows.map(toRow));
}

/**
 * The learning engine's API: measures (definitions, versions, values, phases,
 * charts), aims, driver diagrams and PDSA cycles of one community. Request bodies
 * are read by the same use cases as the CLI's, so both refuse bad input alike.
 */
export function registerLearningRoutes(app: FastifyInstance, db: Database): void {
  // Access control has found the community already (and refused a missing one).
  const community = (req: FastifyRequest): Community => req.community!;
  type P<T = object> = { Params: { slug: string } & T };
  const base = '/api/communities/:slug';

  // Measures.
  app.get<P & { Querystring: { format?: string } }>(`${base}/measures`, { config: { access: 'aggregates' }, schema: { ...describe('The community’s measures, each with its current definition', M, { response: { 200: jsonOrCsv(arrayOf(MEASURE), 'Measures; with ?format=csv, as CSV.') } }), params: params({}), querystring: { type: 'object', additionalProperties: false, properties: { format: FORMAT } } } }, async (req, reply) =>
    maybeCsv(reply, req.query.format, await listMeasures(db, community(req)), (m) => ({
      slug: m.slug,
      version: m.version,
      name: m.definition.name,
      type: m.definition.type,
      description: m.definition.description,
      numerator: m.definition.numerator,
      denominator: m.definition.denominator,
      population: m.definition.population,
      source: m.definition.source.kind === 'bnl' ? `bnl:${m.definition.source.figure}` : m.definition.source.kind,
      frequency: m.definition.frequency,
      unit: m.definition.unit,
      improvement: m.definition.improvement,
      owner: m.definition.owner,
      target: m.definition.target,
      chart: m.definition.chart,
      rules: m.definition.rules,
    }), 'measures'),
  );
  app.post<P>(`${base}/measures`, { config: { access: 'learning', audit: 'measure.create' }, schema: { ...describe('Define a new measure', M, { querystring: NO_QUERY, response: { 201: MEASURE_DETAIL } }), params: params({}), body: BODY } }, async (req, reply) => {
    reply.code(201);
    return createMeasure(db, community(req), req.body);
  });
  app.get<P<{ measure: string }>>(`${base}/measures/:measure`, { config: { access: 'aggregates' }, schema: { ...describe('A measure with every version of its definition', M, { querystring: NO_QUERY, response: { 200: MEASURE_DETAIL } }), params: params({ measure: SLUG }) } }, async (req) =>
    showMeasure(db, community(req), req.params.measure),
  );
  app.patch<P<{ measure: string }>>(`${base}/measures/:measure`, { config: { access: 'learning', audit: 'measure.update' }, schema: { ...describe('Change a measure’s definition: a new version, with who changed it, why and who agreed', M, { querystring: NO_QUERY, response: { 200: MEASURE_DETAIL } }), params: params({ measure: SLUG }), body: BODY } }, async (req) =>
    updateMeasure(db, community(req), req.params.measure, req.body),
  );
  app.get<P<{ measure: string }> & { Querystring: { format?: string } }>(
    `${base}/measures/:measure/values`,
    {
      config: { access: 'aggregates' },
      schema: {
        ...describe('A measure’s values entered by hand or from CSV', M, { response: { 200: jsonOrCsv(arrayOf(MEASURE_VALUE), 'Values by period; with ?format=csv, as CSV.') } }),
        params: params({ measure: SLUG }),
        querystring: { type: 'object', additionalProperties: false, properties: { format: FORMAT } },
      },
    },
    async (req, reply) => {
      const c = community(req);
      await showMeasure(db, c, req.params.measure);
      const stored = await new LearningRepository(db, c.communityId).values(req.params.measure);
      const values = seesSmallCells(req.principal, c.communityId) ? stored : valuesForSmallCellReader(stored, await suppressionThreshold(db, c));
      return maybeCsv(reply, req.query.format, values, (v) => ({ ...v }), `${req.params.measure}-values`);
    },
  );
  app.put<P<{ measure: string }>>(`${base}/measures/:measure/values`, { config: { access: 'learning', audit: 'measure.values' }, schema: { ...describe('Enter or correct values of a measure, by period', M, { querystring: NO_QUERY, response: { 200: arrayOf(MEASURE_VALUE) } }), params: params({ measure: SLUG }), body: BODY } }, async (req) =>
    putMeasureValues(db, community(req), req.params.measure, req.body),
  );
  app.delete<P<{ measure: string; period: string }>>(`${base}/measures/:measure/values/:period`, { config: { access: 'learning', audit: 'measure.value-remove' }, schema: { ...describe('Remove a measure’s value for one period', M, { querystring: NO_QUERY, response: { 204: NO_CONTENT } }), params: params({ measure: SLUG, period: PERIOD }) } }, async (req, reply) => {
    await deleteMeasureValue(db, community(req), req.params.measure, req.params.period);
    return reply.code(204).send();
  });
  app.post<P<{ measure: string }>>(
    `${base}/measures/:measure/values.csv`,
    {
      config: {
        access: 'learning',
        audit: 'measure.values-import',
        requestContent: { 'text/csv': { type: 'string', description: 'period,value[,denominator][,note] lines with a header (docs/learning.md).' } },
      },
      schema: {
        ...describe('Import a measure’s values from CSV text', M, { querystring: NO_QUERY, response: { 200: object({ imported: INTEGER, values: arrayOf(MEASURE_VALUE) }) } }),
        params: params({ measure: SLUG }),
      },
    },
    async (req) => {
      const body = req.body;
      if (typeof body !== 'string') throw new UserError('Send the values as a CSV body with Content-Type text/csv.');
      const result = await importMeasureValues(db, community(req), req.params.measure, { source: () => Readable.from([Buffer.from(body, 'utf8')]), name: 'the uploaded CSV' }, actorName(req.principal));
      return { imported: result.imported, values: result.values };
    },
  );
  app.get<P<{ measure: string }> & { Querystring: { chart?: string; rules?: string; freeze?: number; exclude?: string; screen?: boolean } }>(
    `${base}/measures/:measure/chart`,
    {
      config: { access: 'aggregates', expensive: true },
      schema: {
        ...describe('A measure as a run or control chart, with its phases and the PDSA cycles on the time axis', M, { response: { 200: CHART } }),
        params: params({ measure: SLUG }),
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            chart: { type: 'string', enum: [...CHART_TYPES] },
            rules: { type: 'string', enum: [...RULE_SETS] },
            freeze: { type: 'integer', minimum: 1, maximum: 100000 },
            exclude: { type: 'string', pattern: '^\\d+(,\\d+)*$' },
            screen: { type: 'boolean' },
          },
        },
      },
    },
    async (req) => {
      const q = req.query;
      const view = {
        chart: q.chart as (typeof CHART_TYPES)[number] | undefined,
        rules: q.rules as (typeof RULE_SETS)[number] | undefined,
        freeze: q.freeze ?? null,
        exclude: q.exclude ? q.exclude.split(',').map(Number) : [],
        screen: q.screen ?? true,
      };
      const c = req.community!;
      const json = measureChartJson(await measureChartFor(db, c, req.params.measure, view));
      return seesSmallCells(req.principal, c.communityId) ? { ...json, suppressed: null } : chartForSmallCellReader(json, await suppressionThreshold(db, c));
    },
  );
  app.post<P<{ measure: string }>>(`${base}/measures/:measure/phases`, { config: { access: 'learning', audit: 'measure.phase-add' }, schema: { ...describe('Start a new phase of a measure’s chart (a change adopted); answers with every phase', M, { querystring: NO_QUERY, response: { 201: arrayOf(MEASURE_PHASE) } }), params: params({ measure: SLUG }), body: BODY } }, async (req, reply) => {
    await addMeasurePhase(db, community(req), req.params.measure, req.body);
    reply.code(201);
    const c = community(req);
    return new LearningRepository(db, c.communityId).phases(req.params.measure);
  });
  app.delete<P<{ measure: string; starts: string }>>(`${base}/measures/:measure/phases/:starts`, { config: { access: 'learning', audit: 'measure.phase-remove' }, schema: { ...describe('Remove a phase', M, { querystring: NO_QUERY, response: { 204: NO_CONTENT } }), params: params({ measure: SLUG, starts: PERIOD }) } }, async (req, reply) => {
    await removeMeasurePhase(db, community(req), req.params.measure, req.params.starts);
    return reply.code(204).send();
  });

  // Aims.
  const aimsFor = async (req: FastifyRequest) => {
    const c = req.community!;
    const aims = await listAims(db, c);
    if (seesSmallCells(req.principal, c.communityId)) return aims;
    const threshold = await suppressionThreshold(db, c);
    return aims.map((a) => aimForSmallCellReader(a, threshold));
  };
  app.get<P & { Querystring: { format?: string } }>(`${base}/aims`, { config: { access: 'aggregates' }, schema: { ...describe('The community’s aims, each judged from its measure’s chart', A, { response: { 200: jsonOrCsv(arrayOf(AIM), 'Aims with their progress; with ?format=csv, as CSV.') } }), params: params({}), querystring: { type: 'object', additionalProperties: false, properties: { format: FORMAT } } } }, async (req, reply) =>
    maybeCsv(reply, req.query.format, await aimsFor(req), (a) => ({
      id: a.id,
      statement: a.statement,
      measure: a.measure,
      population: a.population,
      baseline_value: a.baseline_value,
      baseline_period: a.baseline_period,
      target_value: a.target_value,
      target_date: a.target_date,
      status: a.progress.status,
      periods_at_target: a.progress.periods_at_target,
      latest_period: a.progress.latest_period,
      latest_value: a.progress.latest_value,
    }), 'aims'),
  );
  app.post<P>(`${base}/aims`, { config: { access: 'learning', audit: 'aim.create' }, schema: { ...describe('Set a new aim', A, { querystring: NO_QUERY, response: { 201: AIM } }), params: params({}), body: BODY } }, async (req, reply) => {
    reply.code(201);
    return createAim(db, community(req), req.body);
  });
  app.get<P<{ id: number }>>(`${base}/aims/:id`, { config: { access: 'aggregates' }, schema: { ...describe('An aim and its progress', A, { querystring: NO_QUERY, response: { 200: AIM } }), params: params({ id: ID }) } }, async (req) => {
    const c = req.community!;
    const aim = await showAim(db, c, req.params.id);
    return seesSmallCells(req.principal, c.communityId) ? aim : aimForSmallCellReader(aim, await suppressionThreshold(db, c));
  });
  app.patch<P<{ id: number }>>(`${base}/aims/:id`, { config: { access: 'learning', audit: 'aim.update' }, schema: { ...describe('Change an aim', A, { querystring: NO_QUERY, response: { 200: AIM } }), params: params({ id: ID }), body: BODY } }, async (req) =>
    updateAim(db, community(req), req.params.id, req.body),
  );

  // Driver diagrams.
  app.get<P>(`${base}/driver-diagrams`, { config: { access: 'aggregates' }, schema: { ...describe('The community’s driver diagrams', D, { querystring: NO_QUERY, response: { 200: arrayOf(DIAGRAM) } }), params: params({}) } }, async (req) => listDiagrams(db, community(req)));
  app.post<P>(`${base}/driver-diagrams`, { config: { access: 'learning', audit: 'driver-diagram.create' }, schema: { ...describe('Draw a new driver diagram for an aim', D, { querystring: NO_QUERY, response: { 201: DIAGRAM } }), params: params({}), body: BODY } }, async (req, reply) => {
    reply.code(201);
    return createDiagram(db, community(req), req.body);
  });
  app.get<P<{ id: number }>>(`${base}/driver-diagrams/:id`, { config: { access: 'aggregates' }, schema: { ...describe('A driver diagram with its graph laid out as a tree', D, { querystring: NO_QUERY, response: { 200: DIAGRAM_DETAIL } }), params: params({ id: ID }) } }, async (req) => showDiagram(db, community(req), req.params.id));
  app.patch<P<{ id: number }>>(`${base}/driver-diagrams/:id`, { config: { access: 'learning', audit: 'driver-diagram.update' }, schema: { ...describe('Change a driver diagram’s title, aim or nodes', D, { querystring: NO_QUERY, response: { 200: DIAGRAM } }), params: params({ id: ID }), body: BODY } }, async (req) =>
    updateDiagram(db, community(req), req.params.id, req.body),
  );
  app.put<P<{ id: number; node: string }>>(`${base}/driver-diagrams/:id/nodes/:node`, { config: { access: 'learning', audit: 'driver-diagram.node-put' }, schema: { ...describe('Add or replace one node of a driver diagram', D, { querystring: NO_QUERY, response: { 200: DIAGRAM } }), params: params({ id: ID, node: NODE_ID }), body: BODY } }, async (req) => {
    const body = req.body as Record<string, unknown>;
    if (body && typeof body === 'object' && body.id !== undefined && body.id !== req.params.node) throw new UserError(`The node's id in the body ("${String(body.id)}") differs from the one in the path ("${req.params.node}").`);
    return putDiagramNode(db, community(req), req.params.id, { ...body, id: req.params.node });
  });
  app.delete<P<{ id: number; node: string }>>(`${base}/driver-diagrams/:id/nodes/:node`, { config: { access: 'learning', audit: 'driver-diagram.node-remove' }, schema: { ...describe('Remove one node of a driver diagram (and the links to it)', D, { querystring: NO_QUERY, response: { 200: DIAGRAM } }), params: params({ id: ID, node: NODE_ID }) } }, async (req) =>
    removeDiagramNode(db, community(req), req.params.id, req.params.node),
  );
  app.get<P<{ id: number }>>(`${base}/driver-diagrams/:id/svg`, { config: { access: 'aggregates' }, schema: { ...describe('A driver diagram drawn as an SVG image (a download)', D, { querystring: NO_QUERY, response: { 200: media('image/svg+xml', 'The diagram as a standalone SVG image.') } }), params: params({ id: ID }) } }, async (req, reply) => {
    const svg = await diagramSvg(db, community(req), req.params.id);
    return reply.type('image/svg+xml; charset=utf-8').header('content-disposition', `attachment; filename="driver-diagram-${req.params.id}.svg"`).send(svg);
  });

  // PDSA cycles.
  app.get<P & { Querystring: { status?: string; measure?: string; format?: string } }>(
    `${base}/pdsa`,
    {
      config: { access: 'aggregates' },
      schema: {
        ...describe('The community’s PDSA cycles, optionally by status or measure', P, { response: { 200: jsonOrCsv(arrayOf(PDSA_CYCLE), 'PDSA cycles; with ?format=csv, as CSV.') } }),
        params: params({}),
        querystring: { type: 'object', additionalProperties: false, properties: { status: { type: 'string', enum: [...PDSA_STATUSES] }, measure: SLUG, format: FORMAT } },
      },
    },
    async (req, reply) =>
      maybeCsv(reply, req.query.format, await listCycles(db, community(req), { status: req.query.status, measure: req.query.measure }), (c) => ({
        id: c.id,
        title: c.title,
        status: c.status,
        owner: c.owner,
        start_date: c.start_date,
        end_date: c.end_date,
        change_idea: c.change_idea,
        measures: c.measures.join(' '),
        previous_id: c.previous_id,
        objective: c.objective,
        decision: c.act.decision,
        learned: c.study.learned,
        lived_experience: c.team.some((m) => m.lived_experience),
      }), 'pdsa-cycles'),
  );
  app.post<P>(`${base}/pdsa`, { config: { access: 'learning', audit: 'pdsa.create' }, schema: { ...describe('Plan a new PDSA cycle', P, { querystring: NO_QUERY, response: { 201: PDSA_DETAIL } }), params: params({}), body: BODY } }, async (req, reply) => {
    reply.code(201);
    return createCycle(db, community(req), req.body);
  });
  app.get<P<{ id: number }>>(`${base}/pdsa/:id`, { config: { access: 'aggregates' }, schema: { ...describe('A PDSA cycle’s whole worksheet, with its ramp of tests', P, { querystring: NO_QUERY, response: { 200: PDSA_DETAIL } }), params: params({ id: ID }) } }, async (req) => showCycle(db, community(req), req.params.id));
  app.patch<P<{ id: number }>>(`${base}/pdsa/:id`, { config: { access: 'learning', audit: 'pdsa.update' }, schema: { ...describe('Update a PDSA cycle’s worksheet or status', P, { querystring: NO_QUERY, response: { 200: PDSA_DETAIL } }), params: params({ id: ID }), body: BODY } }, async (req) =>
    updateCycle(db, community(req), req.params.id, req.body),
  );
}
