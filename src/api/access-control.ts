import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../store/database.ts';
import { findCommunity, type Community } from '../store/communities.ts';
import { ACCESS_LEVELS, mayAccess, type AccessLevel, type Principal } from '../domain/auth/access.ts';
import { sessionPrincipal, shareLinkPrincipal } from '../app/auth/accounts.ts';
import { recordAudit } from '../store/audit-log.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may reach the route (src/domain/auth/access.ts); every route must say. */
    access?: AccessLevel;
    /** Audit action recorded when a state-changing request succeeds, e.g. `measure.update`. */
    audit?: string;
    /** Counts against the per-client budget for expensive requests. */
    expensive?: boolean;
  }
  interface FastifyInstance {
    /** Every route with its access level, as registered (tests enumerate it). */
    accessTable: { method: string; url: string; access: AccessLevel }[];
  }
  interface FastifyRequest {
    principal: Principal;
    sessionToken: string | null;
    csrfToken: string | null;
    mustChangePassword: boolean;
    /** The community named by the route's :slug, once access to it is granted. */
    community: Community | null;
  }
}

export const SESSION_COOKIE = 'zl_session';
export const SHARE_COOKIE = 'zl_share';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The request's cookies; a tiny parser, because two cookies do not need a dependency. */
export function readCookies(req: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    try {
      out[name] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      // A malformed cookie is ignored, not an error.
    }
  }
  return out;
}

/** A cookie only the server reads, sent back only with same-site navigation; Secure over HTTPS. */
export function setCookie(req: FastifyRequest, reply: FastifyReply, name: string, value: string, maxAgeSeconds: number): void {
  const secure = req.protocol === 'https' ? '; Secure' : '';
  const prior = reply.getHeader('set-cookie');
  const cookies = Array.isArray(prior) ? prior : prior ? [String(prior)] : [];
  cookies.push(`${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`);
  reply.header('set-cookie', cookies);
}

/** A small in-memory sliding-window limiter: enough for one process on one machine. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts a hit; false when the key is over its budget. */
  take(key: string, now = Date.now()): boolean {
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    const allowed = recent.length < this.limit;
    if (allowed) recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 10_000) for (const [k, v] of this.hits) if (v.every((t) => now - t >= this.windowMs)) this.hits.delete(k);
    return allowed;
  }
}

class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One mechanism for authorization: every route declares its access level (a route
 * without one stops the server from starting), and one hook decides every request
 * from that level, the principal (session, share link or nobody) and the community in
 * the path. Someone with no access to a community gets the same 404 as for a
 * community that does not exist, so ids and slugs of others reveal nothing.
 */
export function installAccessControl(app: FastifyInstance, db: Database, options: { expensivePerMinute?: number } = {}): void {
  const expensive = new RateLimiter(options.expensivePerMinute ?? 120, 60_000);

  const table: FastifyInstance['accessTable'] = [];
  app.decorate('accessTable', table);
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (!access || !(ACCESS_LEVELS as readonly string[]).includes(access))
      throw new Error(`The route ${String(route.method)} ${route.url} declares no access level (config.access): every route must say who may reach it.`);
    for (const method of ([] as string[]).concat(route.method as string | string[])) table.push({ method, url: route.url, access });
  });

  app.decorateRequest('principal', null as never);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('mustChangePassword', false);
  app.decorateRequest('community', null);

  // preValidation: after routing (so the access level is known) and before the body or
  // query is validated, so a stranger learns nothing from validation messages.
  app.addHook('preValidation', async (req) => {
    const cookies = readCookies(req);
    req.principal = { kind: 'anonymous' };
    const session = cookies[SESSION_COOKIE] ? await sessionPrincipal(db, cookies[SESSION_COOKIE]) : null;
    if (session) {
      req.principal = session.principal;
      req.sessionToken = cookies[SESSION_COOKIE];
      req.csrfToken = session.csrfToken;
      req.mustChangePassword = session.mustChangePassword;
    } else {
      const shareToken = (req.headers['x-share-token'] as string | undefined) ?? cookies[SHARE_COOKIE];
      const link = shareToken ? await shareLinkPrincipal(db, shareToken) : null;
      if (link) req.principal = link;
    }

    const access = req.routeOptions.config.access;
    // No route matched: the not-found handler answers, with nothing to protect.
    if (access === undefined) return;
    if (!SAFE_METHODS.has(req.method)) checkSameOrigin(req);
    if (req.principal.kind === 'user' && !SAFE_METHODS.has(req.method) && access !== 'public') {
      const given = (req.headers['x-csrf-token'] as string | undefined) ?? ((req.body as Record<string, unknown> | undefined)?._csrf as string | undefined);
      if (given !== req.csrfToken) throw new HttpError(403, 'The request has no valid CSRF token: send the x-csrf-token header from GET /api/me.');
    }
    if (req.principal.kind === 'user' && req.mustChangePassword && access !== 'public' && access !== 'signed-in')
      throw new HttpError(403, 'Choose a new password first (POST /api/me/password): an admin reset this one.');

    const slug = (req.params as Record<string, string> | undefined)?.slug;
    let community: Community | null = null;
    if (slug !== undefined && access !== 'public' && access !== 'signed-in') {
      community = /^[a-z0-9][a-z0-9-]{0,62}$/.test(slug) ? await findCommunity(db, slug) : null;
      const anyAccess = community !== null && mayAccess(req.principal, 'aggregates', community.communityId);
      if (!anyAccess) {
        if (req.principal.kind === 'anonymous') throw new HttpError(401, 'Sign in first.');
        throw new HttpError(404, `There is no community "${slug}".`);
      }
    }
    if (!mayAccess(req.principal, access, community?.communityId ?? null)) {
      if (req.principal.kind === 'anonymous') throw new HttpError(401, 'Sign in first.');
      throw new HttpError(403, `Your role does not allow this: it needs ${describe(access)}.`);
    }
    req.community = community;
    if (req.routeOptions.config.expensive) {
      const key = req.principal.kind === 'user' ? `u${req.principal.userId}` : req.principal.kind === 'share-link' ? `s${req.principal.communityId}:${req.principal.linkId}` : `ip${req.ip}`;
      if (!expensive.take(key)) throw new HttpError(429, 'Too many requests for charts and figures in a minute: wait a little and try again.');
    }
  });

  // Before the response goes out, not after it (onResponse): whoever is told a change was
  // made can read it in the audit log, and a server that stops right after answering has
  // already recorded it.
  app.addHook('onSend', async (req, reply, payload) => {
    const action = req.routeOptions.config?.audit;
    if (!action || reply.statusCode >= 400) return payload;
    const params = { ...(req.params as Record<string, string>) };
    delete params.slug;
    await recordAudit(db, {
      communityId: req.community?.communityId ?? null,
      actor: actorName(req.principal),
      action,
      target: Object.entries(params).map(([k, v]) => `${k}:${v}`).join(' ') || null,
      detail: { method: req.method, status: reply.statusCode },
      ip: req.ip,
    }).catch((e: unknown) => req.log.error(e));
    return payload;
  });
}

/** The name the audit log and `by` fields record for a principal. */
export function actorName(p: Principal): string {
  return p.kind === 'user' ? p.username : p.kind === 'share-link' ? `share-link:${p.linkId}` : 'anonymous';
}

/**
 * State-changing requests must come from this site: a browser always sends Origin on
 * them, and another site's page cannot forge it (defence in depth beside SameSite
 * cookies and the CSRF token).
 */
function checkSameOrigin(req: FastifyRequest): void {
  const origin = req.headers.origin;
  if (origin === undefined) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new HttpError(403, 'The request comes from another site.');
  }
  if (host !== req.headers.host) throw new HttpError(403, 'The request comes from another site.');
}

function describe(access: AccessLevel): string {
  return {
    public: 'nothing',
    'signed-in': 'a signed-in account',
    aggregates: 'a role in this community',
    learning: 'the member, data-steward or admin role',
    'person-level': 'the data-steward or admin role',
    admin: 'the admin role',
  }[access];
}

export { HttpError };
