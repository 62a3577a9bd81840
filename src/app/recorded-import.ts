import type { Database } from '../store/database.ts';
import type { Community } from '../store/communities.ts';
import { ImportLog } from '../store/imports.ts';
import { InputError, type FileReport } from '../ingest/problems.ts';
import { RejectsWriter } from '../ingest/rejects-writer.ts';
import { resolveCommunity } from './community.ts';
import { UserError } from './errors.ts';
import type { MergeCounts } from '../store/bnl-repository.ts';
import type { BnlReadResult } from '../ingest/bnl/index.ts';
import type { DerivationSummary } from './derive.ts';

/** What an import stores about itself (the HMIS import adds its own section). */
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

export interface ImportRun<R extends ImportReport> {
  tx: Database;
  community: Community;
  importId: number;
  report: R;
  /** Where rejected rows go with --accept-partial; null otherwise. */
  rejects: RejectsWriter | null;
  /**
   * Stops an all-or-nothing import when rows were rejected (rolling everything back),
   * or, with --accept-partial, finishes the rejects file. Returns the rejected count.
   */
  checkRejected(files: readonly FileReport[]): Promise<number>;
}

/**
 * What every import shares: the community (created when new, refused when its list
 * comes from the other kind of source), a logged import run, one transaction for
 * the whole work, and the report stored whether it succeeds or fails.
 */
export async function recordedImport<R extends ImportReport>(
  db: Database,
  options: { community?: string; kind: 'bnl' | 'hmis'; source: string; acceptPartial?: boolean; rejectsFile?: string; otherKindRefusal: (slug: string) => string },
  blankReport: (importId: number, community: string) => R,
  work: (run: ImportRun<R>) => Promise<void>,
): Promise<R> {
  const community = await resolveCommunity(db, options.community, { slug: options.community ?? 'default', name: options.community ?? 'Default community' });
  if (community.listSource !== null && community.listSource !== options.kind) throw new UserError(options.otherKindRefusal(community.slug));
  const log = new ImportLog(db, community.communityId);
  const importId = await log.start(options.kind, options.source);
  const report = blankReport(importId, community.slug);
  const rejects = options.acceptPartial && options.rejectsFile ? new RejectsWriter(options.rejectsFile) : null;
  try {
    await db.transaction((tx) =>
      work({
        tx,
        community,
        importId,
        report,
        rejects,
        async checkRejected(files) {
          const rejected = files.reduce((n, f) => n + f.rowsRejected, 0);
          if (rejected > 0 && !options.acceptPartial) {
            report.summary = rejectionSummary(files, rejected);
            throw new ImportRejectedError(report);
          }
          if (rejects && rejected > 0) report.rejectsFile = await rejects.close();
          return rejected;
        },
      }),
    );
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
