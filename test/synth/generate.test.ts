import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RACE_CATEGORIES } from '../../src/domain/bnl/types.ts';
import { DESTINATION_CODES, LIVING_SITUATION_CODES } from '../../src/synth/hud-codes.ts';
import { generateSmall, readRecords, readRows, referenceColumns, type Generated } from './helpers.ts';

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

function sha(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

describe('generateCity (small)', () => {
  let a: Generated;
  let b: Generated;
  let c: Generated;
  let hmis: string;
  let bnl: string;

  beforeAll(async () => {
    a = await generateSmall(1);
    b = await generateSmall(1);
    c = await generateSmall(2);
    hmis = join(a.dir, 'hmis');
    bnl = join(a.dir, 'bnl');
  });

  afterAll(() => {
    a?.cleanup();
    b?.cleanup();
    c?.cleanup();
  });

  it('should write byte-identical files for the same seed', () => {
    const files = listFiles(a.dir);
    expect(files).toEqual(listFiles(b.dir));
    expect(files.length).toBeGreaterThan(25);
    for (const f of files) expect(sha(join(b.dir, f)), f).toBe(sha(join(a.dir, f)));
  });

  it('should write different files for a different seed', () => {
    expect(sha(join(c.dir, 'bnl/persons.csv'))).not.toBe(sha(join(bnl, 'persons.csv')));
    expect(sha(join(c.dir, 'hmis/Enrollment.csv'))).not.toBe(sha(join(hmis, 'Enrollment.csv')));
    expect(sha(join(c.dir, 'bnl/status-history.csv'))).not.toBe(sha(join(bnl, 'status-history.csv')));
  });

  it('should count the records it writes', () => {
    const rows = (f: string) => readRecords(join(hmis, `${f}.csv`)).length;
    expect(rows('Enrollment')).toBe(a.city.counts.enrollments);
    expect(rows('Exit')).toBe(a.city.counts.exits);
    expect(rows('Services')).toBe(a.city.counts.services);
    expect(rows('CurrentLivingSituation')).toBe(a.city.counts.currentLivingSituations);
  });

  it('should generate about 2,000 people', () => {
    const people = a.city.counts.people;
    expect(people).toBeGreaterThan(2000 * 0.85);
    expect(people).toBeLessThan(2000 * 1.15);
    expect(readRecords(join(bnl, 'persons.csv'))).toHaveLength(people);
    expect(readRecords(join(hmis, 'Client.csv'))).toHaveLength(people);
  });

  it('should write every HMIS FY2024 file with the reference header, and nothing else', () => {
    const reference = referenceColumns();
    expect(reference.size).toBe(24);
    expect(readdirSync(hmis).sort()).toEqual([...reference.keys()].map((f) => `${f}.csv`).sort());
    for (const [file, columns] of reference) {
      const header = readFileSync(join(hmis, `${file}.csv`), 'utf8').split('\n')[0];
      expect(header, file).toBe(columns.join(','));
    }
  });

  it('should give every row as many fields as its header', () => {
    for (const dir of [hmis, bnl]) {
      for (const f of listFiles(dir).filter((x) => x.endsWith('.csv'))) {
        const rows = readRows(join(dir, f));
        const width = rows[0].length;
        const bad = rows.findIndex((r) => r.length !== width);
        expect(bad, `${f} line ${bad + 1}`).toBe(-1);
      }
    }
  });

  it('should describe the export in Export.csv', () => {
    const [exp] = readRecords(join(hmis, 'Export.csv'));
    expect(exp.CSVVersion).toBe('2024 v1.3');
    expect(exp.ExportStartDate).toBe('2021-01-01');
    expect(exp.ExportEndDate).toBe('2025-12-31');
    expect(exp.ExportDate).toMatch(TIMESTAMP);
  });

  it('should link every record to its client, project and enrollment', () => {
    const problems: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok) problems.push(what);
    };
    const clients = new Set(readRecords(join(hmis, 'Client.csv')).map((r) => r.PersonalID));
    const projectRows = readRecords(join(hmis, 'Project.csv'));
    const projects = new Set(projectRows.map((r) => r.ProjectID));
    const orgs = new Set(readRecords(join(hmis, 'Organization.csv')).map((r) => r.OrganizationID));
    for (const p of projectRows) check(orgs.has(p.OrganizationID), `project ${p.ProjectID} organization`);
    const enrollments = new Map<string, Record<string, string>>();
    for (const e of readRecords(join(hmis, 'Enrollment.csv'))) {
      check(clients.has(e.PersonalID), `enrollment ${e.EnrollmentID} client`);
      check(projects.has(e.ProjectID), `enrollment ${e.EnrollmentID} project`);
      check(!enrollments.has(e.EnrollmentID), `enrollment ${e.EnrollmentID} twice`);
      enrollments.set(e.EnrollmentID, e);
    }
    for (const file of ['Exit', 'Services', 'CurrentLivingSituation', 'Disabilities', 'IncomeBenefits', 'HealthAndDV', 'EmploymentEducation', 'YouthEducationStatus', 'Assessment', 'AssessmentQuestions', 'AssessmentResults', 'Event']) {
      for (const r of readRecords(join(hmis, `${file}.csv`))) {
        const e = enrollments.get(r.EnrollmentID);
        check(e !== undefined && r.PersonalID === e.PersonalID, `${file} ${r.EnrollmentID}`);
      }
    }
    const exited = new Set<string>();
    for (const x of readRecords(join(hmis, 'Exit.csv'))) {
      check(!exited.has(x.EnrollmentID), `second exit of ${x.EnrollmentID}`);
      exited.add(x.EnrollmentID);
      check(x.ExitDate >= (enrollments.get(x.EnrollmentID)?.EntryDate ?? ''), `exit before entry ${x.ExitID}`);
    }
    for (const file of ['ProjectCoC', 'Funder', 'Inventory', 'HMISParticipation', 'CEParticipation']) {
      for (const r of readRecords(join(hmis, `${file}.csv`))) check(projects.has(r.ProjectID), `${file} ${r.ProjectID}`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it('should give every household exactly one head, in both formats', () => {
    const heads = new Map<string, number>();
    for (const p of readRecords(join(bnl, 'persons.csv'))) {
      heads.set(p.household_id, (heads.get(p.household_id) ?? 0) + (p.relationship === 'head' ? 1 : 0));
    }
    for (const [id, n] of heads) expect(n, id).toBe(1);
    const hmisHeads = new Map<string, number>();
    for (const e of readRecords(join(hmis, 'Enrollment.csv'))) {
      hmisHeads.set(e.HouseholdID, (hmisHeads.get(e.HouseholdID) ?? 0) + (e.RelationshipToHoH === '1' ? 1 : 0));
    }
    for (const [id, n] of hmisHeads) expect(n, id).toBe(1);
    expect([...heads.values()].length).toBe(a.city.counts.households);
  });

  it('should write status-history sorted by person then date, with valid statuses and one row per person and day', () => {
    const rows = readRecords(join(bnl, 'status-history.csv'));
    expect(rows.length).toBe(a.city.counts.statusChanges);
    const persons = new Set(readRecords(join(bnl, 'persons.csv')).map((p) => p.person_id));
    const problems: string[] = [];
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      const line = `line ${i + 2}`;
      if (!['active', 'housed', 'inactive'].includes(r.status)) problems.push(`${line} status`);
      if (!DATE.test(r.date) || r.date > '2025-12-31') problems.push(`${line} date`);
      if (!persons.has(r.person_id)) problems.push(`${line} person`);
      if (r.reason.length === 0) problems.push(`${line} reason`);
      if (i === 0) continue;
      const p = rows[i - 1];
      if (p.person_id > r.person_id) problems.push(`${line} person order`);
      if (p.person_id === r.person_id && !(p.date < r.date)) problems.push(`${line} date order or same day`);
      if (p.person_id === r.person_id && p.status === r.status) problems.push(`${line} repeated status`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
    const firsts = new Map<string, string>();
    for (const r of rows) if (!firsts.has(r.person_id)) firsts.set(r.person_id, r.status);
    for (const s of firsts.values()) expect(s).not.toBe('inactive');
  });

  it('should write persons.csv in the BNL format', () => {
    const localities = new Set(a.city.localities.map((l) => l.name));
    const genders = new Set(['', 'woman', 'man', 'transgender', 'non_binary', 'questioning', 'different_identity']);
    let yearOnly = 0;
    let unknownBirth = 0;
    const persons = readRecords(join(bnl, 'persons.csv'));
    for (const p of persons) {
      expect(p.person_id).toMatch(/^P\d{6}$/);
      if (p.birth_date) expect(p.birth_date).toMatch(DATE);
      if (p.birth_year) {
        expect(p.birth_date).toBe('');
        expect(p.birth_year).toMatch(/^\d{4}$/);
        yearOnly++;
      }
      if (!p.birth_date && !p.birth_year) unknownBirth++;
      expect(['yes', 'no', '']).toContain(p.veteran);
      if (p.chronic_since) expect(p.chronic_since).toMatch(DATE);
      expect(['head', 'spouse', 'child', 'other']).toContain(p.relationship);
      if (p.race) for (const k of p.race.split(';')) expect(RACE_CATEGORIES).toContain(k);
      expect(genders.has(p.gender)).toBe(true);
      expect(localities.has(p.locality)).toBe(true);
      if (p.relationship === 'child') expect(p.veteran).toBe('no');
    }
    expect(yearOnly / persons.length).toBeGreaterThan(0.01);
    expect(yearOnly / persons.length).toBeLessThan(0.06);
    expect(unknownBirth / persons.length).toBeLessThan(0.03);
  });

  it('should use valid HUD codes and date formats', () => {
    const problems: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok) problems.push(what);
    };
    const projectTypes = new Set(['0', '1', '2', '3', '4', '6', '8', '9', '13', '14']);
    for (const p of readRecords(join(hmis, 'Project.csv'))) {
      check(projectTypes.has(p.ProjectType), `ProjectType ${p.ProjectType}`);
      check(DATE.test(p.OperatingStartDate) && TIMESTAMP.test(p.DateCreated), `project dates ${p.ProjectID}`);
    }
    for (const e of readRecords(join(hmis, 'Enrollment.csv'))) {
      const id = e.EnrollmentID;
      check(DATE.test(e.EntryDate) && TIMESTAMP.test(e.DateCreated) && TIMESTAMP.test(e.DateUpdated), `dates ${id}`);
      check(['1', '2', '3'].includes(e.RelationshipToHoH), `RelationshipToHoH ${id}`);
      check(['0', '1'].includes(e.DisablingCondition), `DisablingCondition ${id}`);
      check(!e.MoveInDate || e.MoveInDate >= e.EntryDate, `MoveInDate ${id}`);
      check(!e.DateToStreetESSH || e.DateToStreetESSH <= e.EntryDate, `DateToStreetESSH ${id}`);
      check(!e.TimesHomelessPastThreeYears || ['1', '2', '3', '4'].includes(e.TimesHomelessPastThreeYears), `Times ${id}`);
      check(!e.MonthsHomelessPastThreeYears || (Number(e.MonthsHomelessPastThreeYears) >= 101 && Number(e.MonthsHomelessPastThreeYears) <= 113), `Months ${id}`);
      check(!e.LivingSituation || DESTINATION_CODES.includes(Number(e.LivingSituation)) || [335, 336].includes(Number(e.LivingSituation)), `LivingSituation ${id}`);
    }
    for (const x of readRecords(join(hmis, 'Exit.csv'))) {
      check(DESTINATION_CODES.includes(Number(x.Destination)), `Destination ${x.Destination}`);
      check(x.Destination !== '435' || /^4\d\d$/.test(x.DestinationSubsidyType), `DestinationSubsidyType ${x.ExitID}`);
    }
    for (const c of readRecords(join(hmis, 'CurrentLivingSituation.csv'))) {
      check(LIVING_SITUATION_CODES.includes(Number(c.CurrentLivingSituation)), `CurrentLivingSituation ${c.CurrentLivingSituation}`);
      check(DATE.test(c.InformationDate), `InformationDate ${c.CurrentLivingSitID}`);
    }
    const recordTypes = new Set(['141', '142', '143', '144', '151', '152', '161', '200', '210', '300']);
    for (const r of readRecords(join(hmis, 'Services.csv'))) {
      check(recordTypes.has(r.RecordType), `RecordType ${r.RecordType}`);
      check(DATE.test(r.DateProvided) && TIMESTAMP.test(r.DateCreated), `service dates ${r.ServicesID}`);
    }
    for (const c of readRecords(join(hmis, 'Client.csv'))) {
      check(!c.DOB || DATE.test(c.DOB), `DOB ${c.PersonalID}`);
      check(['1', '2', '8', '9', '99'].includes(c.DOBDataQuality), `DOBDataQuality ${c.PersonalID}`);
      check(['0', '1', '8', '9', '99'].includes(c.VeteranStatus), `VeteranStatus ${c.PersonalID}`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it('should never date an update before the record was created', () => {
    const problems: string[] = [];
    for (const f of readdirSync(hmis)) {
      for (const r of readRecords(join(hmis, f))) {
        if (r.DateCreated === undefined) continue;
        if (!TIMESTAMP.test(r.DateCreated) || !TIMESTAMP.test(r.DateUpdated) || r.DateUpdated < r.DateCreated) {
          problems.push(`${f}: ${r.DateCreated} / ${r.DateUpdated}`);
        }
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('should date nothing after the end of the export', () => {
    const columns: Record<string, string> = { Enrollment: 'EntryDate', Exit: 'ExitDate', Services: 'DateProvided', CurrentLivingSituation: 'InformationDate' };
    for (const [file, col] of Object.entries(columns)) {
      const late = readRecords(join(hmis, `${file}.csv`)).filter((r) => r[col] > '2025-12-31');
      expect(late, file).toEqual([]);
    }
  });

  it('should return the metadata and write community.json', () => {
    const city = a.city;
    expect(city.startDate).toBe('2021-01-01');
    expect(city.endDate).toBe('2025-12-31');
    expect(city.pitDate).toBe('2025-01-29');
    expect(city.localities.length).toBeGreaterThanOrEqual(6);
    expect(city.providers.length).toBeGreaterThanOrEqual(20);
    expect(city.processChanges.map((p) => p.date)).toEqual(['2022-07-01', '2023-07-01', '2024-07-01', '2025-03-01']);
    expect(city.pitCount).toBeGreaterThan(50);
    expect(city.counts.enrollments).toBeGreaterThan(city.counts.people);
    const community = JSON.parse(readFileSync(join(bnl, 'community.json'), 'utf8'));
    expect(community.name).toBe('Demo City');
    expect(community.slug).toBe('demo-city');
    expect(community.pit_count).toBe(city.pitCount);
    expect(community.localities).toEqual(city.localities.map((l) => l.name));
    expect(community.process_changes).toHaveLength(4);
    expect(city.files.communityJson).toBe(join(bnl, 'community.json'));
    const providerNames = new Set(city.providers.map((p) => p.name));
    for (const r of readRecords(join(bnl, 'status-history.csv'))) if (r.provider) expect(providerNames.has(r.provider)).toBe(true);
  });

  it('should count the PIT night from the status history', () => {
    const rows = readRecords(join(bnl, 'status-history.csv'));
    const last = new Map<string, string>();
    for (const r of rows) if (r.date <= a.city.pitDate) last.set(r.person_id, r.status);
    expect([...last.values()].filter((s) => s === 'active').length).toBe(a.city.pitCount);
  });
});

describe('generateCity options', () => {
  it('should write monthly snapshots when asked, and a single format into the folder itself', async () => {
    const g = await generateSmall(3, { format: 'bnl', bnlSnapshots: true });
    try {
      expect(existsSync(join(g.dir, 'persons.csv'))).toBe(true);
      expect(existsSync(join(g.dir, 'hmis'))).toBe(false);
      const snaps = readdirSync(join(g.dir, 'snapshots')).sort();
      expect(snaps).toHaveLength(60);
      expect(snaps[0]).toBe('2021-01-31.csv');
      expect(snaps[59]).toBe('2025-12-31.csv');
      const history = readRecords(join(g.dir, 'status-history.csv'));
      const asOf = new Map<string, Record<string, string>>();
      for (const r of history) if (r.date <= '2023-06-30') asOf.set(r.person_id, r);
      const snap = readRecords(join(g.dir, 'snapshots', '2023-06-30.csv'));
      const active = snap.filter((r) => r.status === 'active').map((r) => r.person_id).sort();
      const expected = [...asOf.entries()].filter(([, r]) => r.status === 'active').map(([id]) => id).sort();
      expect(active).toEqual(expected);
      for (const r of snap) expect(asOf.get(r.person_id)?.status).toBe(r.status);
    } finally {
      g.cleanup();
    }
  });
});
