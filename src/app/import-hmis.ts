import type { Database } from '../store/database.ts';
import { HmisRepository, type HmisMergeCounts } from '../store/hmis-repository.ts';
import { withHouseholdMembers } from '../store/hmis-people.ts';
import { ImportLog } from '../store/imports.ts';
import { updateCommunity } from '../store/communities.ts';
import { readHmisExport, type HmisReadResult } from '../ingest/hmis/index.ts';
import { InputError, type FileReport } from '../ingest/problems.ts';
import { RejectsWriter } from '../ingest/rejects-writer.ts';
import { formatDay, parseDay, type Day } from '../domain/time/day.ts';
import { BnlRepository } from '../store/bnl-repository.ts';
import { resolveCommunity } from './community.ts';
import { deriveFigures, type DerivationSummary } from './derive.ts';
import { deriveHmisStatuses, type HmisStatusSummary } from './derive-hmis.ts';
import { ImportRejectedError, rejectionSummary, type ImportReport } from './import-bnl.ts';
import { UserError } from './errors.ts';
import { noProgress, type ProgressListener } from './progress.ts';

export interface ImportHmisOptions {
  /** A folder or a .zip holding the export's CSV files. */
  source: string;
  community?: string;
  acceptPartial?: boolean;
  rejectsFile?: string;
  /** The last day of data (default: the export's ExportEndDate). */
  asOf?: Day;
  onProgress?: ProgressListener;
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
  const community = await resolveCommunity(db, options.community, { slug: options.community ?? 'default', name: options.community ?? 'Default community' });
  if (community.listSource === 'bnl')
    throw new UserError(`The community "${community.slug}" keeps its By-Name List as CSV files; import the HMIS export into another community (--community <slug>).`);
  const log = new ImportLog(db, community.communityId);
  const importId = await log.start('hmis', options.source);
  const progress = options.onProgress ?? noProgress;
  const report: HmisImportReport = {
    importId,
    community: community.slug,
    status: 'failed',
    summary: '',
    format: null,
    files: [],
    merged: null,
    derivation: null,
    rejectsFile: null,
    hmis: null,
  };
  const rejects = options.acceptPartial && options.rejectsFile ? new RejectsWriter(options.rejectsFile) : null;
  try {
    await db.transaction(async (tx) => {
      const repo = new HmisRepository(tx, community.communityId);
      const hadRecords = await repo.hasRecords();
      const read = await readHmisExport(
        options.source,
        {
          begin: async () => undefined,
          rows: (batch) => repo.stage(batch.file, batch.columns, batch.rows, batch.lines, importId),
        },
        {
          onProgress: (p) => progress({ phase: `reading ${p.file}`, done: p.bytesRead, total: p.bytesTotal, unit: 'bytes' }),
          onRejectedRow: rejects ? (row) => rejects.add(row) : undefined,
        },
      );
      report.files = read.files;
      const rejected = read.files.reduce((n: number, f: FileReport) => n + f.rowsRejected, 0);
      if (rejected > 0 && !options.acceptPartial) {
        report.summary = rejectionSummary(read.files, rejected);
        throw new ImportRejectedError(report);
      }
      if (rejects && rejected > 0) report.rejectsFile = await rejects.close();
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
      report.summary =
        changed === 0
          ? `Imported HMIS export ${read.exportId} (${read.csvVersion}): nothing changed (the community already held these records).`
          : `Imported HMIS export ${read.exportId} (${read.csvVersion}): ${merged.reduce((n, m) => n + m.added, 0)} records added, ${merged.reduce((n, m) => n + m.changed, 0)} changed, ${merged.reduce((n, m) => n + m.deleted, 0)} deleted; ${statuses.onList.toLocaleString('en-US')} of ${statuses.people.toLocaleString('en-US')} people re-derived are on the list${rejected ? `; ${rejected} rows rejected` : ''}.`;
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
