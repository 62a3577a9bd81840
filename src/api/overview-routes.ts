import type { FastifyInstance } from 'fastify';
import type { Database } from '../store/database.ts';
import { communityPopulations } from '../app/populations.ts';
import { functionalZero, monthlyMetrics } from '../app/metrics.ts';
import { chartForSmallCellReader, suppressedFunctionalZero, suppressedMetrics, suppressionThreshold } from '../app/aggregates.ts';
import { populationFigureChart } from '../app/population-chart.ts';
import { describeLatestMonth } from '../domain/bnl/month-summary.ts';
import { BNL_FIGURES, type BnlFigure } from '../domain/learning/types.ts';
import { CHART_TYPES, RULE_SETS, type ChartType, type RuleSet } from '../domain/spc/types.ts';
import { seesSmallCells } from '../domain/auth/access.ts';
import { arrayOf, BOOLEAN, CHART, FUNCTIONAL_ZERO, INTEGER, MONTHLY_FIGURES, NO_QUERY, nullable, object, pathParams, SLUG, STRING, STRINGS } from './schemas.ts';

const COUNTS = { type: 'string', enum: ['people', 'households'], description: 'What the population counts.' } as const;

/**
 * What the overview and population pages show: the populations, each one's figures
 * as a chart, and the latest month in plain sentences. Small counts are withheld from
 * viewers and public links as everywhere else.
 */
export function registerOverviewRoutes(app: FastifyInstance, db: Database): void {
  const base = '/api/communities/:slug';

  app.get(
    `${base}/populations`,
    {
      config: { access: 'aggregates', cacheByDataRevision: true },
      schema: {
        summary: 'The community’s populations, built-in and custom',
        tags: ['figures'],
        params: pathParams(),
        querystring: NO_QUERY,
        response: { 200: arrayOf(object({ slug: STRING, name: STRING, counts: COUNTS, built_in: BOOLEAN })) },
      },
    },
    async (req) =>
      (await communityPopulations(db, req.community!.communityId)).map((p) => ({ slug: p.slug, name: p.name, counts: p.countsHouseholds ? 'households' : 'people', built_in: p.builtIn })),
  );

  app.get<{ Params: { slug: string; population: string }; Querystring: { figure?: BnlFigure; chart?: ChartType; rules?: RuleSet } }>(
    `${base}/populations/:population/chart`,
    {
      config: { access: 'aggregates', expensive: true, cacheByDataRevision: true },
      schema: {
        summary: 'A population’s figure as a run or control chart',
        tags: ['figures'],
        params: pathParams({ population: SLUG }),
        response: { 200: CHART },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { figure: { type: 'string', enum: [...BNL_FIGURES] }, chart: { type: 'string', enum: [...CHART_TYPES] }, rules: { type: 'string', enum: [...RULE_SETS] } },
        },
      },
    },
    async (req) => {
      const c = req.community!;
      const chart = await populationFigureChart(db, c, req.params.population, req.query.figure ?? 'actively_homeless', { chart: req.query.chart, rules: req.query.rules });
      return seesSmallCells(req.principal, c.communityId) ? { ...chart, suppressed: null } : chartForSmallCellReader(chart, await suppressionThreshold(db, c));
    },
  );

  app.get(
    `${base}/overview`,
    {
      config: { access: 'aggregates', expensive: true, cacheByDataRevision: true },
      schema: {
        summary: 'Every population at a glance: functional-zero status, the latest two months, last month in sentences',
        tags: ['figures'],
        params: pathParams(),
        querystring: NO_QUERY,
        response: {
          200: object({
            community: object({ slug: STRING, name: STRING }),
            small_counts_hidden: BOOLEAN,
            populations: arrayOf(
              object({
                slug: STRING,
                name: STRING,
                counts: COUNTS,
                functional_zero: nullable(FUNCTIONAL_ZERO),
                latest: nullable(MONTHLY_FIGURES),
                previous: nullable(MONTHLY_FIGURES),
                balanced_months: INTEGER,
                months: INTEGER,
                last_month: { ...STRINGS, description: 'The latest month in plain sentences.' },
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const c = req.community!;
      const full = seesSmallCells(req.principal, c.communityId);
      const [populations, statuses, rows] = await Promise.all([
        communityPopulations(db, c.communityId),
        full ? functionalZero(db, c) : suppressedFunctionalZero(db, c),
        full ? monthlyMetrics(db, c) : suppressedMetrics(db, c),
      ]);
      return {
        community: { slug: c.slug, name: c.name },
        small_counts_hidden: !full,
        populations: populations.map((p) => {
          const months = rows.filter((r) => r.population === p.slug);
          const noun = p.countsHouseholds ? { one: 'household', many: 'households' } : { one: 'person', many: 'people' };
          return {
            slug: p.slug,
            name: p.name,
            counts: noun.many,
            functional_zero: statuses.find((s) => s.population === p.slug) ?? null,
            latest: months[months.length - 1] ?? null,
            previous: months[months.length - 2] ?? null,
            balanced_months: months.filter((m) => m.balanced).length,
            months: months.length,
            last_month: describeLatestMonth(months, noun),
          };
        }),
      };
    },
  );
}
