import { span, sideWord, type PartPatterns, type PartView, type PatternHit } from './pattern-rules.ts';
import { runsLimits } from './runs-table.ts';
import { sideRuns } from './side-runs.ts';
import { sideOf } from './stats.ts';
import { trends } from './trends.ts';

/** IHI run-chart rules (Perla, Provost & Murray 2011; spc.md). */
export const IHI_SHIFT = 6;
export const IHI_TREND = 5;

export function ihiRules(view: PartView): PartPatterns {
  const runs = sideRuns(view.indexes, view.values, view.centre, { centreBreaks: false });
  const hits: PatternHit[] = [];

  // Shift: 6 or more useful points in a row on one side; points on the centre line are skipped.
  for (const run of runs.runs) {
    if (run.points.length < IHI_SHIFT) continue;
    hits.push({
      rule: 'ihi.shift',
      points: run.points,
      side: run.side,
      message: `${run.points.length} points in a row ${sideWord(run.side)} the ${view.centreName} (${span(run.points)}): a shift is ${IHI_SHIFT} or more`,
    });
  }

  // Trend: 5 or more points all going up or all going down; equal neighbours count once.
  for (const t of trends(view.indexes, view.values, { tiesCountOnce: true })) {
    if (t.length < IHI_TREND) continue;
    hits.push({
      rule: 'ihi.trend',
      points: t.points,
      side: t.direction,
      message: `${t.length} points in a row all ${t.direction === 1 ? 'increasing' : 'decreasing'} (${span(t.points)}): a trend is ${IHI_TREND} or more`,
    });
  }

  // Number of runs against the runs distribution at about 5% (see runs-table.ts).
  const limits = runsLimits(runs.useful);
  const nRuns = runs.runs.length;
  if (limits && (nRuns < limits.min || nRuns > limits.max)) {
    const few = nRuns < limits.min;
    hits.push({
      rule: few ? 'ihi.too_few_runs' : 'ihi.too_many_runs',
      points: runs.runs.flatMap((r) => r.points),
      side: null,
      message: few
        ? `${nRuns} runs, fewer than the ${limits.min} expected at least for ${runs.useful} useful points`
        : `${nRuns} runs, more than the ${limits.max} expected at most for ${runs.useful} useful points`,
    });
  }

  // Astronomical points: a person's judgement, recorded as given.
  for (const i of view.indexes) {
    if (!view.astronomical[i]) continue;
    const side = sideOf(view.values[i] as number, view.centre);
    hits.push({
      rule: 'ihi.astronomical',
      points: [i],
      side: side === 0 ? null : side,
      message: `point ${i + 1} was flagged by a person as obviously different from the rest`,
    });
  }

  return {
    hits,
    n_useful: runs.useful,
    longest_run: runs.longest,
    longest_run_max: IHI_SHIFT - 1,
    n_crossings: runs.crossings,
    n_crossings_min: limits ? limits.min - 1 : null,
    n_runs: nRuns,
    runs_min: limits ? limits.min : null,
    runs_max: limits ? limits.max : null,
  };
}
