/**
 * The two worlds line up: the By-Name List written by the generator is what the rules of
 * bnl-from-hmis.md give when applied to the HMIS export it writes next to it.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayParts, formatDay, parseDay, type Day } from '../../src/domain/time/day.ts';
import { deriveStatusChanges, type EvidenceEnrollment } from '../../src/synth/derive-status.ts';
import { generateSmall, readRecords, type Generated } from './helpers.ts';

const END = parseDay('2025-12-31')!;
const HOMELESS = new Set([0, 1, 2, 4, 8]);
const PH = new Set([3, 9, 10, 13]);
const cls = (code: number) => (code === 24 ? 'deceased' : code >= 100 && code < 500 ? ['', 'homeless', 'institutional', 'temporary', 'permanent'][Math.floor(code / 100)] : 'unknown');

interface ParsedEnrollment extends EvidenceEnrollment {
  row: Record<string, string>;
}

/** Reads the HMIS export back into per-person enrollments, as an importer would. */
function readHmis(dir: string): Map<string, ParsedEnrollment[]> {
  const projects = new Map(readRecords(join(dir, 'Project.csv')).map((p) => [p.ProjectID, p]));
  const exits = new Map(readRecords(join(dir, 'Exit.csv')).map((x) => [x.EnrollmentID, x]));
  const byEnrollment = new Map<string, ParsedEnrollment>();
  const byPerson = new Map<string, ParsedEnrollment[]>();
  for (const e of readRecords(join(dir, 'Enrollment.csv'))) {
    const project = projects.get(e.ProjectID)!;
    const x = exits.get(e.EnrollmentID);
    const parsed: ParsedEnrollment = {
      projectType: Number(project.ProjectType),
      provider: project.ProjectName,
      entry: parseDay(e.EntryDate)!,
      exit: x ? parseDay(x.ExitDate)! : null,
      destination: x ? Number(x.Destination) : null,
      moveIn: e.MoveInDate ? parseDay(e.MoveInDate)! : null,
      bedNights: [],
      contacts: [],
      serviceDays: [],
      row: e,
    };
    byEnrollment.set(e.EnrollmentID, parsed);
    const list = byPerson.get(e.PersonalID) ?? [];
    list.push(parsed);
    byPerson.set(e.PersonalID, list);
  }
  for (const s of readRecords(join(dir, 'Services.csv'))) {
    const e = byEnrollment.get(s.EnrollmentID)!;
    if (s.RecordType === '200') (e.bedNights as Day[]).push(parseDay(s.DateProvided)!);
    else (e.serviceDays as Day[]).push(parseDay(s.DateProvided)!);
  }
  for (const c of readRecords(join(dir, 'CurrentLivingSituation.csv'))) {
    const e = byEnrollment.get(c.EnrollmentID)!;
    (e.contacts as { day: Day; livingSituation: number | null }[]).push({ day: parseDay(c.InformationDate)!, livingSituation: Number(c.CurrentLivingSituation) });
  }
  return byPerson;
}

/** bnl-from-hmis.md applied literally, one day at a time (slow, obviously right). */
function dailyStatuses(enrollments: EvidenceEnrollment[]): Map<Day, string> {
  const housed = new Set<Day>();
  const moveInDays = new Set<Day>();
  for (const e of enrollments) {
    if (!PH.has(e.projectType) || e.moveIn === null) continue;
    const last = e.exit === null ? END : e.exit - 1;
    for (let d = e.moveIn; d <= last; d++) moveInDays.add(d);
  }
  const evidence = new Set<Day>();
  const add = (d: Day) => {
    if (d <= END && !moveInDays.has(d)) evidence.add(d);
  };
  for (const e of enrollments) {
    const t = e.projectType;
    if (t === 0 || t === 2 || t === 8) for (let d = e.entry; d < (e.exit ?? END + 1); d++) add(d);
    if (t === 1) {
      add(e.entry);
      for (const d of e.bedNights ?? []) add(d);
    }
    if (t === 4) {
      add(e.entry);
      for (const c of e.contacts ?? []) if (c.livingSituation === null || cls(c.livingSituation) === 'homeless') add(c.day);
      for (const d of e.serviceDays ?? []) if (d >= e.entry && d <= (e.exit ?? END)) add(d);
    }
    for (const c of e.contacts ?? []) if (c.livingSituation !== null && cls(c.livingSituation) === 'homeless') add(c.day);
    if (HOMELESS.has(t) && e.exit !== null && cls(e.destination!) === 'homeless') add(e.exit);
  }
  for (const d of moveInDays) housed.add(d);
  const sortedEvidence = [...evidence].sort((a, b) => a - b);
  for (const e of enrollments) {
    if (e.exit === null || cls(e.destination!) !== 'permanent') continue;
    const next = sortedEvidence.find((d) => d > e.exit!);
    for (let d = e.exit; d < (next ?? END + 1); d++) housed.add(d);
  }
  const cuts = new Set<Day>();
  for (const e of enrollments) {
    if (!HOMELESS.has(e.projectType) || e.exit === null) continue;
    if (!['institutional', 'temporary', 'deceased'].includes(cls(e.destination!))) continue;
    const x = e.exit;
    if (!enrollments.some((o) => o !== e && HOMELESS.has(o.projectType) && o.entry <= x && (o.exit === null || o.exit > x))) cuts.add(x);
  }
  const out = new Map<Day, string>();
  const first = Math.min(...[...evidence, ...housed]);
  let lastHoused = -Infinity;
  let lastEvidence = -Infinity;
  let lastCut = -Infinity;
  for (let d = first; d <= END; d++) {
    if (evidence.has(d)) lastEvidence = d;
    if (cuts.has(d)) lastCut = d;
    if (housed.has(d)) {
      out.set(d, 'housed');
      lastHoused = d;
      continue;
    }
    const active = d - lastEvidence < 90 && lastEvidence >= lastHoused && lastCut < lastEvidence;
    out.set(d, active ? 'active' : 'inactive');
  }
  return out;
}

describe('the BNL files and the HMIS export agree', () => {
  let g: Generated;
  let history: Map<string, Record<string, string>[]>;
  let persons: Map<string, Record<string, string>>;
  let hmis: Map<string, ParsedEnrollment[]>;

  beforeAll(async () => {
    g = await generateSmall(Number(process.env.ZL_SYNTH_SEED ?? 5));
    history = new Map();
    for (const r of readRecords(join(g.dir, 'bnl/status-history.csv'))) {
      const list = history.get(r.person_id) ?? [];
      list.push(r);
      history.set(r.person_id, list);
    }
    persons = new Map(readRecords(join(g.dir, 'bnl/persons.csv')).map((p) => [p.person_id, p]));
    hmis = readHmis(join(g.dir, 'hmis'));
  });

  afterAll(() => g?.cleanup());

  it('should recover every status change from the HMIS records by the derivation rules', () => {
    const mismatches: string[] = [];
    for (const [pid] of persons) {
      const derived = deriveStatusChanges(hmis.get(pid) ?? [], END).map((c) => `${formatDay(c.day)} ${c.status} ${c.reason} ${c.provider ?? ''}`);
      const written = (history.get(pid) ?? []).map((r) => `${r.date} ${r.status} ${r.reason} ${r.provider}`);
      if (derived.join('|') !== written.join('|')) mismatches.push(pid);
    }
    expect(mismatches).toEqual([]);
  });

  it('should match a day-by-day reading of the rules for every person', () => {
    const mismatches: string[] = [];
    for (const [pid, enrollments] of hmis) {
      const daily = dailyStatuses(enrollments);
      const changes = history.get(pid) ?? [];
      let i = -1;
      for (const [day, status] of daily) {
        while (i + 1 < changes.length && parseDay(changes[i + 1].date)! <= day) i++;
        const written = i >= 0 ? changes[i].status : 'absent';
        if (written !== status) {
          mismatches.push(`${pid} ${formatDay(day)}: rules say ${status}, file says ${written}`);
          break;
        }
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('should date no evidence within 90 days after an exit that ends homelessness at once', () => {
    // So readings of "with no homeless evidence after it" that differ only inside the threshold agree.
    const problems: string[] = [];
    for (const [pid, enrollments] of hmis) {
      const evidence: Day[] = [];
      for (const e of enrollments) {
        const t = e.projectType;
        if (t === 0 || t === 2 || t === 8) for (let d = e.entry; d < (e.exit ?? END + 1); d++) evidence.push(d);
        if (t === 1 || t === 4) evidence.push(e.entry, ...(e.bedNights ?? []));
        for (const c of e.contacts ?? []) if (cls(c.livingSituation!) === 'homeless') evidence.push(c.day);
      }
      for (const e of enrollments) {
        if (!HOMELESS.has(e.projectType) || e.exit === null) continue;
        if (!['institutional', 'temporary', 'deceased'].includes(cls(e.destination!))) continue;
        const x = e.exit;
        if (enrollments.some((o) => o !== e && HOMELESS.has(o.projectType) && o.entry <= x && (o.exit === null || o.exit > x))) continue;
        const soon = evidence.find((d) => d >= x && d <= x + 90);
        if (soon !== undefined) problems.push(`${pid}: exit ${formatDay(x)}, evidence ${formatDay(soon)}`);
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('should give chronic_since as the first entry at which the HMIS chronic rule holds', () => {
    const mismatches: string[] = [];
    for (const [pid, enrollments] of hmis) {
      let first: string | null = null;
      const homeless = enrollments.filter((e) => HOMELESS.has(e.projectType)).sort((a, b) => a.entry - b.entry);
      let chronic = false;
      for (const e of homeless) {
        const r = e.row;
        const disabled = r.DisablingCondition === '1';
        const streetOk = [0, 1, 4, 8].includes(e.projectType) || cls(Number(r.LivingSituation)) === 'homeless' || (r.LOSUnderThreshold === '1' && r.PreviousStreetESSH === '1');
        const long = r.DateToStreetESSH !== '' && e.entry - parseDay(r.DateToStreetESSH)! >= 365;
        const episodic = r.TimesHomelessPastThreeYears === '4' && Number(r.MonthsHomelessPastThreeYears) >= 112;
        const now = disabled && streetOk && r.DateToStreetESSH !== '' && (long || episodic);
        if (now && first === null) first = r.EntryDate;
        // Once chronic, every later homeless enrollment carries it.
        if (chronic && !now && r.DateToStreetESSH !== '') mismatches.push(`${pid} loses chronic at ${r.EntryDate}`);
        chronic = chronic || now;
      }
      if ((first ?? '') !== persons.get(pid)!.chronic_since) mismatches.push(`${pid}: HMIS ${first}, BNL ${persons.get(pid)!.chronic_since}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('should give the same person attributes in Client.csv and persons.csv', () => {
    const raceColumns = ['AmIndAKNative', 'Asian', 'BlackAfAmerican', 'HispanicLatinaeo', 'MidEastNAfrican', 'NativeHIPacific', 'White'];
    const raceKeys = ['am_ind_ak_native', 'asian', 'black_af_american', 'hispanic_latinaeo', 'mid_east_n_african', 'native_hi_pacific', 'white'];
    const genderColumns: [string, string][] = [
      ['Woman', 'woman'],
      ['Man', 'man'],
      ['Transgender', 'transgender'],
      ['NonBinary', 'non_binary'],
      ['Questioning', 'questioning'],
      ['DifferentIdentity', 'different_identity'],
    ];
    const mismatches: string[] = [];
    for (const c of readRecords(join(g.dir, 'hmis/Client.csv'))) {
      const p = persons.get(c.PersonalID)!;
      const race = raceColumns.map((col, i) => (c[col] === '1' ? raceKeys[i] : null)).filter(Boolean).join(';');
      if (race !== p.race) mismatches.push(`${c.PersonalID} race`);
      const gender = genderColumns.find(([col]) => c[col] === '1')?.[1] ?? '';
      if (gender !== p.gender) mismatches.push(`${c.PersonalID} gender`);
      const veteran = c.VeteranStatus === '1' ? 'yes' : c.VeteranStatus === '0' ? 'no' : '';
      if (veteran !== p.veteran) mismatches.push(`${c.PersonalID} veteran`);
      if (c.DOBDataQuality === '1' && c.DOB !== p.birth_date) mismatches.push(`${c.PersonalID} DOB`);
      if (c.DOBDataQuality === '2' && String(dayParts(parseDay(c.DOB)!).year) !== p.birth_year) mismatches.push(`${c.PersonalID} birth year`);
      if (c.DOB === '' && (p.birth_date !== '' || p.birth_year !== '')) mismatches.push(`${c.PersonalID} unknown birth`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('should give each person the locality of the project where they were first seen', () => {
    const localities = new Set(g.city.localities.map((l) => l.name));
    const cityOf = new Map(readRecords(join(g.dir, 'hmis/ProjectCoC.csv')).map((r) => [r.ProjectID, r.City]));
    for (const city of cityOf.values()) expect(localities.has(city)).toBe(true);
    const mismatches: string[] = [];
    for (const [pid, enrollments] of hmis) {
      const first = enrollments.slice().sort((a, b) => a.entry - b.entry || a.row.EnrollmentID.localeCompare(b.row.EnrollmentID))[0];
      if (cityOf.get(first.row.ProjectID) !== persons.get(pid)!.locality) mismatches.push(pid);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});
