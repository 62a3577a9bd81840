import { span, sideWord, type PartPatterns, type PartView, type PatternHit } from './pattern-rules.ts';
import { sideRuns } from './side-runs.ts';
import { trends } from './trends.ts';

/**
 * NHS "Making Data Count" pattern rules (spc.md; the point beyond a limit is handled
 * with the other charts' limits): 7 points in a row increasing or decreasing, 2 of 3
 * points beyond 2 sigma on the same side, 7 points in a row on one side of the mean.
 */
export const NHS_TREND = 7;
export const NHS_SHIFT = 7;

export function nhsRules(view: PartView): PartPatterns {
  const hits: PatternHit[] = [];

  // Trend: an equal neighbour is not "increasing", so it ends the row.
  for (const t of trends(view.indexes, view.values, { tiesCountOnce: false })) {
    if (t.length < NHS_TREND) continue;
    hits.push({
      rule: 'nhs.trend',
      points: t.points,
      side: t.direction,
      message: `${t.length} points in a row all ${t.direction === 1 ? 'increasing' : 'decreasing'} (${span(t.points)}): a trend is ${NHS_TREND} or more`,
    });
  }

  hits.push(...twoOfThree(view));

  // Shift: a point on the mean breaks the row.
  const runs = sideRuns(view.indexes, view.values, view.centre, { centreBreaks: true });
  for (const run of runs.runs) {
    if (run.points.length < NHS_SHIFT) continue;
    hits.push({
      rule: 'nhs.shift',
      points: run.points,
      side: run.side,
      message: `${run.points.length} points in a row ${sideWord(run.side)} the ${view.centreName} (${span(run.points)}): a shift is ${NHS_SHIFT} or more`,
    });
  }

  return {
    hits,
    n_useful: runs.useful,
    longest_run: runs.longest,
    longest_run_max: NHS_SHIFT - 1,
    n_crossings: runs.crossings,
    n_crossings_min: null,
    n_runs: runs.runs.length,
    runs_min: null,
    runs_max: null,
  };
}

/**
 * Two of three consecutive points beyond 2 sigma on the same side of the centre
 * (beyond 3 sigma counts too, as in the Western Electric zone test); the third point
 * may be anywhere. Overlapping windows on one side become one pattern.
 */
function twoOfThree(view: PartView): PatternHit[] {
  const zone = (i: number): 1 | -1 | 0 => {
    const s = view.sigma[i];
    if (s === null || s === undefined) return 0;
    const v = view.values[i] as number;
    if (v > view.centre + 2 * s) return 1;
    if (v < view.centre - 2 * s) return -1;
    return 0;
  };
  const hits: PatternHit[] = [];
  const open: Partial<Record<1 | -1, PatternHit>> = {};
  const idx = view.indexes;
  for (let k = 0; k + 2 < idx.length; k++) {
    const window = idx.slice(k, k + 3);
    for (const side of [1, -1] as const) {
      const beyond = window.filter((i) => zone(i) === side);
      if (beyond.length < 2) continue;
      const current = open[side];
      if (current && current.points.includes(beyond[0])) {
        for (const i of beyond) if (!current.points.includes(i)) current.points.push(i);
        continue;
      }
      const hit: PatternHit = { rule: 'nhs.two_of_three', points: [...beyond], side, message: '' };
      open[side] = hit;
      hits.push(hit);
    }
  }
  for (const h of hits) {
    const list = h.points.map((i) => i + 1);
    const named = list.length === 2 ? `${list[0]} and ${list[1]}` : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
    h.message = `2 of 3 points in a row beyond 2 sigma ${sideWord(h.side as 1 | -1)} the ${view.centreName} (points ${named})`;
  }
  return hits;
}
