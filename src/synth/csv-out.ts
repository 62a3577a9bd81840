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
const BATCH_ROWS = 256;
const BATCH_CHARS = 32 * 1024;
const NEEDS_CARE = /[",\r\n]|[^\x00-\x7f]/;
const NEEDS_QUOTES = /[",\r\n]/;
const NON_ASCII = /[^\x00-\x7f]/;

/** Set for the rest of the process once a text value with a non-ASCII character is written. */
let nonAsciiSeen = false;

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
    // Rows are gathered and copied into the chunk in batches: one native copy per batch.
    this.pending.push(row);
    this.pendingChars += row.length + 1;
    this.rows++;
    if (this.pending.length >= BATCH_ROWS || this.pendingChars >= BATCH_CHARS) this.movePending();
  }

  private pending: string[] = [];
  private pendingChars = 0;

  private movePending(): void {
    if (this.pending.length === 0) return;
    this.pending.push('');
    const text = this.pending.join('\n');
    this.pending = [];
    this.pendingChars = 0;
    this.append(text);
  }

  /** Appends one row from its fields (null and undefined are empty). */
  fields(values: readonly (string | number | null | undefined)[]): void {
    const parts = this.parts;
    parts.length = values.length;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      parts[i] = v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : csvText(v);
    }
    // join builds one flat string: cheaper to copy out than a chain of concatenations.
    this.line(parts.join(','));
  }

  private readonly parts: string[] = [];

  /**
   * Appends one row whose text values are already safe (ids, dates, codes, or text the caller
   * passed through csvText): nothing is escaped here.
   */
  rawFields(values: readonly (string | number | null)[]): void {
    const parts = this.parts;
    parts.length = values.length;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      parts[i] = v === null ? '' : typeof v === 'number' ? String(v) : v;
    }
    this.line(parts.join(','));
  }

  /** Copies text into the current chunk, handing full chunks to the stream. */
  private append(text: string): void {
    // latin1 writes one byte per character; UTF-8 at most 3 per UTF-16 code unit.
    const worst = nonAsciiSeen ? text.length * 3 : text.length;
    if (this.used + worst > this.chunk.length) {
      this.flush();
      if (worst > this.chunk.length) this.chunk = Buffer.allocUnsafe(worst);
    }
    // ASCII copies fastest as latin1; once any text with other characters has gone through
    // csvText (every free-text value does), everything is written as UTF-8.
    this.used += this.chunk.write(text, this.used, nonAsciiSeen ? 'utf8' : 'latin1');
  }

  private flush(): void {
    this.movePending();
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

/**
 * Quotes a text field only when it needs it (comma, quote, CR or LF). Every free-text value
 * written must pass through here: it also notices text that is not plain ASCII.
 */
export function csvText(value: string): string {
  if (!NEEDS_CARE.test(value)) return value;
  if (!nonAsciiSeen && NON_ASCII.test(value)) nonAsciiSeen = true;
  if (NEEDS_QUOTES.test(value)) return `"${value.replace(/"/g, '""')}"`;
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
    return this.format(day) + TIMES_OF_DAY[(Math.imul(salt | 0, 2654435761) >>> 0) % TIMES_OF_DAY.length];
  }
}

/** " HH:MM:SS" for every second from 07:00:00 to 18:59:59 (working hours). */
const TIMES_OF_DAY: readonly string[] = (() => {
  const out: string[] = [];
  const two = (n: number) => (n < 10 ? `0${n}` : String(n));
  for (let t = 7 * 3600; t < 19 * 3600; t++) out.push(` ${two(Math.floor(t / 3600))}:${two(Math.floor((t % 3600) / 60))}:${two(t % 60)}`);
  return out;
})();
