/**
 * Streaming CSV output: rows are appended to a small string buffer that is handed to a
 * file write stream every 64 KiB. Producers call `drain()` between units of work so a
 * slow disk pauses generation instead of filling memory.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { formatDay, type Day } from '../domain/time/day.ts';

const CHUNK_BYTES = 256 * 1024;

export class CsvFile {
  readonly path: string;
  rows = 0;
  bytes = 0;
  private chunk: Buffer;
  private used = 0;
  private readonly stream: WriteStream;

  constructor(path: string, header: readonly string[]) {
    this.path = path;
    this.stream = createWriteStream(path, { highWaterMark: 1 << 20 });
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.append(header.map(csvText).join(',') + '\n');
  }

  /** Appends one already-formatted row (fields escaped, no trailing newline). */
  line(row: string): void {
    this.append(row);
    this.chunk[this.used++] = 10; // \n (append always leaves room for it)
    this.rows++;
  }

  /** Appends one row from its fields (null and undefined are empty). */
  fields(values: readonly (string | number | null | undefined)[]): void {
    let row = '';
    for (let i = 0; i < values.length; i++) {
      if (i > 0) row += ',';
      const v = values[i];
      if (v === null || v === undefined) continue;
      row += typeof v === 'number' ? String(v) : csvText(v);
    }
    this.line(row);
  }

  /** Copies text into the current chunk (UTF-8), handing full chunks to the stream. */
  private append(text: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit; keep one byte for a newline.
    const worst = text.length * 3 + 1;
    if (this.used + worst > this.chunk.length) {
      this.flush();
      if (worst > this.chunk.length) this.chunk = Buffer.allocUnsafe(worst);
    }
    this.used += this.chunk.write(text, this.used, 'latin1');
  }

  private flush(): void {
    if (this.used === 0) return;
    this.bytes += this.used;
    // The stream keeps the chunk until it is written: hand it over and start a new one.
    this.stream.write(this.chunk.subarray(0, this.used));
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
  }

  get needsDrain(): boolean {
    return this.stream.writableNeedDrain;
  }

  async drain(): Promise<void> {
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    this.flush();
    this.stream.end();
    await finished(this.stream);
  }

  /** Closes without waiting, after an error elsewhere. */
  destroy(): void {
    this.stream.destroy();
  }
}

/** Quotes a text field only when it needs it (comma, quote, CR or LF). */
export function csvText(value: string): string {
  if (/[",\r\n]/.test(value)) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

/** Waits for every file that asked for it. */
export async function drainAll(files: Iterable<CsvFile>): Promise<void> {
  for (const f of files) if (f.needsDrain) await f.drain();
}

/**
 * A cache of `YYYY-MM-DD` strings for a range of days (formatting a date millions of times
 * through Date is the slowest part of writing otherwise).
 */
export class DayFormatter {
  private readonly base: Day;
  private readonly cache: string[];

  constructor(from: Day, to: Day) {
    this.base = from;
    this.cache = [];
    for (let d = from; d <= to; d++) this.cache.push(formatDay(d));
  }

  format(day: Day): string {
    const i = day - this.base;
    return i >= 0 && i < this.cache.length ? this.cache[i] : formatDay(day);
  }

  /** A timestamp on that day; the time is derived from `salt` so it looks spread but is stable. */
  timestamp(day: Day, salt: number): string {
    const s = (Math.imul(salt | 0, 2654435761) >>> 0) % 43200; // within 12 hours
    const secondsOfDay = 7 * 3600 + s;
    const hh = Math.floor(secondsOfDay / 3600);
    const mm = Math.floor((secondsOfDay % 3600) / 60);
    const ss = secondsOfDay % 60;
    return `${this.format(day)} ${hh < 10 ? '0' : ''}${hh}:${mm < 10 ? '0' : ''}${mm}:${ss < 10 ? '0' : ''}${ss}`;
  }
}
