/** Hand-made HMIS exports and a sink that keeps what it is given, for the reader's tests. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  HMIS_CSV_FILES,
  HMIS_CSV_VERSION_LABELS,
  type HmisFileName,
  type HmisVersion,
} from '../../../src/domain/hmis/csv-columns.ts';
import type { HmisFileBatch, HmisSink, HmisValue } from '../../../src/ingest/hmis/index.ts';
import { CODE_RULES } from '../../../src/ingest/hmis/rules.ts';

/** The HUD sample exports in ../shared/data, beside the repository (read in place, never copied in). */
export const SAMPLES = fileURLToPath(new URL('../../../../shared/data', import.meta.url));
export const sample = (v: HmisVersion): string => join(SAMPLES, `hmis-sample-${v}`);

const roots: string[] = [];

/** Writes the files (path → content) into a new temp folder; `cleanup` removes them all. */
export async function makeDir(files: Record<string, string | Buffer>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'zeroloop-hmis-'));
  roots.push(root);
  for (const [name, content] of Object.entries(files)) {
    const path = join(root, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }
  return root;
}

export async function cleanup(): Promise<void> {
  for (const r of roots.splice(0)) await rm(r, { recursive: true, force: true });
}

export type Row = Record<string, string>;

/** A value for a column HUD requires, when the test does not give one. */
function filler(version: HmisVersion, file: HmisFileName, column: string): string {
  const spec = HMIS_CSV_FILES[version][file].columns.find((c) => c.name === column)!;
  if (spec.nullable) return '';
  const code = CODE_RULES[file]?.[column];
  if (code) return String(Math.min(...code.codes));
  switch (spec.type) {
    case 'date':
      return '2024-01-01';
    case 'datetime':
      return '2024-01-01 10:00:00';
    case 'integer':
    case 'money':
      return '0';
    default:
      return column === 'ExportID' ? 'E1' : column === 'UserID' ? 'U1' : 'x';
  }
}

function quote(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** A file's text: HUD's header for the version and one line per row (unnamed required columns filled). */
export function csv(
  version: HmisVersion,
  file: HmisFileName,
  rows: Row[],
  opts: { eol?: string; columns?: readonly string[] } = {},
): string {
  const eol = opts.eol ?? '\n';
  const columns = opts.columns ?? HMIS_CSV_FILES[version][file].columns.map((c) => c.name);
  const lines = [columns.map(quote).join(',')];
  for (const r of rows) lines.push(columns.map((c) => quote(c in r ? r[c] : filler(version, file, c))).join(','));
  return lines.join(eol) + eol;
}

export function baseRows(version: HmisVersion): Partial<Record<HmisFileName, Row[]>> {
  return {
    Export: [
      { ExportID: 'E1', CSVVersion: HMIS_CSV_VERSION_LABELS[version], ExportStartDate: '2024-01-01', ExportEndDate: '2024-06-30', ExportDate: '2024-07-01 09:00:00' },
    ],
    Organization: [{ OrganizationID: 'O1', OrganizationName: 'Org One' }],
    Project: [
      { ProjectID: 'P1', OrganizationID: 'O1', ProjectName: 'Shelter', ProjectType: '0' },
      { ProjectID: 'P2', OrganizationID: 'O1', ProjectName: 'PSH', ProjectType: '3' },
    ],
    Client: [
      { PersonalID: 'C1', DOB: '1980-05-01', DOBDataQuality: '1', VeteranStatus: '0' },
      { PersonalID: 'C2', DOB: '1975-02-03', DOBDataQuality: '1', VeteranStatus: '1' },
    ],
    Enrollment: [
      { EnrollmentID: 'EN1', PersonalID: 'C1', ProjectID: 'P1', EntryDate: '2024-01-05', HouseholdID: 'H1', RelationshipToHoH: '1', DisablingCondition: '0' },
      { EnrollmentID: 'EN2', PersonalID: 'C2', ProjectID: 'P2', EntryDate: '2024-02-01', HouseholdID: 'H2', RelationshipToHoH: '1', DisablingCondition: '1', MoveInDate: '2024-03-01' },
    ],
    Exit: [{ ExitID: 'X1', EnrollmentID: 'EN1', PersonalID: 'C1', ExitDate: '2024-02-01', Destination: '435' }],
  };
}

/** The files of a small valid export; `rows` replaces a file's rows, `files` adds or replaces raw files (null removes one). */
export function exportFiles(
  version: HmisVersion,
  rows: Partial<Record<HmisFileName, Row[]>> = {},
  files: Record<string, string | Buffer | null> = {},
): Record<string, string | Buffer> {
  const all = { ...baseRows(version), ...rows };
  const out: Record<string, string | Buffer> = {};
  for (const [file, r] of Object.entries(all) as [HmisFileName, Row[]][]) out[`${file}.csv`] = csv(version, file, r);
  for (const [name, content] of Object.entries(files)) {
    if (content === null) delete out[name];
    else out[name] = content;
  }
  return out;
}

export class MemorySink implements HmisSink {
  begun: { version: HmisVersion; exportRow: Record<string, HmisValue> }[] = [];
  batches: HmisFileBatch[] = [];
  /** Every call, in order: 'begin' or the file of a batch. */
  calls: string[] = [];

  async begin(version: HmisVersion, exportRow: Record<string, HmisValue>): Promise<void> {
    this.calls.push('begin');
    this.begun.push({ version, exportRow });
  }

  async rows(batch: HmisFileBatch): Promise<void> {
    this.calls.push(batch.file);
    this.batches.push(batch);
  }

  /** A file's rows as objects by column name. */
  records(file: HmisFileName): Record<string, HmisValue>[] {
    const out: Record<string, HmisValue>[] = [];
    for (const b of this.batches) {
      if (b.file !== file) continue;
      for (const r of b.rows) {
        const o: Record<string, HmisValue> = {};
        b.columns.forEach((c, i) => (o[c] = r[i]));
        out.push(o);
      }
    }
    return out;
  }

  count(file: HmisFileName): number {
    return this.batches.filter((b) => b.file === file).reduce((n, b) => n + b.rows.length, 0);
  }

  /** The first column (the record's ID) of every row of a file. */
  ids(file: HmisFileName): Set<string> {
    const out = new Set<string>();
    for (const b of this.batches) if (b.file === file) for (const r of b.rows) out.add(String(r[0]));
    return out;
  }
}
