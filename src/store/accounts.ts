import { createHash } from 'node:crypto';
import type { Database } from './database.ts';
import type { Role } from '../domain/auth/access.ts';

export interface UserRow {
  user_id: number;
  username: string;
  display_name: string;
  password_hash: string;
  must_change_password: boolean;
  disabled: boolean;
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
}

export interface SessionRow {
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface ShareLinkRow {
  community_id: number;
  link_id: number;
  label: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

/** Tokens are stored hashed: a stolen copy of the database opens no session. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function toUser(r: Record<string, unknown>): UserRow {
  return {
    user_id: Number(r.user_id),
    username: r.username as string,
    display_name: r.display_name as string,
    password_hash: r.password_hash as string,
    must_change_password: Boolean(r.must_change_password),
    disabled: Boolean(r.disabled),
    failed_logins: Number(r.failed_logins),
    locked_until: iso(r.locked_until),
    created_at: iso(r.created_at)!,
  };
}

/** Users, their roles in communities, sessions and share links. */
export class AccountStore {
  constructor(private readonly db: Database) {}

  async countUsers(): Promise<number> {
    const r = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM app_user');
    return Number(r[0].n);
  }

  async userByName(username: string): Promise<UserRow | null> {
    const r = await this.db.query<Record<string, unknown>>('SELECT * FROM app_user WHERE username = $1', [username.toLowerCase()]);
    return r[0] ? toUser(r[0]) : null;
  }

  async userById(id: number): Promise<UserRow | null> {
    const r = await this.db.query<Record<string, unknown>>('SELECT * FROM app_user WHERE user_id = $1', [id]);
    return r[0] ? toUser(r[0]) : null;
  }

  async users(): Promise<UserRow[]> {
    return (await this.db.query<Record<string, unknown>>('SELECT * FROM app_user ORDER BY username')).map(toUser);
  }

  async addUser(username: string, displayName: string, passwordHash: string, mustChange: boolean): Promise<number> {
    const r = await this.db.query<{ user_id: number }>(
      'INSERT INTO app_user (username, display_name, password_hash, must_change_password) VALUES ($1, $2, $3, $4) RETURNING user_id',
      [username.toLowerCase(), displayName, passwordHash, mustChange],
    );
    return Number(r[0].user_id);
  }

  async setPassword(userId: number, passwordHash: string, mustChange: boolean): Promise<void> {
    await this.db.query(
      'UPDATE app_user SET password_hash = $2, must_change_password = $3, password_changed_at = now(), failed_logins = 0, locked_until = NULL WHERE user_id = $1',
      [userId, passwordHash, mustChange],
    );
  }

  async setDisabled(userId: number, disabled: boolean): Promise<void> {
    await this.db.query('UPDATE app_user SET disabled = $2 WHERE user_id = $1', [userId, disabled]);
  }

  /** Counts a failed sign-in; locks the account until `lockUntil` when given. */
  async recordFailure(userId: number, lockUntil: Date | null): Promise<void> {
    await this.db.query('UPDATE app_user SET failed_logins = failed_logins + 1, locked_until = coalesce($2, locked_until) WHERE user_id = $1', [userId, lockUntil]);
  }

  async recordSuccess(userId: number): Promise<void> {
    await this.db.query('UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE user_id = $1', [userId]);
  }

  // Roles.

  async roles(userId: number): Promise<Map<number, Role>> {
    const r = await this.db.query<{ community_id: number; role: Role }>('SELECT community_id, role FROM membership WHERE user_id = $1', [userId]);
    return new Map(r.map((m) => [Number(m.community_id), m.role]));
  }

  async setRole(communityId: number, userId: number, role: Role | null): Promise<void> {
    if (role === null) await this.db.query('DELETE FROM membership WHERE community_id = $1 AND user_id = $2', [communityId, userId]);
    else
      await this.db.query(
        'INSERT INTO membership (community_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT (community_id, user_id) DO UPDATE SET role = EXCLUDED.role',
        [communityId, userId, role],
      );
  }

  async members(communityId: number): Promise<{ user_id: number; username: string; display_name: string; role: Role; disabled: boolean }[]> {
    const r = await this.db.query<{ user_id: number; username: string; display_name: string; role: Role; disabled: boolean }>(
      `SELECT u.user_id, u.username, u.display_name, m.role, u.disabled FROM membership m JOIN app_user u ON u.user_id = m.user_id
       WHERE m.community_id = $1 ORDER BY u.username`,
      [communityId],
    );
    return r.map((x) => ({ ...x, user_id: Number(x.user_id) }));
  }

  // Sessions.

  async addSession(token: string, userId: number, csrfToken: string, expiresAt: Date, ip: string | null, userAgent: string | null): Promise<void> {
    await this.db.query('INSERT INTO user_session (token_hash, user_id, csrf_token, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6)', [
      tokenHash(token),
      userId,
      csrfToken,
      expiresAt,
      ip,
      userAgent?.slice(0, 300) ?? null,
    ]);
  }

  /**
   * A session with its user and the user's roles in one round trip: every request
   * of a signed-in reader starts here, so it is one query, not three.
   */
  async sessionWithUser(token: string): Promise<{ session: SessionRow; user: UserRow; roles: Map<number, Role> } | null> {
    const r = await this.db.query<Record<string, unknown>>(
      `SELECT s.csrf_token, s.created_at AS session_created_at, s.last_seen_at, s.expires_at, u.*,
              (SELECT coalesce(json_agg(json_build_array(m.community_id, m.role)), '[]'::json) FROM membership m WHERE m.user_id = u.user_id) AS roles
         FROM user_session s JOIN app_user u ON u.user_id = s.user_id
        WHERE s.token_hash = $1`,
      [tokenHash(token)],
    );
    if (!r[0]) return null;
    const row = r[0];
    const roles = (typeof row.roles === 'string' ? JSON.parse(row.roles) : row.roles) as [number, Role][];
    return {
      session: {
        user_id: Number(row.user_id),
        csrf_token: row.csrf_token as string,
        created_at: iso(row.session_created_at)!,
        last_seen_at: iso(row.last_seen_at)!,
        expires_at: iso(row.expires_at)!,
      },
      user: toUser(row),
      roles: new Map(roles.map(([c, role]) => [Number(c), role])),
    };
  }

  async touchSession(token: string): Promise<void> {
    await this.db.query('UPDATE user_session SET last_seen_at = now() WHERE token_hash = $1', [tokenHash(token)]);
  }

  async removeSession(token: string): Promise<void> {
    await this.db.query('DELETE FROM user_session WHERE token_hash = $1', [tokenHash(token)]);
  }

  /** Signs a user out everywhere; returns how many sessions ended. */
  async removeSessionsOf(userId: number, except: string | null = null): Promise<number> {
    const rows = await this.db.query('DELETE FROM user_session WHERE user_id = $1 AND token_hash IS DISTINCT FROM $2 RETURNING user_id', [userId, except === null ? null : tokenHash(except)]);
    return rows.length;
  }

  async removeExpiredSessions(): Promise<void> {
    await this.db.query('DELETE FROM user_session WHERE expires_at < now()');
  }

  // Share links.

  async addShareLink(communityId: number, token: string, label: string, createdBy: string, expiresAt: Date): Promise<number> {
    const r = await this.db.query<{ next: number }>('SELECT coalesce(max(link_id), 0) + 1 AS next FROM share_link WHERE community_id = $1', [communityId]);
    const id = Number(r[0].next);
    await this.db.query('INSERT INTO share_link (community_id, link_id, token_hash, label, created_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      communityId,
      id,
      tokenHash(token),
      label,
      createdBy,
      expiresAt,
    ]);
    return id;
  }

  async shareLinkByToken(token: string): Promise<ShareLinkRow | null> {
    const r = await this.db.query<Record<string, unknown>>('SELECT * FROM share_link WHERE token_hash = $1', [tokenHash(token)]);
    return r[0] ? toLink(r[0]) : null;
  }

  async shareLinks(communityId: number): Promise<ShareLinkRow[]> {
    return (await this.db.query<Record<string, unknown>>('SELECT * FROM share_link WHERE community_id = $1 ORDER BY link_id', [communityId])).map(toLink);
  }

  async revokeShareLink(communityId: number, linkId: number): Promise<boolean> {
    const r = await this.db.query('UPDATE share_link SET revoked_at = now() WHERE community_id = $1 AND link_id = $2 AND revoked_at IS NULL RETURNING link_id', [communityId, linkId]);
    return r.length > 0;
  }
}

function toLink(r: Record<string, unknown>): ShareLinkRow {
  return {
    community_id: Number(r.community_id),
    link_id: Number(r.link_id),
    label: r.label as string,
    created_by: r.created_by as string,
    created_at: iso(r.created_at)!,
    expires_at: iso(r.expires_at)!,
    revoked_at: iso(r.revoked_at),
  };
}
