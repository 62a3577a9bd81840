/**
 * Reads an HMIS export on a worker thread (read-worker.ts), handing back each batch of
 * rows already encoded as COPY text. Parsing and checking the CSV then runs on the
 * machine's other core while this thread stores the rows — with the embedded database,
 * while the database itself runs here — instead of the two taking turns. The worker has
 * its own heap, sized for the reader's many short-lived strings.
 *
 * The checks, problems and result are exactly those of `readHmisExport` (it is what the
 * worker runs). A small export is read on this thread: starting a worker costs more than it
 * saves there.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { HmisFileName } from '../../domain/hmis/csv-columns.ts';
import { InputError, type RejectedRow } from '../problems.ts';
import type { HmisProgress, HmisReadOptions, HmisReadResult } from './types.ts';

/** One batch of a file's rows as COPY lines, rows carrying a DateDeleted kept apart. */
export interface EncodedHmisBatch {
  file: HmisFileName;
  /** HUD column names, in the order of each line's values. */
  columns: readonly string[];
  live: string;
  liveCount: number;
  /** Rows whose DateDeleted is set: a merge needs them, a first load leaves them out. */
  deleted: string;
  deletedCount: number;
}

/**
 * Each line is `prefix`, the row's values in `columns` order, `middle` and the row's line in
 * the file: the loader puts the columns it adds (community, import) in `prefix` and `middle`.
 */
export interface CopyEncoding {
  prefix: string;
  middle: string;
}

export interface ReadWorkerData {
  source: string;
  batchSize: number | undefined;
  encoding: CopyEncoding;
  wantsRejectedRows: boolean;
}

export type ReadWorkerMessage =
  | { type: 'batch'; batch: EncodedHmisBatch }
  | { type: 'progress'; progress: HmisProgress }
  | { type: 'rejected'; row: RejectedRow }
  | { type: 'done'; result: HmisReadResult }
  | { type: 'failed'; input: boolean; message: string; stack: string | null };

/**
 * From this size an export is read on a worker thread: starting one costs a fraction of a
 * second, which a few megabytes of CSV do not repay.
 */
export const READ_ON_WORKER_FROM_BYTES = 32 * 2 ** 20;

/** Whether `source` (a zip, or a folder of CSV files) is large enough to be read on a worker thread. */
export function worthAWorker(source: string): boolean {
  try {
    const st = statSync(source);
    if (!st.isDirectory()) return st.size >= READ_ON_WORKER_FROM_BYTES;
    let total = 0;
    for (const entry of readdirSync(source, { withFileTypes: true })) if (entry.isFile()) total += statSync(join(source, entry.name)).size;
    return total >= READ_ON_WORKER_FROM_BYTES;
  } catch {
    return false; // the reader says what is wrong with the source
  }
}

/** The worker's young generation, in MB: V8's default (16 MB semi-spaces) promotes much of a batch. */
const READER_YOUNG_GENERATION_MB = 96;

/** Where the worker's code is: beside this file when running from source, in the build's folder otherwise; null when it cannot be found. */
export function readWorkerEntry(): URL | null {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return new URL('./read-worker-from-source.mjs', here);
  // Bundled (bin/build.mjs): this code is in dist/cli/ or dist/cli/chunks/.
  for (const candidate of ['./hmis-read-worker.js', '../hmis-read-worker.js']) {
    const url = new URL(candidate, here);
    if (existsSync(url)) return url;
  }
  return null;
}

/**
 * Reads `source` (a folder or a zip) on a worker thread. `onBatch` is awaited before the
 * worker is allowed further ahead (a few batches at most), so a slow loader slows the reader
 * rather than filling memory. If `onBatch` fails, the worker is stopped and the failure is
 * thrown; a reading failure is thrown as it was raised (an InputError stays one).
 */
export async function readHmisExportInWorker(
  source: string,
  encoding: CopyEncoding,
  onBatch: (batch: EncodedHmisBatch) => Promise<void>,
  options: HmisReadOptions = {},
): Promise<HmisReadResult> {
  const entry = readWorkerEntry();
  if (entry === null) throw new Error('The HMIS reader worker (hmis-read-worker.js) is missing from the build; run `npm run build`.');
  const data: ReadWorkerData = { source, batchSize: options.batchSize, encoding, wantsRejectedRows: options.onRejectedRow !== undefined };
  const worker = new Worker(entry, {
    workerData: data,
    resourceLimits: { maxYoungGenerationSizeMb: READER_YOUNG_GENERATION_MB },
  });
  try {
    return await new Promise<HmisReadResult>((resolve, reject) => {
      let loading: Promise<void> = Promise.resolve();
      let failed = false;
      const fail = (e: unknown) => {
        if (failed) return;
        failed = true;
        reject(e);
      };
      worker.on('message', (m: ReadWorkerMessage) => {
        if (failed) return;
        switch (m.type) {
          case 'batch':
            loading = loading.then(async () => {
              if (failed) return;
              await onBatch(m.batch);
              worker.postMessage({ type: 'ack' });
            });
            loading.catch(fail);
            break;
          case 'progress':
            options.onProgress?.(m.progress);
            break;
          case 'rejected':
            options.onRejectedRow?.(m.row);
            break;
          case 'done':
            loading.then(() => resolve(m.result), fail);
            break;
          case 'failed': {
            const e = m.input ? new InputError(m.message) : new Error(m.message);
            if (!m.input && m.stack) e.stack = m.stack;
            // Let batches already sent finish first, so the caller aborts a settled loader.
            loading.then(() => fail(e), () => fail(e));
            break;
          }
        }
      });
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`The HMIS reader worker stopped (exit code ${code}) before it finished.`)));
    });
  } finally {
    await worker.terminate();
  }
}
