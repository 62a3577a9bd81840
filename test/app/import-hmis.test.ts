import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engines } from '../helpers/engines.ts';
import { parseDay } from '../../src/domain/time/day.ts';
import { makeZip } from '../ingest/hmis/zip-writer.ts';
import { sample } from '../ingest/hmis/helpers.ts';
import type { Database } from '../../src/store/database.ts';
import { importHmis } from '../../src/app/import-hmis.ts';
import { importBnl, ImportRejectedError } from '../../src/app/import-bnl.ts';
import { monthlyMetrics } from '../../src/app/metrics.ts';
import { resolveCommunity } from '../../src/app/community.ts';
import { personTimeline } from '../../src/app/person.ts';
import { UserError } from '../../src/app/errors.ts';
import { InputError } from '../../src/ingest/problems.ts';
import { ImportLog } from '../../src/store/imports.ts';
import { HMIS_CSV_FILES, type HmisFileName } from '../../src/domain/hmis/csv-columns.ts';
import type { MonthlyFigures } from '../../src/domain/bnl/types.ts';

/**
 * Tiny FY2024 exports written by hand. Every column the test does not name is blank
 * (HUD requires some of them: those are `missing-value` warnings, never errors).
 *
 * One organization, one emergency shelter (ProjectType 0, entry/exit). As of the export
 * end, 2024-06-30:
 *   C1, single (H1):          stay 2024-01-10 → exit 2024-02-10 to 435 (rental with subsidy):
 *                             active 2024-01-10, housed 2024-02-10; days to housing 31 (Jan 10 → Feb 10).
 *   C2 head + C3 child (H2):  stays 2024-03-01 → exits 2024-04-15 to 435: both active 2024-03-01,
 *                             housed 2024-04-15; days to housing 45 (31 in March + 14).
 *   C4, single (H4):          stay 2024-02-01, still open: active from 2024-02-01 through 2024-06-30.
 * The later export (E2) moves C2's exit to 2024-05-01 (housed then: 31 + 30 = 61 days; C3 keeps
 * 2024-04-15) and deletes C4's enrollment (DateDeleted), so C4 leaves the list.
 */
type Row = Record<string, string>;
type Files = Partial<Record<HmisFileName, Row[]>>;

const quote = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** A file with HUD's FY2024 header; each row's unnamed columns are blank. */
function hudCsv(file: HmisFileName, rows: Row[], header?: string[]): string {
  const columns = HMIS_CSV_FILES.fy2024[file].columns.map((c) => c.name);
  const lines = [(header ?? columns).join(',')];
  for (const r of rows) lines.push(columns.map((c) => quote(r[c] ?? '')).join(','));
  return lines.join('\r\n') + '\r\n';
}

function exportRow(id: string, csvVersion = '2024 v1.3'): Row {
  return { ExportID: id, CSVVersion: csvVersion, ExportDate: '2024-07-01 09:00:00', ExportStartDate: '2024-01-01', ExportEndDate: '2024-06-30' };
}

const enrollment = (id: string, person: string, entry: string, household: string, rel: string, extra: Row = {}): Row => ({
  EnrollmentID: id,
  PersonalID: person,
  ProjectID: 'PES',
  EntryDate: entry,
  HouseholdID: household,
  RelationshipToHoH: rel,
  LivingSituation: '116',
  DisablingCondition: '0',
  ...extra,
});

const exit = (id: string, enrollmentId: string, person: string, date: string, destination: string): Row => ({
  ExitID: id,
  EnrollmentID: enrollmentId,
  PersonalID: person,
  ExitDate: date,
  Destination: destination,
});

function firstExport(): Files {
  return {
    Export: [exportRow('E1')],
    Organization: [{ OrganizationID: 'O1', OrganizationName: 'Harbor Services' }],
    Project: [{ ProjectID: 'PES', OrganizationID: 'O1', ProjectName: 'Harbor Shelter', ProjectType: '0' }],
    Client: [
      { PersonalID: 'C1', DOB: '1980-05-01', DOBDataQuality: '1', VeteranStatus: '0', White: '1' },
      { PersonalID: 'C2', DOB: '1990-01-01', DOBDataQuality: '1', VeteranStatus: '0', Asian: '1' },
      { PersonalID: 'C3', DOB: '2015-03-03', DOBDataQuality: '1', VeteranStatus: '99', Asian: '1' },
      { PersonalID: 'C4', DOB: '1970-07-07', DOBDataQuality: '1', VeteranStatus: '0', BlackAfAmerican: '1' },
    ],
    Enrollment: [
      enrollment('EN1', 'C1', '2024-01-10', 'H1', '1'),
      enrollment('EN2', 'C2', '2024-03-01', 'H2', '1'),
      enrollment('EN3', 'C3', '2024-03-01', 'H2', '2'),
      enrollment('EN4', 'C4', '2024-02-01', 'H4', '1'),
    ],
    Exit: [
      exit('X1', 'EN1', 'C1', '2024-02-10', '435'),
      exit('X2', 'EN2', 'C2', '2024-04-15', '435'),
      exit('X3', 'EN3', 'C3', '2024-04-15', '435'),
    ],
  };
}

/** The later export: X2's exit date moves; EN4 comes with a DateDeleted. */
function laterExport(): Files {
  const f = firstExport();
  f.Export = [exportRow('E2')];
  f.Exit = f.Exit!.map((x) => (x.ExitID === 'X2' ? { ...x, ExitDate: '2024-05-01' } : x));
  f.Enrollment = f.Enrollment!.map((e) => (e.EnrollmentID === 'EN4' ? { ...e, DateDeleted: '2024-06-20 12:00:00' } : e));
  return f;
}

/** Writes the files into a new temp folder; `raw` adds or replaces files by name (null removes one). */
function writeExport(files: Files, raw: Record<string, string | null> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'zl-hmis-'));
  const out: Record<string, string> = {};
  for (const [file, rows] of Object.entries(files) as [HmisFileName, Row[]][]) out[`${file}.csv`] = hudCsv(file, rows);
  for (const [name, content] of Object.entries(raw)) {
    if (content === null) delete out[name];
    else out[name] = content;
  }
  for (const [name, content] of Object.entries(out)) writeFileSync(join(dir, name), content);
  return dir;
}

type Fig = Omit<MonthlyFigures, 'population' | 'balanced'>;
const z = { newly_identified: 0, returned_from_housing: 0, returned_from_inactive: 0, housing_placements: 0, moved_to_inactive: 0, no_longer_meets_criteria: 0, avg_days_to_housing: null };
const m = (month: string, active: number, flows: Partial<Fig> = {}): Fig => ({ month, actively_homeless: active, ...z, ...flows });

/** The first export's figures (docs/definitions.md: active counted on each month's last day, June on 2024-06-30). */
const FIRST: Record<string, Fig[]> = {
  all: [
    m('2024-01', 1, { newly_identified: 1 }), // C1
    m('2024-02', 1, { newly_identified: 1, housing_placements: 1, avg_days_to_housing: 31 }), // C4 in; C1 housed after 31 days
    m('2024-03', 3, { newly_identified: 2 }), // C2, C3 in; C4 still active
    m('2024-04', 1, { housing_placements: 2, avg_days_to_housing: 45 }), // C2, C3 housed after 45 days
    m('2024-05', 1), // C4
    m('2024-06', 1),
  ],
  'all-singles': [
    m('2024-01', 1, { newly_identified: 1 }),
    m('2024-02', 1, { newly_identified: 1, housing_placements: 1, avg_days_to_housing: 31 }),
    m('2024-03', 1),
    m('2024-04', 1),
    m('2024-05', 1),
    m('2024-06', 1),
  ],
  families: [
    m('2024-01', 0),
    m('2024-02', 0),
    m('2024-03', 1, { newly_identified: 1 }), // H2 through its head C2
    m('2024-04', 0, { housing_placements: 1, avg_days_to_housing: 45 }),
    m('2024-05', 0),
    m('2024-06', 0),
  ],
};

/** After the later export: C2 housed 2024-05-01 (61 days: 31 in March + 30 in April), C4 gone. */
const LATER: Record<string, Fig[]> = {
  all: [
    m('2024-01', 1, { newly_identified: 1 }),
    m('2024-02', 0, { housing_placements: 1, avg_days_to_housing: 31 }),
    m('2024-03', 2, { newly_identified: 2 }),
    m('2024-04', 1, { housing_placements: 1, avg_days_to_housing: 45 }), // C3
    m('2024-05', 0, { housing_placements: 1, avg_days_to_housing: 61 }), // C2
    m('2024-06', 0),
  ],
  'all-singles': [
    m('2024-01', 1, { newly_identified: 1 }),
    m('2024-02', 0, { housing_placements: 1, avg_days_to_housing: 31 }),
    m('2024-03', 0),
    m('2024-04', 0),
    m('2024-05', 0),
    m('2024-06', 0),
  ],
  families: [
    m('2024-01', 0),
    m('2024-02', 0),
    m('2024-03', 1, { newly_identified: 1 }),
    m('2024-04', 1), // the head is still in the shelter with C3 as a household member
    m('2024-05', 0, { housing_placements: 1, avg_days_to_housing: 61 }),
    m('2024-06', 0),
  ],
};

/** One sentence: ends with a full stop and has no ". X" inside. */
function expectOneSentence(message: string): void {
  expect(message).toMatch(/[.]$/);
  expect(message.split(/(?<=[.!?])\s+(?=[A-Z])/), message).toHaveLength(1);
}

for (const engine of engines) {
  describe(`importing an HMIS export on ${engine.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      ({ db, dispose } = await engine.open());
    });
    afterEach(async () => dispose());

    const hmisTables = async (): Promise<{ table: string; key: string }[]> => {
      const rows = await db.query<{ table_name: string; column_name: string }>(
        `SELECT c.table_name, c.column_name FROM information_schema.columns c
          WHERE c.table_schema = current_schema() AND c.table_name LIKE 'hmis\\_%' AND c.ordinal_position = 2 ORDER BY c.table_name`,
      );
      return rows.map((r) => ({ table: r.table_name, key: r.column_name }));
    };

    /** Every stored record and figure; `withImportIds` false drops hmis_*.import_id and bnl_person.import_id / bnl_status_change.import_id. */
    const snapshot = async (withImportIds = true): Promise<Record<string, unknown[]>> => {
      const strip = (rows: Record<string, unknown>[]) => (withImportIds ? rows : rows.map(({ import_id: _i, ...r }) => r));
      const out: Record<string, unknown[]> = {};
      for (const { table, key } of await hmisTables()) out[table] = strip(await db.query(`SELECT * FROM ${table} ORDER BY community_id, ${key}`));
      out.bnl_person = strip(await db.query('SELECT * FROM bnl_person ORDER BY community_id, person_id'));
      out.bnl_status_change = strip(await db.query('SELECT * FROM bnl_status_change ORDER BY community_id, person_id, change_date'));
      out.bnl_transition = await db.query('SELECT * FROM bnl_transition ORDER BY community_id, population, person_id, transition_date');
      out.bnl_month = await db.query('SELECT * FROM bnl_month ORDER BY community_id, population, month');
      return out;
    };

    const figures = async (slug: string, population: string): Promise<Fig[]> => {
      const rows = await monthlyMetrics(db, await resolveCommunity(db, slug), { population });
      return rows.map(({ population: _p, balanced, ...rest }) => {
        expect(balanced, `${population} ${rest.month} balanced`).toBe(true);
        return rest;
      });
    };

    const personRows = async (personId: string) => ({
      person: await db.query('SELECT * FROM bnl_person WHERE person_id = $1', [personId]),
      changes: await db.query('SELECT * FROM bnl_status_change WHERE person_id = $1 ORDER BY change_date', [personId]),
      transitions: await db.query('SELECT * FROM bnl_transition WHERE person_id = $1 ORDER BY population, transition_date', [personId]),
    });

    it('should derive the hand-worked figures and cite Enrollment.csv and Exit.csv when a small export is imported', async () => {
      const report = await importHmis(db, { source: writeExport(firstExport()), community: 'harbor' });
      expect(report.status).toBe('succeeded');
      expect(report.hmis).toMatchObject({ version: 'fy2024', csvVersion: '2024 v1.3', exportId: 'E1', exportEnd: '2024-06-30', rederived: 'everyone' });
      expect(report.hmis!.merged.find((x) => x.file === 'Enrollment')).toEqual({ file: 'Enrollment', added: 4, changed: 0, deleted: 0, unchanged: 0 });
      expect(report.files.reduce((n, f) => n + f.rowsRejected, 0)).toBe(0);
      for (const [population, expected] of Object.entries(FIRST)) expect(await figures('harbor', population), population).toEqual(expected);

      const view = await personTimeline(db, await resolveCommunity(db, 'harbor'), 'C1');
      expect(view.as_of).toBe('2024-06-30');
      expect(view.status_changes).toMatchObject([
        { date: '2024-01-10', status: 'active', source: { source: 'Enrollment.csv', record: 'EN1', provider: 'Harbor Services' } },
        { date: '2024-02-10', status: 'housed', source: { source: 'Exit.csv', record: 'X1', provider: 'Harbor Services' } },
      ]);
      const all = view.populations.find((p) => p.population === 'all')!;
      expect(all.current_status).toBe('housed');
      expect(all.events).toMatchObject([
        { date: '2024-01-10', from: 'absent', to: 'active', counts_as: 'newly_identified', days_to_housing: null, source: { source: 'Enrollment.csv', record: 'EN1' } },
        // 2024-02-10 − 2024-01-10 = 21 days left in January + 10 in February = 31
        { date: '2024-02-10', from: 'active', to: 'housed', counts_as: 'housing_placements', days_to_housing: 31, source: { source: 'Exit.csv', record: 'X1' } },
      ]);
    });

    it('should change nothing when the same export is imported twice', async () => {
      const dir = writeExport(firstExport());
      await importHmis(db, { source: dir, community: 'harbor' });
      const before = await snapshot(false);
      const again = await importHmis(db, { source: dir, community: 'harbor' });
      expect(again.status).toBe('succeeded');
      expect(again.summary).toContain('nothing changed');
      expect(again.hmis!.merged.length).toBeGreaterThanOrEqual(6);
      for (const counts of again.hmis!.merged) expect(counts, counts.file).toMatchObject({ added: 0, changed: 0, deleted: 0 });
      expect(again.hmis!.rederived).toBe(0);
      expect(await snapshot(false)).toEqual(before);
      for (const [population, expected] of Object.entries(FIRST)) expect(await figures('harbor', population), population).toEqual(expected);
    });

    it('should re-derive only the touched people and their households when a later export changes and deletes records', async () => {
      await importHmis(db, { source: writeExport(firstExport()), community: 'harbor' });
      const c1Before = await personRows('C1');
      const report = await importHmis(db, { source: writeExport(laterExport()), community: 'harbor' });
      expect(report.status).toBe('succeeded');
      const merged = Object.fromEntries(report.hmis!.merged.map(({ file, ...counts }) => [file, counts]));
      expect(merged.Export).toEqual({ added: 1, changed: 0, deleted: 0, unchanged: 0 });
      expect(merged.Exit).toEqual({ added: 0, changed: 1, deleted: 0, unchanged: 2 });
      // EN4's row carries a DateDeleted: it is removed and is not a live row of the export.
      expect(merged.Enrollment).toEqual({ added: 0, changed: 0, deleted: 1, unchanged: 3 });
      expect(merged.Client).toEqual({ added: 0, changed: 0, deleted: 0, unchanged: 4 });
      // Touched: C2 (exit moved) and C4 (enrollment deleted); C3 shares household H2 with C2.
      expect(report.hmis!.rederived).toBe(3);
      expect((await db.query<{ enrollmentid: string }>('SELECT enrollmentid FROM hmis_enrollment ORDER BY enrollmentid')).map((r) => r.enrollmentid)).toEqual(['EN1', 'EN2', 'EN3']);
      for (const [population, expected] of Object.entries(LATER)) expect(await figures('harbor', population), population).toEqual(expected);

      const community = await resolveCommunity(db, 'harbor');
      const c2 = await personTimeline(db, community, 'C2');
      expect(c2.status_changes).toMatchObject([
        { date: '2024-03-01', status: 'active', source: { source: 'Enrollment.csv', record: 'EN2' } },
        { date: '2024-05-01', status: 'housed', source: { source: 'Exit.csv', record: 'X2' } },
      ]);
      await expect(personTimeline(db, community, 'C4')).rejects.toThrow(/no person "C4"/);
      // C1 shares no household with anyone touched: its rows are untouched, import ids included.
      expect(await personRows('C1')).toEqual(c1Before);
    });

    it('should re-derive everyone when a later export moves the as-of date though no record changed', async () => {
      // The same records as of two dates: an open shelter stay is evidence up to the as-of day, so a
      // person with no new record can still change (here C4's stay keeps running). The figures after
      // the second import must equal a fresh import at the later date.
      const dir = writeExport(firstExport());
      await importHmis(db, { source: dir, community: 'moving', asOf: parseDay('2024-05-31')! });
      const second = await importHmis(db, { source: dir, community: 'moving', asOf: parseDay('2024-09-30')! });
      expect(second.hmis?.rederived).toBe('everyone');
      await importHmis(db, { source: dir, community: 'fresh', asOf: parseDay('2024-09-30')! });
      for (const population of ['all', 'all-singles', 'families']) expect(await figures('moving', population)).toEqual(await figures('fresh', population));
    });

    it('should re-derive only the touched people when every row of the later export carries its own ExportID', async () => {
      // Real exports fill ExportID on every row of every file, and a new export has a new ID.
      const stamp = (files: Files, id: string): Files =>
        Object.fromEntries(Object.entries(files).map(([file, rows]) => [file, rows!.map((r) => ({ ...r, ExportID: id }))]));
      await importHmis(db, { source: writeExport(stamp(firstExport(), 'E1')), community: 'harbor' });
      const report = await importHmis(db, { source: writeExport(stamp(laterExport(), 'E2')), community: 'harbor' });
      const merged = Object.fromEntries(report.hmis!.merged.map(({ file, ...counts }) => [file, counts]));
      expect(merged.Client).toEqual({ added: 0, changed: 0, deleted: 0, unchanged: 4 });
      expect(report.hmis!.rederived).toBe(3);
      for (const [population, expected] of Object.entries(LATER)) expect(await figures('harbor', population), population).toEqual(expected);
    });

    it('should leave out a first export’s DateDeleted records, as a merge would, and reach the same list', async () => {
      // A community's first export is copied straight into empty tables (no merge).
      const report = await importHmis(db, { source: writeExport(laterExport()), community: 'newcomer' });
      const merged = Object.fromEntries(report.hmis!.merged.map(({ file, ...counts }) => [file, counts]));
      // EN4 carries a DateDeleted: three of the four enrollments are live.
      expect(merged.Enrollment).toEqual({ added: 3, changed: 0, deleted: 0, unchanged: 0 });
      const newcomer = await resolveCommunity(db, 'newcomer');
      const enrollments = await db.query<{ enrollmentid: string }>('SELECT enrollmentid FROM hmis_enrollment WHERE community_id = $1 ORDER BY enrollmentid', [newcomer.communityId]);
      expect(enrollments.map((e) => e.enrollmentid)).toEqual(['EN1', 'EN2', 'EN3']);
      for (const [population, expected] of Object.entries(LATER)) expect(await figures('newcomer', population), population).toEqual(expected);
    });

    describe('read on a worker thread (as exports of 32 MB and more are)', () => {
      /** Every stored record and figure of one community, without the columns that name the community or the import. */
      const communityRows = async (slug: string): Promise<Record<string, unknown[]>> => {
        const c = (await resolveCommunity(db, slug)).communityId;
        const strip = (rows: Record<string, unknown>[]) => rows.map(({ community_id: _c, import_id: _i, ...r }) => r);
        const out: Record<string, unknown[]> = {};
        for (const { table, key } of await hmisTables()) if (table !== 'hmis_export') out[table] = strip(await db.query(`SELECT * FROM ${table} WHERE community_id = $1 ORDER BY ${key}`, [c]));
        out.bnl_person = strip(await db.query('SELECT * FROM bnl_person WHERE community_id = $1 ORDER BY person_id', [c]));
        out.bnl_status_change = strip(await db.query('SELECT * FROM bnl_status_change WHERE community_id = $1 ORDER BY person_id, change_date', [c]));
        out.bnl_transition = strip(await db.query('SELECT * FROM bnl_transition WHERE community_id = $1 ORDER BY population, person_id, transition_date', [c]));
        out.bnl_month = strip(await db.query('SELECT * FROM bnl_month WHERE community_id = $1 ORDER BY population, month', [c]));
        return out;
      };

      it('should store the same records, list and figures as reading on this thread, on a first export and on a later one that deletes', async () => {
        const first = writeExport(firstExport());
        const later = writeExport(laterExport());
        const here = [await importHmis(db, { source: first, community: 'here', readOnWorker: false }), await importHmis(db, { source: later, community: 'here', readOnWorker: false })];
        const there = [await importHmis(db, { source: first, community: 'there', readOnWorker: true }), await importHmis(db, { source: later, community: 'there', readOnWorker: true })];
        for (let i = 0; i < 2; i++) {
          expect(there[i].status).toBe('succeeded');
          expect(there[i].files).toEqual(here[i].files);
          expect(there[i].hmis!.merged).toEqual(here[i].hmis!.merged);
          expect(there[i].hmis!.rederived).toEqual(here[i].hmis!.rederived);
        }
        // The later export deletes EN4 and changes records: the merge path, not only the first load.
        expect(there[1].hmis!.merged.find((m) => m.file === 'Enrollment')!.deleted).toBeGreaterThan(0);
        const rows = await communityRows('there');
        expect(rows.hmis_enrollment.length).toBeGreaterThan(0);
        expect(rows).toEqual(await communityRows('here'));
        for (const [population, expected] of Object.entries(LATER)) expect(await figures('there', population), population).toEqual(expected);
      });

      it('should reject a bad EntryDate with the same problem and store nothing when the rows are read on a worker thread', async () => {
        const files = firstExport();
        files.Enrollment = [...files.Enrollment!, enrollment('EN5', 'C1', '2024-13-01', 'H5', '1')];
        const error = await importHmis(db, { source: writeExport(files), community: 'harbor', readOnWorker: true }).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ImportRejectedError);
        const file = (error as ImportRejectedError).report.files.find((f) => f.file === 'Enrollment.csv')!;
        expect(file.problems).toContainEqual(expect.objectContaining({ severity: 'error', line: 6, column: 'EntryDate', value: '2024-13-01', rule: 'date-format' }));
        expect(await db.query('SELECT 1 FROM hmis_enrollment')).toEqual([]);
      });

      it('should refuse in the reader’s one sentence and keep the stored records when a later file never closes a quote', async () => {
        await importHmis(db, { source: writeExport(firstExport()), community: 'harbor' });
        const before = await snapshot();
        // Exit.csv is read after Client.csv and Enrollment.csv have been sent to the database.
        const broken = writeExport(firstExport(), { 'Exit.csv': `${hudCsv('Exit', firstExport().Exit!).trimEnd()}\n"X9,EN1,C1,2024-03-01,435\n` });
        const error = await importHmis(db, { source: broken, community: 'harbor', readOnWorker: true }).then(
          () => null,
          (e: unknown) => e as Error,
        );
        expect(error).toBeInstanceOf(InputError);
        expect(error!.message).toMatch(/^Exit\.csv: line \d+: a quoted field is never closed/);
        expectOneSentence(error!.message);
        expect(await snapshot()).toEqual(before);
      });
    });

    describe('malformed inputs', () => {
      /** Imports a good export, then the bad source; the bad one must throw and change no stored record. */
      const refused = async (source: string, options: { acceptPartial?: boolean } = {}) => {
        await importHmis(db, { source: writeExport(firstExport()), community: 'harbor' });
        const before = await snapshot();
        const error = await importHmis(db, { source, community: 'harbor', ...options }).then(
          () => null,
          (e: unknown) => e as Error,
        );
        expect(error).toBeInstanceOf(Error);
        expect(await snapshot()).toEqual(before);
        const runs = await new ImportLog(db, (await resolveCommunity(db, 'harbor')).communityId).list();
        expect(runs.map((r) => r.status)).toEqual(['failed', 'succeeded']);
        expect(runs[0].summary).toBe(error!.message);
        return error!;
      };

      it('should refuse in one sentence naming Export.csv when the export has no Export.csv', async () => {
        const error = await refused(writeExport(firstExport(), { 'Export.csv': null }));
        expect(error.message).toMatch(/no Export\.csv/);
        expectOneSentence(error.message);
      });

      it('should refuse in one sentence naming Export.csv when CSVVersion is unknown', async () => {
        const files = firstExport();
        files.Export = [exportRow('E1', '2022 v1.0')];
        const error = await refused(writeExport(files));
        expect(error.message).toMatch(/^Export\.csv: CSVVersion "2022 v1\.0" is not a version ZeroLoop reads/);
        expectOneSentence(error.message);
      });

      it('should refuse in one sentence naming Enrollment.csv when its header is wrong', async () => {
        const header = HMIS_CSV_FILES.fy2024.Enrollment.columns.map((c) => (c.name === 'EntryDate' ? 'StartDate' : c.name));
        const error = await refused(writeExport(firstExport(), { 'Enrollment.csv': hudCsv('Enrollment', firstExport().Enrollment!, header) }));
        expect(error.message).toMatch(/^Enrollment\.csv: the header \(line 1\) has the column "StartDate"/);
        expectOneSentence(error.message);
      });

      it('should import nothing and record a failed import when a row has a bad EntryDate and partial imports are not accepted', async () => {
        const files = firstExport();
        files.Enrollment = [...files.Enrollment!, enrollment('EN5', 'C1', '2024-13-01', 'H5', '1')];
        const error = await refused(writeExport(files));
        expect(error).toBeInstanceOf(ImportRejectedError);
        const report = (error as ImportRejectedError).report;
        expect(report.status).toBe('failed');
        const file = report.files.find((f) => f.file === 'Enrollment.csv')!;
        expect(file.rowsRejected).toBe(1);
        expect(file.problems).toContainEqual(expect.objectContaining({ severity: 'error', line: 6, column: 'EntryDate', value: '2024-13-01', rule: 'date-format' }));
        expectOneSentence(error.message);
      });

      it('should name Enrollment.csv in the error when a row has a bad EntryDate and partial imports are not accepted', async () => {
        const files = firstExport();
        files.Enrollment = [...files.Enrollment!, enrollment('EN5', 'C1', '2024-13-01', 'H5', '1')];
        const error = await refused(writeExport(files));
        expect(error.message).toContain('Enrollment.csv');
      });

      it('should refuse in one sentence naming the zip when an entry climbs out with ../', async () => {
        const zipDir = mkdtempSync(join(tmpdir(), 'zl-hmis-zip-'));
        const zipPath = join(zipDir, 'export.zip');
        const entries = Object.entries(firstExport()).map(([file, rows]) => ({ name: `${file}.csv`, data: hudCsv(file as HmisFileName, rows!) }));
        writeFileSync(zipPath, makeZip([...entries, { name: '../evil.csv', data: 'x\n' }]));
        const error = await refused(zipPath);
        expect(error.message).toContain(zipPath);
        expect(error.message).toContain('"../evil.csv"');
        expectOneSentence(error.message);
      });
    });

    it('should refuse an HMIS import into a BNL community and a BNL import into an HMIS community', async () => {
      const bnlDir = mkdtempSync(join(tmpdir(), 'zl-bnl-'));
      writeFileSync(join(bnlDir, 'persons.csv'), 'person_id\nP1\n');
      writeFileSync(join(bnlDir, 'status-history.csv'), 'person_id,date,status\nP1,2024-01-10,active\n');
      await importBnl(db, { dir: bnlDir, community: 'bnl-city' });
      await importHmis(db, { source: writeExport(firstExport()), community: 'hmis-city' });
      const before = await snapshot();

      const intoBnl = await importHmis(db, { source: writeExport(firstExport()), community: 'bnl-city' }).then(() => new Error('imported'), (e: unknown) => e as Error);
      expect(intoBnl).toBeInstanceOf(UserError);
      expect(intoBnl.message).toMatch(/"bnl-city" keeps its By-Name List as CSV files/);
      expectOneSentence(intoBnl.message);

      const intoHmis = await importBnl(db, { dir: bnlDir, community: 'hmis-city' }).then(() => new Error('imported'), (e: unknown) => e as Error);
      expect(intoHmis).toBeInstanceOf(UserError);
      expect(intoHmis.message).toMatch(/"hmis-city" gets its By-Name List from an HMIS export/);
      expectOneSentence(intoHmis.message);

      expect(await snapshot()).toEqual(before);
    });
  });
}

// The HUD samples hold the same data in both versions (FY2026 renames and reorders columns).
describe.each(engines)('importing the HUD sample exports on $name', (engine) => {
  it('should give identical monthly figures for every population when the FY2024 and FY2026 samples are imported', async () => {
    const { db, dispose } = await engine.open();
    try {
      const fy2024 = await importHmis(db, { source: sample('fy2024'), community: 'fy2024' });
      const fy2026 = await importHmis(db, { source: sample('fy2026'), community: 'fy2026' });
      expect([fy2024.hmis!.version, fy2026.hmis!.version]).toEqual(['fy2024', 'fy2026']);
      // Every live record loaded is added on a first import; the summary writes the count as people read numbers.
      const live = fy2024.files.reduce((n, f) => n + f.rowsLoaded - (f as { rowsDeleted?: number }).rowsDeleted!, 0);
      expect(live).toBeGreaterThan(9999);
      expect(fy2024.summary).toContain(`: ${live.toLocaleString('en-US')} records added, 0 changed, 0 deleted;`);
      expect(fy2024.summary).toMatch(/: \d{1,3}(,\d{3})+ records added/);
      const a = await monthlyMetrics(db, await resolveCommunity(db, 'fy2024'));
      const b = await monthlyMetrics(db, await resolveCommunity(db, 'fy2026'));
      expect(a.length).toBeGreaterThan(0);
      expect(new Set(a.map((r) => r.population)).size).toBeGreaterThanOrEqual(6);
      expect(a.some((r) => r.actively_homeless > 0)).toBe(true);
      expect(b).toEqual(a);
      // Read on a worker thread, as a large export is: the same report, file by file, and the same figures.
      const onWorker = await importHmis(db, { source: sample('fy2024'), community: 'fy2024-worker', readOnWorker: true });
      expect(onWorker.files).toEqual(fy2024.files);
      expect(await monthlyMetrics(db, await resolveCommunity(db, 'fy2024-worker'))).toEqual(a);
    } finally {
      await dispose();
    }
  }, 120_000);
});
