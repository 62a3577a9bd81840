import type { Database } from '../store/database.ts';
import { BnlRepository, type MergeCounts } from '../store/bnl-repository.ts';
import { ImportLog } from '../store/imports.ts';
import { readBnlDirectory, type BnlReadResult } from '../ingest/bnl/index.ts';
import { InputError, type FileReport } from '../ingest/problems.ts';
import { RejectsWriter } from '../ingest/rejects-writer.ts';
import type { Day } from '../domain/time/day.ts';
import { resolveCommunity } from './community.ts';
import { updateCommunity } from '../store/communities.ts';
import { UserError } from './errors.ts';
import { deriveCommunity, type DerivationSummary } from './derive.ts';
import { noProgress, type ProgressListener } from './progress.ts';

export interface ImportBnlOptions {
  dir: string;
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

export interface ImportReport {
  importId: number;
  community: string;
  status: 'succeeded' | 'failed';
  /** One sentence: what happened. */
  summary: string;
  format: BnlReadResult['format'] | null;
  files: FileReport[];
  merged: MergeCounts | null;
  derivation: DerivationSummary | null;
  /** Where the rejected rows were written (with --accept-partial), when there were any. */
  rejectsFile: string | null;
}

/**
 * The one sentence for an all-or-nothing import stopped by row errors: how many,
 * and where the first one is, so a data lead can start fixing at once.
 */
export function rejectionSummary(files: readonly FileReport[], rejected: number): string {
  const first = files.flatMap((f) => f.problems).find((p) => p.severity === 'error');
  const where = first ? `; the first is ${first.file} line ${first.line}${first.column ? `, ${first.column}` : ''}: ${first.message.replace(/\.$/, '')}` : '';
  return `Nothing was imported: ${rejected} row${rejected === 1 ? ' has' : 's have'} errors${where} (imports are all or nothing unless --accept-partial is given).`;
}

/** Raised when row errors stop an all-or-nothing import; carries the stored report. */
export class ImportRejectedError extends Error {
  constructor(readonly report: ImportReport) {
    super(report.summary);
    this.name = 'ImportRejectedError';
  }
}

/**
 * Imports a By-Name List folder (docs/formats/bnl-csv.md) into a community and
 * re-derives its figures, in one transaction: a failed import leaves the
 * database as it was. The import report is stored either way.
 */
export async function importBnl(db: Database, options: ImportBnlOptions): Promise<ImportReport> {
  const community = await resolveCommunity(db, options.community, { slug: options.community ?? 'default', name: options.community ?? 'Default community' });
  if (community.listSource === 'hmis')
    throw new UserError(`The community "${community.slug}" gets its By-Name List from an HMIS export; import these files into another community (--community <slug>).`);
  const log = new ImportLog(db, community.communityId);
  const importId = await log.start('bnl', options.dir);
  const progress = options.onProgress ?? noProgress;
  const report: ImportReport = {
    importId,
    community: community.slug,
    status: 'failed',
    summary: '',
    format: null,
    files: [],
    merged: null,
    derivation: null,
    rejectsFile: null,
  };
  const rejects = options.acceptPartial && options.rejectsFile ? new RejectsWriter(options.rejectsFile) : null;
  try {
    await db.transaction(async (tx) => {
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
      const rejected = read.files.reduce((n, f) => n + f.rowsRejected, 0);
      if (rejected > 0 && !options.acceptPartial) {
        report.summary = rejectionSummary(read.files, rejected);
        throw new ImportRejectedError(report);
      }
      progress({ phase: 'merging', done: 0, total: null, unit: 'rows' });
      if (rejects && rejected > 0) report.rejectsFile = await rejects.close();
      report.merged = await repo.mergeStaged(importId, options.replace ?? false);
      await updateCommunity(tx, community.communityId, { listSource: 'bnl' });
      const range = await repo.changeRange();
      report.derivation = await deriveCommunity(tx, community, { asOf: options.asOf ?? range?.last, onProgress: progress });
      report.status = 'succeeded';
      const m = report.merged;
      const changed = m.personsAdded + m.personsChanged + m.changesAdded + m.changesChanged + m.personsRemoved;
      report.summary =
        changed === 0
          ? `Imported ${read.personCount} people: nothing changed (the list already held these records).`
          : `Imported ${read.personCount} people and ${read.changeCount} status changes: ${m.personsAdded} people added, ${m.personsChanged} updated, ${m.changesAdded} changes added, ${m.changesChanged} updated${m.personsRemoved ? `, ${m.personsRemoved} people removed` : ''}${rejected ? `; ${rejected} rows rejected${report.rejectsFile ? ` (written to ${report.rejectsFile})` : ''}` : ''}.`;
    });
  } catch (e) {
    await rejects?.discard();
    report.status = 'failed';
    if (e instanceof InputError || e instanceof UserError) report.summary = e.message;
    else if (!(e instanceof ImportRejectedError)) report.summary = `The import failed: ${(e as Error).message}`;
    await log.finish(importId, 'failed', report.summary, report);
    throw e;
  }
  await log.finish(importId, 'succeeded', report.summary, report);
  return report;
}
