import type { Database } from '../store/database.ts';
import { copyMiddle, HmisRepository, type HmisMergeCounts } from '../store/hmis-repository.ts';
import { withHouseholdMembers } from '../store/hmis-people.ts';
import { updateCommunity } from '../store/communities.ts';
import { readHmisExport, type HmisProgress, type HmisReadResult } from '../ingest/hmis/index.ts';
import { readHmisExportInWorker, worthAWorker } from '../ingest/hmis/read-in-worker.ts';
import type { RejectedRow } from '../ingest/problems.ts';
import { InputError } from '../ingest/problems.ts';
import { formatDay, parseDay, type Day } from '../domain/time/day.ts';
import { BnlRepository } from '../store/bnl-repository.ts';
import { deriveFigures, type DerivationSummary } from './derive.ts';
import { deriveHmisStatuses, type HmisStatusSummary } from './derive-hmis.ts';
import { recordedImport, type ImportReport } from './recorded-import.ts';
import { noProgress, type ProgressListener } from './progress.ts';

export interface ImportHmisOptions {
  /** A folder or a .zip holding the export's CSV files. */
  source: string;
  /** How the import log names the source, when its path means nothing to a reader (an upload's temporary file). */
  sourceName?: string;
  community?: string;
  acceptPartial?: boolean;
  rejectsFile?: string;
  /** The last day of data (default: the export's ExportEndDate). */
  asOf?: Day;
  onProgress?: ProgressListener;
  /** Read the CSV on a worker thread (default: when the export is large enough to repay one, `worthAWorker`). */
  readOnWorker?: boolean;
}

export interface HmisImportReport extends ImportReport {
  hmis: {
    version: HmisReadResult['version'];
    csvVersion: string;
    exportId: string;
    exportStart: string | null;
    exportEnd: string | null;
    merged: HmisMergeCounts[];
    /** Who was re-derived: everyone, or the people the export touched and their households. */
    rederived: 'everyone' | number;
    statuses: HmisStatusSummary;
  } | null;
}

/** Files whose changes can affect anyone enrolled in a project: they re-derive everyone. */
const PROJECT_FILES = new Set(['Project', 'Organization', 'ProjectCoC']);

/**
 * Imports a HUD HMIS CSV export (FY2024 or FY2026) into a community: every file
 * into its table, merged by HMIS IDs with `DateDeleted` records removed; then the
 * people it touched are re-derived (bnl-from-hmis.md) and the figures rebuilt. All
 * in one transaction; the report is stored either way.
 */
export async function importHmis(db: Database, options: ImportHmisOptions): Promise<HmisImportReport> {
  const progress = options.onProgress ?? noProgress;
  return recordedImport<HmisImportReport>(
    db,
    {
      community: options.community,
      kind: 'hmis',
      source: options.sourceName ?? options.source,
      acceptPartial: options.acceptPartial,
      rejectsFile: options.rejectsFile,
      otherKindRefusal: (slug) => `The community "${slug}" keeps its By-Name List as CSV files; import the HMIS export into another community (--community <slug>).`,
    },
    (importId, community) => ({ importId, community, status: 'failed', summary: '', format: null, files: [], merged: null, derivation: null, rejectsFile: null, hmis: null }),
    async ({ tx, community, importId, report, rejects, checkRejected }) => {
      const repo = new HmisRepository(tx, community.communityId);
      const hadRecords = await repo.hasRecords();
      if (!hadRecords) repo.firstImport();
      let read: HmisReadResult;
      const readOptions = {
        onProgress: (p: HmisProgress) => progress({ phase: `reading ${p.file}`, done: p.bytesRead, total: p.bytesTotal, unit: 'bytes' }),
        onRejectedRow: rejects ? (row: RejectedRow) => rejects.add(row) : undefined,
      };
      try {
        read =
          (options.readOnWorker ?? worthAWorker(options.source))
            ? await readHmisExportInWorker(
                options.source,
                { prefix: repo.copyPrefix, middle: copyMiddle(importId) },
                (b) => repo.stageEncoded(b.file, b.columns, { text: b.live, count: b.liveCount }, { text: b.deleted, count: b.deletedCount }),
                readOptions,
              )
            : await readHmisExport(
                options.source,
                { begin: async () => undefined, rows: (batch) => repo.stage(batch.file, batch.columns, batch.rows, batch.lines, importId) },
                readOptions,
              );
        await repo.finishLoading();
      } catch (e) {
        await repo.abandonLoading();
        throw e;
      }
      report.files = read.files;
      const rejected = await checkRejected(read.files);
      progress({ phase: 'merging records', done: 0, total: null, unit: 'rows' });
      const merged: HmisMergeCounts[] = [];
      for (const file of repo.stagedFiles) merged.push(await repo.merge(file));
      await repo.refreshStatistics(repo.stagedFiles);
      const asOf = options.asOf ?? (read.exportEnd ? parseDay(read.exportEnd) : null) ?? undefined;
      if (asOf === undefined) throw new InputError('Export.csv: ExportEndDate is missing or not a date, and no --as-of was given; expected YYYY-MM-DD.');
      const projectChanged = merged.some((m) => PROJECT_FILES.has(m.file) && m.added + m.changed + m.deleted > 0);
      // Statuses depend on the as-of day (open stays, the inactivity threshold): when it moves,
      // people without new records change too.
      const previous = await new BnlRepository(tx, community.communityId).derivation();
      const asOfMoved = previous === null || previous.asOf !== formatDay(asOf);
      const full = !hadRecords || projectChanged || asOfMoved;
      const touched = full ? undefined : await withHouseholdMembers(tx, community.communityId, await repo.touchedPeople());
      await updateCommunity(tx, community.communityId, { listSource: 'hmis' });
      const statuses = await deriveHmisStatuses(tx, { ...community, listSource: 'hmis' }, { asOf, only: touched, importId, onProgress: progress });
      const derivation: DerivationSummary = await deriveFigures(tx, { ...community, listSource: 'hmis' }, { asOf, onProgress: progress });
      report.derivation = derivation;
      report.hmis = {
        version: read.version,
        csvVersion: read.csvVersion,
        exportId: read.exportId,
        exportStart: read.exportStart,
        exportEnd: read.exportEnd,
        merged,
        rederived: full ? 'everyone' : touched!.length,
        statuses,
      };
      report.status = 'succeeded';
      const changed = merged.reduce((n, m) => n + m.added + m.changed + m.deleted, 0);
      const total = (what: 'added' | 'changed' | 'deleted') => merged.reduce((n, m) => n + m[what], 0).toLocaleString('en-US');
      report.summary =
        changed === 0
          ? `Imported HMIS export ${read.exportId} (${read.csvVersion}): nothing changed (the community already held these records).`
          : `Imported HMIS export ${read.exportId} (${read.csvVersion}): ${total('added')} records added, ${total('changed')} changed, ${total('deleted')} deleted; ${statuses.onList.toLocaleString('en-US')} of ${statuses.people.toLocaleString('en-US')} people re-derived are on the list${rejected ? `; ${rejected.toLocaleString('en-US')} rows rejected` : ''}.`;
    },
  );
}
