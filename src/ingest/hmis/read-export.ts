/**
 * Reads a HUD HMIS CSV export (FY2024 or FY2026; a folder or a zip) and hands every
 * file's rows, typed by the version's column list, to a sink.
 *
 * In order, refusing (InputError, one sentence) before the sink hears anything:
 * 1. the source opens as a folder or a zip and holds Export.csv (zip-source.ts checks
 *    the zip's entries first);
 * 2. the required files are there and not empty (rules.ts REQUIRED_FILES);
 * 3. Export.csv names a CSVVersion this reader knows (hmisVersionOf);
 * 4. every present file's header is the version's column list (header.ts);
 * 5. Export.csv holds exactly one usable row.
 * Then `sink.begin`, and every file in parents-first order (rules.ts READ_ORDER), row
 * checks as in read-file.ts. Absent optional files get a report with a `missing-file`
 * warning, empty ones an `empty-file` warning; nothing is read whole into memory.
 */
import type { Readable } from 'node:stream';
import {
  HMIS_CSV_FILES,
  HMIS_CSV_VERSION_LABELS,
  HMIS_VERSIONS,
  hmisVersionOf,
  type HmisFileName,
  type HmisVersion,
} from '../../domain/hmis/csv-columns.ts';
import { readCsvRecords, type CsvRecord } from '../csv.ts';
import { addProblem, isBlankRecord } from '../bnl/table.ts';
import { FileReportBuilder, InputError } from '../problems.ts';
import { checkHeader, MAX_HEADER_BYTES, readHeaderRecord } from './header.ts';
import { IdSet } from './id-set.ts';
import { openHmisSource } from './open-source.ts';
import { emptyReport, readHmisFile } from './read-file.ts';
import { PARENT_FILES, READ_ORDER, REQUIRED_FILES } from './rules.ts';
import type { HmisSource } from './source.ts';
import type { HmisFileBatch, HmisFileReport, HmisReadOptions, HmisReadResult, HmisSink, HmisValue } from './types.ts';

export const DEFAULT_BATCH_SIZE = 5000;

export async function readHmisExport(source: string, sink: HmisSink, options: HmisReadOptions = {}): Promise<HmisReadResult> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  const src = await openHmisSource(source);
  try {
    checkRequiredFiles(src);
    const { version, csvVersion } = await readVersion(src);
    await checkHeaders(src, version, options);

    // Export.csv: its one row goes to `begin`, then to the sink like every file's rows.
    const exportBatches: HmisFileBatch[] = [];
    const exportRead = await readHmisFile({
      version,
      spec: HMIS_CSV_FILES[version].Export,
      source: src.files.get('Export')!,
      batchSize,
      parents: new Map(),
      send: async (b) => void exportBatches.push(b),
      onProgress: options.onProgress,
      onRejectedRow: options.onRejectedRow,
    });
    const exportRow = checkExportRow(exportRead.report, exportBatches);
    await sink.begin(version, exportRow);
    for (const b of exportBatches) await sink.rows(b);

    const files: HmisFileReport[] = [exportRead.report];
    const parents = new Map<HmisFileName, IdSet>();
    for (const name of READ_ORDER) {
      if (name === 'Export') continue;
      const file = src.files.get(name);
      const spec = HMIS_CSV_FILES[version][name];
      if (!file || file.size === 0) {
        const report = absentReport(name, file ? 'empty' : 'missing', src.label);
        files.push(report);
        if (PARENT_FILES.has(name)) parents.set(name, new IdSet(16));
        continue;
      }
      const read = await readHmisFile({
        version,
        spec,
        source: file,
        batchSize,
        parents,
        send: (b) => sink.rows(b),
        onProgress: options.onProgress,
        onRejectedRow: options.onRejectedRow,
      });
      files.push(read.report);
      if (PARENT_FILES.has(name)) parents.set(name, read.ids);
    }

    const str = (v: HmisValue | undefined): string | null => (typeof v === 'string' ? v : null);
    return {
      version,
      csvVersion,
      exportId: str(exportRow.ExportID)!,
      exportStart: str(exportRow.ExportStartDate),
      exportEnd: str(exportRow.ExportEndDate),
      files,
      ignored: src.ignored,
    };
  } finally {
    await src.close();
  }
}

function checkRequiredFiles(src: HmisSource): void {
  const all = REQUIRED_FILES.map((f) => `${f}.csv`);
  const must = `an HMIS CSV export must include ${all.slice(0, -1).join(', ')} and ${all[all.length - 1]}`;
  const missing = REQUIRED_FILES.filter((f) => !src.files.has(f)).map((f) => `${f}.csv`);
  if (missing.length > 0) {
    throw new InputError(`${src.label}: the export has no ${andList(missing)}; ${must}.`);
  }
  const empty = REQUIRED_FILES.filter((f) => src.files.get(f)!.size === 0).map((f) => `${f}.csv`);
  if (empty.length > 0) {
    throw new InputError(`${src.label}: ${andList(empty)} ${empty.length === 1 ? 'is' : 'are'} empty (0 bytes); ${must}, each with at least its header line.`);
  }
}

function andList(items: string[]): string {
  return items.length === 1 ? items[0] : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** Reads Export.csv's header and first row for CSVVersion, before anything else is read. */
async function readVersion(src: HmisSource): Promise<{ version: HmisVersion; csvVersion: string }> {
  const file = src.files.get('Export')!;
  const expected = HMIS_CSV_FILES.fy2024.Export.columns.map((c) => c.name);
  const header = await readHeaderRecord(file, 'Export.csv', expected);
  if (header === null) throw new InputError(`Export.csv holds no header line; expected ${expected.map((c) => `"${c}"`).join(',')}.`);
  const at = header.fields.findIndex((f) => f.trim().toLowerCase() === 'csvversion');
  if (at < 0) {
    // Let the header check say what is wrong with it.
    checkHeader(header, HMIS_CSV_FILES.fy2024.Export, 'fy2024', 'Export.csv');
    throw new InputError(`Export.csv: the header (line ${header.line}) has no CSVVersion column, so the export's version is unknown.`);
  }
  const row = await firstDataRecord(file.open, header.line);
  if (row === null) throw new InputError('Export.csv holds no data row; an HMIS export describes itself in exactly one row there.');
  const csvVersion = (row.fields[at] ?? '').trim();
  const version = hmisVersionOf(csvVersion);
  if (version === null) {
    const known = HMIS_VERSIONS.map((v) => `${v.toUpperCase()} ("${HMIS_CSV_VERSION_LABELS[v].split(' ')[0]} v…")`).join(' and ');
    throw new InputError(
      `Export.csv: CSVVersion ${csvVersion === '' ? 'is blank' : `"${csvVersion}" is not a version ZeroLoop reads`} (line ${row.line}); ZeroLoop reads ${known} exports.`,
    );
  }
  return { version, csvVersion };
}

/** The first non-blank record after the header line, read from the start of the file (Export.csv is small). */
async function firstDataRecord(open: () => Promise<Readable>, headerLine: number): Promise<CsvRecord | null> {
  const records = readCsvRecords(open, 'Export.csv', (n) => {
    if (n > MAX_HEADER_BYTES * 4) throw new InputError(`Export.csv is not an HMIS Export.csv: its first row does not end within ${MAX_HEADER_BYTES * 4} bytes.`);
  });
  try {
    for await (const batch of records) {
      for (const r of batch) if (r.line > headerLine && !isBlankRecord(r.fields)) return r;
    }
    return null;
  } finally {
    await records.return(undefined);
  }
}

/** Checks every present file's header before any row is read. */
async function checkHeaders(src: HmisSource, version: HmisVersion, options: HmisReadOptions): Promise<void> {
  for (const name of READ_ORDER) {
    const file = src.files.get(name);
    if (!file || file.size === 0) continue;
    const label = `${name}.csv`;
    const spec = HMIS_CSV_FILES[version][name];
    const header = await readHeaderRecord(
      file,
      label,
      spec.columns.map((c) => c.name),
      (n) => options.onProgress?.({ file: label, bytesRead: n, bytesTotal: file.size, rows: 0 }),
    );
    if (header === null) {
      if (REQUIRED_FILES.includes(name)) {
        throw new InputError(`${label} holds no header line; a required file needs at least its header ${spec.columns.map((c) => `"${c.name}"`).join(',')}.`);
      }
      continue;
    }
    checkHeader(header, spec, version, label);
  }
}

function checkExportRow(report: HmisFileReport, batches: HmisFileBatch[]): Record<string, HmisValue> {
  if (report.rowsRead !== 1) {
    throw new InputError(`Export.csv holds ${report.rowsRead} data rows; an HMIS export describes itself in exactly one.`);
  }
  if (report.rowsRejected > 0) {
    const why = report.problems.find((p) => p.severity === 'error');
    throw new InputError(`Export.csv: the export's row (line ${why?.line ?? 2}) cannot be used: ${why?.message ?? 'it has errors'}`);
  }
  const b = batches[0];
  const row: Record<string, HmisValue> = {};
  b.columns.forEach((c, i) => (row[c] = b.rows[0][i]));
  return row;
}

function absentReport(name: HmisFileName, status: 'missing' | 'empty', label: string): HmisFileReport {
  const report = emptyReport(name, status, 0);
  const builder = new FileReportBuilder(report.file);
  addProblem(
    builder,
    'warning',
    0,
    null,
    null,
    status === 'missing' ? 'missing-file' : 'empty-file',
    status === 'missing'
      ? `${name}.csv is not in ${label}; it is read as holding no records.`
      : `${name}.csv is empty (0 bytes); it is read as holding no records.`,
  );
  report.problemCounts = builder.report.problemCounts;
  report.problems = builder.report.problems;
  return report;
}
