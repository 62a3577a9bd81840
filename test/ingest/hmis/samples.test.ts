/**
 * The two HUD sample exports in ../shared/data, read in place (nothing skipped).
 */
import { describe, expect, it } from 'vitest';
import type { HmisFileName, HmisVersion } from '../../../src/domain/hmis/csv-columns.ts';
import { HMIS_CSV_FILES } from '../../../src/domain/hmis/csv-columns.ts';
import { readHmisExport, READ_ORDER, type HmisReadResult } from '../../../src/ingest/hmis/index.ts';
import { MemorySink, sample } from './helpers.ts';

/**
 * Data rows per file, counted independently of the reader, once, by hand with Python:
 *   with open(path, newline='') as f: r = csv.reader(f); next(r); n = sum(1 for _ in r)
 * (a 0-byte file counted as 0). FY2024's Disabilities.csv is 0 bytes; FY2026's has 24,672 rows.
 */
const FY2024_ROWS: Record<HmisFileName, number> = {
  Export: 1,
  Organization: 3,
  User: 1,
  Project: 27,
  Funder: 59,
  ProjectCoC: 26,
  Inventory: 81,
  Affiliation: 0,
  HMISParticipation: 26,
  CEParticipation: 26,
  Client: 4146,
  Enrollment: 4771,
  Exit: 4295,
  IncomeBenefits: 9623,
  HealthAndDV: 9623,
  EmploymentEducation: 9623,
  Disabilities: 0,
  Services: 4472,
  CurrentLivingSituation: 336,
  Assessment: 78,
  AssessmentQuestions: 0,
  AssessmentResults: 0,
  Event: 168,
  YouthEducationStatus: 5637,
};
const FY2026_ROWS: Record<HmisFileName, number> = { ...FY2024_ROWS, Disabilities: 24672 };

const reads = new Map<HmisVersion, Promise<{ result: HmisReadResult; sink: MemorySink; progress: { file: string; bytesRead: number; bytesTotal: number; rows: number }[] }>>();
function readSample(version: HmisVersion) {
  let r = reads.get(version);
  if (!r) {
    r = (async () => {
      const sink = new MemorySink();
      const progress: { file: string; bytesRead: number; bytesTotal: number; rows: number }[] = [];
      const result = await readHmisExport(sample(version), sink, { onProgress: (p) => progress.push(p) });
      return { result, sink, progress };
    })();
    reads.set(version, r);
  }
  return r;
}

describe.each([
  ['fy2024', FY2024_ROWS],
  ['fy2026', FY2026_ROWS],
] as const)('the HUD sample export %s', (version, expectedRows) => {
  it('should name the version and the export when reading Export.csv', async () => {
    const { result, sink } = await readSample(version);
    expect(result.version).toBe(version);
    expect(result.csvVersion).toBe(version === 'fy2024' ? '2024 v1.3' : '2026 v1');
    expect(result.exportId).toBe('1036');
    expect(result.exportStart).toBe('2019-10-01');
    expect(result.exportEnd).toBe('2022-09-30');
    expect(result.ignored).toEqual([]);
    expect(sink.begun).toHaveLength(1);
    expect(sink.begun[0].version).toBe(version);
    expect(sink.begun[0].exportRow).toMatchObject({ ExportID: '1036', CSVVersion: result.csvVersion, ExportDate: '2023-09-08 20:29:02', SourceType: 4 });
  });

  it('should read and load every row of every file when nothing is wrong with them', async () => {
    const { result, sink } = await readSample(version);
    expect(result.files.map((f) => f.name)).toEqual(READ_ORDER);
    for (const f of result.files) {
      expect({ file: f.name, read: f.rowsRead, loaded: f.rowsLoaded, rejected: f.rowsRejected, deleted: f.rowsDeleted }).toEqual({
        file: f.name,
        read: expectedRows[f.name],
        loaded: expectedRows[f.name],
        rejected: 0,
        deleted: 0,
      });
      expect(sink.count(f.name)).toBe(expectedRows[f.name]);
    }
    // The figures.
    expect(sink.count('Client')).toBe(4146);
    expect(sink.count('Enrollment')).toBe(4771);
    expect(sink.count('Project')).toBe(27);
  });

  it('should warn on every Client DateUpdated like 03-11-21 without losing a client', async () => {
    const { result, sink } = await readSample(version);
    const client = result.files.find((f) => f.name === 'Client')!;
    expect(client.problemCounts['warning:datetime-format']).toBe(4146);
    expect(client.rowsWarned).toBe(4146);
    expect(client.rowsLoaded).toBe(4146);
    const examples = client.problems.filter((p) => p.rule === 'datetime-format');
    expect(examples.length).toBe(20); // grouped: a few examples, the full count above
    expect(examples[0]).toMatchObject({ severity: 'warning', file: 'Client.csv', line: 2, column: 'DateUpdated', value: '03-11-21' });
    const clients = sink.records('Client');
    expect(clients.every((c) => c.DateUpdated === null)).toBe(true);
    expect(clients[0]).toMatchObject({ PersonalID: '2615', DOB: '1997-01-19', DOBDataQuality: 1, DateCreated: '2000-08-08 11:11:00' });
  });

  it('should flag the two codes that are on no HUD list when reading the sample', async () => {
    const { result } = await readSample(version);
    const unknown = result.files.flatMap((f) => f.problems.filter((p) => p.rule === 'unknown-code'));
    expect(unknown.map((p) => [p.file, p.column, p.value])).toEqual([
      ['Client.csv', 'RaceNone', '0'],
      ['CurrentLivingSituation.csv', 'CurrentLivingSituation', '999'],
    ]);
    // The sample's references all resolve.
    expect(result.files.some((f) => f.problemCounts['warning:orphan-reference'])).toBe(false);
  });

  it('should type values by the HUD column list when handing rows on', async () => {
    const { sink } = await readSample(version);
    const services = sink.records('Services');
    expect(services[1]).toMatchObject({ ServicesID: '4651581', DateProvided: '2022-03-10', RecordType: 152, FAAmount: 1800, FAStartDate: '2022-03-10' });
    const income = sink.records('IncomeBenefits')[0];
    expect(income).toMatchObject({ IncomeBenefitsID: '829635_1', TotalMonthlyIncome: 426, Earned: 0, EarnedAmount: null });
    const enrollment = sink.records('Enrollment')[0];
    expect(enrollment).toMatchObject({ EnrollmentID: '278060', PersonalID: '3166', EntryDate: '2009-05-11', MoveInDate: '2021-05-03', RelationshipToHoH: 1, LivingSituation: 410 });
    for (const b of sink.batches) {
      expect(b.columns).toEqual(HMIS_CSV_FILES[version][b.file].columns.map((c) => c.name));
      expect(b.rows.filter((r) => r.length !== b.columns.length).length).toBe(0);
      expect(b.lines).toHaveLength(b.rows.length);
    }
    expect(sink.batches.find((b) => b.file === 'Client')!.lines[0]).toBe(2);
  });

  it('should call begin first and hand the files over parents first', async () => {
    const { sink } = await readSample(version);
    expect(sink.calls[0]).toBe('begin');
    expect(sink.calls[1]).toBe('Export');
    const order = [...new Set(sink.calls.slice(1))];
    const expected = READ_ORDER.filter((f) => expectedRows[f] > 0);
    expect(order).toEqual(expected);
  });

  it('should report progress in bytes and rows for each file', async () => {
    const { progress, result } = await readSample(version);
    const last = new Map(progress.map((p) => [p.file, p]));
    const enrollment = last.get('Enrollment.csv')!;
    expect(enrollment.bytesRead).toBe(enrollment.bytesTotal);
    expect(enrollment.rows).toBe(4771);
    expect(result.files.find((f) => f.name === 'Enrollment')!.bytes).toBe(enrollment.bytesTotal);
  });
});

describe('the FY2024 and FY2026 samples', () => {
  it('should report the empty FY2024 Disabilities.csv when it is zero bytes', async () => {
    const { result } = await readSample('fy2024');
    const d = result.files.find((f) => f.name === 'Disabilities')!;
    expect(d.status).toBe('empty');
    expect(d.rowsRead).toBe(0);
    expect(d.problemCounts).toEqual({ 'warning:empty-file': 1 });
    expect(d.problems[0]).toMatchObject({ file: 'Disabilities.csv', line: 0, rule: 'empty-file' });
  });

  it('should read FY2026 files whose columns are in another order by name, with a warning', async () => {
    const { result, sink } = await readSample('fy2026');
    const client = result.files.find((f) => f.name === 'Client')!;
    expect(client.problemCounts['warning:column-order']).toBe(1);
    expect(client.problems.find((p) => p.rule === 'column-order')!.message).toMatch(/Sex is column 38, HUD puts it at 11/);
    expect(result.files.find((f) => f.name === 'Enrollment')!.problemCounts['warning:column-order']).toBe(1);
    // Sex is the 11th column in the batch, whatever its place in the file.
    const first = sink.records('Client')[0];
    expect(first.Sex).toBe(0);
    expect(first.HispanicLatinao).toBe(0);
    expect(sink.records('Enrollment')[0].MentalHealthConsultation).toBe(2);
  });

  it('should give the same records by ID from both versions when the data is the same', async () => {
    const a = await readSample('fy2024');
    const b = await readSample('fy2026');
    for (const file of READ_ORDER) {
      if (file === 'Disabilities') continue; // 0 bytes in FY2024
      expect({ file, ids: a.sink.ids(file) }).toEqual({ file, ids: b.sink.ids(file) });
    }
    const ea = a.sink.records('Enrollment');
    const eb = b.sink.records('Enrollment');
    const pick = (r: Record<string, unknown>) => [r.EnrollmentID, r.PersonalID, r.ProjectID, r.EntryDate, r.MoveInDate, r.HouseholdID, r.RelationshipToHoH, r.LivingSituation, r.DisablingCondition];
    expect(ea.map(pick)).toEqual(eb.map(pick));
  });
});
