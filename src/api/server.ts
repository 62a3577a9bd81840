import Fastify, { type FastifyInstance } from 'fastify';
import type { Database } from '../store/database.ts';
import { listCommunities } from '../store/communities.ts';
import { UserError } from '../app/errors.ts';
import { AuthError } from '../app/auth/accounts.ts';
import { installAccessControl, HttpError, actorName } from './access-control.ts';
import { registerAuthRoutes } from './auth-routes.ts';
import { registerAdminRoutes } from './admin-routes.ts';
import { registerFigureRoutes } from './figure-routes.ts';
import { registerBreakdownRoutes } from './breakdown-routes.ts';
import { registerOverviewRoutes } from './overview-routes.ts';
import { registerPersonRoutes } from './person-routes.ts';
import { registerPeopleRoutes } from './people-routes.ts';
import { registerLearningRoutes } from './learning-routes.ts';
import { registerDecisionRoutes } from './decision-routes.ts';
import { registerPageRoutes } from './page-routes.ts';
import { installResponseCache, ResponseCache } from './response-cache.ts';
import { loggerOptions } from './logging.ts';

/** What the server knows about start-up work still running (the first demo load). */
export interface ServerState {
  loading: { message: string; done: number; total: number | null } | null;
  loadError: string | null;
}

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  // same-origin, not no-referrer: with no-referrer browsers send `Origin: null` on form posts, which the origin check must refuse.
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

export interface ServerOptions {
  /** The structured request log (src/api/logging.ts): its level and, for tests, where lines go. Default: none. */
  log?: { level: string; stream?: { write(line: string): void } };
  /** Requests to expensive endpoints per client per minute. */
  expensivePerMinute?: number;
  /** Sign-in attempts per client address per minute. */
  signInPerMinute?: number;
  /** Largest upload (an HMIS export zip), in bytes; default ZEROLOOP_MAX_UPLOAD_BYTES or 8 GiB. */
  maxUploadBytes?: number;
  /** Memory for cached figure responses, in bytes (src/api/response-cache.ts); 0 turns caching off. Default 64 MiB. */
  responseCacheBytes?: number;
  /** Behind a reverse proxy that sets X-Forwarded-For/-Proto (ZEROLOOP_TRUST_PROXY). */
  trustProxy?: boolean;
}

/**
 * The HTTP server: a JSON API and server-rendered pages, every route behind one
 * access-control hook (src/api/access-control.ts). Person-level routes are for data
 * stewards and admins; viewers and public links see aggregates with small cells
 * suppressed.
 */
export function buildServer(db: Database, state: ServerState, options: ServerOptions = {}): FastifyInstance {
  const app = Fastify({
    logger: options.log ? loggerOptions(options.log.level, options.log.stream) : false,
    bodyLimit: 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
    // Unknown fields are refused with a 400 that names them, not silently dropped.
    ajv: { customOptions: { removeAdditional: false, allErrors: false } },
  });
  installAccessControl(app, db, { expensivePerMinute: options.expensivePerMinute });

  app.addHook('onSend', async (_req, reply, payload) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
    if (!reply.getHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });

  // Who made a change is who is signed in, whatever a request body says.
  app.addHook('preHandler', async (req) => {
    // JSON Schema coercion turns "1e9999" into Infinity, which passes `integer`.
    for (const [name, value] of Object.entries((req.params as Record<string, unknown>) ?? {}))
      if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new UserError(`Invalid request: params/${name} must be a whole number.`);
    const body = req.body as Record<string, unknown> | undefined;
    if (body && typeof body === 'object' && !Array.isArray(body) && !['GET', 'HEAD'].includes(req.method)) {
      delete body._csrf;
      if (req.principal.kind === 'user' && req.routeOptions.config.access === 'learning') body.by = actorName(req.principal);
    }
  });

  const cacheBytes = options.responseCacheBytes ?? 64 * 1024 * 1024;
  if (cacheBytes > 0) installResponseCache(app, new ResponseCache(cacheBytes));

  app.setErrorHandler((error, req, reply) => {
    if (error instanceof HttpError) return reply.code(error.statusCode).send({ error: error.message });
    if (error instanceof AuthError) return reply.code(error.locked ? 423 : 401).send({ error: error.message });
    if (error instanceof UserError) return reply.code(error.kind === 'not-found' ? 404 : 400).send({ error: error.message });
    const e = error as { validation?: unknown; statusCode?: number; message: string; code?: string };
    if (e.validation) return reply.code(400).send({ error: `Invalid request: ${e.message}.` });
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send({ error: 'The request body is too large.' });
    if (e.statusCode && e.statusCode < 500) return reply.code(e.statusCode).send({ error: e.message });
    req.log.error(error);
    return reply.code(500).send({ error: 'Something went wrong on the server; the details are in its log.' });
  });

  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: `Nothing at ${req.method} ${req.url.split('?')[0]}.` }));

  // Measure values arrive as CSV text; a measure has a few hundred periods at most.
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 5 * 1024 * 1024 }, (_req, body, done) => done(null, body));
  // The sign-in and sign-out forms of the server-rendered pages.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  app.get('/api/health', { config: { access: 'public' } }, async () => ({ status: state.loading ? 'loading' : 'ok', loading: state.loading, load_error: state.loadError }));

  app.get('/api/communities', { config: { access: 'signed-in' } }, async (req) => {
    const p = req.principal;
    const all = await listCommunities(db);
    return all.filter((c) => p.kind === 'user' && p.roles.has(c.communityId)).map((c) => ({ slug: c.slug, name: c.name, role: p.kind === 'user' ? p.roles.get(c.communityId) : null }));
  });

  registerAuthRoutes(app, db, { signInPerMinute: options.signInPerMinute ?? 10 });
  registerFigureRoutes(app, db);
  registerBreakdownRoutes(app, db);
  registerOverviewRoutes(app, db);
  registerLearningRoutes(app, db);
  registerDecisionRoutes(app, db);
  registerPersonRoutes(app, db, { maxUploadBytes: options.maxUploadBytes });
  registerPeopleRoutes(app, db);
  registerAdminRoutes(app, db);
  registerPageRoutes(app, db, state);
  return app;
}
