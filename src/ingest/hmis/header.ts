/**
 * Reading and checking the header line of an HMIS file. The header is read from the
 * first bytes only (at most MAX_HEADER_BYTES), so a file of garbage is refused without
 * being read through.
 */
import {
  HMIS_CSV_FILES,
  HMIS_CSV_VERSION_LABELS,
  HMIS_VERSIONS,
  type HmisFileSpec,
  type HmisVersion,
} from '../../domain/hmis/csv-columns.ts';
import { readCsvRecords, type CsvRecord } from '../csv.ts';
import { isBlankRecord } from '../bnl/table.ts';
import { InputError } from '../problems.ts';
import type { HmisSourceFile } from './source.ts';

/** A header line longer than this is not a header (Enrollment's, the longest, is ~1.5 KB). */
export const MAX_HEADER_BYTES = 64 * 1024;

/**
 * The first non-blank record of a file, or null when the file holds none (empty). Reads
 * no more than the first chunk or two. `onBytes` hears how far the read went.
 */
export async function readHeaderRecord(
  file: HmisSourceFile,
  label: string,
  expected: readonly string[],
  onBytes?: (n: number) => void,
): Promise<CsvRecord | null> {
  const records = readCsvRecords(() => file.open(), label, (n) => {
    onBytes?.(n);
    // Thrown from inside the read, so that a header-less file stops here.
    if (n > MAX_HEADER_BYTES) throw notCsv(label, expected, `no header line in its first ${MAX_HEADER_BYTES / 1024} KB`);
  });
  try {
    for (;;) {
      let next;
      try {
        next = await records.next();
      } catch (err) {
        if (err instanceof InputError && /UTF-8/.test(err.message)) throw notCsv(label, expected, 'it is not UTF-8 text');
        if (err instanceof InputError && /longer than/.test(err.message)) throw notCsv(label, expected, `no header line in its first ${MAX_HEADER_BYTES / 1024} KB`);
        throw err;
      }
      if (next.done) return null;
      const header = next.value.find((r) => !isBlankRecord(r.fields));
      if (header) return header;
    }
  } finally {
    await records.return(undefined);
  }
}

function notCsv(label: string, expected: readonly string[], why: string): InputError {
  return new InputError(`${label} is not an HMIS CSV file (${why}); expected a header line ${expectedHeader(expected)}.`);
}

function expectedHeader(expected: readonly string[]): string {
  return expected.map((c) => `"${c}"`).join(',');
}

export interface HeaderMapping {
  /** For each of the version's columns, the position of its field in the file's records. */
  positions: number[];
  /** True when the file's columns are the right ones in another order. */
  reordered: boolean;
}

/**
 * Checks a header against the version's column list: the same names (case and
 * surrounding spaces ignored), each once, nothing missing, nothing extra. A header with
 * the right columns in another order is read by name (the FY2026 HUD sample puts Sex and
 * MentalHealthConsultation last) and the caller warns `column-order`. Anything else
 * is an InputError naming the file, the first difference and the expected header.
 */
export function checkHeader(header: CsvRecord, spec: HmisFileSpec, version: HmisVersion, label: string): HeaderMapping {
  const expected = spec.columns.map((c) => c.name);
  const found = header.fields.map((f) => f.trim());
  const intro = `${label}: the header (line ${header.line})`;
  const tail = `; expected the ${versionName(version)} header ${expectedHeader(expected)}.`;

  if (found.some((f) => /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(f))) {
    throw new InputError(`${label} is not an HMIS CSV file (its first line holds binary data, not column names)${tail}`);
  }
  const index = new Map<string, number>();
  found.forEach((f, i) => {
    const key = f.toLowerCase();
    if (index.has(key)) throw new InputError(`${intro} names the column ${f} twice${tail}`);
    index.set(key, i);
  });
  const expectedLower = new Set(expected.map((c) => c.toLowerCase()));
  const missing = expected.filter((c) => !index.has(c.toLowerCase()));
  const extra = found.filter((f) => !expectedLower.has(f.toLowerCase()));
  if (missing.length > 0 || extra.length > 0) {
    if (missing.length === expected.length) {
      throw new InputError(`${label} is not an HMIS CSV file (its first line is not a ${label} header)${tail}`);
    }
    const other = HMIS_VERSIONS.find(
      (v) => v !== version && sameNames(found, HMIS_CSV_FILES[v][spec.name].columns.map((c) => c.name)),
    );
    const hint = other ? ` (this is the ${versionName(other)} ${label} header, but Export.csv says ${versionName(version)})` : '';
    throw new InputError(`${intro} ${firstDifference(found, expected, missing, extra)}${hint}${tail}`);
  }
  const positions = expected.map((c) => index.get(c.toLowerCase())!);
  return { positions, reordered: positions.some((p, i) => p !== i) };
}

function sameNames(found: readonly string[], names: readonly string[]): boolean {
  if (found.length !== names.length) return false;
  const set = new Set(names.map((n) => n.toLowerCase()));
  return found.every((f) => set.has(f.toLowerCase()));
}

function firstDifference(found: readonly string[], expected: readonly string[], missing: string[], extra: string[]): string {
  const expectedLower = new Set(expected.map((c) => c.toLowerCase()));
  const foundLower = new Set(found.map((c) => c.toLowerCase()));
  const n = Math.max(found.length, expected.length);
  for (let i = 0; i < n; i++) {
    const f = found[i];
    const e = expected[i];
    if (f !== undefined && !expectedLower.has(f.toLowerCase())) {
      return `has ${f === '' ? 'a column with no name' : `the column "${f}"`} at position ${i + 1}, which is not one of this file's columns${more(extra, 1, 'unknown')}${missing.length ? `, and lacks ${list(missing)}` : ''}`;
    }
    if (e !== undefined && !foundLower.has(e.toLowerCase())) {
      return `lacks the column ${e} (position ${i + 1} of ${expected.length})${more(missing, 1, 'missing')}${extra.length ? `, and has unknown columns ${list(extra)}` : ''}`;
    }
  }
  return `differs from the column list`;
}

function more(items: string[], shown: number, what: string): string {
  const rest = items.length - shown;
  return rest > 0 ? ` (and ${rest} more ${what}: ${list(items.slice(shown))})` : '';
}

function list(items: string[]): string {
  const shown = items.slice(0, 5).join(', ');
  return items.length > 5 ? `${shown} and ${items.length - 5} more` : shown;
}

export function versionName(version: HmisVersion): string {
  return `${version.toUpperCase()} ("${HMIS_CSV_VERSION_LABELS[version]}")`;
}
