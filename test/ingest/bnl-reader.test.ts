import { describe, it, expect, afterAll } from 'vitest';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseDay, type Day } from '../../src/domain/time/day.ts';
import { InputError, type FileReport, type Problem } from '../../src/ingest/problems.ts';
import {
  readBnlDirectory,
  type BnlPersonRow,
  type BnlReadOptions,
  type BnlSink,
  type BnlStatusRow,
} from '../../src/ingest/bnl/index.ts';
import { CsvParser, type CsvRecord } from '../../src/ingest/csv.ts';

// ------------------------------------------------------------------ helpers

const AS_OF = parseDay('2024-06-30')!;
const day = (s: string): Day => {
  const d = parseDay(s);
  if (d === null) throw new Error(`bad test date ${s}`);
  return d;
};

const roots: string[] = [];
afterAll(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

/** Writes the files (path → content; a Buffer for raw bytes) into a new temp folder. */
async function makeDir(files: Record<string, string | Buffer>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'zeroloop-bnl-'));
  roots.push(root);
  for (const [name, content] of Object.entries(files)) {
    const path = join(root, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }
  return root;
}

class MemorySink implements BnlSink {
  personRows: BnlPersonRow[] = [];
  statusRows: BnlStatusRow[] = [];
  personBatches: number[] = [];
  statusBatches: number[] = [];
  busy = false;
  overlapped = false;
  constructor(private readonly delayMs = 0) {}
  private async take(): Promise<void> {
    if (this.busy) this.overlapped = true;
    this.busy = true;
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    this.busy = false;
  }
  async persons(rows: BnlPersonRow[]): Promise<void> {
    await this.take();
    this.personBatches.push(rows.length);
    this.personRows.push(...rows);
  }
  async statusChanges(rows: BnlStatusRow[]): Promise<void> {
    await this.take();
    this.statusBatches.push(rows.length);
    this.statusRows.push(...rows);
  }
  person(id: string): BnlPersonRow {
    const p = this.personRows.find((r) => r.personId === id);
    if (!p) throw new Error(`no person ${id}`);
    return p;
  }
}

async function read(files: Record<string, string | Buffer>, options: BnlReadOptions = {}) {
  const dir = await makeDir(files);
  const sink = new MemorySink();
  const result = await readBnlDirectory(dir, sink, { asOf: AS_OF, ...options });
  const report = (file: string): FileReport => {
    const r = result.files.find((f) => f.file === file);
    if (!r) throw new Error(`no report for ${file}`);
    return r;
  };
  return { dir, sink, result, report };
}

/** The problems of a report, reduced to what the tests compare. */
const brief = (r: FileReport) =>
  r.problems.map((p: Problem) => ({ severity: p.severity, file: p.file, line: p.line, column: p.column, value: p.value, rule: p.rule }));

async function inputError(files: Record<string, string | Buffer>, options: BnlReadOptions = {}): Promise<string> {
  const dir = await makeDir(files);
  try {
    await readBnlDirectory(dir, new MemorySink(), { asOf: AS_OF, ...options });
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('expected an InputError');
}

const PERSON_HEADER = 'person_id,birth_date,birth_year,veteran,chronic_since,household_id,relationship,race,gender,locality';
const csv = (...lines: string[]) => lines.join('\n') + '\n';
const EMPTY_HISTORY = 'person_id,date,status\n';

// ------------------------------------------------------------------ persons.csv

describe('persons.csv', () => {
  it('reads every column and normalizes the values', async () => {
    const { sink, result, report } = await read({
      'persons.csv': csv(
        PERSON_HEADER,
        'p1,1980-05-01,,yes,2023-01-15,,,white;Asian, Woman ,North',
        'p2,,1975,N,,h1,head,BlackAfAmerican|hispanic_latinaeo|black_af_american,,',
        'p3,2010-02-03,,0,,h1,2,,,',
        'p4,,,TRUE,,h1,partner,AmIndAKNative;MidEastNAfrican;NativeHIPacific,,',
        'p5,1990-01-01,1990,false,,h2,HEAD,,,',
        'p6,,,,,h2,3,,,',
        'p7,,,,,h2,4,,,',
        'p8,,,,,h2,5,,,',
        'p9,,,99,,h2,other,,,',
      ),
      'status-history.csv': EMPTY_HISTORY,
    });
    expect(brief(report('persons.csv'))).toEqual([]);
    expect(result.personCount).toBe(9);
    expect(sink.person('p1')).toEqual({
      personId: 'p1',
      birthDate: day('1980-05-01'),
      birthYearOnly: false,
      veteran: true,
      chronicSince: day('2023-01-15'),
      householdId: null,
      relationship: 'head',
      race: ['asian', 'white'],
      gender: 'Woman',
      locality: 'North',
      line: 2,
    });
    expect(sink.person('p2')).toMatchObject({
      birthDate: day('1975-07-01'),
      birthYearOnly: true,
      veteran: false,
      householdId: 'h1',
      relationship: 'head',
      race: ['black_af_american', 'hispanic_latinaeo'],
      gender: null,
      locality: null,
      line: 3,
    });
    expect(sink.person('p3')).toMatchObject({ relationship: 'child', veteran: false, line: 4 });
    expect(sink.person('p4')).toMatchObject({
      relationship: 'spouse',
      veteran: true,
      race: ['am_ind_ak_native', 'mid_east_n_african', 'native_hi_pacific'],
    });
    expect(sink.person('p5')).toMatchObject({ birthDate: day('1990-01-01'), birthYearOnly: false, relationship: 'head' });
    expect(sink.person('p6').relationship).toBe('spouse');
    expect(sink.person('p7').relationship).toBe('other');
    expect(sink.person('p8').relationship).toBe('other');
    expect(sink.person('p9').veteran).toBeNull();
    expect(report('persons.csv')).toMatchObject({ rowsRead: 9, rowsLoaded: 9, rowsRejected: 0, rowsWarned: 0 });
  });

  it('takes columns in any order; absent optional columns are unknown for everyone', async () => {
    const { sink } = await read({
      'persons.csv': csv('Locality, PERSON_ID ,veteran', 'East,p1,y'),
      'status-history.csv': EMPTY_HISTORY,
    });
    expect(sink.personRows).toEqual([
      {
        personId: 'p1',
        birthDate: null,
        birthYearOnly: false,
        veteran: true,
        chronicSince: null,
        householdId: null,
        relationship: 'head',
        race: [],
        gender: null,
        locality: 'East',
        line: 2,
      },
    ]);
  });

  it('warns once per unknown column, on the header line, and ignores it', async () => {
    const { sink, report } = await read({
      'persons.csv': csv('person_id,notes,gender', 'p1,a,Man', 'p2,b,Woman'),
      'status-history.csv': EMPTY_HISTORY,
    });
    expect(brief(report('persons.csv'))).toEqual([
      { severity: 'warning', file: 'persons.csv', line: 1, column: 'notes', value: null, rule: 'unknown-column' },
    ]);
    expect(sink.personRows.map((p) => p.gender)).toEqual(['Man', 'Woman']);
    expect(report('persons.csv')).toMatchObject({ rowsLoaded: 2, rowsWarned: 0 });
  });

  it('rejects blank, too long and duplicate person ids', async () => {
    const id64 = 'x'.repeat(64);
    const id65 = 'y'.repeat(65);
    const { sink, result, report } = await read({
      'persons.csv': csv('person_id,gender', ',Man', `${id64},Man`, `${id65},Man`, 'p1,Woman', 'p1,Man'),
      'status-history.csv': EMPTY_HISTORY,
    });
    expect(brief(report('persons.csv'))).toEqual([
      { severity: 'error', file: 'persons.csv', line: 2, column: 'person_id', value: '', rule: 'required-value' },
      { severity: 'error', file: 'persons.csv', line: 4, column: 'person_id', value: id65, rule: 'too-long' },
      { severity: 'error', file: 'persons.csv', line: 6, column: 'person_id', value: 'p1', rule: 'duplicate-person' },
    ]);
    expect(report('persons.csv').problems[2].message).toContain('line 5');
    expect(sink.personRows.map((p) => [p.personId, p.gender])).toEqual([
      [id64, 'Man'],
      ['p1', 'Woman'],
    ]);
    expect(result.personCount).toBe(2);
    expect(report('persons.csv')).toMatchObject({
      rowsRead: 5,
      rowsLoaded: 2,
      rowsRejected: 3,
      problemCounts: { 'error:required-value': 1, 'error:too-long': 1, 'error:duplicate-person': 1 },
    });
  });

  it('checks birth dates and birth years', async () => {
    const { sink, report } = await read({
      'persons.csv': csv(
        'person_id,birth_date,birth_year',
        'b1,1980-02-30,', // not a real date → unknown
        'b2,1980-02-30,1980', // bad date, year given: still unknown (the date was given)
        'b3,,85', // not YYYY
        'b4,,1899', // before 1900
        'b5,,2025', // after the as-of year
        'b6,1970-03-04,1971', // mismatch: birth_date wins
        'b7,1970-03-04,1970', // consistent
        'b8,2024-07-01,', // after as-of
        'b9,12/05/1970,',
        'b10,,2024', // the as-of year itself is accepted
      ),
      'status-history.csv': EMPTY_HISTORY,
    });
    expect(brief(report('persons.csv'))).toEqual([
      { severity: 'warning', file: 'persons.csv', line: 2, column: 'birth_date', value: '1980-02-30', rule: 'date-format' },
      { severity: 'warning', file: 'persons.csv', line: 3, column: 'birth_date', value: '1980-02-30', rule: 'date-format' },
      { severity: 'warning', file: 'persons.csv', line: 4, column: 'birth_year', value: '85', rule: 'date-format' },
      { severity: 'warning', file: 'persons.csv', line: 5, column: 'birth_year', value: '1899', rule: 'date-range' },
      { severity: 'warning', file: 'persons.csv', line: 6, column: 'birth_year', value: '2025', rule: 'date-range' },
      { severity: 'warning', file: 'persons.csv', line: 7, column: 'birth_year', value: '1971', rule: 'birth-date-mismatch' },
      { severity: 'warning', file: 'persons.csv', line: 9, column: 'birth_date', value: '2024-07-01', rule: 'date-range' },
      { severity: 'warning', file: 'persons.csv', line: 10, column: 'birth_date', value: '12/05/1970', rule: 'date-format' },
    ]);
    const births = Object.fromEntries(sink.personRows.map((p) => [p.personId, [p.birthDate, p.birthYearOnly]]));
    expect(births).toEqual({
      b1: [null, false],
      b2: [null, false],
      b3: [null, false],
      b4: [null, false],
      b5: [null, false],
      b6: [day('1970-03-04'), false],
      b7: [day('1970-03-04'), false],
      b8: [null, false],
      b9: [null, false],
      b10: [day('2024-07-01'), true],
    });
    // Warnings never reject a person.
    expect(report('persons.csv')).toMatchObject({ rowsRead: 10, rowsLoaded: 10, rowsRejected: 0, rowsWarned: 8 });
  });

  it('warns about bad veteran, chronic_since, relationship and race values', async () => {
    const { sink, report } = await read({
      'persons.csv': csv(
        'person_id,veteran,chronic_since,relationship,race',
        'v1,maybe,,,',
        'v2,,2023-13-01,,',
        'v3,,2024-07-01,,',
        'v4,,,cousin,',
        'v5,,,,white;martian| asian ;',
      ),
      'status-history.csv': EMPTY_HISTORY,
    });
    expect(brief(report('persons.csv'))).toEqual([
      { severity: 'warning', file: 'persons.csv', line: 2, column: 'veteran', value: 'maybe', rule: 'veteran-value' },
      { severity: 'warning', file: 'persons.csv', line: 3, column: 'chronic_since', value: '2023-13-01', rule: 'date-format' },
      { severity: 'warning', file: 'persons.csv', line: 4, column: 'chronic_since', value: '2024-07-01', rule: 'future-date' },
      { severity: 'warning', file: 'persons.csv', line: 5, column: 'relationship', value: 'cousin', rule: 'relationship-value' },
      { severity: 'warning', file: 'persons.csv', line: 6, column: 'race', value: 'martian', rule: 'race-value' },
    ]);
    expect(sink.person('v1').veteran).toBeNull();
    expect(sink.person('v2').chronicSince).toBeNull();
    expect(sink.person('v3').chronicSince).toBeNull();
    expect(sink.person('v4').relationship).toBe('other');
    expect(sink.person('v5').race).toEqual(['asian', 'white']);
    expect(report('persons.csv')).toMatchObject({ rowsLoaded: 5, rowsWarned: 5 });
  });

  it('checks that each household has exactly one head', async () => {
    const { sink, result, report } = await read({
      'persons.csv': csv(
        'person_id,birth_date,household_id,relationship',
        // h1: two heads → warning on the second
        'a1,1980-01-01,h1,head',
        'a2,1981-01-01,h1,',
        // h2: no head → the oldest adult (c2) becomes head; c1 is a child, c3's age is unknown
        'c1,2010-01-01,h2,child',
        'c2,1970-06-30,h2,spouse',
        'c3,,h2,other',
        'c4,1985-01-01,h2,other',
        // h3: no head and no known adult → the first listed member
        'd1,2012-01-01,h3,child',
        'd2,,h3,child',
        // h4: head comes after the other members
        'e1,2015-01-01,h4,child',
        'e2,1990-01-01,h4,1',
      ),
      'status-history.csv': EMPTY_HISTORY,
    });
    expect(brief(report('persons.csv'))).toEqual([
      { severity: 'warning', file: 'persons.csv', line: 3, column: 'relationship', value: '', rule: 'household-head' },
      { severity: 'warning', file: 'persons.csv', line: 5, column: 'relationship', value: 'spouse', rule: 'household-head' },
      { severity: 'warning', file: 'persons.csv', line: 8, column: 'relationship', value: 'child', rule: 'household-head' },
    ]);
    expect(report('persons.csv').problems[0].message).toContain('a1, line 2');
    expect(report('persons.csv').problems[1].message).toContain('oldest adult');
    expect(result.personCount).toBe(10);
    const rel = Object.fromEntries(sink.personRows.map((p) => [p.personId, p.relationship]));
    expect(rel).toEqual({
      a1: 'head',
      a2: 'head',
      c1: 'child',
      c2: 'head',
      c3: 'other',
      c4: 'other',
      d1: 'head',
      d2: 'child',
      e1: 'child',
      e2: 'head',
    });
    expect(report('persons.csv')).toMatchObject({ rowsLoaded: 10, rowsWarned: 3 });
  });

  it('rejects a row with the wrong number of fields', async () => {
    const { sink, report } = await read({
      'persons.csv': csv('person_id,gender,locality', 'p1,Man', 'p2,Woman,North,extra', 'p3,Man,South'),
      'status-history.csv': EMPTY_HISTORY,
    });
    expect(brief(report('persons.csv'))).toEqual([
      { severity: 'error', file: 'persons.csv', line: 2, column: null, value: null, rule: 'field-count' },
      { severity: 'error', file: 'persons.csv', line: 3, column: null, value: null, rule: 'field-count' },
    ]);
    expect(report('persons.csv').problems[0].message).toContain('Expected 3 fields as in the header, found 2');
    expect(report('persons.csv').problems[1].message).toContain('Expected 3 fields as in the header, found 4');
    expect(sink.personRows.map((p) => p.personId)).toEqual(['p3']);
  });

  it('rejects a row with characters after a closing quote', async () => {
    const { sink, report } = await read({
      'persons.csv': csv('person_id,gender', 'p1,"Man"x', 'p2,"Woman" '),
      'status-history.csv': EMPTY_HISTORY,
    });
    expect(brief(report('persons.csv'))).toEqual([
      { severity: 'error', file: 'persons.csv', line: 2, column: null, value: null, rule: 'csv-quote' },
    ]);
    expect(sink.personRows.map((p) => [p.personId, p.gender])).toEqual([['p2', 'Woman']]);
  });
});

// ------------------------------------------------------------------ CSV syntax

describe('CSV syntax', () => {
  it('handles a BOM, CRLF, quoted commas, quotes and newlines, blank lines; line numbers are physical', async () => {
    const persons =
      '\uFEFFperson_id,gender,locality\r\n' + // line 1
      'p1,"Woman, trans",North\r\n' + // line 2
      'p2,"two\r\nlines",South\r\n' + // lines 3-4
      '\r\n' + // line 5, blank
      'p3,"say ""hi""",East\r\n' + // line 6
      'p4,Man\r\n' + // line 7: field-count
      'p5,"a\nb\nc",West\r\n' + // lines 8-10
      'p6,,\r\n' + // line 11
      '\r\n\r\n'; // trailing blank lines
    const history =
      '\uFEFFperson_id,date,status,reason\r\n' + // line 1
      'p2,2024-01-01,active,"met at\r\nthe river"\r\n' + // lines 2-3
      'p6,2024-13-01,active,\r\n'; // line 4: bad date
    const { sink, report } = await read({ 'persons.csv': persons, 'status-history.csv': history });
    expect(sink.personRows.map((p) => [p.personId, p.gender, p.locality, p.line])).toEqual([
      ['p1', 'Woman, trans', 'North', 2],
      ['p2', 'two\r\nlines', 'South', 3],
      ['p3', 'say "hi"', 'East', 6],
      ['p5', 'a\nb\nc', 'West', 8],
      ['p6', null, null, 11],
    ]);
    expect(brief(report('persons.csv'))).toEqual([
      { severity: 'error', file: 'persons.csv', line: 7, column: null, value: null, rule: 'field-count' },
    ]);
    expect(report('persons.csv')).toMatchObject({ rowsRead: 6, rowsLoaded: 5, rowsRejected: 1 });
    expect(sink.statusRows).toEqual([
      {
        personId: 'p2',
        date: day('2024-01-01'),
        status: 'active',
        reason: 'met at\r\nthe river',
        provider: null,
        sourceFile: 'status-history.csv',
        sourceLine: 2,
      },
    ]);
    expect(brief(report('status-history.csv'))).toEqual([
      { severity: 'error', file: 'status-history.csv', line: 4, column: 'date', value: '2024-13-01', rule: 'date-format' },
    ]);
  });

  it('reads a file without a final line break and skips rows of only commas', async () => {
    const { sink, report } = await read({
      'persons.csv': 'person_id,gender\n,\np1,Man',
      'status-history.csv': EMPTY_HISTORY,
    });
    expect(sink.personRows.map((p) => [p.personId, p.line])).toEqual([['p1', 3]]);
    expect(report('persons.csv').rowsRead).toBe(1);
  });

  it('parses the same records whatever the chunk boundaries', () => {
    const text =
      '\uFEFFa,b,c\r\n"x,1","y""\r\nz",3\r\n\r\n q , "w" ,\n"e"\r"f",g,h\r\nlast,"",x';
    const parseIn = (pieces: string[]): CsvRecord[] => {
      const p = new CsvParser('t.csv');
      const out: CsvRecord[] = [];
      for (const piece of pieces) p.push(piece, out);
      p.end(out);
      return out;
    };
    const body = text.slice(1); // the BOM is removed by the decoder, not the parser
    const whole = parseIn([body]);
    expect(whole).toEqual([
      { line: 1, fields: ['a', 'b', 'c'], badQuote: false },
      { line: 2, fields: ['x,1', 'y"\r\nz', '3'], badQuote: false },
      { line: 5, fields: ['q ', 'w', ''], badQuote: false },
      { line: 6, fields: ['e'], badQuote: false },
      { line: 7, fields: ['f', 'g', 'h'], badQuote: false },
      { line: 8, fields: ['last', '', 'x'], badQuote: false },
    ]);
    for (let i = 0; i <= body.length; i++) expect(parseIn([body.slice(0, i), body.slice(i)])).toEqual(whole);
    expect(parseIn([...body])).toEqual(whole);
  });

  it('reads a UTF-8 character split across read chunks', async () => {
    // Large enough to span several 64 KiB chunks; multi-byte characters everywhere.
    const rows = Array.from({ length: 5000 }, (_, i) => `p${i},Gênero ✓ ${i},Zoë`);
    const { sink } = await read({
      'persons.csv': csv('person_id,gender,locality', ...rows),
      'status-history.csv': EMPTY_HISTORY,
    });
    expect(sink.personRows).toHaveLength(5000);
    expect(sink.personRows[4321]).toMatchObject({ personId: 'p4321', gender: 'Gênero ✓ 4321', locality: 'Zoë', line: 4323 });
  });

  it('an unterminated quote is an InputError naming the file and the line', async () => {
    const message = await inputError({
      'persons.csv': csv('person_id,gender', 'p1,Man', 'p2,"Woman', 'p3,Man'),
      'status-history.csv': EMPTY_HISTORY,
    });
    expect(message).toBe('persons.csv: line 3: a quoted field is never closed (unterminated quote), so the file is not valid CSV.');
  });

  it('an unterminated quote in a status file is an InputError too', async () => {
    const message = await inputError({
      'persons.csv': csv('person_id', 'p1'),
      'status-history.csv': csv('person_id,date,status', 'p1,2024-01-01,active', '"p1,2024-02-01,housed'),
    });
    expect(message).toContain('status-history.csv: line 3:');
  });

  it('a file that is not UTF-8 is an InputError', async () => {
    const message = await inputError({
      'persons.csv': Buffer.concat([Buffer.from('person_id,gender\np1,'), Buffer.from([0xe9]), Buffer.from('\n')]),
      'status-history.csv': EMPTY_HISTORY,
    });
    expect(message).toMatch(/^persons\.csv: the file is not valid UTF-8 text/);
  });
});

// ------------------------------------------------------------------ unusable input

describe('unusable input', () => {
  it('a zero-byte persons.csv', async () => {
    expect(await inputError({ 'persons.csv': '', 'status-history.csv': EMPTY_HISTORY })).toBe(
      'persons.csv: the file is empty; expected a header line starting with person_id.',
    );
  });

  it('a persons.csv with only a BOM and blank lines', async () => {
    expect(await inputError({ 'persons.csv': '\uFEFF\r\n\r\n', 'status-history.csv': EMPTY_HISTORY })).toBe(
      'persons.csv: the file is empty; expected a header line starting with person_id.',
    );
  });

  it('a persons.csv without a header', async () => {
    const message = await inputError({ 'persons.csv': csv('p1,1980-01-01'), 'status-history.csv': EMPTY_HISTORY });
    expect(message).toBe(
      'persons.csv: the header (line 1) has no person_id column; expected the columns person_id, birth_date, birth_year, veteran, chronic_since, household_id, relationship, race, gender, locality in any order (required: person_id).',
    );
  });

  it('a status-history.csv missing required columns', async () => {
    const message = await inputError({
      'persons.csv': csv('person_id', 'p1'),
      'status-history.csv': csv('person_id,when,state', 'p1,2024-01-01,active'),
    });
    expect(message).toBe(
      'status-history.csv: the header (line 1) is missing the columns date, status; expected the columns person_id, date, status, reason, provider in any order (required: person_id, date, status).',
    );
  });

  it('a column named twice', async () => {
    const message = await inputError({ 'persons.csv': csv('person_id,gender,Gender', 'p1,a,b'), 'status-history.csv': EMPTY_HISTORY });
    expect(message).toBe('persons.csv: the header (line 1) names the column gender more than once; each column may appear only once.');
  });

  it('a missing persons.csv', async () => {
    expect(await inputError({ 'status-history.csv': EMPTY_HISTORY })).toBe(
      'persons.csv: the file is missing; expected it in the By-Name List folder.',
    );
  });

  it('an empty status-history.csv', async () => {
    expect(await inputError({ 'persons.csv': csv('person_id', 'p1'), 'status-history.csv': '' })).toBe(
      'status-history.csv: the file is empty; expected a header line starting with person_id.',
    );
  });

  it('both formats present', async () => {
    const message = await inputError({
      'persons.csv': csv('person_id', 'p1'),
      'status-history.csv': EMPTY_HISTORY,
      'snapshots/2024-01-31.csv': csv('person_id,status', 'p1,active'),
    });
    expect(message).toMatch(/: both status-history\.csv and a snapshots\/ folder are present; keep exactly one of them/);
  });

  it('neither format present', async () => {
    const message = await inputError({ 'persons.csv': csv('person_id', 'p1') });
    expect(message).toMatch(/: neither status-history\.csv nor a snapshots\/ folder is present; expected one of them next to persons\.csv\.$/);
  });

  it('a folder that does not exist', async () => {
    await expect(readBnlDirectory(join(tmpdir(), 'zeroloop-no-such-folder-x9'), new MemorySink(), { asOf: AS_OF })).rejects.toThrow(
      /the folder does not exist/,
    );
  });
});

// ------------------------------------------------------------------ status-history.csv

describe('status-history.csv', () => {
  const persons = csv('person_id', 'p1', 'p2', 'p3');

  it('loads valid rows, reason and provider, in any order and case', async () => {
    const { sink, result, report } = await read({
      'persons.csv': persons,
      'status-history.csv': csv(
        'provider,status,person_id,date,reason',
        'Shelter A, Housed ,p1,2024-03-01,moved in',
        ',ACTIVE,p1,2024-01-15,',
        'Outreach,inactive,p2,2024-06-30,lost contact',
      ),
    });
    expect(result.format).toBe('status-history');
    expect(sink.statusRows).toEqual([
      { personId: 'p1', date: day('2024-03-01'), status: 'housed', reason: 'moved in', provider: 'Shelter A', sourceFile: 'status-history.csv', sourceLine: 2 },
      { personId: 'p1', date: day('2024-01-15'), status: 'active', reason: null, provider: null, sourceFile: 'status-history.csv', sourceLine: 3 },
      { personId: 'p2', date: day('2024-06-30'), status: 'inactive', reason: 'lost contact', provider: 'Outreach', sourceFile: 'status-history.csv', sourceLine: 4 },
    ]);
    expect(result.changeCount).toBe(3);
    expect(report('status-history.csv')).toMatchObject({ rowsRead: 3, rowsLoaded: 3, rowsRejected: 0, problems: [] });
  });

  it('rejects unknown persons, bad dates, future dates and bad statuses', async () => {
    const { sink, report } = await read({
      'persons.csv': csv('person_id', 'p1', 'p1', 'p2'),
      'status-history.csv': csv(
        'person_id,date,status',
        'p9,2024-01-01,active', // 2: unknown person
        'p1,2024-1-5,active', // 3: date format
        'p1,2024-07-01,active', // 4: after as-of
        'p1,2024-02-01,homeless', // 5: status
        ',2024-02-01,active', // 6: blank person id
        'p2,2024-02-01,', // 7: blank status
        'p2,2024-02-02,active', // 8: fine
        'p1,2024-06-30,housed', // 9: fine (the as-of day itself)
        'p9,bad,worse', // 10: three errors on one row
      ),
    });
    expect(brief(report('status-history.csv'))).toEqual([
      { severity: 'error', file: 'status-history.csv', line: 2, column: 'person_id', value: 'p9', rule: 'unknown-person' },
      { severity: 'error', file: 'status-history.csv', line: 3, column: 'date', value: '2024-1-5', rule: 'date-format' },
      { severity: 'error', file: 'status-history.csv', line: 4, column: 'date', value: '2024-07-01', rule: 'future-date' },
      { severity: 'error', file: 'status-history.csv', line: 5, column: 'status', value: 'homeless', rule: 'status-value' },
      { severity: 'error', file: 'status-history.csv', line: 6, column: 'person_id', value: '', rule: 'required-value' },
      { severity: 'error', file: 'status-history.csv', line: 7, column: 'status', value: '', rule: 'status-value' },
      { severity: 'error', file: 'status-history.csv', line: 10, column: 'person_id', value: 'p9', rule: 'unknown-person' },
      { severity: 'error', file: 'status-history.csv', line: 10, column: 'date', value: 'bad', rule: 'date-format' },
      { severity: 'error', file: 'status-history.csv', line: 10, column: 'status', value: 'worse', rule: 'status-value' },
    ]);
    expect(sink.statusRows.map((r) => r.sourceLine)).toEqual([8, 9]);
    expect(report('status-history.csv')).toMatchObject({ rowsRead: 9, rowsLoaded: 2, rowsRejected: 7 });
  });

  it('keeps one status per person per day: the later row wins, rows unsorted', async () => {
    const { sink, result, report } = await read({
      'persons.csv': persons,
      'status-history.csv': csv(
        'person_id,date,status',
        'p1,2024-02-01,active', // 2: superseded by line 5
        'p2,2024-02-01,active', // 3
        'p1,2024-01-01,active', // 4
        'p1,2024-02-01,housed', // 5: superseded by line 7
        'p3,2024-02-01,bogus', // 6: error, does not take part
        'p1,2024-02-01,inactive', // 7: wins
        'p3,2024-02-01,active', // 8: the only valid p3 row that day
      ),
    });
    expect(brief(report('status-history.csv'))).toEqual([
      { severity: 'warning', file: 'status-history.csv', line: 2, column: 'date', value: '2024-02-01', rule: 'same-day-change' },
      { severity: 'warning', file: 'status-history.csv', line: 5, column: 'date', value: '2024-02-01', rule: 'same-day-change' },
      { severity: 'error', file: 'status-history.csv', line: 6, column: 'status', value: 'bogus', rule: 'status-value' },
    ]);
    expect(report('status-history.csv').problems[0].message).toContain('line 7');
    expect(sink.statusRows.map((r) => [r.personId, r.status, r.sourceLine])).toEqual([
      ['p2', 'active', 3],
      ['p1', 'active', 4],
      ['p1', 'inactive', 7],
      ['p3', 'active', 8],
    ]);
    expect(result.changeCount).toBe(4);
    // Superseded rows are warnings: counted as accepted with a warning (not rejected), but not handed over.
    expect(report('status-history.csv')).toMatchObject({ rowsRead: 7, rowsLoaded: 6, rowsRejected: 1, rowsWarned: 2 });
  });

  it('a person rejected in persons.csv is unknown in the status file', async () => {
    const { report } = await read({
      'persons.csv': csv('person_id,gender', 'p1', 'p2,Man'),
      'status-history.csv': csv('person_id,date,status', 'p1,2024-01-01,active', 'p2,2024-01-01,active'),
    });
    expect(brief(report('persons.csv')).map((p) => p.rule)).toEqual(['field-count']);
    expect(brief(report('status-history.csv'))).toEqual([
      { severity: 'error', file: 'status-history.csv', line: 2, column: 'person_id', value: 'p1', rule: 'unknown-person' },
    ]);
  });
});

// ------------------------------------------------------------------ snapshots/

describe('snapshots/', () => {
  const persons = csv('person_id', 'A', 'B', 'C', 'D', 'E');

  it('derives status changes by comparing snapshots in date order', async () => {
    const { sink, result, report } = await read({
      'persons.csv': persons,
      // Written out of date order on purpose.
      'snapshots/2024-03-31.csv': csv('person_id,status,provider,reason', 'A,housed,Agency X,moved in', 'B,active,,', 'C,inactive,,'),
      'snapshots/2024-01-31.csv': csv('person_id,status', 'B,active', 'A,active', 'D,inactive', 'E,housed'),
      'snapshots/2024-02-29.csv': csv('person_id,status', 'A,Active', 'C,inactive', 'E,housed'),
    });
    expect(result.format).toBe('snapshots');
    expect(result.files.map((f) => f.file)).toEqual([
      'persons.csv',
      'snapshots/2024-01-31.csv',
      'snapshots/2024-02-29.csv',
      'snapshots/2024-03-31.csv',
    ]);
    const jan = 'snapshots/2024-01-31.csv';
    const feb = 'snapshots/2024-02-29.csv';
    const mar = 'snapshots/2024-03-31.csv';
    expect(sink.statusRows).toEqual([
      // January: everyone's first appearance.
      { personId: 'B', date: day('2024-01-31'), status: 'active', reason: null, provider: null, sourceFile: jan, sourceLine: 2 },
      { personId: 'A', date: day('2024-01-31'), status: 'active', reason: null, provider: null, sourceFile: jan, sourceLine: 3 },
      { personId: 'D', date: day('2024-01-31'), status: 'inactive', reason: null, provider: null, sourceFile: jan, sourceLine: 4 },
      { personId: 'E', date: day('2024-01-31'), status: 'housed', reason: null, provider: null, sourceFile: jan, sourceLine: 5 },
      // February: A and E unchanged (no change); C first appears; B missing → inactive;
      // D missing but already inactive → no change.
      { personId: 'C', date: day('2024-02-29'), status: 'inactive', reason: null, provider: null, sourceFile: feb, sourceLine: 3 },
      { personId: 'B', date: day('2024-02-29'), status: 'inactive', reason: 'left the list (missing from snapshot)', provider: null, sourceFile: feb, sourceLine: 0 },
      // March: A housed; B back to active; C same; E missing → inactive.
      { personId: 'A', date: day('2024-03-31'), status: 'housed', reason: 'moved in', provider: 'Agency X', sourceFile: mar, sourceLine: 2 },
      { personId: 'B', date: day('2024-03-31'), status: 'active', reason: null, provider: null, sourceFile: mar, sourceLine: 3 },
      { personId: 'E', date: day('2024-03-31'), status: 'inactive', reason: 'left the list (missing from snapshot)', provider: null, sourceFile: mar, sourceLine: 0 },
    ]);
    expect(result.changeCount).toBe(9);
    expect(report(feb)).toMatchObject({ rowsRead: 3, rowsLoaded: 3, rowsRejected: 0 });
  });

  it('validates rows: unknown person, bad status, duplicate within a snapshot', async () => {
    const { sink, report } = await read({
      'persons.csv': persons,
      'snapshots/2024-01-31.csv': csv('person_id,status', 'A,active', 'B,active', 'C,active'),
      'snapshots/2024-02-29.csv': csv(
        'person_id,status',
        'Z,active', // 2: unknown person
        'A,gone', // 3: bad status; A still counts as listed
        'B,housed', // 4
        'B,active', // 5: duplicate → error, first row wins
        'C', // 6: field count; C still counts as listed
      ),
    });
    const feb = 'snapshots/2024-02-29.csv';
    expect(brief(report(feb))).toEqual([
      { severity: 'error', file: feb, line: 2, column: 'person_id', value: 'Z', rule: 'unknown-person' },
      { severity: 'error', file: feb, line: 3, column: 'status', value: 'gone', rule: 'status-value' },
      { severity: 'error', file: feb, line: 5, column: 'person_id', value: 'B', rule: 'duplicate-person' },
      { severity: 'error', file: feb, line: 6, column: null, value: null, rule: 'field-count' },
    ]);
    expect(report(feb).problems[2].message).toContain('line 4');
    expect(sink.statusRows.filter((r) => r.sourceFile === feb).map((r) => [r.personId, r.status, r.sourceLine])).toEqual([
      ['B', 'housed', 4],
    ]);
    expect(report(feb)).toMatchObject({ rowsRead: 5, rowsLoaded: 1, rowsRejected: 4 });
  });

  it('a header-only snapshot means everyone left the list', async () => {
    const { sink } = await read({
      'persons.csv': persons,
      'snapshots/2024-01-31.csv': csv('person_id,status', 'A,active', 'B,housed'),
      'snapshots/2024-02-29.csv': csv('person_id,status'),
    });
    expect(sink.statusRows.slice(2).map((r) => [r.personId, r.status, r.date, r.sourceLine])).toEqual([
      ['A', 'inactive', day('2024-02-29'), 0],
      ['B', 'inactive', day('2024-02-29'), 0],
    ]);
  });

  it('a file name that is not a date is an InputError naming it', async () => {
    const message = await inputError({
      'persons.csv': persons,
      'snapshots/2024-01-31.csv': csv('person_id,status', 'A,active'),
      'snapshots/january.csv': csv('person_id,status', 'A,active'),
    });
    expect(message).toBe(
      'snapshots/january.csv: this is not a snapshot file; everything in snapshots/ must be a file named YYYY-MM-DD.csv after the date of the snapshot.',
    );
    expect(
      await inputError({ 'persons.csv': persons, 'snapshots/2024-02-30.csv': csv('person_id,status', 'A,active') }),
    ).toMatch(/^snapshots\/2024-02-30\.csv: this is not a snapshot file/);
  });

  it('a snapshot dated after the as-of date is an InputError', async () => {
    const message = await inputError({ 'persons.csv': persons, 'snapshots/2024-07-31.csv': csv('person_id,status', 'A,active') });
    expect(message).toBe('snapshots/2024-07-31.csv: the snapshot is dated after the as-of date 2024-06-30; expected snapshots up to that date.');
  });

  it('an empty snapshots folder, and an empty snapshot file, are InputErrors', async () => {
    const dir = await makeDir({ 'persons.csv': persons });
    await mkdir(join(dir, 'snapshots'));
    await expect(readBnlDirectory(dir, new MemorySink(), { asOf: AS_OF })).rejects.toThrow(
      'snapshots/: the folder holds no snapshot files; expected files named YYYY-MM-DD.csv.',
    );
    expect(await inputError({ 'persons.csv': persons, 'snapshots/2024-01-31.csv': '' })).toBe(
      'snapshots/2024-01-31.csv: the file is empty; expected a header line starting with person_id.',
    );
  });

  it('a snapshot without a status column is an InputError', async () => {
    expect(await inputError({ 'persons.csv': persons, 'snapshots/2024-01-31.csv': csv('person_id,state', 'A,active') })).toBe(
      'snapshots/2024-01-31.csv: the header (line 1) has no status column; expected the columns person_id, status, provider, reason in any order (required: person_id, status).',
    );
  });
});

// ------------------------------------------------------------------ batching and progress

describe('batching and progress', () => {
  it('hands rows over in batches, one call at a time, and reports progress', async () => {
    const dir = await makeDir({
      'persons.csv': csv('person_id', 'p1', 'p2', 'p3', 'p4', 'p5'),
      'status-history.csv': csv('person_id,date,status', 'p1,2024-01-01,active', 'p2,2024-01-01,active', 'p3,2024-01-01,active'),
    });
    const sink = new MemorySink(5);
    const progress: { file: string; bytesRead: number; bytesTotal: number; rows: number }[] = [];
    const result = await readBnlDirectory(dir, sink, { asOf: AS_OF, batchSize: 2, onProgress: (p) => progress.push(p) });
    expect(sink.personBatches).toEqual([2, 2, 1]);
    expect(sink.statusBatches).toEqual([2, 1]);
    expect(sink.overlapped).toBe(false);
    expect(result).toMatchObject({ personCount: 5, changeCount: 3 });
    const lastPersons = progress.filter((p) => p.file === 'persons.csv').at(-1)!;
    expect(lastPersons.bytesRead).toBe(lastPersons.bytesTotal);
    expect(lastPersons.rows).toBe(5);
    const lastHistory = progress.filter((p) => p.file === 'status-history.csv').at(-1)!;
    expect(lastHistory.bytesRead).toBe(lastHistory.bytesTotal);
    expect(lastHistory.rows).toBe(3);
    for (const p of progress) expect(p.bytesRead).toBeLessThanOrEqual(p.bytesTotal);
  });

  it('an error thrown by the sink stops the read', async () => {
    const dir = await makeDir({ 'persons.csv': csv('person_id', 'p1'), 'status-history.csv': EMPTY_HISTORY });
    const sink: BnlSink = {
      persons: async () => {
        throw new Error('disk full');
      },
      statusChanges: async () => {},
    };
    await expect(readBnlDirectory(dir, sink, { asOf: AS_OF })).rejects.toThrow('disk full');
  });
});
