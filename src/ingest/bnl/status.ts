/**
 * The status files: status-history.csv (format a) and snapshots/ (format b).
 * See docs/formats/bnl-csv.md.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { STATUSES, type Status } from '../../domain/bnl/types.ts';
import { formatDay, parseDay, type Day } from '../../domain/time/day.ts';
import { FileReportBuilder, InputError, type FileReport, type RejectedRowListener } from '../problems.ts';
import type { CsvRecord } from '../csv.ts';
import { addProblem, Batcher, cell, checkShape, openTable, requireFile, type Table, type TableSpec } from './table.ts';
import type { PersonIndex } from './persons.ts';
import type { BnlProgress, BnlStatusRow } from './types.ts';

export const STATUS_HISTORY_FILE = 'status-history.csv';
export const SNAPSHOTS_FOLDER = 'snapshots';
export const STATUS_HISTORY_REQUIRED_COLUMNS = ['person_id', 'date', 'status'] as const;
export const STATUS_HISTORY_OPTIONAL_COLUMNS = ['reason', 'provider'] as const;
export const SNAPSHOT_REQUIRED_COLUMNS = ['person_id', 'status'] as const;
export const SNAPSHOT_OPTIONAL_COLUMNS = ['provider', 'reason'] as const;
export const MISSING_FROM_SNAPSHOT_REASON = 'left the list (missing from snapshot)';

export interface StatusContext {
  persons: PersonIndex;
  asOf: Day;
  out: Batcher<BnlStatusRow>;
  onProgress?: (p: BnlProgress) => void;
  onRejectedRow?: RejectedRowListener;
}

type Lookup = (personId: string) => number | undefined;

/**
 * person_id → index, remembering the last id found: status files are often
 * grouped by person, and a lookup in a Map of half a million ids is slow.
 */
function cachedLookup(persons: PersonIndex): Lookup {
  let lastId = '';
  let lastIndex = -1;
  return (personId) => {
    if (personId === lastId) return lastIndex;
    const index = persons.ids.get(personId);
    if (index !== undefined) {
      lastId = personId;
      lastIndex = index;
    }
    return index;
  };
}

/** Date parsing with a cache: status files repeat the same few thousand dates. */
function cachedParseDay(): (text: string) => Day | null {
  const cache = new Map<string, Day | null>();
  return (text) => {
    let day = cache.get(text);
    if (day === undefined) {
      day = parseDay(text);
      if (cache.size >= 100_000) cache.clear();
      cache.set(text, day);
    }
    return day;
  };
}

/** Checks person_id; returns the person's index or -1 (after adding an error). */
function checkPerson(value: string, line: number, lookup: Lookup, report: FileReportBuilder): number {
  if (value === '') {
    addProblem(report, 'error', line, 'person_id', '', 'required-value', 'person_id is blank; every row needs the id of a person in persons.csv.');
    return -1;
  }
  const index = lookup(value);
  if (index === undefined) {
    addProblem(
      report,
      'error',
      line,
      'person_id',
      value,
      'unknown-person',
      `person_id ${value} is not in persons.csv (or its row there was rejected); add the person there or correct the id.`,
    );
    return -1;
  }
  return index;
}

function checkStatus(value: string, line: number, report: FileReportBuilder): Status | null {
  const status = value.toLowerCase() as Status;
  if (STATUSES.includes(status)) return status;
  addProblem(
    report,
    'error',
    line,
    'status',
    value,
    'status-value',
    value === '' ? 'status is blank; it must be active, housed or inactive.' : 'status must be active, housed or inactive.',
  );
  return null;
}

const orNull = (s: string): string | null => (s === '' ? null : s);

// ---------------------------------------------------------------- status-history.csv

interface HistoryRow {
  person: number;
  row: BnlStatusRow;
}

interface HistoryCheck {
  table: Table;
  asOf: Day;
  lookup: Lookup;
  parseDate: (text: string) => Day | null;
}

/** Checks one status-history row, adding its problems; null when it has an error. */
function checkHistoryRow(record: CsvRecord, check: HistoryCheck, report: FileReportBuilder): HistoryRow | null {
  const { table, asOf: asOfDay } = check;
  if (!checkShape(record, table.width, report)) return null;
  const f = record.fields;
  const line = record.line;
  const personId = cell(f, table.columns, 'person_id');
  const person = checkPerson(personId, line, check.lookup, report);
  const dateText = cell(f, table.columns, 'date');
  let date = check.parseDate(dateText);
  if (date === null) {
    addProblem(report, 'error', line, 'date', dateText, 'date-format', 'date is not a real date written YYYY-MM-DD.');
  } else if (date > asOfDay) {
    addProblem(report, 'error', line, 'date', dateText, 'future-date', `date is after the as-of date ${formatDay(asOfDay)}.`);
    date = null;
  }
  const status = checkStatus(cell(f, table.columns, 'status'), line, report);
  if (person < 0 || date === null || status === null) return null;
  return {
    person,
    row: {
      personId,
      date,
      status,
      reason: orNull(cell(f, table.columns, 'reason')),
      provider: orNull(cell(f, table.columns, 'provider')),
      sourceFile: STATUS_HISTORY_FILE,
      sourceLine: line,
    },
  };
}

/**
 * (person, date) as one exactly representable number. Days are offset so every
 * date of years 0001-9999 is positive and below 2^22; person indexes stay below 2^31.
 */
const DAY_OFFSET = 1_000_000;
const DAY_SPAN = 2 ** 22;
const keyOf = (person: number, date: Day): number => person * DAY_SPAN + (date + DAY_OFFSET);

/**
 * Reads status-history.csv in two passes. Rows need not be sorted, so the first
 * pass finds which (person, date) pairs occur on more than one valid row and the
 * last line of each; the second pass reports and loads. Memory: 12 bytes per
 * valid row during the first pass (plus an 8-byte sorted copy at its end), 4 bytes
 * per row (the person of each row, so the second pass need not look ids up again),
 * and a Map entry per duplicated (person, date) pair only.
 */
export async function readStatusHistory(dir: string, ctx: StatusContext): Promise<FileReport> {
  const path = join(dir, STATUS_HISTORY_FILE);
  const size = await requireFile(path, STATUS_HISTORY_FILE);
  const mtime = (await stat(path)).mtimeMs;
  const spec: TableSpec = {
    file: STATUS_HISTORY_FILE,
    kind: STATUS_HISTORY_FILE,
    required: STATUS_HISTORY_REQUIRED_COLUMNS,
    optional: STATUS_HISTORY_OPTIONAL_COLUMNS,
  };
  let rows = 0;
  let bytesBefore = 0; // bytes of earlier passes, so progress runs from 0 to 2 × size
  const progress = (table: Table) =>
    ctx.onProgress?.({ file: STATUS_HISTORY_FILE, bytesRead: bytesBefore + table.bytesRead(), bytesTotal: 2 * size, rows });

  const parseDate = cachedParseDay();
  // Pass 1: keys and lines of the valid rows, and the person of every row, without reporting.
  let keys = new Float64Array(1024);
  let lines = new Int32Array(1024);
  let n = 0;
  let personOfRow = new Int32Array(1024);
  {
    const scratch = new FileReportBuilder(STATUS_HISTORY_FILE);
    const table = await openTable(path, spec, scratch);
    const find = cachedLookup(ctx.persons);
    const check: HistoryCheck = {
      table,
      asOf: ctx.asOf,
      parseDate,
      lookup: (id) => {
        const p = find(id);
        personOfRow[rows - 1] = p ?? -1;
        return p;
      },
    };
    for await (const batch of table.records) {
      for (const record of batch) {
        rows += 1;
        if (rows > personOfRow.length) {
          const grown = new Int32Array(personOfRow.length * 2);
          grown.set(personOfRow);
          personOfRow = grown;
        }
        personOfRow[rows - 1] = -1;
        scratch.beginRow();
        const ok = checkHistoryRow(record, check, scratch);
        scratch.endRow();
        // Keep the examples list from growing: this pass only needs the keys.
        scratch.report.problems.length = 0;
        if (!ok) continue;
        if (n === keys.length) {
          const k = new Float64Array(n * 2);
          k.set(keys);
          keys = k;
          const l = new Int32Array(n * 2);
          l.set(lines);
          lines = l;
        }
        keys[n] = keyOf(ok.person, ok.row.date);
        lines[n] = record.line;
        n += 1;
      }
      progress(table);
    }
  }
  const lastLine = new Map<number, number>();
  {
    const sorted = keys.slice(0, n).sort();
    const duplicated = new Set<number>();
    for (let i = 1; i < n; i++) if (sorted[i] === sorted[i - 1]) duplicated.add(sorted[i]);
    if (duplicated.size > 0) {
      for (let i = 0; i < n; i++) if (duplicated.has(keys[i])) lastLine.set(keys[i], lines[i]);
    }
  }
  keys = new Float64Array(0);
  lines = new Int32Array(0);

  // Pass 2: report and load. It relies on pass 1 having seen the same rows.
  if ((await requireFile(path, STATUS_HISTORY_FILE)) !== size || (await stat(path)).mtimeMs !== mtime) {
    throw new InputError(`${STATUS_HISTORY_FILE}: the file changed while it was being read; load it again once it is complete.`);
  }
  bytesBefore = size;
  rows = 0;
  const report = new FileReportBuilder(STATUS_HISTORY_FILE, ctx.onRejectedRow);
  const table = await openTable(path, spec, report);
  const check: HistoryCheck = {
    table,
    asOf: ctx.asOf,
    parseDate,
    // The same rows in the same order as in pass 1: reuse what it found.
    lookup: (id) => {
      const p = rows <= personOfRow.length ? personOfRow[rows - 1] : -1;
      return p >= 0 ? p : ctx.persons.ids.get(id);
    },
  };
  for await (const batch of table.records) {
    for (const record of batch) {
      rows += 1;
      report.beginRow(record);
      const ok = checkHistoryRow(record, check, report);
      if (!ok) {
        report.endRow();
        continue;
      }
      const winner = lastLine.size > 0 ? lastLine.get(keyOf(ok.person, ok.row.date)) : undefined;
      if (winner !== undefined && winner !== record.line) {
        addProblem(
          report,
          'warning',
          record.line,
          'date',
          formatDay(ok.row.date),
          'same-day-change',
          `${ok.row.personId} has another status on ${formatDay(ok.row.date)} later in the file (line ${winner}); one status per person per day, so the later row is used and this one is not loaded.`,
        );
        // A warning, not an error: the row counts as accepted (with a warning), but the
        // later row of the same day replaces it, so it is not given to the sink.
        report.endRow();
        continue;
      }
      report.endRow();
      if (ctx.out.push(ok.row)) await ctx.out.flush();
    }
    progress(table);
  }
  personOfRow = new Int32Array(0);
  ctx.onProgress?.({ file: STATUS_HISTORY_FILE, bytesRead: 2 * size, bytesTotal: 2 * size, rows });
  return report.report;
}

// ---------------------------------------------------------------- snapshots/

export interface SnapshotFile {
  /** `snapshots/YYYY-MM-DD.csv` */
  file: string;
  path: string;
  date: Day;
}

const SNAPSHOT_NAME = /^(\d{4}-\d{2}-\d{2})\.csv$/i;

/** Lists the snapshot files in date order; InputError for anything else in the folder. */
export async function listSnapshots(dir: string, asOf: Day): Promise<SnapshotFile[]> {
  const folder = join(dir, SNAPSHOTS_FOLDER);
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${SNAPSHOTS_FOLDER}/: the folder cannot be read (${code ?? (err as Error).message}).`);
  }
  const files: SnapshotFile[] = [];
  for (const entry of entries) {
    const file = `${SNAPSHOTS_FOLDER}/${entry.name}`;
    const m = SNAPSHOT_NAME.exec(entry.name);
    const date = m ? parseDay(m[1]) : null;
    if (date === null || !entry.isFile()) {
      throw new InputError(
        `${file}: this is not a snapshot file; everything in ${SNAPSHOTS_FOLDER}/ must be a file named YYYY-MM-DD.csv after the date of the snapshot.`,
      );
    }
    if (date > asOf) {
      throw new InputError(`${file}: the snapshot is dated after the as-of date ${formatDay(asOf)}; expected snapshots up to that date.`);
    }
    files.push({ file, path: join(folder, entry.name), date });
  }
  if (files.length === 0) {
    throw new InputError(`${SNAPSHOTS_FOLDER}/: the folder holds no snapshot files; expected files named YYYY-MM-DD.csv.`);
  }
  files.sort((a, b) => a.date - b.date);
  return files;
}

const ABSENT = 0;
const STATUS_CODE: Record<Status, number> = { active: 1, housed: 2, inactive: 3 };
const INACTIVE = STATUS_CODE.inactive;

/**
 * Reads the snapshots in date order and derives status changes by comparing each
 * with what came before. Memory: a few bytes per person (typed arrays).
 */
export async function readSnapshots(files: SnapshotFile[], ctx: StatusContext): Promise<FileReport[]> {
  const count = ctx.persons.count;
  /** The person's derived status so far (ABSENT: never listed). */
  const status = new Uint8Array(count);
  /** 1 when the person was in the previous snapshot. */
  const inPrevious = new Uint8Array(count);
  /** In the current snapshot: line of the person's loaded row; -line when only a rejected row names them; 0 absent. */
  const seen = new Int32Array(count);
  const reports: FileReport[] = [];
  const lookup = cachedLookup(ctx.persons);
  /** person_id by index, built once and only when someone leaves the list. */
  let idsByIndex: string[] | null = null;

  for (const snapshot of files) {
    const size = await requireFile(snapshot.path, snapshot.file);
    const report = new FileReportBuilder(snapshot.file, ctx.onRejectedRow);
    const spec: TableSpec = {
      file: snapshot.file,
      kind: 'a snapshot file',
      required: SNAPSHOT_REQUIRED_COLUMNS,
      optional: SNAPSHOT_OPTIONAL_COLUMNS,
    };
    let rows = 0;
    const table = await openTable(snapshot.path, spec, report);
    const personColumn = table.columns.get('person_id')!;

    for await (const batch of table.records) {
      for (const record of batch) {
        rows += 1;
        report.beginRow(record);
        const line = record.line;
        if (!checkShape(record, table.width, report)) {
          // A row we cannot read still shows the person is on the list, when its id is readable.
          const person = ctx.persons.ids.get(record.fields[personColumn]?.trim() ?? '');
          if (person !== undefined && seen[person] === 0) seen[person] = -line;
          report.endRow();
          continue;
        }
        const f = record.fields;
        const personId = cell(f, table.columns, 'person_id');
        let person = checkPerson(personId, line, lookup, report);
        if (person >= 0 && seen[person] > 0) {
          addProblem(
            report,
            'error',
            line,
            'person_id',
            personId,
            'duplicate-person',
            `${personId} is already listed in this snapshot on line ${seen[person]}; each person may appear only once per snapshot, so this row is not used.`,
          );
          person = -1;
        }
        const value = checkStatus(cell(f, table.columns, 'status'), line, report);
        if (person < 0 || value === null) {
          if (person >= 0 && seen[person] === 0) seen[person] = -line;
          report.endRow();
          continue;
        }
        report.endRow();
        seen[person] = line;
        if (status[person] !== STATUS_CODE[value]) {
          status[person] = STATUS_CODE[value];
          const change: BnlStatusRow = {
            personId,
            date: snapshot.date,
            status: value,
            reason: orNull(cell(f, table.columns, 'reason')),
            provider: orNull(cell(f, table.columns, 'provider')),
            sourceFile: snapshot.file,
            sourceLine: line,
          };
          if (ctx.out.push(change)) await ctx.out.flush();
        }
      }
      ctx.onProgress?.({ file: snapshot.file, bytesRead: table.bytesRead(), bytesTotal: size, rows });
    }

    // People in the previous snapshot but not in this one leave the list (inactive).
    for (let p = 0; p < count; p++) {
      if (inPrevious[p] === 1 && seen[p] === 0 && status[p] !== INACTIVE) {
        idsByIndex ??= personIdsByIndex(ctx.persons);
        status[p] = INACTIVE;
        const change: BnlStatusRow = {
          personId: idsByIndex[p],
          date: snapshot.date,
          status: 'inactive',
          reason: MISSING_FROM_SNAPSHOT_REASON,
          provider: null,
          sourceFile: snapshot.file,
          sourceLine: 0,
        };
        if (ctx.out.push(change)) await ctx.out.flush();
      }
      inPrevious[p] = seen[p] === 0 ? 0 : 1;
      seen[p] = ABSENT;
    }
    ctx.onProgress?.({ file: snapshot.file, bytesRead: size, bytesTotal: size, rows });
    reports.push(report.report);
  }
  return reports;
}

function personIdsByIndex(index: PersonIndex): string[] {
  const ids = new Array<string>(index.count);
  for (const [id, i] of index.ids) ids[i] = id;
  return ids;
}
