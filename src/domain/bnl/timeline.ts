import type { Day } from '../time/day.ts';
import { formatDay } from '../time/day.ts';
import {
  ageThresholds,
  matches,
  membershipBreakpoints,
  subjectOn,
  type PopulationDefinition,
} from './populations.ts';
import type { Flow, PersonHistory, PopulationStatus, PopulationTransition, Provenance, Status, StatusChange } from './types.ts';

/** A stretch of days from `from` with one overall status; it lasts until the next run. */
export interface StatusRun {
  from: Day;
  status: Status;
  provenance: Provenance;
  reason: string | null;
}

/** One stretch of a person's status within a population. */
export interface PopulationRun {
  from: Day;
  status: PopulationStatus;
}

/** A person's whole story in one population. */
export interface PopulationTimeline {
  population: string;
  countsHouseholds: boolean;
  runs: PopulationRun[];
  transitions: PopulationTransition[];
}

/**
 * Collapses recorded changes into runs: a change to the status the person already
 * has is no change. Changes must be sorted by date with at most one per day.
 */
export function statusRuns(changes: readonly StatusChange[], asOf: Day): StatusRun[] {
  const runs: StatusRun[] = [];
  for (const c of changes) {
    if (c.date > asOf) break;
    const last = runs[runs.length - 1];
    if (last && last.status === c.status) continue;
    runs.push({ from: c.date, status: c.status, provenance: c.provenance, reason: c.reason });
  }
  return runs;
}

/** Index of the run in force on `day`, or -1 before the first run. Runs are sorted. */
function runIndexOn(runs: readonly { from: Day }[], day: Day): number {
  let lo = 0;
  let hi = runs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (runs[mid].from <= day) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

const RULE_PROVENANCE = (population: string, entered: boolean, day: Day): Provenance => ({
  source: 'population-rule',
  record: `${entered ? 'meets' : 'no longer meets'} the criteria of ${population} from ${formatDay(day)}`,
  provider: null,
});

/**
 * Derives a person's status timeline and transitions in each population
 * (bnl.md "Populations" and "The monthly figures"). Pure: the same history,
 * populations and settings always give the same result.
 *
 * - On a day the person is not a member, their population status is `absent`.
 * - Becoming active is classified by the population status the day before:
 *   housed → returned_from_housing; inactive and last active or housed in this
 *   population within the lookback → returned_from_inactive; otherwise
 *   newly_identified (this includes entering the population while active).
 * - Leaving active: by the overall status that day (housed → placement, inactive →
 *   moved to inactive); still active but no longer a member → no_longer_meets_criteria.
 * - Days to housing count from the first day of the person's overall active period.
 */
export function derivePopulationTimelines(
  history: PersonHistory,
  populations: readonly PopulationDefinition[],
  options: { asOf: Day; lookbackDays: number },
): PopulationTimeline[] {
  const base = statusRuns(history.changes, options.asOf);
  if (base.length === 0) return populations.map((p) => ({ population: p.slug, countsHouseholds: p.countsHouseholds, runs: [], transitions: [] }));

  const bySlug = new Map(populations.map((p) => [p.slug, p]));
  const thresholds = ageThresholds(populations.map((p) => p.rule));
  const first = base[0].from;
  // Every day on which either the overall status or some membership may change.
  const days = new Set<Day>(base.map((r) => r.from));
  for (const d of membershipBreakpoints(history.person, thresholds, options.asOf)) if (d > first) days.add(d);
  const breakpoints = [...days].sort((a, b) => a - b);
  const subjects = breakpoints.map((d) => subjectOn(history.person, d));

  return populations.map((pop) => {
    const runs: PopulationRun[] = [];
    const transitions: PopulationTransition[] = [];
    let current: PopulationStatus = 'absent';
    let lastActiveOrHoused: Day | null = null; // last day active or housed in this population

    for (let i = 0; i < breakpoints.length; i++) {
      const day = breakpoints[i];
      const baseIndex = runIndexOn(base, day);
      const baseRun = base[baseIndex];
      const member = matches(pop.rule, subjects[i], bySlug);
      const next: PopulationStatus = member ? baseRun.status : 'absent';
      if (next === current) continue;

      if (current === 'active' || current === 'housed') lastActiveOrHoused = day - 1;
      const flow = classify(current, next, baseRun.status, day, lastActiveOrHoused, options.lookbackDays);
      const statusChanged = baseRun.from === day;
      let daysToHousing: number | null = null;
      if (flow === 'housing_placements') {
        const before = base[baseIndex - 1];
        if (before && before.status === 'active') daysToHousing = day - before.from;
      }
      transitions.push({
        population: pop.slug,
        date: day,
        from: current,
        to: next,
        flow,
        daysToHousing,
        provenance: statusChanged ? baseRun.provenance : RULE_PROVENANCE(pop.slug, member, day),
      });
      runs.push({ from: day, status: next });
      current = next;
    }
    return { population: pop.slug, countsHouseholds: pop.countsHouseholds, runs, transitions };
  });
}

function classify(
  from: PopulationStatus,
  to: PopulationStatus,
  baseToday: Status,
  day: Day,
  lastActiveOrHoused: Day | null,
  lookbackDays: number,
): Flow | null {
  if (to === 'active') {
    if (from === 'housed') return 'returned_from_housing';
    if (from === 'inactive' && lastActiveOrHoused !== null && day - lastActiveOrHoused <= lookbackDays) return 'returned_from_inactive';
    return 'newly_identified';
  }
  if (from === 'active') {
    if (baseToday === 'housed') return 'housing_placements';
    if (baseToday === 'inactive') return 'moved_to_inactive';
    return 'no_longer_meets_criteria';
  }
  return null;
}
