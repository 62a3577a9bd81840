import { crossingsMin, longestRunMax } from './anhoej-limits.ts';
import { span, sideWord, type PartPatterns, type PartView, type PatternHit } from './pattern-rules.ts';
import { sideRuns } from './side-runs.ts';

/**
 * Anhøj rules (spc.md): an unusually long run or unusually few crossings of the
 * centre line, with limits that depend on the number of useful points. Points on the
 * centre line are not useful and neither break nor add to a run.
 */
export function anhoejRules(view: PartView): PartPatterns {
  const runs = sideRuns(view.indexes, view.values, view.centre, { centreBreaks: false });
  const maxRun = longestRunMax(runs.useful);
  const minCrossings = crossingsMin(runs.useful);
  const hits: PatternHit[] = [];
  if (maxRun !== null) {
    for (const run of runs.runs) {
      if (run.points.length <= maxRun) continue;
      hits.push({
        rule: 'anhoej.long_run',
        points: run.points,
        side: run.side,
        message: `a run of ${run.points.length} points ${sideWord(run.side)} the ${view.centreName} (${span(run.points)}) is longer than the ${maxRun} allowed for ${runs.useful} useful points`,
      });
    }
  }
  if (minCrossings !== null && runs.crossings < minCrossings) {
    hits.push({
      rule: 'anhoej.few_crossings',
      points: runs.runs.flatMap((r) => r.points),
      side: null,
      message: `the ${view.centreName} is crossed ${runs.crossings} time${runs.crossings === 1 ? '' : 's'}, fewer than the ${minCrossings} expected at least for ${runs.useful} useful points`,
    });
  }
  return {
    hits,
    n_useful: runs.useful,
    longest_run: runs.longest,
    longest_run_max: maxRun,
    n_crossings: runs.crossings,
    n_crossings_min: minCrossings,
    n_runs: runs.runs.length,
    runs_min: null,
    runs_max: null,
  };
}
