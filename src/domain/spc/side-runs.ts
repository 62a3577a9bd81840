import { sideOf } from './stats.ts';

/** A maximal stretch of points on one side of the centre line (0-based point indexes). */
export interface SideRun {
  side: 1 | -1;
  points: number[];
}

export interface SideRunsOptions {
  /**
   * Whether a point on the centre line ends a run. Run-chart rules (Anhøj, IHI) skip
   * such points: they neither break nor add to a run. NHS counts "points in a row"
   * on one side of the mean, so a point on the mean breaks the row.
   */
  centreBreaks: boolean;
}

export interface SideRunsResult {
  runs: SideRun[];
  /** Points not on the centre line. */
  useful: number;
  longest: number;
  /** Changes of side between consecutive useful points: runs − 1. */
  crossings: number;
}

/**
 * Runs around `centre` over the given points (already stripped of missing and
 * excluded ones, in time order).
 */
export function sideRuns(
  indexes: readonly number[],
  values: readonly (number | null)[],
  centre: number,
  options: SideRunsOptions,
): SideRunsResult {
  const runs: SideRun[] = [];
  let current: SideRun | null = null;
  let useful = 0;
  for (const i of indexes) {
    const side = sideOf(values[i] as number, centre);
    if (side === 0) {
      if (options.centreBreaks) current = null;
      continue;
    }
    useful += 1;
    if (current && current.side === side) current.points.push(i);
    else {
      current = { side, points: [i] };
      runs.push(current);
    }
  }
  let longest = 0;
  for (const r of runs) longest = Math.max(longest, r.points.length);
  // Counted from consecutive useful points so that a run broken by a point on the mean
  // (NHS) is not a crossing.
  let crossings = 0;
  let last: 1 | -1 | 0 = 0;
  for (const i of indexes) {
    const side = sideOf(values[i] as number, centre);
    if (side === 0) continue;
    if (last !== 0 && side !== last) crossings += 1;
    last = side;
  }
  return { runs, useful, longest, crossings };
}
