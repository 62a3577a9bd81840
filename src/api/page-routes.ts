import { readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../store/database.ts';
import { listCommunities } from '../store/communities.ts';
import { functionalZero } from '../app/metrics.ts';
import { suppressedFunctionalZero } from '../app/aggregates.ts';
import { changePassword, signOutEverywhere } from '../app/auth/accounts.ts';
import { UserError } from '../app/errors.ts';
import { seesSmallCells } from '../domain/auth/access.ts';
import { renderAccountPage, renderAppShell, renderLoadingPage, renderLoginPage, renderOverviewPage, STYLESHEET, type Viewer } from '../web/pages.ts';
import { HttpError, SESSION_COOKIE, setCookie } from './access-control.ts';
import type { ServerState } from './server.ts';
import { ERROR, html, media, MONTH, NOT_MODIFIED, pathParams, REDIRECT } from './schemas.ts';
import { monthlyReport, reportMonths } from '../app/report/monthly-report.ts';
import { REPORT_STYLESHEET, renderReportPage, renderReportProblem } from '../web/report-page.ts';

const PAGE = html('The page.');
const PAGE_OR_REDIRECT = { 200: PAGE, 303: REDIRECT } as const;

function viewerOf(req: FastifyRequest, communityName = ''): Viewer {
  const p = req.principal;
  if (p.kind === 'user') return { kind: 'user', name: p.displayName, csrfToken: req.csrfToken ?? '' };
  if (p.kind === 'share-link') return { kind: 'share-link', community: communityName };
  return null;
}

/** dist/web, found from src/api or from the compiled dist/cli alike. */
function webDist(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'dist', 'web'))) return join(dir, 'dist', 'web');
    if (existsSync(join(dir, 'web', 'app.js')) && dir.endsWith('dist')) return join(dir, 'web');
    dir = dirname(dir);
  }
  return join(process.cwd(), 'dist', 'web');
}

const STATIC_FILES: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.js.map': 'application/json; charset=utf-8',
  'web.css': 'text/css; charset=utf-8',
  'web.css.map': 'application/json; charset=utf-8',
};

/** The server-rendered pages (sign-in, account, the no-script summary) and the browser app's shell and files. */
export function registerPageRoutes(app: FastifyInstance, db: Database, state: ServerState): void {
  const dist = webDist();

  app.get<{ Params: { file: string } }>(
    '/static/:file',
    {
      config: { access: 'public' },
      schema: {
        summary: 'The browser app’s built files (dist/web)',
        tags: ['pages'],
        params: { type: 'object', properties: { file: { type: 'string', enum: Object.keys(STATIC_FILES) } }, required: ['file'] },
        response: {
          200: { description: 'The file.', content: Object.fromEntries([...new Set(Object.values(STATIC_FILES))].map((t) => [t.split(';')[0], { schema: { type: 'string' } }])) },
          304: NOT_MODIFIED,
          404: { ...ERROR, description: 'The browser app is not built.' },
        },
      },
    },
    async (req, reply) => {
      const path = join(dist, req.params.file);
      const info = await stat(path).catch(() => null);
      if (!info) throw new UserError('The browser app is not built: run `npm run build`.', 'not-found');
      const etag = `"${info.size.toString(16)}-${Math.round(info.mtimeMs).toString(16)}"`;
      reply.header('etag', etag).header('cache-control', 'no-cache').type(STATIC_FILES[req.params.file]);
      if (req.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.send(await readFile(path));
    },
  );
  app.get('/static/app.css', { config: { access: 'public' }, schema: { summary: 'The server-rendered pages’ stylesheet', tags: ['pages'], response: { 200: media('text/css', 'The stylesheet.') } } }, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'max-age=300').send(STYLESHEET + REPORT_STYLESHEET),
  );

  app.get<{ Querystring: { failed?: string; next?: string } }>(
    '/login',
    {
      config: { access: 'public' },
      schema: {
        summary: 'The sign-in page',
        tags: ['pages'],
        querystring: { type: 'object', properties: { failed: { type: 'string', maxLength: 300 }, next: { type: 'string', maxLength: 200 } } },
        response: { 200: PAGE },
      },
    },
    async (req, reply) => reply.type('text/html; charset=utf-8').send(renderLoginPage(req.query.failed ?? null, req.query.next ?? null)),
  );

  // Public so that a visitor is sent to sign in rather than shown an error; it shows
  // only what the principal may see.
  // The app: a shell that loads the browser app, which asks the API for everything else.
  app.get('/', { config: { access: 'public' }, schema: { summary: 'The browser app (a visitor is sent to sign in)', tags: ['pages'], response: PAGE_OR_REDIRECT } }, async (req, reply) => {
    reply.type('text/html; charset=utf-8');
    if (state.loading) return renderLoadingPage(state.loading);
    if (req.principal.kind === 'anonymous') return reply.redirect('/login', 303);
    if (req.principal.kind === 'user' && req.mustChangePassword) return reply.redirect('/account', 303);
    return renderAppShell();
  });

  // The same picture without scripts: what a browser without JavaScript is offered.
  app.get('/summary', { config: { access: 'public' }, schema: { summary: 'The functional-zero table without JavaScript', tags: ['pages'], response: PAGE_OR_REDIRECT } }, async (req, reply) => {
    reply.type('text/html; charset=utf-8');
    if (state.loading) return renderLoadingPage(state.loading);
    const p = req.principal;
    if (p.kind === 'anonymous') return reply.redirect('/login?next=/summary', 303);
    if (p.kind === 'user' && req.mustChangePassword) return reply.redirect('/account', 303);
    const communities = (await listCommunities(db)).filter((c) => (p.kind === 'user' ? p.roles.has(c.communityId) : c.communityId === p.communityId));
    const sections = [];
    for (const c of communities) {
      const statuses = seesSmallCells(p, c.communityId) ? await functionalZero(db, c) : await suppressedFunctionalZero(db, c);
      sections.push({ community: c, statuses });
    }
    return renderOverviewPage(sections, state.loadError, viewerOf(req, communities[0]?.name));
  });

  // The monthly report: one printable page per community and month (aggregates only).
  app.get<{ Params: { slug: string }; Querystring: { month?: string } }>(
    '/c/:slug/report',
    {
      config: { access: 'aggregates', expensive: true },
      schema: {
        summary: 'The monthly report: overview, aims and the month’s learning, as one printable page',
        tags: ['pages'],
        params: pathParams({}),
        querystring: { type: 'object', additionalProperties: false, properties: { month: { type: 'string', maxLength: 20, description: MONTH.description } } },
        response: { 200: PAGE, 400: { description: 'The report page with one sentence on what is wrong with the month asked for; or, for a malformed request, the API’s one sentence.', content: { 'text/html': { schema: { type: 'string' } }, 'application/json': { schema: ERROR } } }, 404: { description: 'The report page saying the community has no figures yet; or, for a community the reader cannot see, the API’s one sentence.', content: { 'text/html': { schema: { type: 'string' } }, 'application/json': { schema: ERROR } } } },
      },
    },
    async (req, reply) => {
      const c = req.community!;
      reply.type('text/html; charset=utf-8');
      try {
        const month = req.query.month?.trim() || undefined;
        return renderReportPage(await monthlyReport(db, c, { month, full: seesSmallCells(req.principal, c.communityId) }));
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        return reply.code(e.kind === 'not-found' ? 404 : 400).send(renderReportProblem(c.slug, await reportMonths(db, c), e.message));
      }
    },
  );

  app.get<{ Querystring: { done?: string } }>(
    '/account',
    {
      config: { access: 'signed-in' },
      schema: { summary: 'One’s account: change the password, sign out everywhere', tags: ['pages'], querystring: { type: 'object', properties: { done: { type: 'string', maxLength: 200 } } }, response: { 200: PAGE } },
    },
    async (req, reply) => {
      const viewer = viewerOf(req) as Extract<Viewer, { kind: 'user' }>;
      return reply.type('text/html; charset=utf-8').send(renderAccountPage(viewer, req.mustChangePassword, req.query.done ? { error: false, text: req.query.done } : null));
    },
  );

  app.post<{ Body: { current_password: string; new_password: string } }>(
    '/account/password',
    {
      config: { access: 'signed-in' },
      schema: {
        summary: 'The change-password form posts here',
        tags: ['pages'],
        response: {
          303: REDIRECT,
          400: { description: 'The page again with the reason, or a refusal.', content: { 'text/html': { schema: { type: 'string' } }, 'application/json': { schema: ERROR } } },
        },
        body: { type: 'object', required: ['current_password', 'new_password'], properties: { current_password: { type: 'string', maxLength: 1000 }, new_password: { type: 'string', maxLength: 1000 } } },
      },
    },
    async (req, reply) => {
      const p = req.principal;
      if (p.kind !== 'user') throw new HttpError(401, 'Sign in first.');
      try {
        await changePassword(db, p.userId, req.body.current_password, req.body.new_password, req.sessionToken, { name: p.username, ip: req.ip });
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        const viewer = viewerOf(req) as Extract<Viewer, { kind: 'user' }>;
        return reply.code(400).type('text/html; charset=utf-8').send(renderAccountPage(viewer, req.mustChangePassword, { error: true, text: e.message }));
      }
      return reply.redirect('/account?done=' + encodeURIComponent('Your password is changed; your other sessions have ended.'), 303);
    },
  );

  app.post('/account/sign-out-everywhere', { config: { access: 'signed-in' }, schema: { summary: 'The sign-out-everywhere form posts here', tags: ['pages'], response: { 303: REDIRECT } } }, async (req, reply) => {
    const p = req.principal;
    if (p.kind !== 'user') throw new HttpError(401, 'Sign in first.');
    await signOutEverywhere(db, p.userId, { name: p.username, ip: req.ip });
    setCookie(req, reply, SESSION_COOKIE, '', 0);
    return reply.redirect('/login', 303);
  });
}
