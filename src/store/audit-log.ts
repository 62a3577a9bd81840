import { createHmac } from 'node:crypto';
import type { Database } from './database.ts';

export interface AuditEntry {
  /** null for what belongs to no community (a sign-in). */
  communityId: number | null;
  /** Who: a username, `cli:<login name>`, or `share-link:<id>`. */
  actor: string;
  /** What, as `noun.verb`: `session.sign-in`, `person.view`, `measure.update`, … */
  action: string;
  /** What it was done to, e.g. `measure:vets`; a person only as `personRef`. */
  target?: string | null;
  detail?: Record<string, unknown>;
  /** From where: the client's address, or `cli`. */
  ip?: string | null;
}

export interface AuditRecord {
  entry_id: number;
  at: string;
  community_id: number | null;
  actor: string;
  action: string;
  target: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
}

/** Appends to the audit log (the table refuses updates and deletes). */
export async function recordAudit(db: Database, e: AuditEntry): Promise<void> {
  await db.query('INSERT INTO audit_log (community_id, actor, action, target, detail, ip) VALUES ($1, $2, $3, $4, $5, $6)', [
    e.communityId,
    e.actor,
    e.action,
    e.target ?? null,
    JSON.stringify(e.detail ?? {}),
    e.ip ?? null,
  ]);
}

/**
 * How the audit log names a person: a keyed hash of their id with the community's
 * own key. An auditor who holds an id can find who viewed that person; the log alone
 * reveals no ids, and keeps revealing none after the person is purged.
 */
export async function personRef(db: Database, communityId: number, personId: string): Promise<string> {
  const rows = await db.query<{ audit_key: string }>('SELECT audit_key FROM community WHERE community_id = $1', [communityId]);
  if (!rows[0]) throw new Error(`community ${communityId} does not exist`);
  return 'person:' + createHmac('sha256', rows[0].audit_key).update(personId).digest('hex').slice(0, 24);
}

/** A community's audit entries, newest first. */
export async function readAudit(db: Database, communityId: number, options: { limit?: number; before?: number } = {}): Promise<AuditRecord[]> {
  const limit = Math.min(Math.max(options.limit ?? 200, 1), 10_000);
  const rows = await db.query<Omit<AuditRecord, 'at' | 'entry_id'> & { at: Date | string; entry_id: number | string }>(
    `SELECT entry_id, at, community_id, actor, action, target, detail, ip FROM audit_log
     WHERE community_id = $1 AND ($2::bigint IS NULL OR entry_id < $2) ORDER BY entry_id DESC LIMIT $3`,
    [communityId, options.before ?? null, limit],
  );
  return rows.map((r) => ({ ...r, entry_id: Number(r.entry_id), at: r.at instanceof Date ? r.at.toISOString() : new Date(r.at).toISOString() }));
}
