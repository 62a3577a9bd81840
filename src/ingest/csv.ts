/**
 * A small streaming CSV reader (RFC 4180 plus the usual spreadsheet exports),
 * shared by the By-Name List and HMIS readers so that every record carries the
 * physical line it starts on.
 *
 * - Fields are separated by commas; a field may be quoted with `"`, and a quote
 *   inside a quoted field is doubled (`""`). Quoted fields may hold commas and
 *   line breaks.
 * - Line breaks are `\n`, `\r\n` or a lone `\r`; line numbers count physical
 *   lines, so a quoted line break moves the next record's line number on.
 * - A leading UTF-8 byte order mark is dropped; any other invalid UTF-8 stops
 *   the read with an InputError (silently replaced characters would corrupt ids).
 * - Spaces and tabs before an opening quote or after a closing quote are ignored.
 *   A quote in the middle of an unquoted field is kept as a literal character.
 *   Other characters after a closing quote (`"abc"x`) mark the record
 *   `badQuote` (the caller rejects it); the characters are kept.
 * - Completely empty lines produce no record.
 * - An unterminated quote, or a record longer than `maxRecordChars` (almost
 *   always an unterminated quote swallowing the rest of the file), is an InputError
 *   naming the file and the line where the record starts.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { InputError } from './problems.ts';

export interface CsvRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  fields: string[];
  /** True when a quoted field is followed by other characters before the next separator. */
  badQuote: boolean;
}

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;
const SPACE = 32;
const TAB = 9;

/** Parser states. */
const START = 0; // at the start of a field (nothing of it read yet)
const UNQUOTED = 1; // inside an unquoted field
const QUOTED = 2; // inside a quoted field
const AFTER_QUOTE = 3; // just after a quote inside a quoted field (closing, or first half of `""`)

export const DEFAULT_MAX_RECORD_CHARS = 1_000_000;

export class CsvParser {
  /** The physical line of the next character to be read. */
  line = 1;
  private state = START;
  private fields: string[] = [];
  private field = '';
  private inRecord = false;
  private recordLine = 1;
  private prevCR = false;
  private badQuote = false;
  private recordChars = 0;

  constructor(
    private readonly file: string,
    private readonly maxRecordChars = DEFAULT_MAX_RECORD_CHARS,
  ) {}

  /** Parses the next piece of text; complete records are appended to `out`. */
  push(text: string, out: CsvRecord[]): void {
    let state = this.state;
    let line = this.line;
    let prevCR = this.prevCR;
    let field = this.field;
    let start = 0; // where the unread part of the current field begins (UNQUOTED, QUOTED)
    const n = text.length;

    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === LF && prevCR) {
        // Second half of a CRLF: the line was already counted (and, outside
        // quotes, the record already ended).
        prevCR = false;
        continue;
      }
      prevCR = false;

      if (state === QUOTED) {
        if (c === QUOTE) {
          field += text.slice(start, i);
          state = AFTER_QUOTE;
        } else if (c === CR) {
          line++;
          prevCR = true;
        } else if (c === LF) {
          line++;
        }
        continue;
      }

      if (state === UNQUOTED) {
        if (c === COMMA) {
          field += text.slice(start, i);
          this.fields.push(field);
          this.recordChars += field.length;
          field = '';
          state = START;
        } else if (c === CR || c === LF) {
          field += text.slice(start, i);
          this.fields.push(field);
          field = '';
          this.endRecord(out);
          state = START;
          line++;
          prevCR = c === CR;
        }
        continue;
      }

      if (state === START) {
        if (c === CR || c === LF) {
          if (this.inRecord) {
            this.fields.push(field);
            field = '';
            this.endRecord(out);
          }
          line++;
          prevCR = c === CR;
          continue;
        }
        if (!this.inRecord) {
          this.inRecord = true;
          this.recordLine = line;
        }
        if (c === COMMA) {
          this.fields.push(field);
          field = '';
        } else if (c === QUOTE) {
          state = QUOTED;
          start = i + 1;
        } else if (c !== SPACE && c !== TAB) {
          state = UNQUOTED;
          start = i;
        }
        continue;
      }

      // AFTER_QUOTE
      if (c === QUOTE) {
        field += '"';
        state = QUOTED;
        start = i + 1;
      } else if (c === COMMA) {
        this.fields.push(field);
        this.recordChars += field.length;
        field = '';
        state = START;
      } else if (c === CR || c === LF) {
        this.fields.push(field);
        field = '';
        this.endRecord(out);
        state = START;
        line++;
        prevCR = c === CR;
      } else if (c !== SPACE && c !== TAB) {
        this.badQuote = true;
        state = UNQUOTED;
        start = i;
      }
    }

    if (state === UNQUOTED || state === QUOTED) field += text.slice(start);
    this.state = state;
    this.line = line;
    this.prevCR = prevCR;
    this.field = field;
    if (this.inRecord && this.recordChars + field.length > this.maxRecordChars) {
      throw new InputError(
        `${this.file}: the record starting at line ${this.recordLine} is longer than ${this.maxRecordChars} characters, which almost always means a quote opened there is never closed.`,
      );
    }
  }

  /** Ends the input: emits a last record without a line break, checks for an open quote. */
  end(out: CsvRecord[]): void {
    if (this.state === QUOTED) {
      throw new InputError(
        `${this.file}: line ${this.recordLine}: a quoted field is never closed (unterminated quote), so the file is not valid CSV.`,
      );
    }
    if (this.inRecord) {
      this.fields.push(this.field);
      this.field = '';
      this.endRecord(out);
    }
    this.state = START;
  }

  private endRecord(out: CsvRecord[]): void {
    out.push({ line: this.recordLine, fields: this.fields, badQuote: this.badQuote });
    this.fields = [];
    this.inRecord = false;
    this.badQuote = false;
    this.recordChars = 0;
  }
}

/**
 * Streams a CSV file as batches of records (one batch per chunk read). The
 * file is never held in memory as a whole; `onBytes` is told the running count
 * of bytes read as each chunk arrives (before it is parsed; it may throw to stop
 * the read). `source` is a path, or a function opening a
 * byte stream (a zip entry); the stream is destroyed when the reading stops.
 */
export async function* readCsvRecords(
  source: string | (() => Readable | Promise<Readable>),
  file: string,
  onBytes?: (bytesRead: number) => void,
  chunkSize = 1 << 16,
): AsyncGenerator<CsvRecord[]> {
  const parser = new CsvParser(file);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytesRead = 0;
  const decode = (chunk?: Buffer): string => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw new InputError(
        `${file}: the file is not valid UTF-8 text (near line ${parser.line}); save it as "CSV UTF-8" and load it again.`,
      );
    }
  };
  let stream: Readable | null = null;
  try {
    stream = typeof source === 'string' ? createReadStream(source, { highWaterMark: chunkSize }) : await source();
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      onBytes?.(bytesRead);
      const out: CsvRecord[] = [];
      parser.push(decode(chunk), out);
      if (out.length > 0) yield out;
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${file}: the file cannot be read (${code ?? (err as Error).message}).`);
  } finally {
    stream?.destroy();
  }
  const out: CsvRecord[] = [];
  parser.push(decode(), out);
  parser.end(out);
  if (out.length > 0) yield out;
}
