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

const SLUG = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' } as const;

/**
 * What the overview and population pages show: the populations, each one's figures
 * as a chart, and the latest month in plain sentences. Small counts are withheld from
 * viewers and public links as everywhere else.
 */
export function registerOverviewRoutes(app: FastifyInstance, db: Database): void {
  const base = '/api/communities/:slug';

  app.get(`${base}/populations`, { config: { access: 'aggregates', cacheByDataRevision: true }, schema: { params: { type: 'object', properties: { slug: SLUG }, required: ['slug'] } } }, async (req) =>
    (await communityPopulations(db, req.community!.communityId)).map((p) => ({ slug: p.slug, name: p.name, counts: p.countsHouseholds ? 'households' : 'people', built_in: p.builtIn })),
  );

  app.get<{ Params: { slug: string; population: string }; Querystring: { figure?: BnlFigure; chart?: ChartType; rules?: RuleSet } }>(
    `${base}/populations/:population/chart`,
    {
      config: { access: 'aggregates', expensive: true, cacheByDataRevision: true },
      schema: {
        params: { type: 'object', properties: { slug: SLUG, population: SLUG }, required: ['slug', 'population'] },
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

  app.get(`${base}/overview`, { config: { access: 'aggregates', expensive: true, cacheByDataRevision: true }, schema: { params: { type: 'object', properties: { slug: SLUG }, required: ['slug'] } } }, async (req) => {
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
  });
}
