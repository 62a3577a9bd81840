import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../store/database.ts';
import { findCommunity, type Community } from '../store/communities.ts';
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
import { PDSA_STATUSES } from '../domain/learning/types.ts';
import { toCsv } from '../app/csv-text.ts';
import { actorName } from './access-control.ts';
import { seesSmallCells } from '../domain/auth/access.ts';
import { aimForSmallCellReader, chartForSmallCellReader, suppressionThreshold, valuesForSmallCellReader } from '../app/aggregates.ts';

const SLUG = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' } as const;
const ID = { type: 'integer', minimum: 1, maximum: 2147483647 } as const;
const PERIOD = { type: 'string', pattern: '^\\d{4}-(\\d{2}|Q[1-4]|W\\d{2})$' } as const;
const NODE_ID = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$' } as const;
const BODY = { type: 'object' } as const;
const FORMAT = { type: 'string', enum: ['json', 'csv'] } as const;

const params = (props: Record<string, unknown>) => ({ type: 'object', properties: { slug: SLUG, ...props }, required: ['slug', ...Object.keys(props)] });

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
  const community = async (slug: string): Promise<Community> => {
    const c = await findCommunity(db, slug);
    if (!c) throw new UserError(`There is no community "${slug}".`, 'not-found');
    return c;
  };
  type P<T = object> = { Params: { slug: string } & T };
  const base = '/api/communities/:slug';

  // Measures.
  app.get<P & { Querystring: { format?: string } }>(`${base}/measures`, { config: { access: 'aggregates' }, schema: { params: params({}), querystring: { type: 'object', additionalProperties: false, properties: { format: FORMAT } } } }, async (req, reply) =>
    maybeCsv(reply, req.query.format, await listMeasures(db, await community(req.params.slug)), (m) => ({
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
  app.post<P>(`${base}/measures`, { config: { access: 'learning', audit: 'measure.create' }, schema: { params: params({}), body: BODY } }, async (req, reply) => {
    reply.code(201);
    return createMeasure(db, await community(req.params.slug), req.body);
  });
  app.get<P<{ measure: string }>>(`${base}/measures/:measure`, { config: { access: 'aggregates' }, schema: { params: params({ measure: SLUG }) } }, async (req) =>
    showMeasure(db, await community(req.params.slug), req.params.measure),
  );
  app.patch<P<{ measure: string }>>(`${base}/measures/:measure`, { config: { access: 'learning', audit: 'measure.update' }, schema: { params: params({ measure: SLUG }), body: BODY } }, async (req) =>
    updateMeasure(db, await community(req.params.slug), req.params.measure, req.body),
  );
  app.get<P<{ measure: string }> & { Querystring: { format?: string } }>(
    `${base}/measures/:measure/values`,
    { config: { access: 'aggregates' }, schema: { params: params({ measure: SLUG }), querystring: { type: 'object', additionalProperties: false, properties: { format: FORMAT } } } },
    async (req, reply) => {
      const c = await community(req.params.slug);
      await showMeasure(db, c, req.params.measure);
      const stored = await new LearningRepository(db, c.communityId).values(req.params.measure);
      const values = seesSmallCells(req.principal, c.communityId) ? stored : valuesForSmallCellReader(stored, await suppressionThreshold(db, c));
      return maybeCsv(reply, req.query.format, values, (v) => ({ ...v }), `${req.params.measure}-values`);
    },
  );
  app.put<P<{ measure: string }>>(`${base}/measures/:measure/values`, { config: { access: 'learning', audit: 'measure.values' }, schema: { params: params({ measure: SLUG }), body: BODY } }, async (req) =>
    putMeasureValues(db, await community(req.params.slug), req.params.measure, req.body),
  );
  app.delete<P<{ measure: string; period: string }>>(`${base}/measures/:measure/values/:period`, { config: { access: 'learning', audit: 'measure.value-remove' }, schema: { params: params({ measure: SLUG, period: PERIOD }) } }, async (req, reply) => {
    await deleteMeasureValue(db, await community(req.params.slug), req.params.measure, req.params.period);
    return reply.code(204).send();
  });
  app.post<P<{ measure: string }>>(
    `${base}/measures/:measure/values.csv`,
    {
      config: { access: 'learning', audit: 'measure.values-import' },
      schema: {
        params: params({ measure: SLUG }),
      },
    },
    async (req) => {
      const body = req.body;
      if (typeof body !== 'string') throw new UserError('Send the values as a CSV body with Content-Type text/csv.');
      const result = await importMeasureValues(db, await community(req.params.slug), req.params.measure, { source: () => Readable.from([Buffer.from(body, 'utf8')]), name: 'the uploaded CSV' }, actorName(req.principal));
      return { imported: result.imported, values: result.values };
    },
  );
  app.get<P<{ measure: string }> & { Querystring: { chart?: string; rules?: string; freeze?: number; exclude?: string; screen?: boolean } }>(
    `${base}/measures/:measure/chart`,
    {
      config: { access: 'aggregates', expensive: true },
      schema: {
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
  app.post<P<{ measure: string }>>(`${base}/measures/:measure/phases`, { config: { access: 'learning', audit: 'measure.phase-add' }, schema: { params: params({ measure: SLUG }), body: BODY } }, async (req, reply) => {
    await addMeasurePhase(db, await community(req.params.slug), req.params.measure, req.body);
    reply.code(201);
    const c = await community(req.params.slug);
    return new LearningRepository(db, c.communityId).phases(req.params.measure);
  });
  app.delete<P<{ measure: string; starts: string }>>(`${base}/measures/:measure/phases/:starts`, { config: { access: 'learning', audit: 'measure.phase-remove' }, schema: { params: params({ measure: SLUG, starts: PERIOD }) } }, async (req, reply) => {
    await removeMeasurePhase(db, await community(req.params.slug), req.params.measure, req.params.starts);
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
  app.get<P & { Querystring: { format?: string } }>(`${base}/aims`, { config: { access: 'aggregates' }, schema: { params: params({}), querystring: { type: 'object', additionalProperties: false, properties: { format: FORMAT } } } }, async (req, reply) =>
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
  app.post<P>(`${base}/aims`, { config: { access: 'learning', audit: 'aim.create' }, schema: { params: params({}), body: BODY } }, async (req, reply) => {
    reply.code(201);
    return createAim(db, await community(req.params.slug), req.body);
  });
  app.get<P<{ id: number }>>(`${base}/aims/:id`, { config: { access: 'aggregates' }, schema: { params: params({ id: ID }) } }, async (req) => {
    const c = req.community!;
    const aim = await showAim(db, c, req.params.id);
    return seesSmallCells(req.principal, c.communityId) ? aim : aimForSmallCellReader(aim, await suppressionThreshold(db, c));
  });
  app.patch<P<{ id: number }>>(`${base}/aims/:id`, { config: { access: 'learning', audit: 'aim.update' }, schema: { params: params({ id: ID }), body: BODY } }, async (req) =>
    updateAim(db, await community(req.params.slug), req.params.id, req.body),
  );

  // Driver diagrams.
  app.get<P>(`${base}/driver-diagrams`, { config: { access: 'aggregates' }, schema: { params: params({}) } }, async (req) => listDiagrams(db, await community(req.params.slug)));
  app.post<P>(`${base}/driver-diagrams`, { config: { access: 'learning', audit: 'driver-diagram.create' }, schema: { params: params({}), body: BODY } }, async (req, reply) => {
    reply.code(201);
    return createDiagram(db, await community(req.params.slug), req.body);
  });
  app.get<P<{ id: number }>>(`${base}/driver-diagrams/:id`, { config: { access: 'aggregates' }, schema: { params: params({ id: ID }) } }, async (req) => showDiagram(db, await community(req.params.slug), req.params.id));
  app.patch<P<{ id: number }>>(`${base}/driver-diagrams/:id`, { config: { access: 'learning', audit: 'driver-diagram.update' }, schema: { params: params({ id: ID }), body: BODY } }, async (req) =>
    updateDiagram(db, await community(req.params.slug), req.params.id, req.body),
  );
  app.put<P<{ id: number; node: string }>>(`${base}/driver-diagrams/:id/nodes/:node`, { config: { access: 'learning', audit: 'driver-diagram.node-put' }, schema: { params: params({ id: ID, node: NODE_ID }), body: BODY } }, async (req) => {
    const body = req.body as Record<string, unknown>;
    if (body && typeof body === 'object' && body.id !== undefined && body.id !== req.params.node) throw new UserError(`The node's id in the body ("${String(body.id)}") differs from the one in the path ("${req.params.node}").`);
    return putDiagramNode(db, await community(req.params.slug), req.params.id, { ...body, id: req.params.node });
  });
  app.delete<P<{ id: number; node: string }>>(`${base}/driver-diagrams/:id/nodes/:node`, { config: { access: 'learning', audit: 'driver-diagram.node-remove' }, schema: { params: params({ id: ID, node: NODE_ID }) } }, async (req) =>
    removeDiagramNode(db, await community(req.params.slug), req.params.id, req.params.node),
  );
  app.get<P<{ id: number }>>(`${base}/driver-diagrams/:id/svg`, { config: { access: 'aggregates' }, schema: { params: params({ id: ID }) } }, async (req, reply) => {
    const svg = await diagramSvg(db, await community(req.params.slug), req.params.id);
    return reply.type('image/svg+xml; charset=utf-8').header('content-disposition', `attachment; filename="driver-diagram-${req.params.id}.svg"`).send(svg);
  });

  // PDSA cycles.
  app.get<P & { Querystring: { status?: string; measure?: string; format?: string } }>(
    `${base}/pdsa`,
    {
      config: { access: 'aggregates' },
      schema: {
        params: params({}),
        querystring: { type: 'object', additionalProperties: false, properties: { status: { type: 'string', enum: [...PDSA_STATUSES] }, measure: SLUG, format: FORMAT } },
      },
    },
    async (req, reply) =>
      maybeCsv(reply, req.query.format, await listCycles(db, await community(req.params.slug), { status: req.query.status, measure: req.query.measure }), (c) => ({
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
  app.post<P>(`${base}/pdsa`, { config: { access: 'learning', audit: 'pdsa.create' }, schema: { params: params({}), body: BODY } }, async (req, reply) => {
    reply.code(201);
    return createCycle(db, await community(req.params.slug), req.body);
  });
  app.get<P<{ id: number }>>(`${base}/pdsa/:id`, { config: { access: 'aggregates' }, schema: { params: params({ id: ID }) } }, async (req) => showCycle(db, await community(req.params.slug), req.params.id));
  app.patch<P<{ id: number }>>(`${base}/pdsa/:id`, { config: { access: 'learning', audit: 'pdsa.update' }, schema: { params: params({ id: ID }), body: BODY } }, async (req) =>
    updateCycle(db, await community(req.params.slug), req.params.id, req.body),
  );
}
