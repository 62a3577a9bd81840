import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../store/database.ts';
import type { Community } from '../store/communities.ts';
import { AccountStore } from '../store/accounts.ts';
import { readAudit } from '../store/audit-log.ts';
import { addUser, createShareLink, resetPassword, revokeShareLink, setUserRole, MAX_SHARE_LINK_DAYS } from '../app/auth/accounts.ts';
import { updateSettings } from '../app/settings.ts';
import { toCsv } from '../domain/text/csv.ts';
import { ROLES } from '../domain/auth/access.ts';
import { actorName } from './access-control.ts';
import {
  arrayOf,
  BOOLEAN,
  ID,
  INTEGER,
  jsonOrCsv,
  MONTH,
  NO_CONTENT,
  NO_QUERY,
  nullable,
  NULLABLE_INTEGER,
  NULLABLE_STRING,
  NUMBER,
  object,
  pathParams as params,
  ROLE,
  STRING,
  TIMESTAMP,
  USERNAME,
} from './schemas.ts';

const NULLABLE_ROLE = { type: ['string', 'null'], enum: [...ROLES, null] } as const;
const SETTINGS = object(
  {
    inactivityDays: INTEGER,
    lookbackDays: INTEGER,
    pitCount: NULLABLE_INTEGER,
    reportFrom: nullable(MONTH),
    functionalZero: object({ housingRateMonths: INTEGER, thresholdFloor: NUMBER, chronicPitShare: NUMBER, briefMaxDays: NUMBER, maxReturnShare: NUMBER }),
  },
  { description: 'The By-Name List settings that change figures (docs/definitions.md).' },
);
const AUDIT_ENTRY = object({
  entry_id: INTEGER,
  at: TIMESTAMP,
  community_id: NULLABLE_INTEGER,
  actor: STRING,
  action: STRING,
  target: NULLABLE_STRING,
  detail: { type: 'object' },
  ip: NULLABLE_STRING,
});
const ONE_TIME_PASSWORD = { ...STRING, description: 'Shown once: give it to the person, who chooses their own at the next sign-in.' };

const actor = (req: FastifyRequest) => ({ name: actorName(req.principal), ip: req.ip });
const here = (req: FastifyRequest): Community => req.community!;

/** A community's admins: its users and roles, share links, settings and audit log. */
export function registerAdminRoutes(app: FastifyInstance, db: Database): void {
  const base = '/api/communities/:slug';
  const admin = { access: 'admin' as const };

  app.get(
    `${base}/users`,
    {
      config: admin,
      schema: {
        summary: 'The community’s accounts and their roles',
        tags: ['admin'],
        params: params(),
        querystring: NO_QUERY,
        response: { 200: arrayOf(object({ user_id: INTEGER, username: STRING, display_name: STRING, role: ROLE, disabled: BOOLEAN })) },
      },
    },
    async (req) => new AccountStore(db).members(here(req).communityId),
  );

  app.post<{ Body: { username: string; display_name?: string; role: string } }>(
    `${base}/users`,
    {
      config: admin,
      schema: {
        summary: 'Give an account a role here; an account that does not exist yet is created with a one-time password',
        tags: ['admin'],
        params: params(),
        querystring: NO_QUERY,
        response: {
          200: { ...object({ username: STRING, role: ROLE, password: { type: 'null' } }), description: 'An existing account was given the role.' },
          201: { ...object({ username: STRING, role: ROLE, password: ONE_TIME_PASSWORD, note: STRING }), description: 'A new account was created.' },
        },
        body: { type: 'object', additionalProperties: false, required: ['username', 'role'], properties: { username: USERNAME, display_name: { type: 'string', maxLength: 200 }, role: { type: 'string', enum: [...ROLES] } } },
      },
    },
    async (req, reply) => {
      const store = new AccountStore(db);
      // An existing account is given the role; a new one is created with a one-time password.
      if (await store.userByName(req.body.username)) {
        await setUserRole(db, here(req), req.body.username, req.body.role, actor(req));
        return reply.code(200).send({ username: req.body.username, role: req.body.role, password: null });
      }
      const created = await addUser(db, { username: req.body.username, displayName: req.body.display_name, community: here(req), role: req.body.role }, actor(req));
      return reply.code(201).send({ username: created.username, role: req.body.role, password: created.password, note: 'Give this password to the person once; they choose their own at first sign-in.' });
    },
  );

  app.patch<{ Params: { slug: string; username: string }; Body: { role: string | null } }>(
    `${base}/users/:username`,
    {
      config: admin,
      schema: {
        summary: 'Change an account’s role here, or remove it from the community (role null)',
        tags: ['admin'],
        params: params({ username: USERNAME }),
        querystring: NO_QUERY,
        response: { 200: object({ username: STRING, role: NULLABLE_ROLE }) },
        body: { type: 'object', additionalProperties: false, required: ['role'], properties: { role: { anyOf: [{ type: 'string', enum: [...ROLES] }, { type: 'null' }] } } },
      },
    },
    async (req) => {
      await setUserRole(db, here(req), req.params.username, req.body.role, actor(req));
      return { username: req.params.username, role: req.body.role };
    },
  );

  app.post<{ Params: { slug: string; username: string } }>(
    `${base}/users/:username/reset-password`,
    {
      config: admin,
      schema: {
        summary: 'Reset an account’s password to a one-time one; its sessions end',
        tags: ['admin'],
        params: params({ username: USERNAME }),
        querystring: NO_QUERY,
        response: { 200: object({ username: STRING, password: ONE_TIME_PASSWORD, note: STRING }) },
      },
    },
    async (req) => {
      const r = await resetPassword(db, req.params.username, actor(req), here(req));
      return { username: r.username, password: r.password, note: 'A one-time password: they choose their own at the next sign-in; their sessions have ended.' };
    },
  );

  app.get(
    `${base}/share-links`,
    {
      config: admin,
      schema: {
        summary: 'The community’s public share links (never their tokens)',
        tags: ['admin'],
        params: params(),
        querystring: NO_QUERY,
        response: {
          200: arrayOf(object({ community_id: INTEGER, link_id: INTEGER, label: STRING, created_by: STRING, created_at: TIMESTAMP, expires_at: TIMESTAMP, revoked_at: nullable(TIMESTAMP) })),
        },
      },
    },
    async (req) => new AccountStore(db).shareLinks(here(req).communityId),
  );

  app.post<{ Body: { label: string; days: number } }>(
    `${base}/share-links`,
    {
      config: admin,
      schema: {
        summary: 'Create a public read-only link to the community’s aggregates (small counts hidden)',
        tags: ['admin'],
        params: params(),
        querystring: NO_QUERY,
        response: { 201: object({ id: INTEGER, url: { ...STRING, description: 'Shown once.' }, expires_at: TIMESTAMP, note: STRING }) },
        body: { type: 'object', additionalProperties: false, required: ['label', 'days'], properties: { label: { type: 'string', minLength: 1, maxLength: 200 }, days: { type: 'integer', minimum: 1, maximum: MAX_SHARE_LINK_DAYS } } },
      },
    },
    async (req, reply) => {
      const link = await createShareLink(db, here(req), req.body.label, req.body.days, actor(req));
      return reply.code(201).send({ id: link.id, url: `/share/${link.token}`, expires_at: link.expires_at, note: 'The link is shown once; anyone holding it sees this community’s aggregates until it expires or is revoked.' });
    },
  );

  app.delete<{ Params: { slug: string; id: number } }>(
    `${base}/share-links/:id`,
    { config: admin, schema: { summary: 'Revoke a share link', tags: ['admin'], params: params({ id: ID }), querystring: NO_QUERY, response: { 204: NO_CONTENT } } },
    async (req, reply) => {
      await revokeShareLink(db, here(req), req.params.id, actor(req));
      return reply.code(204).send();
    },
  );

  app.get<{ Querystring: { format?: string; before?: number; limit?: number } }>(
    `${base}/audit`,
    {
      config: admin,
      schema: {
        summary: 'The community’s audit log, newest first: sign-ins, person views, imports, exports, changes',
        tags: ['admin'],
        params: params(),
        response: { 200: jsonOrCsv(arrayOf(AUDIT_ENTRY), 'Audit entries, newest first; with ?format=csv, as CSV.') },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { format: { type: 'string', enum: ['json', 'csv'] }, before: { type: 'integer', minimum: 1 }, limit: { type: 'integer', minimum: 1, maximum: 10000 } },
        },
      },
    },
    async (req, reply) => {
      const entries = await readAudit(db, here(req).communityId, { before: req.query.before, limit: req.query.limit });
      if (req.query.format !== 'csv') return entries;
      reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="audit-log.csv"');
      return toCsv(entries.map((e) => ({ ...e, detail: JSON.stringify(e.detail) })));
    },
  );

  app.get(
    `${base}/settings`,
    {
      config: admin,
      schema: {
        summary: 'The community’s name, By-Name List settings and small-count threshold',
        tags: ['admin'],
        params: params(),
        querystring: NO_QUERY,
        response: { 200: object({ name: STRING, settings: SETTINGS, suppression_threshold: INTEGER }) },
      },
    },
    async (req) => {
      const c = here(req);
      const threshold = await db.query<{ suppression_threshold: number }>('SELECT suppression_threshold FROM community WHERE community_id = $1', [c.communityId]);
      return { name: c.name, settings: c.settings, suppression_threshold: Number(threshold[0].suppression_threshold) };
    },
  );

  app.patch<{ Body: { name?: string; inactivity_days?: number; lookback_days?: number; pit_count?: number; report_from?: string | null; suppression_threshold?: number } }>(
    `${base}/settings`,
    {
      config: { access: 'admin', audit: 'settings.change' },
      schema: {
        summary: 'Change the community’s name, settings or small-count threshold; figures are re-derived',
        tags: ['admin'],
        params: params(),
        querystring: NO_QUERY,
        response: { 200: object({ name: STRING, settings: SETTINGS }) },
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200 },
            inactivity_days: { type: 'integer', minimum: 1, maximum: 3650 },
            lookback_days: { type: 'integer', minimum: 1, maximum: 36500 },
            pit_count: { type: 'integer', minimum: 0, maximum: 10000000 },
            report_from: { anyOf: [{ type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }, { type: 'null' }] },
            suppression_threshold: { type: 'integer', minimum: 1, maximum: 1000 },
          },
        },
      },
    },
    async (req) => {
      const b = req.body;
      const c = here(req);
      const updated = await updateSettings(db, c, { name: b.name, inactivityDays: b.inactivity_days, lookbackDays: b.lookback_days, pitCount: b.pit_count, reportFrom: b.report_from });
      if (b.suppression_threshold !== undefined) await db.query('UPDATE community SET suppression_threshold = $2 WHERE community_id = $1', [c.communityId, b.suppression_threshold]);
      return { name: updated.name, settings: updated.settings };
    },
  );
}
