import type { HmisFileName, HmisVersion } from '../../domain/hmis/csv-columns.ts';
import type { FileReport, RejectedRowListener } from '../problems.ts';

/**
 * One typed value: character → string; integer and money → number; date → 'YYYY-MM-DD';
 * datetime → 'YYYY-MM-DD HH:MM:SS'; blank → null. A value that cannot be read is null,
 * with a warning whose `value` holds what the file said.
 */
export type HmisValue = string | number | null;

/** Rows of one file, in the version's column order, ready for a table. */
export interface HmisFileBatch {
  /** The file's HUD name without `.csv`: `Enrollment`. */
  file: HmisFileName;
  /** HUD column names in the version's order; each row has one value per column. */
  columns: readonly string[];
  rows: HmisValue[][];
  /** The physical line in the file where each row starts (the header is line 1). */
  lines: number[];
}

/**
 * Receives an export. `begin` is called once, after Export.csv has been read and every
 * present file's header checked (a refusal before that point writes nothing); then `rows`
 * for every file in reading order (parents first), Export.csv's single row included.
 * Each call is awaited before reading on (backpressure). An InputError can still end the
 * read after `begin` (e.g. a quote never closed in a later file): the caller must then
 * discard what it was given (one transaction per import).
 */
export interface HmisSink {
  begin(version: HmisVersion, exportRow: Record<string, HmisValue>): Promise<void>;
  rows(batch: HmisFileBatch): Promise<void>;
}

/**
 * The report of one file. `status`: `read` (the file was there and was read), `empty`
 * (0 bytes or no header line: warning `empty-file`), `missing` (an optional file not in
 * the export: warning `missing-file`). `rowsDeleted` counts loaded rows that carry a
 * DateDeleted: they are passed on to the sink (the loader applies the deletions) and are
 * not problems.
 */
export interface HmisFileReport extends FileReport {
  name: HmisFileName;
  status: 'read' | 'empty' | 'missing';
  /** The file's size (uncompressed, for a zip entry); 0 when missing. */
  bytes: number;
  rowsDeleted: number;
}

export interface HmisReadResult {
  version: HmisVersion;
  /** Export.csv's CSVVersion as written, e.g. "2024 v1.3". */
  csvVersion: string;
  exportId: string;
  /** ExportStartDate / ExportEndDate as YYYY-MM-DD, null when blank or unreadable. */
  exportStart: string | null;
  exportEnd: string | null;
  /** One per HMIS file, in reading order, absent and empty optional files included. */
  files: HmisFileReport[];
  /** Entries of the folder or zip that are not files of an HMIS export, as found (not read). */
  ignored: string[];
}

export interface HmisProgress {
  /** `Client.csv` */
  file: string;
  bytesRead: number;
  bytesTotal: number;
  /** Data rows read so far from this file. */
  rows: number;
}

export interface HmisReadOptions {
  /** Rows per sink call (per file). Default 5000. */
  batchSize?: number;
  onProgress?: (p: HmisProgress) => void;
  /** Hears of every rejected row with its fields and problems (for a rejects file). */
  onRejectedRow?: RejectedRowListener;
}
