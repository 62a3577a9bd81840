import { sameValue } from './stats.ts';

/** A maximal stretch of points all increasing (1) or all decreasing (−1). */
export interface Trend {
  direction: 1 | -1;
  /** 0-based point indexes, equal neighbours included. */
  points: number[];
  /** Length as the rule counts it: distinct steps + 1. */
  length: number;
}

export interface TrendOptions {
  /**
   * IHI: "if the value of two or more successive points is the same, ignore the like
   * points when counting" (equal neighbours count once and do not break the trend).
   * Otherwise an equal neighbour ends the trend (the NHS reading of "increasing").
   */
  tiesCountOnce: boolean;
}

/** Maximal monotone stretches over the given points (missing and excluded points removed). */
export function trends(indexes: readonly number[], values: readonly (number | null)[], options: TrendOptions): Trend[] {
  // Groups of equal consecutive values; without tie-collapsing each point is its own group.
  const groups: { value: number; points: number[] }[] = [];
  for (const i of indexes) {
    const v = values[i] as number;
    const last = groups[groups.length - 1];
    if (options.tiesCountOnce && last && sameValue(last.value, v)) last.points.push(i);
    else groups.push({ value: v, points: [i] });
  }
  const out: Trend[] = [];
  let start = 0;
  let direction: 1 | -1 | 0 = 0;
  const close = (end: number) => {
    if (direction === 0) return;
    const span = groups.slice(start, end + 1);
    out.push({ direction, points: span.flatMap((g) => g.points), length: span.length });
  };
  for (let g = 1; g < groups.length; g++) {
    const step = stepOf(groups[g - 1].value, groups[g].value);
    if (step !== 0 && step === direction) continue;
    close(g - 1);
    // A turning point belongs to the stretch before it and to the one after it.
    start = g - 1;
    direction = step;
    if (step === 0) start = g;
  }
  close(groups.length - 1);
  return out;
}

function stepOf(a: number, b: number): 1 | -1 | 0 {
  if (sameValue(a, b)) return 0;
  return b > a ? 1 : -1;
}
