/**
 * The worker thread of `readHmisExportInWorker` (read-in-worker.ts): reads the export
 * with `readHmisExport` and sends each batch on as COPY text, so the thread that stores
 * the rows (and, with the embedded database, runs the database itself) never parses CSV.
 *
 * Messages to the parent: `batch` (at most MAX_BATCHES_IN_FLIGHT unacknowledged: memory
 * stays bounded however fast the reader is), `progress`, `rejected`, then `done` with the
 * read result or `failed` with the error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { copyRows } from '../../store/copy-csv.ts';
import { InputError } from '../problems.ts';
import { readHmisExport } from './read-export.ts';
import type { HmisValue } from './types.ts';
import type { EncodedHmisBatch, ReadWorkerData, ReadWorkerMessage } from './read-in-worker.ts';

export const MAX_BATCHES_IN_FLIGHT = 4;

const port = parentPort!;
const data = workerData as ReadWorkerData;
const post = (m: ReadWorkerMessage) => port.postMessage(m);

let credits = MAX_BATCHES_IN_FLIGHT;
let wake: (() => void) | null = null;
port.on('message', (m: { type: 'ack' }) => {
  if (m.type !== 'ack') return;
  credits++;
  wake?.();
  wake = null;
});

function encode(file: EncodedHmisBatch['file'], columns: readonly string[], rows: HmisValue[][], lines: number[]): EncodedHmisBatch {
  const column = columns.indexOf('DateDeleted'); // -1 (Export.csv): every row is live
  const { prefix, middle } = data.encoding;
  const live = copyRows(prefix, rows, middle, lines, { column, set: false });
  const gone = column < 0 ? { text: '', count: 0 } : copyRows(prefix, rows, middle, lines, { column, set: true });
  return { file, columns, live: live.text, liveCount: live.count, deleted: gone.text, deletedCount: gone.count };
}

try {
  const result = await readHmisExport(
    data.source,
    {
      begin: async () => undefined,
      rows: async (batch) => {
        while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
        credits--;
        post({ type: 'batch', batch: encode(batch.file, batch.columns, batch.rows, batch.lines) });
      },
    },
    {
      batchSize: data.batchSize,
      onProgress: (p) => post({ type: 'progress', progress: p }),
      onRejectedRow: data.wantsRejectedRows ? (row) => post({ type: 'rejected', row }) : undefined,
    },
  );
  post({ type: 'done', result });
} catch (e) {
  post({ type: 'failed', input: e instanceof InputError, message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? (e.stack ?? null) : null });
}
