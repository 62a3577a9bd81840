import type { Database } from '../../store/database.ts';
import type { Community } from '../../store/communities.ts';
import { findCommunity } from '../../store/communities.ts';
import { communityTables, quoteIdent } from '../../store/community-tables.ts';
import { personRef, recordAudit } from '../../store/audit-log.ts';
import { deriveCommunity } from '../derive.ts';
import { UserError } from '../errors.ts';
import type { ProgressListener } from '../progress.ts';
import type { Actor } from './backup.ts';

/** The audit log keeps its entries: it is append-only, and what it records outlives what it names. */
const KEPT = new Set(['audit_log']);

export interface PersonPurge {
  /** Rows removed, per table (only tables that held some). */
  rowsRemoved: Record<string, number>;
  /** People the re-derived figures count now. */
  peopleAfter: number;
}

/**
 * Removes one person from a community at their request: every row naming them in
 * every table that holds person-level rows (the By-Name List's and every HMIS
 * table with a PersonalID), then re-derives the community's figures so no
 * aggregate counts them, all in one transaction. The audit log records who did it,
 * why and how many rows went, naming the person only by `personRef`.
 */
export async function purgePerson(db: Database, community: Community, personId: string, options: { reason: string; actor: Actor; onProgress?: ProgressListener }): Promise<PersonPurge> {
  const reason = options.reason.trim();
  if (reason === '') throw new UserError('Say why the person is purged with --reason: it is kept in the audit log.');
  return db.transaction(async (tx) => {
    const target = await personRef(tx, community.communityId, personId);
    const rowsRemoved: Record<string, number> = {};
    for (const table of await communityTables(tx)) {
      if (!table.personColumn || KEPT.has(table.name)) continue;
      const [{ n }] = await tx.query<{ n: number }>(
        `WITH gone AS (DELETE FROM ${quoteIdent(table.name)} WHERE community_id = $1 AND ${quoteIdent(table.personColumn)} = $2 RETURNING 1)
         SELECT count(*)::int AS n FROM gone`,
        [community.communityId, personId],
      );
      if (n > 0) rowsRemoved[table.name] = n;
    }
    if (Object.keys(rowsRemoved).length === 0)
      throw new UserError(`There is no person "${personId}" in the community "${community.slug}": nothing was purged.`, 'not-found');
    const derived = await deriveCommunity(tx, community, { onProgress: options.onProgress });
    await recordAudit(tx, {
      communityId: community.communityId,
      actor: options.actor.name,
      action: 'person.purge',
      target,
      detail: { reason, rows_removed: rowsRemoved },
      ip: options.actor.ip,
    });
    return { rowsRemoved, peopleAfter: derived.people };
  });
}

export interface CommunityPurge {
  communityId: number;
  slug: string;
  rowsRemoved: Record<string, number>;
}

/**
 * Deletes a community and every row it has in every table, cascading or not, in one
 * transaction; `confirm` must repeat its slug. Its audit-log entries stay (the log is
 * append-only), joined by one saying it was purged.
 */
export async function purgeCommunity(db: Database, slug: string, options: { confirm: string | undefined; actor: Actor }): Promise<CommunityPurge> {
  if (options.confirm !== slug) throw new UserError(`To purge the community "${slug}" and all its data, repeat its slug: --confirm ${slug}.`);
  return db.transaction(async (tx) => {
    const community = await findCommunity(tx, slug);
    if (!community) throw new UserError(`There is no community "${slug}" here: nothing was purged.`, 'not-found');
    const rowsRemoved: Record<string, number> = {};
    // Referencing tables come first, the community itself last.
    for (const table of await communityTables(tx)) {
      if (KEPT.has(table.name)) continue;
      const [{ n }] = await tx.query<{ n: number }>(
        `WITH gone AS (DELETE FROM ${quoteIdent(table.name)} WHERE community_id = $1 RETURNING 1) SELECT count(*)::int AS n FROM gone`,
        [community.communityId],
      );
      if (n > 0) rowsRemoved[table.name] = n;
    }
    await recordAudit(tx, {
      communityId: community.communityId,
      actor: options.actor.name,
      action: 'community.purge',
      target: `community:${slug}`,
      detail: { community_id: community.communityId, slug, rows_removed: rowsRemoved },
      ip: options.actor.ip,
    });
    return { communityId: community.communityId, slug, rowsRemoved };
  });
}
