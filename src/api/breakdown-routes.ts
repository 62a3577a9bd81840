import type { FastifyInstance } from 'fastify';
import type { Database } from '../store/database.ts';
import { populationBreakdown } from '../app/breakdowns.ts';
import { seesSmallCells } from '../domain/auth/access.ts';
import { MONTH, pathParams, SLUG } from './schemas.ts';

const COUNT = { type: ['integer', 'null'] } as const;
const NUMBER = { type: ['number', 'null'] } as const;
const ROW = {
  type: 'object',
  additionalProperties: false,
  required: ['group', 'label', 'actively_homeless', 'share', 'representation_ratio', 'inflow', 'returned_from_housing', 'placements', 'avg_days_to_housing'],
  properties: {
    group: { type: 'string' },
    label: { type: 'string' },
    actively_homeless: COUNT,
    share: NUMBER,
    representation_ratio: NUMBER,
    inflow: COUNT,
    returned_from_housing: COUNT,
    placements: COUNT,
    avg_days_to_housing: NUMBER,
  },
} as const;
const DIMENSION = {
  type: 'object',
  additionalProperties: false,
  required: ['rows', 'suppressed'],
  properties: { rows: { type: 'array', items: ROW }, suppressed: { type: 'array', items: { type: 'string' } } },
} as const;

/**
 * One population in depth (the web app's Population page): its figures for a month broken
 * down by locality, provider, household type and race/ethnicity (src/app/breakdowns.ts).
 * Members and above see every count; viewers and public links see small counts suppressed.
 */
export function registerBreakdownRoutes(app: FastifyInstance, db: Database): void {
  app.get<{ Params: { slug: string; population: string }; Querystring: { month?: string } }>(
    '/api/communities/:slug/populations/:population/breakdown',
    {
      config: { access: 'aggregates', expensive: true, cacheByDataRevision: true },
      schema: {
        summary: 'A population’s month broken down by locality, provider, household type and race/ethnicity',
        tags: ['figures'],
        params: pathParams({ population: SLUG }),
        querystring: { type: 'object', additionalProperties: false, properties: { month: MONTH } },
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['month', 'population', 'total', 'dimensions', 'outcome_window', 'suppression_threshold', 'definitions'],
            properties: {
              month: { type: 'string' },
              population: { type: 'string' },
              total: {
                type: 'object',
                additionalProperties: false,
                required: ['actively_homeless', 'inflow', 'returned_from_housing', 'placements', 'avg_days_to_housing', 'suppressed'],
                properties: {
                  actively_homeless: COUNT,
                  inflow: COUNT,
                  returned_from_housing: COUNT,
                  placements: COUNT,
                  avg_days_to_housing: NUMBER,
                  suppressed: { type: 'array', items: { type: 'string' } },
                },
              },
              dimensions: {
                type: 'object',
                additionalProperties: false,
                required: ['locality', 'provider', 'household_type', 'race'],
                properties: { locality: DIMENSION, provider: DIMENSION, household_type: DIMENSION, race: DIMENSION },
              },
              outcome_window: { type: 'object', additionalProperties: false, required: ['from', 'to'], properties: { from: { type: 'string' }, to: { type: 'string' } } },
              suppression_threshold: { type: ['integer', 'null'] },
              definitions: { type: 'object', additionalProperties: { type: 'string' } },
            },
          },
        },
      },
    },
    async (req) => {
      const c = req.community!;
      return populationBreakdown(db, c, req.params.population, { month: req.query.month, suppressed: !seesSmallCells(req.principal, c.communityId) });
    },
  );
}
