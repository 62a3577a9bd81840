/**
 * Opening one BNL CSV file as a table: the header, the column positions, and
 * the data records, with the checks every file shares (empty file, missing or
 * repeated columns, unknown columns, blank rows, field count, bad quoting).
 */
import { stat } from 'node:fs/promises';
import { dayFromParts, type Day } from '../../domain/time/day.ts';
import { InputError, type FileReportBuilder, type Problem, type Severity } from '../problems.ts';
import { readCsvRecords, type CsvRecord } from '../csv.ts';

export interface TableSpec {
  /** File name as reported (`persons.csv`, `snapshots/2024-01-31.csv`). */
  file: string;
  /** How the file is described in messages (`persons.csv`, `a snapshot file`). */
  kind: string;
  required: readonly string[];
  optional: readonly string[];
}

export interface Table {
  /** Position of each known column present in the header (lower-case name). */
  columns: Map<string, number>;
  /** Number of fields in the header; every record must have as many. */
  width: number;
  headerLine: number;
  /** The data records (blank rows already dropped), in batches. */
  records: AsyncGenerator<CsvRecord[]>;
  /** Bytes of the file read so far (the records handed out cover at most this much). */
  bytesRead(): number;
}

/** The size of a required file, or an InputError saying why it cannot be used. */
export async function requireFile(path: string, file: string): Promise<number> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${file}: the file is missing; expected it in the By-Name List folder.`);
    throw new InputError(`${file}: the file cannot be read (${code ?? (err as Error).message}).`);
  }
  if (!info.isFile()) throw new InputError(`${file}: this is not a file; expected a CSV file.`);
  if (info.size === 0) throw new InputError(`${file}: the file is empty; expected a header line starting with person_id.`);
  return info.size;
}

/** True when every field is blank (an empty line, or a row of only commas). */
export function isBlankRecord(fields: string[]): boolean {
  for (const f of fields) if (f.trim() !== '') return false;
  return true;
}

/** Reads the header and returns the table; throws InputError for an unusable header. */
export async function openTable(
  path: string,
  spec: TableSpec,
  report: FileReportBuilder,
): Promise<Table> {
  let bytesRead = 0;
  const source = readCsvRecords(path, spec.file, (n) => (bytesRead = n));
  let header: CsvRecord | undefined;
  let rest: CsvRecord[] = [];
  try {
    while (!header) {
      const next = await source.next();
      if (next.done) {
        throw new InputError(`${spec.file}: the file is empty; expected a header line starting with person_id.`);
      }
      const at = next.value.findIndex((r) => !isBlankRecord(r.fields));
      if (at >= 0) {
        header = next.value[at];
        rest = next.value.slice(at + 1);
      }
    }
    const columns = resolveHeader(header, spec, report);
    async function* records(): AsyncGenerator<CsvRecord[]> {
      try {
        const first = rest.filter((r) => !isBlankRecord(r.fields));
        rest = [];
        if (first.length > 0) yield first;
        for await (const batch of source) {
          const kept = batch.filter((r) => !isBlankRecord(r.fields));
          if (kept.length > 0) yield kept;
        }
      } finally {
        await source.return(undefined);
      }
    }
    return { columns, width: header.fields.length, headerLine: header.line, records: records(), bytesRead: () => bytesRead };
  } catch (err) {
    await source.return(undefined);
    throw err;
  }
}

function resolveHeader(header: CsvRecord, spec: TableSpec, report: FileReportBuilder): Map<string, number> {
  const known = [...spec.required, ...spec.optional];
  const columns = new Map<string, number>();
  const unknown: string[] = [];
  header.fields.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (known.includes(name)) {
      if (columns.has(name)) {
        throw new InputError(
          `${spec.file}: the header (line ${header.line}) names the column ${name} more than once; each column may appear only once.`,
        );
      }
      columns.set(name, i);
    } else if (!unknown.includes(raw.trim())) {
      unknown.push(raw.trim());
    }
  });
  const missing = spec.required.filter((c) => !columns.has(c));
  if (missing.length > 0) {
    const what = missing.length === 1 ? `has no ${missing[0]} column` : `is missing the columns ${missing.join(', ')}`;
    throw new InputError(
      `${spec.file}: the header (line ${header.line}) ${what}; expected the columns ${known.join(', ')} in any order (required: ${spec.required.join(', ')}).`,
    );
  }
  for (const name of unknown) {
    report.add({
      severity: 'warning',
      file: spec.file,
      line: header.line,
      column: name,
      value: null,
      rule: 'unknown-column',
      message:
        name === ''
          ? `A column with a blank name is not one of ${spec.kind}'s columns (${known.join(', ')}) and is ignored.`
          : `The column "${name}" is not one of ${spec.kind}'s columns (${known.join(', ')}) and is ignored.`,
    });
  }
  return columns;
}

const MAX_VALUE_IN_PROBLEM = 200;

/** Adds a problem for the current row. */
export function addProblem(
  report: FileReportBuilder,
  severity: Severity,
  line: number,
  column: string | null,
  value: string | null,
  rule: string,
  message: string,
): void {
  const shown = value !== null && value.length > MAX_VALUE_IN_PROBLEM ? `${value.slice(0, MAX_VALUE_IN_PROBLEM)}…` : value;
  const problem: Problem = { severity, file: report.report.file, line, column, value: shown, rule, message };
  report.add(problem);
}

/**
 * Checks a record's shape (bad quoting, number of fields). Adds errors to the
 * current row and returns false when the row cannot be read field by field.
 */
export function checkShape(record: CsvRecord, width: number, report: FileReportBuilder): boolean {
  let ok = true;
  if (record.badQuote) {
    addProblem(
      report,
      'error',
      record.line,
      null,
      null,
      'csv-quote',
      'A quoted field is followed by other characters before the next comma; a quote inside a quoted field must be doubled ("").',
    );
    ok = false;
  }
  if (record.fields.length !== width) {
    addProblem(
      report,
      'error',
      record.line,
      null,
      null,
      'field-count',
      `Expected ${width} fields as in the header, found ${record.fields.length}; look for a missing or extra comma, or a comma inside a value that is not quoted.`,
    );
    ok = false;
  }
  return ok;
}

/** The trimmed value of a column, '' when the column is absent. */
export function cell(fields: string[], columns: Map<string, number>, name: string): string {
  const i = columns.get(name);
  return i === undefined ? '' : fields[i].trim();
}

/** Today's date in local time. */
export function today(): Day {
  const now = new Date();
  return dayFromParts(now.getFullYear(), now.getMonth() + 1, now.getDate())!;
}

/** Collects rows and hands them to the sink in batches. */
export class Batcher<T> {
  private rows: T[] = [];
  count = 0;

  constructor(
    private readonly size: number,
    private readonly send: (rows: T[]) => Promise<void>,
  ) {}

  /** Adds a row; returns true when a batch is full and `flush` should be awaited. */
  push(row: T): boolean {
    this.rows.push(row);
    this.count += 1;
    return this.rows.length >= this.size;
  }

  async flush(): Promise<void> {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    await this.send(rows);
  }
}
