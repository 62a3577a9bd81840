import type { ProgressEvent, ProgressListener } from '../app/progress.ts';

/**
 * A one-line progress bar on stderr, shown only on a terminal and only once a
 * task has run for half a second (quick commands stay quiet).
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): ProgressListener & { done(): void } {
  const started = Date.now();
  let lastDraw = 0;
  let drawn = false;
  const listener = ((e: ProgressEvent) => {
    if (!stream.isTTY) return;
    const now = Date.now();
    if (now - started < 500 || now - lastDraw < 100) return;
    lastDraw = now;
    drawn = true;
    const width = 28;
    let bar: string;
    let figures: string;
    if (e.total && e.total > 0) {
      const share = Math.min(1, e.done / e.total);
      const filled = Math.round(share * width);
      bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)}%`;
      figures = `${amount(e.done, e.unit)} of ${amount(e.total, e.unit)}`;
    } else {
      bar = `[${'.'.repeat(width)}]`;
      figures = e.done ? amount(e.done, e.unit) : '';
    }
    const line = `${bar} ${e.phase} ${figures}`.slice(0, (stream.columns ?? 100) - 1);
    stream.write(`\r${line.padEnd((stream.columns ?? 100) - 1)}`);
  }) as ProgressListener & { done(): void };
  listener.done = () => {
    if (drawn) stream.write(`\r${' '.repeat((stream.columns ?? 100) - 1)}\r`);
  };
  return listener;
}

function amount(n: number, unit: ProgressEvent['unit']): string {
  if (unit === 'bytes') return n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : `${(n / 1e6).toFixed(1)} MB`;
  return `${n.toLocaleString('en-US')} ${unit}`;
}
