import type { Database } from '../store/database.ts';
import type { Community } from '../store/communities.ts';
import type { MonthlyFigures } from '../domain/bnl/types.ts';
import type { FunctionalZeroStatus } from '../domain/bnl/functional-zero.ts';
import { monthlyFigureCells, suppress } from '../domain/privacy/suppression.ts';
import { functionalZero, monthlyMetrics, type MetricsFilter } from './metrics.ts';
import { formatMonth, parseMonth } from '../domain/time/day.ts';

/** The monthly counts a reader sees, and the relation that ties them month to month. */
const COUNTS = ['actively_homeless', 'newly_identified', 'returned_from_housing', 'returned_from_inactive', 'housing_placements', 'moved_to_inactive', 'no_longer_meets_criteria'] as const;
type Count = (typeof COUNTS)[number];

/** A figure hidden from this reader: null, with the reason beside it. */
export type Suppressed<T, K extends keyof T> = Omit<T, K> & { [P in K]: T[P] | null } & { suppressed: string[] };
export type ShownFigures = Suppressed<MonthlyFigures, Count | 'avg_days_to_housing'>;
export type ShownFunctionalZero = Suppressed<FunctionalZeroStatus, 'actively_homeless' | 'distance' | 'change_6_months'>;

export async function suppressionThreshold(db: Database, community: Community): Promise<number> {
  const r = await db.query<{ suppression_threshold: number }>('SELECT suppression_threshold FROM community WHERE community_id = $1', [community.communityId]);
  return Number(r[0]?.suppression_threshold ?? 11);
}

/**
 * Which monthly cells to hide for readers who may not see small counts: the small
 * ones and enough others that the balance identity (active now = active before +
 * inflows − outflows, published with the figures) cannot give any of them back.
 * Computed over each population's whole history, whatever range is then shown, so
 * two requests for different ranges cannot be combined to undo it.
 */
function hiddenCells(rows: readonly MonthlyFigures[], threshold: number): Set<string> {
  const { cells, constraints } = monthlyFigureCells(rows);
  return suppress(cells, constraints, threshold).suppressed;
}

async function hiddenByPopulation(db: Database, community: Community, threshold: number): Promise<Map<string, Set<string>>> {
  const all = await monthlyMetrics(db, community);
  const byPopulation = new Map<string, MonthlyFigures[]>();
  for (const r of all) byPopulation.set(r.population, [...(byPopulation.get(r.population) ?? []), r]);
  const out = new Map<string, Set<string>>();
  for (const [population, rows] of byPopulation) out.set(population, hiddenCells(rows, threshold));
  return out;
}

/** Monthly figures as a reader who may not see small counts sees them. */
export async function suppressedMetrics(db: Database, community: Community, filter: MetricsFilter = {}): Promise<ShownFigures[]> {
  const threshold = await suppressionThreshold(db, community);
  const hidden = await hiddenByPopulation(db, community, threshold);
  const rows = await monthlyMetrics(db, community, filter);
  return rows.map((r) => {
    const h = hidden.get(r.population) ?? new Set<string>();
    const out = { ...r, suppressed: [] as string[] } as ShownFigures;
    for (const k of COUNTS) {
      if (h.has(`${r.month}:${k}`)) {
        (out as Record<string, unknown>)[k] = null;
        out.suppressed.push(k);
      }
    }
    // An average over a few placements describes those few people.
    if (out.housing_placements === null || (r.housing_placements > 0 && r.housing_placements < threshold)) {
      out.avg_days_to_housing = null;
      out.suppressed.push('avg_days_to_housing');
    }
    return out;
  });
}

/**
 * Functional-zero status with the counts a small-cell reader may not see hidden: the
 * latest active count when its cell is hidden, and what would give it back (the
 * distance to the threshold, the change over six months), and the criteria's
 * explanations, which quote small figures. Whether zero is reached
 * and for how long stays: that is what the status is for.
 */
export async function suppressedFunctionalZero(db: Database, community: Community, asOf?: string): Promise<ShownFunctionalZero[]> {
  const threshold = await suppressionThreshold(db, community);
  const hidden = await hiddenByPopulation(db, community, threshold);
  const statuses = await functionalZero(db, community, asOf);
  return statuses.map((s) => {
    const h = hidden.get(s.population) ?? new Set<string>();
    const out = { ...s, suppressed: [] as string[] } as ShownFunctionalZero;
    if (h.has(`${s.month}:actively_homeless`)) {
      out.actively_homeless = null;
      out.distance = null;
      out.suppressed.push('actively_homeless', 'distance');
    }
    const sixBefore = formatMonth(parseMonth(s.month)! - 6);
    if (out.actively_homeless === null || h.has(`${sixBefore}:actively_homeless`)) {
      out.change_6_months = null;
      out.suppressed.push('change_6_months');
    }
    // The explanations quote the small figures they were judged from (days, returns).
    out.criteria = s.criteria.map((c) => ({ criterion: c.criterion, met: c.met, explanation: c.met ? 'Met.' : 'Not met.' }));
    return out;
  });
}

/**
 * A measure's chart for a reader who may not see small counts. A chart's centre line
 * and limits are averages of its points, so hiding only the small points would let a
 * reader work them back out; when any counted value is below the threshold, every
 * value, limit and signal is withheld and the chart says why. Ratios are judged by
 * their numerators and denominators.
 */
export function chartForSmallCellReader<T extends { points: { y: number | null; numerator: number | null; n: number | null }[] }>(chart: T, threshold: number): T & { suppressed: string | null } {
  const small = (v: number | null) => v !== null && v > 0 && v < threshold;
  const hasSmall = chart.points.some((p) => (p.numerator !== null || p.n !== null ? small(p.numerator) || small(p.n) : small(p.y)));
  if (!hasSmall) return { ...chart, suppressed: null };
  const blank = <P extends object>(p: P) => ({ ...p, y: null, cl: null, lcl: null, ucl: null, sigma: null, numerator: null, n: null, signals: [], sigma_signal: false, runs_signal: false, classification: null });
  return {
    ...chart,
    points: chart.points.map(blank),
    parts: (chart as unknown as { parts: object[] }).parts?.map((p) => ({ ...p, cl: null, longest_run: null, n_crossings: null, runs_signal: false, sigma_signal: false, mr_mean: null, sigma_z: null, nhs: null })),
    signals: [],
    nhs: null,
    suppressed: `Some values are below ${threshold}: this chart is shown only to members of the community's team.`,
  };
}

/** Measure values for a small-cell reader: each value (and its denominator) below the threshold hidden. */
export function valuesForSmallCellReader<T extends { value: number; denominator: number | null }>(values: T[], threshold: number): (Omit<T, 'value' | 'denominator'> & { value: number | null; denominator: number | null })[] {
  const small = (v: number | null) => v !== null && v > 0 && v < threshold;
  // One hidden value would be recoverable from none: values of a measure are not summed anywhere shown.
  return values.map((v) => (small(v.value) || small(v.denominator) ? { ...v, value: null, denominator: null } : v));
}

/** An aim for a small-cell reader: small baseline, target or latest values hidden, with the sentence that quotes them. */
export function aimForSmallCellReader<
  T extends { baseline_value: number | null; target_value: number; progress: { latest_value: number | null; expected_value: number | null; reason: string; status: string } },
>(aim: T, threshold: number): T {
  const small = (v: number | null) => v !== null && v > 0 && v < threshold;
  const p = aim.progress;
  if (![aim.baseline_value, p.latest_value, p.expected_value].some(small)) return aim;
  return {
    ...aim,
    baseline_value: small(aim.baseline_value) ? null : aim.baseline_value,
    progress: { ...p, latest_value: null, expected_value: null, reason: `Status: ${p.status.replace('_', ' ')} (the values are below ${threshold} and shown only to the community's team).` },
  };
}
