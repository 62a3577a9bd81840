import type { Database } from '../store/database.ts';
import { BnlRepository } from '../store/bnl-repository.ts';
import type { Community } from '../store/communities.ts';
import { hmisPeople } from '../store/hmis-people.ts';
import { deriveHmisPerson } from '../domain/hmis/derive-statuses.ts';
import type { Day } from '../domain/time/day.ts';
import type { PersonHistory } from '../domain/bnl/types.ts';
import { noProgress, type ProgressListener } from './progress.ts';
import { readAhead, WriteBehind } from './overlap.ts';

export interface HmisStatusSummary {
  people: number;
  onList: number;
  changes: number;
  /** Data problems the derivation met, counted by kind (the first words of each warning). */
  warnings: Record<string, number>;
}

/**
 * Turns HMIS records into the By-Name List: each person's statuses and attributes
 * by bnl-from-hmis.md, written to the list's tables (people who were never on the
 * list are not written). With `only`, just those people are re-derived.
 */
export async function deriveHmisStatuses(
  db: Database,
  community: Community,
  options: { asOf: Day; only?: readonly string[]; importId?: number; onProgress?: ProgressListener },
): Promise<HmisStatusSummary> {
  const repo = new BnlRepository(db, community.communityId);
  const progress = options.onProgress ?? noProgress;
  const summary: HmisStatusSummary = { people: 0, onList: 0, changes: 0, warnings: {} };
  if (!options.only) {
    // A full derivation starts from an empty list, so people deleted from the export go too.
    await db.query('DELETE FROM bnl_transition WHERE community_id = $1', [community.communityId]);
    await db.query('DELETE FROM bnl_person WHERE community_id = $1', [community.communityId]);
  }
  const [{ n: total }] = options.only
    ? [{ n: options.only.length }]
    : await db.query<{ n: number }>('SELECT count(*)::int AS n FROM hmis_client WHERE community_id = $1', [community.communityId]);
  const writes = new WriteBehind();
  for await (const batch of readAhead(hmisPeople(db, community.communityId, { only: options.only }))) {
    const derived: PersonHistory[] = [];
    for (const input of batch) {
      const d = deriveHmisPerson(input, { inactivityDays: community.settings.inactivityDays, asOf: options.asOf });
      for (const w of d.warnings) {
        const kind = w.split(':')[0].slice(0, 80);
        summary.warnings[kind] = (summary.warnings[kind] ?? 0) + 1;
      }
      if (d.changes.length > 0) derived.push({ person: d.person, changes: d.changes });
      summary.changes += d.changes.length;
    }
    const ids = options.only ? batch.map((p) => p.client.personalId) : null;
    await writes.send(async () => {
      if (ids) await repo.removePeople(ids);
      await repo.writeDerivedPeople(derived, options.importId ?? null);
    });
    summary.people += batch.length;
    summary.onList += derived.length;
    progress({ phase: 'deriving statuses from HMIS records', done: summary.people, total, unit: 'people' });
  }
  await writes.flush();
  if (options.only) {
    // Touched people no longer in the export (their Client record was deleted).
    const gone = await db.query<{ person_id: string }>(
      `SELECT b.person_id FROM bnl_person b WHERE b.community_id = $1 AND b.person_id = ANY($2)
          AND NOT EXISTS (SELECT 1 FROM hmis_client c WHERE c.community_id = b.community_id AND c.personalid = b.person_id)`,
      [community.communityId, options.only],
    );
    await repo.removePeople(gone.map((g) => g.person_id));
  }
  return summary;
}
