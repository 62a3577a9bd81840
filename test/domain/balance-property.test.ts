/**
 * Property test of the engine against an independent, deliberately naive oracle:
 * walk every day, work out each person's membership of every population from the
 * definitions (lead's semantics, written out again here rather than through the
 * rule evaluator), classify every change of population status, and count.
 *
 * Checked for random people (random birth dates incl. unknown, household spells
 * with random members, chronic ranges, status histories over a few years):
 * - the balance identity holds for every population and month (and `balanced` says so);
 * - actively_homeless is never negative and equals the people active on the count day;
 * - every flow count equals the number of transitions with that flow in the month,
 *   both the engine's own transitions and the oracle's;
 * - the engine's transitions are exactly the oracle's (date, from, to, flow, days to housing).
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { birthdayAtAge, lastDayOfMonth, monthOf, type Day } from '../../src/domain/time/day.ts';
import { BUILT_IN_POPULATIONS } from '../../src/domain/bnl/populations.ts';
import { derivePopulationTimelines, type PopulationTimeline } from '../../src/domain/bnl/timeline.ts';
import { MonthlyFiguresAccumulator } from '../../src/domain/bnl/monthly.ts';
import {
  FLOWS,
  INFLOWS,
  OUTFLOWS,
  type Flow,
  type HouseholdSpell,
  type PersonHistory,
  type PersonRecord,
  type PopulationStatus,
  type Status,
  type StatusChange,
} from '../../src/domain/bnl/types.ts';
import { customPopulation, d, m, PROVENANCE } from './bnl-fixtures.ts';

const START = d('2020-01-01');
const END = d('2023-12-31');
const FIRST_MONTH = m('2021-01');

const POPULATIONS = [
  ...BUILT_IN_POPULATIONS,
  customPopulation('chronic-veterans', { all: [{ population: 'chronic' }, { population: 'veterans' }] }),
  customPopulation('older-adults', { attr: 'age', gte: 55 }),
  customPopulation('north', { attr: 'locality', in: ['north'] }),
];
const SLUGS = POPULATIONS.map((p) => p.slug);

// ------------------------------------------------------------------ generators

const birthArb = fc.option(fc.integer({ min: d('1955-01-01'), max: d('2015-12-31') }), { nil: null, freq: 5 });

const chronicArb = fc
  .array(
    fc.record({
      from: fc.integer({ min: START - 300, max: END }),
      len: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
    }),
    { maxLength: 3 },
  )
  .map((rs) => rs.map((r) => ({ from: r.from, to: r.len === null ? null : r.from + r.len })));

const spellsArb = fc.array(
  fc.record({
    gap: fc.integer({ min: 0, max: 400 }),
    len: fc.option(fc.integer({ min: 0, max: 700 }), { nil: null, freq: 4 }),
    isHead: fc.boolean(),
    others: fc.array(birthArb, { maxLength: 3 }),
  }),
  { maxLength: 3 },
);

const gapArb = fc.oneof(
  fc.integer({ min: 1, max: 40 }),
  fc.integer({ min: 1, max: 400 }),
  fc.integer({ min: 600, max: 900 }),
  fc.constantFrom(729, 730, 731, 732), // around the lookback (a gap of 731 between change days = 730 days since the last active day)
);

const changesArb = fc.record({
  first: fc.integer({ min: START - 400, max: END }),
  steps: fc.array(fc.record({ gap: gapArb, status: fc.constantFrom<Status>('active', 'housed', 'inactive') }), { maxLength: 12 }),
  firstStatus: fc.constantFrom<Status>('active', 'active', 'housed', 'inactive'),
});

const personArb = fc.record({
  birth: birthArb,
  veteran: fc.constantFrom(true, false, null),
  locality: fc.constantFrom('north', 'south', null),
  chronic: chronicArb,
  spells: spellsArb,
  changes: changesArb,
});

type PersonInput = typeof personArb extends fc.Arbitrary<infer T> ? T : never;

function build(input: PersonInput, index: number): PersonHistory {
  const id = `p${index}`;
  const households: HouseholdSpell[] = [];
  let cursor = START - 300;
  for (const [j, s] of input.spells.entries()) {
    const from = cursor + s.gap;
    const to = s.len === null ? null : from + s.len;
    households.push({
      from,
      to,
      householdId: `${id}-h${j}`,
      isHead: s.isHead,
      members: [{ personId: id, birthDate: input.birth }, ...s.others.map((b, k) => ({ personId: `${id}-h${j}-m${k}`, birthDate: b }))],
    });
    if (to === null) break;
    cursor = to + 1;
  }
  const person: PersonRecord = {
    personId: id,
    birthDate: input.birth,
    veteran: input.veteran,
    chronic: input.chronic,
    race: [],
    gender: null,
    locality: input.locality,
    households,
  };
  const changes: StatusChange[] = [];
  let day = input.changes.first;
  changes.push({ date: day, status: input.changes.firstStatus, reason: null, provenance: PROVENANCE });
  for (const s of input.changes.steps) {
    day += s.gap;
    changes.push({ date: day, status: s.status, reason: null, provenance: PROVENANCE });
  }
  return { person, changes };
}

// ------------------------------------------------------------------ the oracle

interface OracleTransition {
  date: Day;
  from: PopulationStatus;
  to: PopulationStatus;
  flow: Flow | null;
  daysToHousing: number | null;
}

interface OraclePerson {
  /** status[pop][day - first] for days first..asOf */
  first: Day;
  status: Map<string, PopulationStatus[]>;
  transitions: Map<string, OracleTransition[]>;
}

/** Membership of every population on one day, straight from the definitions. */
function memberships(p: PersonRecord, day: Day, reached: (birth: Day | null, years: number) => boolean | null): Record<string, boolean> {
  const spell = p.households.find((s) => s.from <= day && (s.to === null || day <= s.to)) ?? null;
  const members = spell ? spell.members : [{ personId: p.personId, birthDate: p.birthDate }];
  let children = 0;
  let adults = 0;
  let allUnder25 = true;
  for (const mem of members) {
    const is18 = reached(mem.birthDate, 18); // null when the age is unknown
    if (is18 === false) children++;
    else adults++; // 18+ or unknown age
    if (reached(mem.birthDate, 25) !== false) allUnder25 = false;
  }
  const adultOnly = children === 0 && adults > 0;
  const knownMinor = reached(p.birthDate, 18) === false;
  const chronic = p.chronic.some((r) => r.from <= day && (r.to === null || day <= r.to));
  const veterans = p.veteran === true && !knownMinor;
  const isHead = spell ? spell.isHead : true;
  return {
    all: true,
    'all-singles': adultOnly,
    veterans,
    chronic: chronic && adultOnly,
    youth: allUnder25,
    families: children > 0 && adults > 0 && isHead,
    'chronic-veterans': chronic && adultOnly && veterans,
    'older-adults': reached(p.birthDate, 55) === true,
    north: p.locality === 'north',
  };
}

function oracle(h: PersonHistory, asOf: Day, lookback: number): OraclePerson | null {
  const changes = h.changes.filter((c) => c.date <= asOf);
  if (changes.length === 0) return null;
  const first = changes[0].date;
  const birthdays = new Map<string, Day>();
  const reached = (birth: Day | null, years: number, day: Day): boolean | null => {
    if (birth === null) return null;
    const key = `${birth}:${years}`;
    let b = birthdays.get(key);
    if (b === undefined) birthdays.set(key, (b = birthdayAtAge(birth, years)));
    return day >= b;
  };

  const status = new Map<string, PopulationStatus[]>(SLUGS.map((s) => [s, []]));
  const transitions = new Map<string, OracleTransition[]>(SLUGS.map((s) => [s, []]));
  const prev = new Map<string, PopulationStatus>(SLUGS.map((s) => [s, 'absent']));
  const lastActiveOrHoused = new Map<string, Day | null>(SLUGS.map((s) => [s, null]));

  let ci = 0;
  let overall: Status | null = null;
  let activeSince: Day | null = null; // first day of the current overall active period
  for (let day = first; day <= asOf; day++) {
    while (ci < changes.length && changes[ci].date === day) {
      const next = changes[ci].status;
      if (next === 'active' && overall !== 'active') activeSince = day;
      overall = next;
      ci++;
    }
    const member = memberships(h.person, day, (b, y) => reached(b, y, day));
    for (const slug of SLUGS) {
      const now: PopulationStatus = member[slug] && overall !== null ? overall : 'absent';
      const before = prev.get(slug)!;
      if (now !== before) {
        let flow: Flow | null = null;
        let daysToHousing: number | null = null;
        if (now === 'active') {
          const last = lastActiveOrHoused.get(slug)!;
          if (before === 'housed') flow = 'returned_from_housing';
          else if (before === 'inactive' && last !== null && day - last <= lookback) flow = 'returned_from_inactive';
          else flow = 'newly_identified';
        } else if (before === 'active') {
          if (overall === 'housed') {
            flow = 'housing_placements';
            // the active period that ended yesterday started on activeSince
            daysToHousing = day - activeSince!;
          } else if (overall === 'inactive') flow = 'moved_to_inactive';
          else flow = 'no_longer_meets_criteria';
        }
        transitions.get(slug)!.push({ date: day, from: before, to: now, flow, daysToHousing });
        prev.set(slug, now);
      }
      if (now === 'active' || now === 'housed') lastActiveOrHoused.set(slug, day);
      status.get(slug)!.push(now);
    }
  }
  return { first, status, transitions };
}

function statusOn(o: OraclePerson | null, slug: string, day: Day): PopulationStatus {
  if (!o || day < o.first) return 'absent';
  return o.status.get(slug)![day - o.first] ?? 'absent';
}

// ------------------------------------------------------------------ the property

describe('balance and flows (property)', () => {
  it('should balance every population and month, and count every transition once, when histories are random', () => {
    fc.assert(
      fc.property(fc.array(personArb, { minLength: 1, maxLength: 6 }), fc.integer({ min: d('2023-01-01'), max: END }), (inputs, asOf) => {
        const histories = inputs.map(build);
        const acc = new MonthlyFiguresAccumulator(SLUGS, FIRST_MONTH, asOf);
        const engine: PopulationTimeline[][] = [];
        const oracles: (OraclePerson | null)[] = [];
        for (const h of histories) {
          const tls = derivePopulationTimelines(h, POPULATIONS, { asOf, lookbackDays: 730 });
          tls.forEach((t) => acc.add(t));
          engine.push(tls);
          const o = oracle(h, asOf, 730);
          oracles.push(o);
          // The engine's transitions are the oracle's, population by population.
          for (const t of tls) {
            const got = t.transitions.map((x) => ({ date: x.date, from: x.from, to: x.to, flow: x.flow, daysToHousing: x.daysToHousing }));
            expect(got, `${h.person.personId} in ${t.population}`).toEqual(o ? o.transitions.get(t.population) : []);
          }
        }
        const rows = acc.result();
        const lastMonth = monthOf(asOf);
        expect(rows).toHaveLength(SLUGS.length * (lastMonth - FIRST_MONTH + 1));

        for (const [pi, slug] of SLUGS.entries()) {
          const countDay = (month: number) => Math.min(lastDayOfMonth(month), asOf);
          const activeAt = (month: number) => oracles.filter((o) => statusOn(o, slug, countDay(month)) === 'active').length;
          let previous = activeAt(FIRST_MONTH - 1);
          for (let month = FIRST_MONTH; month <= lastMonth; month++) {
            const row = rows[pi * (lastMonth - FIRST_MONTH + 1) + (month - FIRST_MONTH)];
            expect(row.population).toBe(slug);
            const where = `${slug} ${row.month}`;
            expect(row.actively_homeless, where).toBeGreaterThanOrEqual(0);
            expect(row.actively_homeless, where).toBe(activeAt(month));
            const inflow = INFLOWS.reduce((s, f) => s + row[f], 0);
            const outflow = OUTFLOWS.reduce((s, f) => s + row[f], 0);
            expect(previous + inflow - outflow, where).toBe(row.actively_homeless);
            expect(row.balanced, where).toBe(true);

            const inMonth = <T extends { date: Day }>(ts: readonly T[]) => ts.filter((t) => monthOf(t.date) === month);
            const engineTs = engine.flatMap((tls) => inMonth(tls.find((t) => t.population === slug)!.transitions));
            const oracleTs = oracles.flatMap((o) => (o ? inMonth(o.transitions.get(slug)!) : []));
            for (const f of FLOWS) {
              expect(row[f], `${where} ${f}`).toBe(engineTs.filter((t) => t.flow === f).length);
              expect(row[f], `${where} ${f} (oracle)`).toBe(oracleTs.filter((t) => t.flow === f).length);
            }
            const days = oracleTs.filter((t) => t.flow === 'housing_placements').map((t) => t.daysToHousing!);
            const avg = days.length === 0 ? null : days.reduce((a, b) => a + b, 0) / days.length;
            expect(row.avg_days_to_housing, `${where} avg`).toBe(avg);
            previous = row.actively_homeless;
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
