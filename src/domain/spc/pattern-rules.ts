import type { SignalRule } from './types.ts';

/** One part of the chart, as the pattern rules see it. */
export interface PartView {
  /** 1-based part number. */
  part: number;
  /** 0-based points of the part that have a value and are not excluded, in time order. */
  indexes: number[];
  values: readonly (number | null)[];
  centre: number;
  /** "median" on run charts, "mean" on control charts. */
  centreName: string;
  /** One sigma per point; null where the chart has no limits. */
  sigma: readonly (number | null)[];
  astronomical: readonly boolean[];
}

/** A pattern that broke a rule. */
export interface PatternHit {
  rule: SignalRule;
  /** 0-based points the pattern marks. */
  points: number[];
  /** High or low (for a trend: up or down); null when the pattern has no direction. */
  side: 1 | -1 | null;
  message: string;
}

/** What a rule set found in one part, with the figures the JSON contract reports. */
export interface PartPatterns {
  hits: PatternHit[];
  n_useful: number;
  longest_run: number;
  longest_run_max: number | null;
  n_crossings: number;
  n_crossings_min: number | null;
  n_runs: number;
  runs_min: number | null;
  runs_max: number | null;
}

/** "point 7" or "points 3–11". */
export function span(points: readonly number[]): string {
  const [a, b] = bounds(points);
  return a === b ? `point ${a + 1}` : `points ${a + 1}–${b + 1}`;
}

/** Smallest and largest index (without spreading: a pattern can cover a long series). */
export function bounds(points: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of points) {
    if (p < lo) lo = p;
    if (p > hi) hi = p;
  }
  return [lo, hi];
}

export function sideWord(side: 1 | -1): string {
  return side === 1 ? 'above' : 'below';
}
