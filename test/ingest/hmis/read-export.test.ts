/**
 * readHmisExport on small hand-made exports: refusals, row problems, CSV quirks.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { HMIS_CSV_FILES } from '../../../src/domain/hmis/csv-columns.ts';
import { readHmisExport, type HmisProgress, type HmisReadOptions } from '../../../src/ingest/hmis/index.ts';
import { InputError, type RejectedRow } from '../../../src/ingest/problems.ts';
import { cleanup, csv, exportFiles, makeDir, MemorySink, type Row } from './helpers.ts';

afterAll(cleanup);

async function read(files: Record<string, string | Buffer>, options: HmisReadOptions = {}) {
  const dir = await makeDir(files);
  const sink = new MemorySink();
  const result = await readHmisExport(dir, sink, options);
  return { dir, sink, result, file: (name: string) => result.files.find((f) => f.name === name)! };
}

/** Reads and expects a refusal; returns its message and the sink (to show nothing was written). */
async function refusal(files: Record<string, string | Buffer>, options: HmisReadOptions = {}) {
  const dir = await makeDir(files);
  const sink = new MemorySink();
  const err = await readHmisExport(dir, sink, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  return { message: (err as InputError).message, sink, dir };
}

const enrollments = (...extra: Row[]): Row[] => [
  { EnrollmentID: 'EN1', PersonalID: 'C1', ProjectID: 'P1', EntryDate: '2024-01-05', HouseholdID: 'H1', RelationshipToHoH: '1', DisablingCondition: '0' },
  ...extra,
];

describe('readHmisExport on a small valid export', () => {
  it('should load every row with no problem when the files are right', async () => {
    const { result, sink, file } = await read(exportFiles('fy2024'));
    expect(result.version).toBe('fy2024');
    expect(result.exportId).toBe('E1');
    expect(result.exportEnd).toBe('2024-06-30');
    for (const name of ['Export', 'Organization', 'Project', 'Client', 'Enrollment', 'Exit'] as const) {
      expect({ name, counts: file(name).problemCounts, rejected: file(name).rowsRejected }).toEqual({ name, counts: {}, rejected: 0 });
    }
    expect(sink.count('Enrollment')).toBe(2);
    expect(sink.records('Enrollment')[1]).toMatchObject({ EnrollmentID: 'EN2', MoveInDate: '2024-03-01', RelationshipToHoH: 1 });
  });

  it('should note each absent optional file with a missing-file warning when it is not in the export', async () => {
    const { result, file } = await read(exportFiles('fy2024'));
    const services = file('Services');
    expect(services.status).toBe('missing');
    expect(services.problemCounts).toEqual({ 'warning:missing-file': 1 });
    expect(services.problems[0]).toMatchObject({ file: 'Services.csv', line: 0, rule: 'missing-file' });
    expect(result.files.filter((f) => f.status === 'missing')).toHaveLength(18);
  });

  it('should read an FY2026 export by its own column list when CSVVersion is 2026 v1', async () => {
    const { result, sink } = await read(
      exportFiles('fy2026', {
        Client: [{ PersonalID: 'C1', Sex: '1', HispanicLatinao: '1' }, { PersonalID: 'C2' }],
      }),
    );
    expect(result.version).toBe('fy2026');
    expect(sink.records('Client')[0]).toMatchObject({ PersonalID: 'C1', Sex: 1, HispanicLatinao: 1 });
    expect(sink.batches.find((b) => b.file === 'Client')!.columns).not.toContain('Woman');
  });

  it('should report a header-only optional file as read with no rows and no problem', async () => {
    const { file } = await read(exportFiles('fy2024', { Services: [] }));
    expect(file('Services')).toMatchObject({ status: 'read', rowsRead: 0, problemCounts: {} });
  });

  it('should match file names without regard to case and list other entries as ignored', async () => {
    const files = exportFiles('fy2024');
    files['client.csv'] = files['Client.csv'];
    delete files['Client.csv'];
    files['README.txt'] = 'hello';
    const { result, sink } = await read(files);
    expect(sink.count('Client')).toBe(2);
    expect(result.ignored).toEqual(['README.txt']);
  });
});

describe('readHmisExport refusals before anything is written', () => {
  it('should refuse naming FY2024 and FY2026 when CSVVersion is one it does not know', async () => {
    const { message, sink } = await refusal(
      exportFiles('fy2024', { Export: [{ ExportID: 'E1', CSVVersion: '2022 v1', ExportStartDate: '2022-01-01', ExportEndDate: '2022-06-30' }] }),
    );
    expect(message).toBe('Export.csv: CSVVersion "2022 v1" is not a version ZeroLoop reads (line 2); ZeroLoop reads FY2024 ("2024 v…") and FY2026 ("2026 v…") exports.');
    expect(sink.calls).toEqual([]);
  });

  it('should refuse saying it is not an HMIS export when Export.csv is missing', async () => {
    const { message, dir } = await refusal(exportFiles('fy2024', {}, { 'Export.csv': null }));
    expect(message).toBe(`${dir} is not an HMIS CSV export: no Export.csv in it.`);
  });

  it('should refuse naming the missing files when Client.csv and Exit.csv are missing', async () => {
    const { message, sink, dir } = await refusal(exportFiles('fy2024', {}, { 'Client.csv': null, 'Exit.csv': null }));
    expect(message).toBe(
      `${dir}: the export has no Client.csv or Exit.csv; an HMIS CSV export must include Export.csv, Client.csv, Enrollment.csv, Exit.csv, Project.csv and Organization.csv.`,
    );
    expect(sink.calls).toEqual([]);
  });

  it('should refuse when a required file is empty', async () => {
    const { message } = await refusal(exportFiles('fy2024', {}, { 'Project.csv': '' }));
    expect(message).toMatch(/Project\.csv is empty \(0 bytes\)/);
  });

  it('should refuse naming the file, the first difference and the expected header when a header is wrong', async () => {
    const cols = HMIS_CSV_FILES.fy2024.Services.columns.map((c) => c.name);
    const wrong = cols.map((c) => (c === 'DateProvided' ? 'ServiceDate' : c));
    const { message, sink } = await refusal(exportFiles('fy2024', {}, { 'Services.csv': csv('fy2024', 'Services', [], { columns: wrong }) }));
    expect(message).toBe(
      `Services.csv: the header (line 1) has the column "ServiceDate" at position 4, which is not one of this file's columns, and lacks DateProvided; expected the FY2024 ("2024 v1.3") header ${cols.map((c) => `"${c}"`).join(',')}.`,
    );
    // Services.csv is read late, but its header is checked before anything is written.
    expect(sink.calls).toEqual([]);
  });

  it('should refuse when a header lacks a column or has one too many', async () => {
    const cols = HMIS_CSV_FILES.fy2024.Exit.columns.map((c) => c.name);
    const short = await refusal(exportFiles('fy2024', {}, { 'Exit.csv': csv('fy2024', 'Exit', [], { columns: cols.slice(0, -1) }) }));
    expect(short.message).toMatch(/^Exit\.csv: the header \(line 1\) lacks the column ExportID \(position 44 of 44\); expected the FY2024/);
    const long = await refusal(exportFiles('fy2024', {}, { 'Exit.csv': csv('fy2024', 'Exit', [], { columns: [...cols, 'Notes'] }) }));
    expect(long.message).toMatch(/^Exit\.csv: the header \(line 1\) has the column "Notes" at position 45, which is not one of this file's columns; expected/);
  });

  it('should say which version a header belongs to when it is the other version', async () => {
    const cols = HMIS_CSV_FILES.fy2026.Client.columns.map((c) => c.name);
    const { message } = await refusal(exportFiles('fy2024', {}, { 'Client.csv': csv('fy2026', 'Client', [], { columns: cols }) }));
    expect(message).toMatch(/this is the FY2026 \("2026 v1"\) Client\.csv header, but Export\.csv says FY2024 \("2024 v1\.3"\)/);
  });

  it('should refuse from the header, reading only its first bytes, when Client.csv is 50 MB of random bytes', async () => {
    const garbage = randomBytes(50 * 1024 * 1024);
    const progress: HmisProgress[] = [];
    const { message, sink } = await refusal(exportFiles('fy2024', {}, { 'Client.csv': garbage }), { onProgress: (p) => progress.push(p) });
    expect(message).toMatch(/^Client\.csv is not an HMIS CSV file \(/);
    expect(message).toMatch(/expected a header line "PersonalID","FirstName",/);
    expect(sink.calls).toEqual([]);
    const client = progress.filter((p) => p.file === 'Client.csv');
    expect(client.length).toBeGreaterThan(0);
    expect(Math.max(...client.map((p) => p.bytesRead))).toBeLessThanOrEqual(128 * 1024);
    expect(client[0].bytesTotal).toBe(50 * 1024 * 1024);
  });

  it('should refuse from the first 64 KB when a file is text with no line break', async () => {
    const progress: HmisProgress[] = [];
    const { message } = await refusal(exportFiles('fy2024', {}, { 'Enrollment.csv': 'A'.repeat(5 * 1024 * 1024) }), { onProgress: (p) => progress.push(p) });
    expect(message).toMatch(/^Enrollment\.csv is not an HMIS CSV file \(no header line in its first 64 KB\)/);
    expect(Math.max(...progress.filter((p) => p.file === 'Enrollment.csv').map((p) => p.bytesRead))).toBeLessThanOrEqual(128 * 1024);
  });

  it('should refuse a text file whose first line is not a header', async () => {
    const { message } = await refusal(exportFiles('fy2024', {}, { 'Organization.csv': 'hello world\nthis is not csv\n' }));
    expect(message).toMatch(/^Organization\.csv is not an HMIS CSV file \(its first line is not a Organization\.csv header\)/);
  });

  it('should refuse when Export.csv holds no row or two rows', async () => {
    const none = await refusal(exportFiles('fy2024', { Export: [] }));
    expect(none.message).toBe('Export.csv holds no data row; an HMIS export describes itself in exactly one row there.');
    const row = { ExportID: 'E1', CSVVersion: '2024 v1.3' };
    const two = await refusal(exportFiles('fy2024', { Export: [row, { ...row, ExportID: 'E2' }] }));
    expect(two.message).toBe('Export.csv holds 2 data rows; an HMIS export describes itself in exactly one.');
    expect(two.sink.calls).toEqual([]);
  });

  it('should refuse when the path is neither a folder nor a zip', async () => {
    const err = await readHmisExport('/nonexistent/export', new MemorySink()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe('/nonexistent/export: no such folder or zip file; expected a folder or a .zip holding an HMIS CSV export.');
  });
});

describe('readHmisExport row checks', () => {
  it('should warn orphan-reference and still load when an Exit names an enrollment not in Enrollment.csv', async () => {
    const { file, sink } = await read(
      exportFiles('fy2024', { Exit: [{ ExitID: 'X1', EnrollmentID: 'EN9', PersonalID: 'C1', ExitDate: '2024-02-01', Destination: '435' }] }),
    );
    const exit = file('Exit');
    expect(exit.problemCounts).toEqual({ 'warning:orphan-reference': 1 });
    expect(exit.problems[0]).toMatchObject({ severity: 'warning', file: 'Exit.csv', line: 2, column: 'EnrollmentID', value: 'EN9', rule: 'orphan-reference' });
    expect(exit.problems[0].message).toBe('No Enrollment.csv record has EnrollmentID EN9.');
    expect(exit).toMatchObject({ rowsLoaded: 1, rowsWarned: 1 });
    expect(sink.count('Exit')).toBe(1);
  });

  it('should warn when an enrollment names a client or a project that is not there', async () => {
    const { file } = await read(
      exportFiles('fy2024', {
        Enrollment: enrollments({ EnrollmentID: 'EN2', PersonalID: 'C7', ProjectID: 'P7', EntryDate: '2024-01-05', HouseholdID: 'H2', RelationshipToHoH: '1', DisablingCondition: '0' }),
      }),
    );
    expect(file('Enrollment').problems.map((p) => [p.line, p.column, p.value, p.rule])).toEqual([
      [3, 'PersonalID', 'C7', 'orphan-reference'],
      [3, 'ProjectID', 'P7', 'orphan-reference'],
    ]);
  });

  it('should reject the later row with duplicate-id when an EnrollmentID repeats', async () => {
    const { file, sink } = await read(
      exportFiles('fy2024', {
        Enrollment: enrollments({ EnrollmentID: 'EN1', PersonalID: 'C2', ProjectID: 'P1', EntryDate: '2024-03-05', HouseholdID: 'H9', RelationshipToHoH: '1', DisablingCondition: '0' }),
      }),
    );
    const e = file('Enrollment');
    expect(e).toMatchObject({ rowsRead: 2, rowsLoaded: 1, rowsRejected: 1 });
    expect(e.problems).toEqual([
      expect.objectContaining({ severity: 'error', line: 3, column: 'EnrollmentID', value: 'EN1', rule: 'duplicate-id' }),
    ]);
    expect(sink.records('Enrollment').map((r) => r.PersonalID)).toEqual(['C1']);
    expect(file('Exit').problemCounts).toEqual({});
  });

  it('should reject a row with an unparseable EntryDate and flag the exits that lose their enrollment', async () => {
    const { file, sink } = await read(
      exportFiles('fy2024', { Enrollment: [{ ...enrollments()[0], EntryDate: '01/05/2024' }] }),
    );
    const e = file('Enrollment');
    expect(e).toMatchObject({ rowsRead: 1, rowsLoaded: 0, rowsRejected: 1 });
    expect(e.problems[0]).toMatchObject({ severity: 'error', line: 2, column: 'EntryDate', value: '01/05/2024', rule: 'date-format' });
    expect(sink.count('Enrollment')).toBe(0);
    expect(file('Exit').problemCounts).toEqual({ 'warning:orphan-reference': 1 });
  });

  it('should reject a row whose EntryDate or ExitDate is blank or not a real day', async () => {
    const { file } = await read(
      exportFiles('fy2024', {
        Enrollment: enrollments({ ...enrollments()[0], EnrollmentID: 'EN2', EntryDate: '' }, { ...enrollments()[0], EnrollmentID: 'EN3', EntryDate: '2023-02-29' }),
        Exit: [{ ExitID: 'X1', EnrollmentID: 'EN1', PersonalID: 'C1', ExitDate: '2024-13-01', Destination: '435' }],
      }),
    );
    expect(file('Enrollment').problemCounts).toEqual({ 'error:missing-date': 1, 'error:date-format': 1 });
    expect(file('Exit').problemCounts).toEqual({ 'error:date-format': 1 });
  });

  it('should warn and load null when a MoveInDate is malformed', async () => {
    const { file, sink } = await read(exportFiles('fy2024', { Enrollment: [{ ...enrollments()[0], MoveInDate: '2024-3-1' }] }));
    expect(file('Enrollment').problems[0]).toMatchObject({ severity: 'warning', column: 'MoveInDate', value: '2024-3-1', rule: 'date-format' });
    expect(sink.records('Enrollment')[0].MoveInDate).toBeNull();
  });

  it('should warn unknown-code and keep the value when a ProjectType is not on the HUD list', async () => {
    const { file, sink } = await read(
      exportFiles('fy2024', { Project: [{ ProjectID: 'P1', OrganizationID: 'O1', ProjectName: 'Odd', ProjectType: '5' }] }),
    );
    expect(file('Project').problems).toEqual([
      expect.objectContaining({ severity: 'warning', line: 2, column: 'ProjectType', value: '5', rule: 'unknown-code', message: '5 is not a code of HUD list 2.02.6 ProjectType; it is loaded as it is.' }),
    ]);
    expect(sink.records('Project')[0].ProjectType).toBe(5);
  });

  it('should warn unknown-code for destinations, living situations and relationships off their lists', async () => {
    const { file } = await read(
      exportFiles('fy2024', {
        Enrollment: [{ ...enrollments()[0], RelationshipToHoH: '7', LivingSituation: '999' }],
        Exit: [{ ExitID: 'X1', EnrollmentID: 'EN1', PersonalID: 'C1', ExitDate: '2024-02-01', Destination: '3' }],
      }),
    );
    expect(file('Enrollment').problems.map((p) => [p.column, p.rule])).toEqual([
      ['RelationshipToHoH', 'unknown-code'],
      ['LivingSituation', 'unknown-code'],
    ]);
    expect(file('Exit').problems.map((p) => [p.column, p.value, p.rule])).toEqual([['Destination', '3', 'unknown-code']]);
  });

  it('should reject a row with missing-key when its PersonalID is blank', async () => {
    const { file } = await read(exportFiles('fy2024', { Enrollment: [{ ...enrollments()[0], PersonalID: ' ' }] }));
    expect(file('Enrollment').problems[0]).toMatchObject({ severity: 'error', column: 'PersonalID', rule: 'missing-key' });
    expect(file('Enrollment').rowsRejected).toBe(1);
  });

  it('should warn missing-value and load when a required non-key column is blank', async () => {
    const { file, sink } = await read(exportFiles('fy2024', { Enrollment: [{ ...enrollments()[0], HouseholdID: '', DisablingCondition: '' }] }));
    expect(file('Enrollment').problems.map((p) => [p.column, p.severity, p.rule])).toEqual([
      ['HouseholdID', 'warning', 'missing-value'],
      ['DisablingCondition', 'warning', 'missing-value'],
    ]);
    expect(sink.count('Enrollment')).toBe(1);
  });

  it('should warn number-format and load null when a number cannot be read', async () => {
    const { file, sink } = await read(
      exportFiles('fy2024', {
        Services: [
          { ServicesID: 'S1', EnrollmentID: 'EN1', PersonalID: 'C1', DateProvided: '2024-01-10', RecordType: '144', TypeProvided: '1.5', FAAmount: '12.50' },
          { ServicesID: 'S2', EnrollmentID: 'EN1', PersonalID: 'C1', DateProvided: '2024-01-11', RecordType: '200', TypeProvided: '1', FAAmount: '$12' },
        ],
      }),
    );
    expect(file('Services').problems.map((p) => [p.line, p.column, p.value, p.rule])).toEqual([
      [2, 'TypeProvided', '1.5', 'number-format'],
      [3, 'FAAmount', '$12', 'number-format'],
    ]);
    expect(sink.records('Services').map((r) => [r.TypeProvided, r.FAAmount])).toEqual([
      [null, 12.5],
      [1, null],
    ]);
  });

  it('should pass deleted records on and count them when DateDeleted is filled', async () => {
    const { file, sink } = await read(
      exportFiles('fy2024', {
        Client: [{ PersonalID: 'C1' }, { PersonalID: 'C2', DateDeleted: '2024-05-01 12:00:00' }, { PersonalID: 'C3', DateDeleted: 'yesterday' }],
      }),
    );
    const c = file('Client');
    expect(c).toMatchObject({ rowsRead: 3, rowsLoaded: 2, rowsRejected: 1, rowsDeleted: 1 });
    expect(c.problems[0]).toMatchObject({ severity: 'error', line: 4, column: 'DateDeleted', value: 'yesterday', rule: 'datetime-format' });
    expect(sink.records('Client').map((r) => r.DateDeleted)).toEqual([null, '2024-05-01 12:00:00']);
  });

  it('should keep counting but only a few examples when thousands of rows have the same problem', async () => {
    const clients: Row[] = [];
    for (let i = 0; i < 3000; i++) clients.push({ PersonalID: `C${i}`, DateUpdated: '03-11-21' });
    const { file } = await read(exportFiles('fy2024', { Client: clients }));
    const c = file('Client');
    expect(c.problemCounts).toEqual({ 'warning:datetime-format': 3000 });
    expect(c.problems).toHaveLength(20);
    expect(c).toMatchObject({ rowsRead: 3000, rowsLoaded: 3000, rowsWarned: 3000 });
  });

  it('should tell onRejectedRow of each rejected row with its fields and problems', async () => {
    const rejected: RejectedRow[] = [];
    await read(exportFiles('fy2024', { Enrollment: [{ ...enrollments()[0], EntryDate: 'soon' }] }), { onRejectedRow: (r) => rejected.push(r) });
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ file: 'Enrollment.csv', line: 2 });
    expect(rejected[0].fields.slice(0, 4)).toEqual(['EN1', 'C1', 'P1', 'soon']);
    expect(rejected[0].problems.map((p) => p.rule)).toEqual(['date-format']);
  });

  it('should hand rows over in batches of batchSize when a file is larger', async () => {
    const clients: Row[] = [];
    for (let i = 0; i < 12; i++) clients.push({ PersonalID: `C${i}` });
    const { sink } = await read(exportFiles('fy2024', { Client: clients }), { batchSize: 5 });
    expect(sink.batches.filter((b) => b.file === 'Client').map((b) => b.rows.length)).toEqual([5, 5, 2]);
  });
});

describe('readHmisExport CSV quirks', () => {
  it('should read a BOM, CRLF line ends and quoted fields with commas, quotes and line breaks', async () => {
    const cols = HMIS_CSV_FILES.fy2024.Organization.columns.map((c) => c.name);
    const rows: Row[] = [
      { OrganizationID: 'O1', OrganizationName: 'Smith, "Jo" & Co\r\nSecond line', VictimServiceProvider: '0' },
      { OrganizationID: 'O2', OrganizationName: 'Plain', VictimServiceProvider: '0' },
    ];
    const text = '\ufeff' + csv('fy2024', 'Organization', rows, { eol: '\r\n', columns: cols });
    const { sink, file } = await read(exportFiles('fy2024', {}, { 'Organization.csv': text }));
    expect(file('Organization').problemCounts).toEqual({});
    const orgs = sink.records('Organization');
    expect(orgs.map((o) => o.OrganizationName)).toEqual(['Smith, "Jo" & Co\r\nSecond line', 'Plain']);
    // The quoted line break moves the next record's line on.
    expect(sink.batches.find((b) => b.file === 'Organization')!.lines).toEqual([2, 4]);
  });

  it('should reject the last row with field-count when a file is cut off mid-row', async () => {
    const full = csv('fy2024', 'Client', [{ PersonalID: 'C1' }, { PersonalID: 'C2' }, { PersonalID: 'C3' }]);
    const cut = full.slice(0, full.length - 40);
    const { file, sink } = await read(exportFiles('fy2024', {}, { 'Client.csv': cut }));
    const c = file('Client');
    expect(c).toMatchObject({ rowsRead: 3, rowsLoaded: 2, rowsRejected: 1 });
    expect(c.problems[0]).toMatchObject({ severity: 'error', line: 4, rule: 'field-count' });
    expect(sink.count('Client')).toBe(2);
  });

  it('should refuse naming the file and line when a quote is never closed', async () => {
    const text = csv('fy2024', 'Exit', [{ ExitID: 'X1', EnrollmentID: 'EN1', PersonalID: 'C1', ExitDate: '2024-02-01', Destination: '435' }]) + 'X2,EN1,C1,2024-02-01,"435';
    const { message } = await refusal(exportFiles('fy2024', {}, { 'Exit.csv': text }));
    expect(message).toBe('Exit.csv: line 3: a quoted field is never closed (unterminated quote), so the file is not valid CSV.');
  });

  it('should reject a row with csv-quote when a quoted field is followed by other characters', async () => {
    const text = csv('fy2024', 'Organization', [{ OrganizationID: 'O1', OrganizationName: 'A' }]) + csv('fy2024', 'Organization', [{ OrganizationID: 'O2', OrganizationName: 'B' }]).split('\n')[1].replace(',B,', ',"B"x,') + '\n';
    const { file } = await read(exportFiles('fy2024', {}, { 'Organization.csv': text }));
    expect(file('Organization').problemCounts).toEqual({ 'error:csv-quote': 1 });
  });
});
