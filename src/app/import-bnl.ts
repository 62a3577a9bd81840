import { BnlRepository } from '../store/bnl-repository.ts';
import type { Database } from '../store/database.ts';
import { updateCommunity } from '../store/communities.ts';
import { readBnlDirectory } from '../ingest/bnl/index.ts';
import type { Day } from '../domain/time/day.ts';
import { deriveCommunity } from './derive.ts';
import { noProgress, type ProgressListener } from './progress.ts';
import { recordedImport, type ImportReport } from './recorded-import.ts';

export { ImportRejectedError, rejectionSummary, type ImportReport } from './recorded-import.ts';

export interface ImportBnlOptions {
  dir: string;
  /** How the import log names the source, when the folder's path means nothing to a reader (an upload's temporary folder). */
  sourceName?: string;
  community?: string;
  /** Load the good rows even when some are rejected (otherwise all or nothing). */
  acceptPartial?: boolean;
  /** With acceptPartial: where to write the rejected rows, with their reasons. */
  rejectsFile?: string;
  /** Remove people and changes that this import does not contain. */
  replace?: boolean;
  /** The last day of data (default: the latest date in the files). */
  asOf?: Day;
  onProgress?: ProgressListener;
}

/**
 * Imports a By-Name List folder (docs/formats/bnl-csv.md) into a community and
 * re-derives its figures, in one transaction: a failed import leaves the
 * database as it was. The import report is stored either way.
 */
export async function importBnl(db: Database, options: ImportBnlOptions): Promise<ImportReport> {
  const progress = options.onProgress ?? noProgress;
  return recordedImport<ImportReport>(
    db,
    {
      community: options.community,
      kind: 'bnl',
      source: options.sourceName ?? options.dir,
      acceptPartial: options.acceptPartial,
      rejectsFile: options.rejectsFile,
      otherKindRefusal: (slug) => `The community "${slug}" gets its By-Name List from an HMIS export; import these files into another community (--community <slug>).`,
    },
    (importId, community) => ({ importId, community, status: 'failed', summary: '', format: null, files: [], merged: null, derivation: null, rejectsFile: null }),
    async ({ tx, community, importId, report, rejects, checkRejected }) => {
      const repo = new BnlRepository(tx, community.communityId);
      await repo.beginStaging();
      const read = await readBnlDirectory(
        options.dir,
        { persons: (rows) => repo.stagePersons(rows), statusChanges: (rows) => repo.stageChanges(rows) },
        {
          asOf: options.asOf,
          onProgress: (p) => progress({ phase: `reading ${p.file}`, done: p.bytesRead, total: p.bytesTotal, unit: 'bytes' }),
          onRejectedRow: rejects ? (row) => rejects.add(row) : undefined,
        },
      );
      report.format = read.format;
      report.files = read.files;
      const rejected = await checkRejected(read.files);
      progress({ phase: 'merging', done: 0, total: null, unit: 'rows' });
      const m = await repo.mergeStaged(importId, options.replace ?? false);
      report.merged = m;
      await updateCommunity(tx, community.communityId, { listSource: 'bnl' });
      const range = await repo.changeRange();
      report.derivation = await deriveCommunity(tx, community, { asOf: options.asOf ?? range?.last, onProgress: progress });
      report.status = 'succeeded';
      const changed = m.personsAdded + m.personsChanged + m.changesAdded + m.changesChanged + m.personsRemoved;
      report.summary =
        changed === 0
          ? `Imported ${read.personCount} people: nothing changed (the list already held these records).`
          : `Imported ${read.personCount} people and ${read.changeCount} status changes: ${m.personsAdded} people added, ${m.personsChanged} updated, ${m.changesAdded} changes added, ${m.changesChanged} updated${m.personsRemoved ? `, ${m.personsRemoved} people removed` : ''}${rejected ? `; ${rejected} rows rejected${report.rejectsFile ? ` (written to ${report.rejectsFile})` : ''}` : ''}.`;
    },
  );
}
