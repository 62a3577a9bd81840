import type { FastifyInstance } from 'fastify';
import type { Database } from '../store/database.ts';
import { functionalZero, monthlyMetrics } from '../app/metrics.ts';
import { suppressedFunctionalZero, suppressedMetrics } from '../app/aggregates.ts';
import { seesSmallCells } from '../domain/auth/access.ts';

const SLUG = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' } as const;
const MONTH = { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' } as const;

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
        params: { type: 'object', properties: { slug: SLUG }, required: ['slug'] },
        querystring: { type: 'object', additionalProperties: false, properties: { population: SLUG, from: MONTH, to: MONTH } },
      },
    },
    async (req) => {
      const c = req.community!;
      return seesSmallCells(req.principal, c.communityId) ? monthlyMetrics(db, c, req.query) : suppressedMetrics(db, c, req.query);
    },
  );

  app.get<{ Params: { slug: string } }>(
    '/api/communities/:slug/functional-zero',
    { config: { access: 'aggregates', expensive: true, cacheByDataRevision: true }, schema: { params: { type: 'object', properties: { slug: SLUG }, required: ['slug'] } } },
    async (req) => {
      const c = req.community!;
      return seesSmallCells(req.principal, c.communityId) ? functionalZero(db, c) : suppressedFunctionalZero(db, c);
    },
  );
}
