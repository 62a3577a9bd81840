import { randomBytes } from 'node:crypto';
import type { Database } from '../../store/database.ts';
import { AccountStore, type UserRow } from '../../store/accounts.ts';
import { listCommunities, type Community } from '../../store/communities.ts';
import { recordAudit } from '../../store/audit-log.ts';
import { ROLES, type Principal, type Role } from '../../domain/auth/access.ts';
import { hashPassword, passwordProblem, randomPassword, randomToken, verifyPassword } from './passwords.ts';
import { UserError } from '../errors.ts';

export const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;
/** A session lasts at most this long, and ends sooner when unused for IDLE_HOURS. */
export const SESSION_DAYS = 7;
export const IDLE_HOURS = 12;
/** Failed sign-ins in a row before the account locks, and for how long at first. */
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;
export const MAX_SHARE_LINK_DAYS = 365;

/** Who did something and from where, for the audit log. */
export interface Actor {
  name: string;
  ip: string | null;
}

/** Refused sign-in or session: the API answers 401 (423 when locked). */
export class AuthError extends Error {
  constructor(
    message: string,
    readonly locked = false,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

function checkUsername(username: string): string {
  const u = username.trim().toLowerCase();
  if (!USERNAME.test(u)) throw new UserError(`The username "${username}" is not valid: use 2–64 lowercase letters, digits, dots, dashes or underscores.`);
  return u;
}

function checkRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) throw new UserError(`The role "${role}" is not one of ${ROLES.join(', ')}.`);
  return role as Role;
}

async function requireUser(store: AccountStore, username: string): Promise<UserRow> {
  const u = await store.userByName(username.trim().toLowerCase());
  if (!u) throw new UserError(`There is no user "${username}".`, 'not-found');
  return u;
}

/**
 * Adds a user with a random password shown once; they choose their own at first
 * sign-in. With a community, they get a role in it.
 */
export async function addUser(
  db: Database,
  input: { username: string; displayName?: string; community?: Community; role?: string },
  actor: Actor,
): Promise<{ username: string; password: string }> {
  const username = checkUsername(input.username);
  const role = input.role === undefined ? null : checkRole(input.role);
  if (role && !input.community) throw new UserError('A role needs a community (--community).');
  const password = randomPassword();
  const hash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const store = new AccountStore(tx);
    if (await store.userByName(username)) throw new UserError(`There is already a user "${username}".`);
    const id = await store.addUser(username, input.displayName?.trim() || username, hash, true);
    if (role && input.community) await store.setRole(input.community.communityId, id, role);
    await recordAudit(tx, { communityId: input.community?.communityId ?? null, actor: actor.name, action: 'user.add', target: `user:${username}`, detail: { role }, ip: actor.ip });
  });
  return { username, password };
}

/** Gives a user a role in a community, or removes them from it (role null). */
export async function setUserRole(db: Database, community: Community, username: string, role: string | null, actor: Actor): Promise<void> {
  const r = role === null ? null : checkRole(role);
  await db.transaction(async (tx) => {
    const store = new AccountStore(tx);
    const user = await requireUser(store, username);
    if (r !== 'admin') {
      const admins = (await store.members(community.communityId)).filter((m) => m.role === 'admin' && m.user_id !== user.user_id && !m.disabled);
      const wasAdmin = (await store.roles(user.user_id)).get(community.communityId) === 'admin';
      if (wasAdmin && admins.length === 0) throw new UserError(`"${username}" is the last admin of ${community.slug}: make someone else admin first.`);
    }
    await store.setRole(community.communityId, user.user_id, r);
    await recordAudit(tx, { communityId: community.communityId, actor: actor.name, action: 'user.role', target: `user:${user.username}`, detail: { role: r }, ip: actor.ip });
  });
}

/**
 * An admin's reset: a new random password shown once, to be changed at the next
 * sign-in; every session of the user ends and a lock is lifted.
 */
export async function resetPassword(db: Database, username: string, actor: Actor, community: Community | null = null): Promise<{ username: string; password: string }> {
  const password = randomPassword();
  const hash = await hashPassword(password);
  const user = await db.transaction(async (tx) => {
    const store = new AccountStore(tx);
    const u = await requireUser(store, username);
    if (community && !(await store.roles(u.user_id)).has(community.communityId))
      throw new UserError(`There is no user "${username}" in ${community.slug}.`, 'not-found');
    await store.setPassword(u.user_id, hash, true);
    await store.removeSessionsOf(u.user_id);
    await recordAudit(tx, { communityId: community?.communityId ?? null, actor: actor.name, action: 'user.reset-password', target: `user:${u.username}`, ip: actor.ip });
    return u;
  });
  return { username: user.username, password };
}

/** A person changes their own password; their other sessions end. */
export async function changePassword(db: Database, userId: number, current: string, next: string, keepToken: string | null, actor: Actor): Promise<void> {
  const store = new AccountStore(db);
  const user = await store.userById(userId);
  if (!user) throw new AuthError('Sign in again.');
  if (!(await verifyPassword(current, user.password_hash))) throw new UserError('The current password is not right.');
  const problem = passwordProblem(next, user.username);
  if (problem) throw new UserError(`The new password is not accepted: ${problem}.`);
  if (current === next) throw new UserError('The new password must differ from the current one.');
  const hash = await hashPassword(next);
  await db.transaction(async (tx) => {
    const s = new AccountStore(tx);
    await s.setPassword(userId, hash, false);
    // The session that made the change stays signed in; every other one ends.
    await s.removeSessionsOf(userId, keepToken);
    await recordAudit(tx, { communityId: null, actor: user.username, action: 'user.change-password', target: `user:${user.username}`, ip: actor.ip });
  });
}

// A hash to compare against when the username does not exist, so the time taken
// does not tell an attacker which usernames are real.
let decoyHash: Promise<string> | null = null;

/** Checks a password; returns a new session token and its CSRF token. */
export async function signIn(
  db: Database,
  username: string,
  password: string,
  client: { ip: string | null; userAgent: string | null },
  now = new Date(),
): Promise<{ token: string; csrfToken: string; mustChangePassword: boolean; username: string }> {
  const store = new AccountStore(db);
  const user = USERNAME.test(username.trim().toLowerCase()) ? await store.userByName(username) : null;
  const refuse = async (reason: string) => {
    await recordAudit(db, { communityId: null, actor: username.slice(0, 64), action: 'session.sign-in-failed', detail: { reason }, ip: client.ip });
    return new AuthError('The username or password is not right.');
  };
  if (!user) {
    decoyHash ??= hashPassword(randomToken());
    await verifyPassword(password, await decoyHash);
    throw await refuse('unknown user');
  }
  if (user.locked_until && new Date(user.locked_until) > now) {
    await recordAudit(db, { communityId: null, actor: user.username, action: 'session.sign-in-failed', detail: { reason: 'locked' }, ip: client.ip });
    throw new AuthError(`This account is locked after ${LOCK_AFTER_FAILURES} failed sign-ins in a row until ${user.locked_until.slice(11, 16)} UTC; an admin can reset it sooner.`, true);
  }
  const ok = await verifyPassword(password, user.password_hash);
  if (!ok || user.disabled) {
    const failures = user.failed_logins + 1;
    // Each further run of failures locks for twice as long, up to a day.
    const lockUntil = failures % LOCK_AFTER_FAILURES === 0 ? new Date(now.getTime() + Math.min(LOCK_MINUTES * 2 ** (failures / LOCK_AFTER_FAILURES - 1), 24 * 60) * 60_000) : null;
    await store.recordFailure(user.user_id, lockUntil);
    throw await refuse(user.disabled ? 'disabled' : 'wrong password');
  }
  await store.recordSuccess(user.user_id);
  const token = randomToken();
  const csrfToken = randomBytes(24).toString('base64url');
  await store.addSession(token, user.user_id, csrfToken, new Date(now.getTime() + SESSION_DAYS * 86_400_000), client.ip, client.userAgent);
  await recordAudit(db, { communityId: null, actor: user.username, action: 'session.sign-in', ip: client.ip });
  return { token, csrfToken, mustChangePassword: user.must_change_password, username: user.username };
}

export interface SessionPrincipal {
  principal: Extract<Principal, { kind: 'user' }>;
  csrfToken: string;
  mustChangePassword: boolean;
}

/** The signed-in user of a session token, or null when it is unknown, expired or idle too long. */
export async function sessionPrincipal(db: Database, token: string, now = new Date()): Promise<SessionPrincipal | null> {
  const store = new AccountStore(db);
  const found = await store.sessionWithUser(token);
  if (!found) return null;
  const { session, user, roles } = found;
  const idleSince = new Date(session.last_seen_at).getTime();
  if (new Date(session.expires_at) <= now || now.getTime() - idleSince > IDLE_HOURS * 3_600_000) {
    await store.removeSession(token);
    return null;
  }
  if (user.disabled) return null;
  // Written at most once a minute: a busy dashboard should not write on every request.
  if (now.getTime() - idleSince > 60_000) await store.touchSession(token);
  return {
    principal: { kind: 'user', userId: user.user_id, username: user.username, displayName: user.display_name, roles },
    csrfToken: session.csrf_token,
    mustChangePassword: user.must_change_password,
  };
}

export async function signOut(db: Database, token: string): Promise<void> {
  await new AccountStore(db).removeSession(token);
}

export async function signOutEverywhere(db: Database, userId: number, actor: Actor): Promise<number> {
  const n = await new AccountStore(db).removeSessionsOf(userId);
  await recordAudit(db, { communityId: null, actor: actor.name, action: 'session.sign-out-everywhere', target: `user:${actor.name}`, detail: { sessions: n }, ip: actor.ip });
  return n;
}

/** A public share link's principal, or null when unknown, revoked or expired. */
export async function shareLinkPrincipal(db: Database, token: string, now = new Date()): Promise<Extract<Principal, { kind: 'share-link' }> | null> {
  const link = await new AccountStore(db).shareLinkByToken(token);
  if (!link || link.revoked_at !== null || new Date(link.expires_at) <= now) return null;
  return { kind: 'share-link', communityId: link.community_id, linkId: link.link_id };
}

export async function createShareLink(db: Database, community: Community, label: string, days: number, actor: Actor): Promise<{ id: number; token: string; expires_at: string }> {
  if (!Number.isInteger(days) || days < 1 || days > MAX_SHARE_LINK_DAYS) throw new UserError(`A share link lasts from 1 to ${MAX_SHARE_LINK_DAYS} days, not ${days}.`);
  const text = label.trim();
  if (text === '' || text.length > 200) throw new UserError('A share link needs a label of 1 to 200 characters saying who it is for.');
  const token = randomToken();
  const expires = new Date(Date.now() + days * 86_400_000);
  const id = await db.transaction(async (tx) => {
    const linkId = await new AccountStore(tx).addShareLink(community.communityId, token, text, actor.name, expires);
    await recordAudit(tx, { communityId: community.communityId, actor: actor.name, action: 'share-link.create', target: `share-link:${linkId}`, detail: { label: text, days }, ip: actor.ip });
    return linkId;
  });
  return { id, token, expires_at: expires.toISOString() };
}

export async function revokeShareLink(db: Database, community: Community, linkId: number, actor: Actor): Promise<void> {
  const done = await new AccountStore(db).revokeShareLink(community.communityId, linkId);
  if (!done) throw new UserError(`There is no active share link ${linkId}.`, 'not-found');
  await recordAudit(db, { communityId: community.communityId, actor: actor.name, action: 'share-link.revoke', target: `share-link:${linkId}`, ip: actor.ip });
}

/**
 * No default password: when a deployment has no user, the first start makes `admin`
 * with a random password (shown once by the caller) and an admin role in every
 * community there is.
 */
export async function ensureFirstAdmin(db: Database): Promise<{ username: string; password: string } | null> {
  const store = new AccountStore(db);
  if ((await store.countUsers()) > 0) return null;
  const password = randomPassword();
  const hash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const s = new AccountStore(tx);
    const id = await s.addUser('admin', 'Administrator', hash, false);
    for (const c of await listCommunities(tx)) await s.setRole(c.communityId, id, 'admin');
    await recordAudit(tx, { communityId: null, actor: 'system', action: 'user.add', target: 'user:admin', detail: { first_admin: true }, ip: null });
  });
  return { username: 'admin', password };
}

/** Makes every user who is admin somewhere, and the first user, an admin of a new community (the demo). */
export async function adoptCommunity(db: Database, community: Community): Promise<void> {
  await db.query(
    `INSERT INTO membership (community_id, user_id, role)
     SELECT $1, user_id, 'admin' FROM app_user WHERE user_id = (SELECT min(user_id) FROM app_user)
     ON CONFLICT (community_id, user_id) DO NOTHING`,
    [community.communityId],
  );
}
