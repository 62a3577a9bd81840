import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../store/database.ts';
import { listCommunities } from '../store/communities.ts';
import { changePassword, IDLE_HOURS, SESSION_DAYS, shareLinkPrincipal, signIn, signOut, signOutEverywhere } from '../app/auth/accounts.ts';
import { UserError } from '../app/errors.ts';
import { HttpError, RateLimiter, SESSION_COOKIE, SHARE_COOKIE, setCookie } from './access-control.ts';
import { arrayOf, BOOLEAN, ERROR, INTEGER, NO_CONTENT, NO_QUERY, nullable, object, REDIRECT, ROLE, STRING } from './schemas.ts';

const SIGNED_IN = object({
  username: STRING,
  csrf_token: { ...STRING, description: 'Send it back as the x-csrf-token header on every change.' },
  must_change_password: BOOLEAN,
  idle_hours: INTEGER,
  session_days: INTEGER,
});

const CREDENTIALS = {
  type: 'object',
  required: ['username', 'password'],
  properties: { username: { type: 'string', minLength: 1, maxLength: 100 }, password: { type: 'string', minLength: 1, maxLength: 1000 }, next: { type: 'string', maxLength: 200 } },
} as const;

/** Sign-in, sign-out, one's own account, and opening a public share link. */
export function registerAuthRoutes(app: FastifyInstance, db: Database, options: { signInPerMinute: number }): void {
  const attempts = new RateLimiter(options.signInPerMinute, 60_000);

  const startSession = async (req: FastifyRequest, reply: FastifyReply, username: string, password: string) => {
    if (!attempts.take(req.ip)) throw new HttpError(429, 'Too many sign-in attempts from this address: wait a minute and try again.');
    const s = await signIn(db, username, password, { ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
    setCookie(req, reply, SESSION_COOKIE, s.token, SESSION_DAYS * 86_400);
    setCookie(req, reply, SHARE_COOKIE, '', 0);
    return s;
  };

  app.post<{ Body: { username: string; password: string } }>(
    '/api/session',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Sign in: sets the session cookie and returns the CSRF token for changes',
        tags: ['account'],
        body: CREDENTIALS,
        querystring: NO_QUERY,
        response: { 200: SIGNED_IN },
      },
    },
    async (req, reply) => {
      const s = await startSession(req, reply, req.body.username, req.body.password);
      return { username: s.username, csrf_token: s.csrfToken, must_change_password: s.mustChangePassword, idle_hours: IDLE_HOURS, session_days: SESSION_DAYS };
    },
  );

  // The sign-in form posts here; a failed attempt shows the form again with the reason.
  app.post<{ Body: { username: string; password: string; next?: string } }>(
    '/login',
    {
      config: { access: 'public' },
      schema: {
        summary: 'The sign-in form posts here; a failed attempt shows the form again with the reason',
        tags: ['pages'],
        body: CREDENTIALS,
        response: { 303: REDIRECT },
      },
    },
    async (req, reply) => {
      try {
        const s = await startSession(req, reply, req.body.username, req.body.password);
        const next = req.body.next && /^\/(?!\/)[\w\-/?=&.%]*$/.test(req.body.next) ? req.body.next : '/';
        return reply.redirect(s.mustChangePassword ? '/account' : next, 303);
      } catch (e) {
        if (e instanceof HttpError || (e as Error).name === 'AuthError') return reply.redirect(`/login?failed=${encodeURIComponent((e as Error).message)}`, 303);
        throw e;
      }
    },
  );

  app.post(
    '/api/session/sign-out',
    { config: { access: 'signed-in' }, schema: { summary: 'Sign out: ends this session', tags: ['account'], querystring: NO_QUERY, response: { 204: NO_CONTENT } } },
    async (req, reply) => {
      if (req.sessionToken) await signOut(db, req.sessionToken);
      setCookie(req, reply, SESSION_COOKIE, '', 0);
      return reply.code(204).send();
    },
  );
  app.post('/logout', { config: { access: 'signed-in' }, schema: { summary: 'The sign-out form posts here', tags: ['pages'], response: { 303: REDIRECT } } }, async (req, reply) => {
    if (req.sessionToken) await signOut(db, req.sessionToken);
    setCookie(req, reply, SESSION_COOKIE, '', 0);
    return reply.redirect('/login', 303);
  });

  app.post(
    '/api/session/sign-out-everywhere',
    {
      config: { access: 'signed-in' },
      schema: { summary: 'End every session of the signed-in account', tags: ['account'], querystring: NO_QUERY, response: { 200: object({ sessions_ended: INTEGER }) } },
    },
    async (req, reply) => {
      const p = req.principal;
      if (p.kind !== 'user') throw new HttpError(401, 'Sign in first.');
      const ended = await signOutEverywhere(db, p.userId, { name: p.username, ip: req.ip });
      setCookie(req, reply, SESSION_COOKIE, '', 0);
      return { sessions_ended: ended };
    },
  );

  app.get(
    '/api/me',
    {
      config: { access: 'signed-in' },
      schema: {
        summary: 'The signed-in account, its communities and roles, and the CSRF token',
        tags: ['account'],
        querystring: NO_QUERY,
        response: {
          200: object({
            username: STRING,
            display_name: STRING,
            must_change_password: BOOLEAN,
            csrf_token: STRING,
            communities: arrayOf(object({ slug: STRING, name: STRING, role: ROLE })),
          }),
        },
      },
    },
    async (req) => {
      const p = req.principal;
      if (p.kind !== 'user') throw new HttpError(401, 'Sign in first.');
      const communities = (await listCommunities(db)).filter((c) => p.roles.has(c.communityId));
      return {
        username: p.username,
        display_name: p.displayName,
        must_change_password: req.mustChangePassword,
        csrf_token: req.csrfToken,
        communities: communities.map((c) => ({ slug: c.slug, name: c.name, role: p.roles.get(c.communityId) })),
      };
    },
  );

  app.post<{ Body: { current_password: string; new_password: string } }>(
    '/api/me/password',
    {
      config: { access: 'signed-in' },
      schema: {
        summary: 'Change one’s own password; other sessions end',
        tags: ['account'],
        querystring: NO_QUERY,
        response: { 204: NO_CONTENT },
        body: {
          type: 'object',
          required: ['current_password', 'new_password'],
          properties: { current_password: { type: 'string', maxLength: 1000 }, new_password: { type: 'string', maxLength: 1000 } },
        },
      },
    },
    async (req, reply) => {
      const p = req.principal;
      if (p.kind !== 'user') throw new HttpError(401, 'Sign in first.');
      if (!attempts.take(`pw:${p.userId}`)) throw new HttpError(429, 'Too many attempts: wait a minute and try again.');
      await changePassword(db, p.userId, req.body.current_password, req.body.new_password, req.sessionToken, { name: p.username, ip: req.ip });
      return reply.code(204).send();
    },
  );

  // A public link: remembered in a cookie for this browser, then the dashboard.
  app.get<{ Params: { token: string } }>(
    '/share/:token',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Open a public share link: remembered in a cookie for this browser, then the dashboard',
        tags: ['pages'],
        params: { type: 'object', properties: { token: { type: 'string', pattern: '^[A-Za-z0-9_-]{20,100}$' } }, required: ['token'] },
        response: { 303: REDIRECT, 404: { ...ERROR, description: 'The link is unknown, expired or revoked.' } },
      },
    },
    async (req, reply) => {
      const link = await shareLinkPrincipal(db, req.params.token);
      if (!link) throw new UserError('This share link is unknown, expired or revoked: ask whoever sent it for a new one.', 'not-found');
      setCookie(req, reply, SHARE_COOKIE, req.params.token, 7 * 86_400);
      return reply.redirect('/', 303);
    },
  );

  app.get(
    '/api/share',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Whether this browser is showing a public share link, and of which community',
        tags: ['account'],
        querystring: NO_QUERY,
        response: { 200: object({ share: nullable(object({ community: object({ slug: STRING, name: STRING }), link: INTEGER })) }) },
      },
    },
    async (req) => {
      const p = req.principal;
      // Tells the page whether it is showing a public link, and of which community.
      if (p.kind !== 'share-link') return { share: null };
      const c = (await listCommunities(db)).find((x) => x.communityId === p.communityId)!;
      return { share: { community: { slug: c.slug, name: c.name }, link: p.linkId } };
    },
  );
}
