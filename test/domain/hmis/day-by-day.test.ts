/**
 * The interval derivation against a slow, literal day-by-day reading of
 * bnl-from-hmis.md (with the choices of docs/hmis-derivation.md), on random small
 * persons. Any disagreement prints the seed and the first differing day.
 */
import { describe, expect, it } from 'vitest';
import { formatDay, type Day } from '../../../src/domain/time/day.ts';
import type { HmisEnrollmentInput, HmisPersonInput } from '../../../src/domain/hmis/types.ts';
import { cls, d, derive, enrollment, personInput, service } from './builders.ts';

const HOMELESS = new Set([0, 1, 2, 4, 8]);
const PH = new Set([3, 9, 10, 13]);
const cls3 = (c: number | null): string =>
  c === null ? 'unknown' : c === 24 ? 'deceased' : c >= 100 && c < 500 ? ['', 'homeless', 'institutional', 'temporary', 'permanent'][Math.floor(c / 100)] : 'unknown';
const notRecorded = (c: number | null) => c === null || [8, 9, 37, 99, 999].includes(c);

/** Statuses day by day ('absent' before the person is on the list), from `first` to `asOf`. */
function dailyStatuses(input: HmisPersonInput, asOf: Day, T: number, first: Day): string[] {
  const ens = input.enrollments
    .filter((e) => e.entryDate <= asOf)
    .map((e) => {
      const exit = e.exit !== null && e.exit.exitDate <= asOf ? Math.max(e.exit.exitDate, e.entryDate) : null;
      return { e, type: e.project.projectType!, entry: e.entryDate, exit, dest: exit === null ? null : e.exit!.destination };
    });
  const byId = new Map(ens.map((x) => [x.e.enrollmentId, x]));
  const moveIn = new Set<Day>();
  for (const x of ens) {
    if (!PH.has(x.type) || x.e.moveInDate === null || x.e.moveInDate > asOf) continue;
    if (x.exit !== null && x.e.moveInDate > x.exit) continue;
    const last = x.exit === null ? asOf : x.exit - 1;
    for (let day = Math.max(x.e.moveInDate, x.entry); day <= last; day++) moveIn.add(day);
  }
  const evidence = new Set<Day>();
  const add = (day: Day) => {
    if (day <= asOf && !moveIn.has(day)) evidence.add(day);
  };
  for (const x of ens) {
    const end = x.exit ?? asOf;
    if ([0, 2, 8].includes(x.type)) for (let day = x.entry; day < (x.exit ?? asOf + 1); day++) add(day);
    if (x.type === 1 || x.type === 4) add(x.entry);
    if (HOMELESS.has(x.type) && x.exit !== null && cls3(x.dest) === 'homeless') add(x.exit);
    for (const s of input.services) {
      if (s.enrollmentId !== x.e.enrollmentId || s.dateProvided < x.entry || s.dateProvided > end) continue;
      if ((x.type === 1 && s.recordType === 200) || x.type === 4) add(s.dateProvided);
    }
  }
  for (const c of input.currentLivingSituations) {
    const x = byId.get(c.enrollmentId);
    const code = c.currentLivingSituation;
    if (cls3(code) === 'homeless') add(c.informationDate);
    else if (x && x.type === 4 && c.informationDate >= x.entry && c.informationDate <= (x.exit ?? asOf) && notRecorded(code)) add(c.informationDate);
  }
  const sorted = [...evidence].sort((a, b) => a - b);
  const housed = new Set(moveIn);
  const firstKnown = Math.min(sorted[0] ?? Infinity, ...moveIn);
  for (const x of ens) {
    if (x.exit === null || cls3(x.dest) !== 'permanent' || firstKnown > x.exit) continue;
    const next = sorted.find((day) => day > x.exit!);
    for (let day = x.exit; day < (next ?? asOf + 1); day++) housed.add(day);
  }
  const cuts = new Set<Day>();
  for (const x of ens) {
    if (!HOMELESS.has(x.type) || x.exit === null || !['institutional', 'temporary', 'deceased'].includes(cls3(x.dest))) continue;
    const X = x.exit;
    if (ens.some((o) => o !== x && HOMELESS.has(o.type) && o.entry <= X && (o.exit === null || o.exit > X))) continue;
    const before = sorted.filter((day) => day <= X).pop();
    const after = sorted.find((day) => day > X);
    if (before !== undefined && after !== undefined && after <= before + T) continue;
    cuts.add(X);
  }
  const out: string[] = [];
  let lastEvidence = -Infinity;
  let lastHoused = -Infinity;
  let lastCut = -Infinity;
  let on = false;
  for (let day = first; day <= asOf; day++) {
    if (evidence.has(day)) lastEvidence = day;
    if (cuts.has(day)) lastCut = day;
    if (housed.has(day)) {
      lastHoused = day;
      on = true;
      out.push('housed');
      continue;
    }
    if (day - lastEvidence < T && lastEvidence >= lastHoused && lastCut < lastEvidence) {
      on = true;
      out.push('active');
    } else out.push(on ? 'inactive' : 'absent');
  }
  return out;
}

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = [0, 0, 1, 2, 3, 4, 4, 6, 8, 12, 13, 13, 14];
const DESTS = [null, 8, 30, 99, 17, 24, 101, 116, 204, 207, 302, 312, 313, 410, 422, 435];
const CLS_CODES = [null, 8, 37, 99, 999, 17, 101, 116, 118, 204, 207, 314, 335, 336, 410, 435];

function randomPerson(seed: number, base: Day): HmisPersonInput {
  const r = rng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const pick = <T,>(xs: readonly T[]): T => xs[int(xs.length)];
  const iso = (day: Day) => formatDay(day);
  const enrollments: HmisEnrollmentInput[] = [];
  const services = [];
  const contacts = [];
  const n = 1 + int(5);
  for (let i = 0; i < n; i++) {
    const type = pick(TYPES);
    const entry = base + int(500);
    const hasExit = r() < 0.7;
    const exit = hasExit ? entry + (r() < 0.1 ? -int(5) : int(200)) : undefined;
    const moveIn = PH.has(type) && r() < 0.7 ? entry + int(60) - 5 : undefined;
    const id = `e${i}`;
    enrollments.push(
      enrollment({ id, type, entry: iso(entry), exit: exit === undefined ? undefined : iso(exit), dest: pick(DESTS), moveIn: moveIn === undefined ? undefined : iso(moveIn) }),
    );
    for (let k = int(6); k > 0; k--) services.push(service(`s${i}-${k}`, id, entry + int(260) - 20, r() < 0.7 ? 200 : 144));
    for (let k = int(4); k > 0; k--) contacts.push(cls(`c${i}-${k}`, id, iso(entry + int(260) - 20), pick(CLS_CODES)));
  }
  return personInput({ enrollments, services, cls: contacts });
}

describe('interval derivation against a day-by-day reading', () => {
  it('should give the same status every day when 400 random persons are derived both ways', () => {
    const base = d('2023-01-01');
    const asOf = d('2024-10-15');
    const first = base - 40;
    const problems: string[] = [];
    for (let seed = 1; seed <= 400 && problems.length < 3; seed++) {
      const input = randomPerson(seed, base);
      for (const T of [90, 30]) {
        const { changes } = derive(input, { asOf: formatDay(asOf), inactivityDays: T });
        const daily = dailyStatuses(input, asOf, T, first);
        let i = -1;
        for (let k = 0; k < daily.length; k++) {
          const day = first + k;
          while (i + 1 < changes.length && changes[i + 1].date <= day) i++;
          const derived = i >= 0 ? changes[i].status : 'absent';
          if (derived !== daily[k]) {
            problems.push(`seed ${seed}, threshold ${T}, ${formatDay(day)}: intervals say ${derived}, day by day ${daily[k]}`);
            break;
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
