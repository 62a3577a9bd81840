import Fastify, { type FastifyInstance } from 'fastify';
import type { Database } from '../store/database.ts';
import { listCommunities, findCommunity } from '../store/communities.ts';
import { functionalZero, monthlyMetrics } from '../app/metrics.ts';
import { UserError } from '../app/errors.ts';
import { registerLearningRoutes } from './learning-routes.ts';
import { renderOverviewPage, renderLoadingPage, STYLESHEET } from '../web/pages.ts';

/** What the server knows about start-up work still running (the first demo load). */
export interface ServerState {
  loading: { message: string; done: number; total: number | null } | null;
  loadError: string | null;
}

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

const SLUG = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' } as const;
const MONTH = { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' } as const;

/**
 * The HTTP server: a small JSON API over aggregates and a server-rendered page.
 * Person-level data is not served here: it waits for accounts and roles.
 */
export function buildServer(db: Database, state: ServerState, options: { logger?: boolean } = {}): FastifyInstance {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 1024 * 1024 });

  app.addHook('onSend', async (_req, reply, payload) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
    return payload;
  });

  app.setErrorHandler((error, _req, reply) => {
    if (error instanceof UserError) return reply.code(error.kind === 'not-found' ? 404 : 400).send({ error: error.message });
    const e = error as { validation?: unknown; statusCode?: number; message: string };
    if (e.validation) return reply.code(400).send({ error: `Invalid request: ${e.message}.` });
    if (e.statusCode && e.statusCode < 500) return reply.code(e.statusCode).send({ error: e.message });
    app.log.error(error);
    return reply.code(500).send({ error: 'Something went wrong on the server; the details are in its log.' });
  });

  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: `Nothing at ${req.method} ${req.url}.` }));

  app.get('/api/health', async () => ({ status: state.loading ? 'loading' : 'ok', loading: state.loading, load_error: state.loadError }));

  app.get('/api/communities', async () => {
    const all = await listCommunities(db);
    return all.map((c) => ({ slug: c.slug, name: c.name }));
  });

  const community = async (slug: string) => {
    const c = await findCommunity(db, slug);
    if (!c) throw new UserError(`There is no community "${slug}".`, 'not-found');
    return c;
  };

  app.get<{ Params: { slug: string }; Querystring: { population?: string; from?: string; to?: string } }>(
    '/api/communities/:slug/metrics',
    {
      schema: {
        params: { type: 'object', properties: { slug: SLUG }, required: ['slug'] },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { population: SLUG, from: MONTH, to: MONTH },
        },
      },
    },
    async (req) => monthlyMetrics(db, await community(req.params.slug), req.query),
  );

  app.get<{ Params: { slug: string } }>(
    '/api/communities/:slug/functional-zero',
    { schema: { params: { type: 'object', properties: { slug: SLUG }, required: ['slug'] } } },
    async (req) => functionalZero(db, await community(req.params.slug)),
  );

  // Measure values arrive as CSV text; a measure has a few hundred periods at most.
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 5 * 1024 * 1024 }, (_req, body, done) => done(null, body));
  registerLearningRoutes(app, db);

  app.get('/static/app.css', async (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'max-age=300').send(STYLESHEET));

  app.get('/', async (_req, reply) => {
    reply.type('text/html; charset=utf-8');
    if (state.loading) return renderLoadingPage(state.loading);
    const communities = await listCommunities(db);
    const sections = [];
    for (const c of communities) sections.push({ community: c, statuses: await functionalZero(db, c) });
    return renderOverviewPage(sections, state.loadError);
  });

  return app;
}
