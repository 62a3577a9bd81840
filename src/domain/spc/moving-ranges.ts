/** Screening threshold: D4 for moving ranges of two (spc.md, Nelson 1982, Provost & Murray 2011). */
export const MR_SCREEN_FACTOR = 3.267;

export interface MovingRange {
  /** 0-based index of the later of the two points. */
  point: number;
  range: number;
}

/**
 * Moving ranges |v[i] − v[i−1]| over neighbours that are both usable. A range next to
 * an excluded or missing point is dropped rather than bridged, so that a point set
 * aside cannot enter the estimate of short-term variation through its neighbours.
 */
export function movingRanges(first: number, last: number, values: readonly (number | null)[], usable: readonly boolean[]): MovingRange[] {
  const out: MovingRange[] = [];
  for (let i = first + 1; i <= last; i++) {
    if (usable[i - 1] && usable[i]) out.push({ point: i, range: Math.abs((values[i] as number) - (values[i - 1] as number)) });
  }
  return out;
}

export interface MovingRangeMean {
  mean: number;
  /** Points whose ranges were screened out. */
  screened: number[];
}

/**
 * Mean moving range, optionally screened once: ranges at or above 3.267 × the mean are
 * dropped and the mean recomputed (spc.md). With no variation at all nothing is dropped.
 */
export function movingRangeMean(ranges: readonly MovingRange[], screen: boolean): MovingRangeMean {
  const raw = average(ranges.map((r) => r.range));
  if (!screen || raw === 0) return { mean: raw, screened: [] };
  const limit = MR_SCREEN_FACTOR * raw;
  const kept = ranges.filter((r) => r.range < limit);
  return { mean: average(kept.map((r) => r.range)), screened: ranges.filter((r) => r.range >= limit).map((r) => r.point) };
}

function average(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}
