/**
 * Small builders shared by the BNL engine tests. They only assemble inputs and
 * look results up; every expected figure lives (worked out by hand) in the tests.
 */
import { parseDay, parseMonth, type Day, type MonthIndex } from '../../src/domain/time/day.ts';
import { MonthlyFiguresAccumulator } from '../../src/domain/bnl/monthly.ts';
import { derivePopulationTimelines, type PopulationTimeline } from '../../src/domain/bnl/timeline.ts';
import { BUILT_IN_POPULATIONS, type PopulationDefinition, type PopulationRule } from '../../src/domain/bnl/populations.ts';
import type {
  DayRange,
  HouseholdSpell,
  MonthlyFigures,
  PersonHistory,
  PersonRecord,
  Provenance,
  Status,
} from '../../src/domain/bnl/types.ts';

/** A day from `YYYY-MM-DD`; throws on a typo so a test never runs on a wrong date. */
export function d(text: string): Day {
  const day = parseDay(text);
  if (day === null) throw new Error(`bad test date ${text}`);
  return day;
}

export function m(text: string): MonthIndex {
  const month = parseMonth(text);
  if (month === null) throw new Error(`bad test month ${text}`);
  return month;
}

export const PROVENANCE: Provenance = { source: 'test', record: '1', provider: null };

export interface PersonSpec {
  id: string;
  birth?: string | null;
  veteran?: boolean | null;
  /** [from, to] inclusive; to null = open. */
  chronic?: [string, string | null][];
  locality?: string | null;
  households?: HouseholdSpell[];
}

export function person(spec: PersonSpec): PersonRecord {
  const chronic: DayRange[] = (spec.chronic ?? []).map(([from, to]) => ({ from: d(from), to: to === null ? null : d(to) }));
  return {
    personId: spec.id,
    birthDate: spec.birth === undefined ? d('1980-01-01') : spec.birth === null ? null : d(spec.birth),
    veteran: spec.veteran === undefined ? false : spec.veteran,
    chronic,
    race: [],
    gender: null,
    locality: spec.locality ?? null,
    households: spec.households ?? [],
  };
}

/**
 * One household spell seen from each member: returns personId → spell. `members`
 * are [id, birth] pairs; the first one is the head of household.
 */
export function household(
  householdId: string,
  from: string,
  to: string | null,
  members: [string, string | null][],
): Map<string, HouseholdSpell> {
  const list = members.map(([id, birth]) => ({ personId: id, birthDate: birth === null ? null : d(birth) }));
  const out = new Map<string, HouseholdSpell>();
  members.forEach(([id], i) => {
    out.set(id, { from: d(from), to: to === null ? null : d(to), householdId, isHead: i === 0, members: list });
  });
  return out;
}

export function history(p: PersonRecord, ...changes: [string, Status][]): PersonHistory {
  return { person: p, changes: changes.map(([date, status]) => ({ date: d(date), status, reason: null, provenance: PROVENANCE })) };
}

export function customPopulation(slug: string, rule: PopulationRule): PopulationDefinition {
  return { slug, name: slug, rule, countsHouseholds: false, builtIn: false };
}

export interface Computed {
  rows: MonthlyFigures[];
  timelines: Map<string, PopulationTimeline[]>;
  row(population: string, month: string): MonthlyFigures;
  /** The person's transitions in a population, reduced to what tests compare. */
  transitions(personId: string, population: string): { date: Day; from: string; to: string; flow: string | null; daysToHousing: number | null }[];
}

/** Runs the engine (timelines, then the accumulator) over some histories. */
export function compute(
  histories: PersonHistory[],
  options: { firstMonth: string; asOf: string; populations?: readonly PopulationDefinition[]; lookbackDays?: number },
): Computed {
  const populations = options.populations ?? BUILT_IN_POPULATIONS;
  const asOf = d(options.asOf);
  const acc = new MonthlyFiguresAccumulator(populations.map((p) => p.slug), m(options.firstMonth), asOf);
  const timelines = new Map<string, PopulationTimeline[]>();
  for (const h of histories) {
    const tls = derivePopulationTimelines(h, populations, { asOf, lookbackDays: options.lookbackDays ?? 730 });
    for (const t of tls) acc.add(t);
    timelines.set(h.person.personId, tls);
  }
  const rows = acc.result();
  return {
    rows,
    timelines,
    row(population, month) {
      const r = rows.find((x) => x.population === population && x.month === month);
      if (!r) throw new Error(`no row for ${population} ${month}`);
      return r;
    },
    transitions(personId, population) {
      const tl = timelines.get(personId)?.find((t) => t.population === population);
      if (!tl) throw new Error(`no timeline for ${personId} in ${population}`);
      return tl.transitions.map((t) => ({ date: t.date, from: t.from, to: t.to, flow: t.flow, daysToHousing: t.daysToHousing }));
    },
  };
}

/**
 * The complete row expected for a population and month: every flow not named is 0,
 * avg_days_to_housing null and balanced true unless given.
 */
export function figures(population: string, month: string, given: Partial<MonthlyFigures> = {}): MonthlyFigures {
  return {
    month,
    population,
    actively_homeless: 0,
    newly_identified: 0,
    returned_from_housing: 0,
    returned_from_inactive: 0,
    housing_placements: 0,
    moved_to_inactive: 0,
    no_longer_meets_criteria: 0,
    avg_days_to_housing: null,
    balanced: true,
    ...given,
  };
}
