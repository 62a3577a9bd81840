import type { FastifyInstance } from 'fastify';
import type { Database } from '../store/database.ts';
import { functionalZero, monthlyMetrics } from '../app/metrics.ts';
import { suppressedFunctionalZero, suppressedMetrics } from '../app/aggregates.ts';
import { seesSmallCells } from '../domain/auth/access.ts';
import { arrayOf, FUNCTIONAL_ZERO, MONTH, MONTHLY_FIGURES, NO_QUERY, pathParams, SLUG } from './schemas.ts';

/**
 * The By-Name List's monthly figures and functional-zero status. Members and above
 * see every count; viewers and public links see small counts suppressed.
 */
export function registerFigureRoutes(app: FastifyInstance, db: Database): void {
  app.get<{ Params: { slug: string }; Querystring: { population?: string; from?: string; to?: string } }>(
    '/api/communities/:slug/metrics',
    {
      config: { access: 'aggregates', expensive: true, cacheByDataRevision: true },
      schema: {
        summary: 'The monthly figures of every population (or one), month by month',
        tags: ['figures'],
        params: pathParams(),
        querystring: { type: 'object', additionalProperties: false, properties: { population: SLUG, from: MONTH, to: MONTH } },
        response: { 200: arrayOf(MONTHLY_FIGURES) },
      },
    },
    async (req) => {
      const c = req.community!;
      return seesSmallCells(req.principal, c.communityId) ? monthlyMetrics(db, c, req.query) : suppressedMetrics(db, c, req.query);
    },
  );

  app.get<{ Params: { slug: string } }>(
    '/api/communities/:slug/functional-zero',
    {
      config: { access: 'aggregates', expensive: true, cacheByDataRevision: true },
      schema: {
        summary: 'Functional-zero status of every population, judged at its latest month',
        tags: ['figures'],
        params: pathParams(),
        querystring: NO_QUERY,
        response: { 200: arrayOf(FUNCTIONAL_ZERO) },
      },
    },
    async (req) => {
      const c = req.community!;
      return seesSmallCells(req.principal, c.communityId) ? functionalZero(db, c) : suppressedFunctionalZero(db, c);
    },
  );
}
