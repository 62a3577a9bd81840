/**
 * Anhøj and IHI rules on hand-made run charts, each at the edge of its rule. The
 * series put a known number of points below, on and above the median (the median of
 * 13 values is the 7th smallest, of 15 the 8th), so the expected runs, crossings and
 * trends can be read off by eye; they are worked out in the comments.
 */
import { describe, it, expect } from 'vitest';
import { spcChart } from '../../../src/domain/spc/spc-chart.ts';
import type { RuleSet, SignalRule, SpcResult } from '../../../src/domain/spc/types.ts';
import { labels } from './spc-fixtures.ts';

function run(y: number[], rules: RuleSet = 'anhoej', extra: Partial<Parameters<typeof spcChart>[0]> = {}): SpcResult {
  return spcChart({ x: labels(y.length), y, chart: 'run', rules, ...extra });
}

const at = (r: SpcResult, rule: SignalRule) => r.signals.filter((s) => s.rule === rule).map((s) => s.point);

describe('run chart: centre line', () => {
  it('should use the median of all points when there is no freeze', () => {
    const r = run([5, 1, 3, 2, 4, 10]);
    expect(r.points.map((p) => p.cl)).toEqual([3.5, 3.5, 3.5, 3.5, 3.5, 3.5]);
    expect(r.points.every((p) => p.lcl === null && p.ucl === null && !p.sigma_signal)).toBe(true);
  });

  it('should use the median of the frozen points and judge every point when the baseline is frozen', () => {
    // Median of 5, 1, 3, 2, 4 = 3. Sides: + − (on) − + then + + + + + +: runs 1, 2, 7.
    // 10 useful points: longest allowed 6, so the run of 7 (points 5–11) is a signal.
    const r = run([5, 1, 3, 2, 4, 10, 11, 12, 13, 14, 15], 'anhoej', { freeze: 5 });
    expect(r.parts[0]).toMatchObject({ cl: 3, n_baseline: 5, n_useful: 10, longest_run: 7, longest_run_max: 6, n_crossings: 2, n_crossings_min: 2 });
    expect(at(r, 'anhoej.long_run')).toEqual([5, 6, 7, 8, 9, 10, 11]);
    expect(r.points[2].runs_signal).toBe(false); // on the median
  });

  it('should give each part its own median and run analysis when the series has parts', () => {
    const r = run([1, 2, 3, 10, 20, 30, 40], 'anhoej', { parts: [3] });
    expect(r.parts.map((p) => [p.cl, p.n_obs, p.n_useful])).toEqual([
      [2, 3, 2],
      [25, 4, 4],
    ]);
  });
});

describe('Anhøj rules', () => {
  it('should not signal when the longest run is exactly the limit', () => {
    // 6 below (1–6), 3 on the median (7), 4 above: median 7, 10 useful points.
    // Runs: 8 | 1 2 3 4 5 6 | 9 10 11 → longest 6 = round(log2 10) + 3; crossings 2 = minimum.
    const r = run([8, 1, 2, 3, 4, 5, 6, 9, 10, 11, 7, 7, 7]);
    expect(r.parts[0]).toMatchObject({ cl: 7, n_useful: 10, longest_run: 6, longest_run_max: 6, n_crossings: 2, n_crossings_min: 2, runs_signal: false });
    expect(r.signals).toEqual([]);
  });

  it('should mark the points of the run when a run is one longer than the limit', () => {
    // 7 below, 5 on the median (8), 3 above: median 8, 10 useful. Run 2–8 below has 7 > 6.
    const r = run([9, 1, 2, 3, 4, 5, 6, 7, 10, 11, 8, 8, 8, 8, 8]);
    expect(r.parts[0]).toMatchObject({ cl: 8, n_useful: 10, longest_run: 7, n_crossings: 2, runs_signal: true });
    expect(at(r, 'anhoej.long_run')).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(r.points.filter((p) => p.runs_signal).map((p) => p.point)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(r.signals[0].message).toBe('a run of 7 points below the median (points 2–8) is longer than the 6 allowed for 10 useful points');
    expect(r.signals[0]).toMatchObject({ from: 2, to: 8, classification: 'neutral' });
  });

  it('should neither break nor extend a run when a point inside it is on the median', () => {
    // Point 5 is on the median (8) inside the run below: the run still has 7 useful points.
    const r = run([9, 1, 2, 3, 8, 4, 5, 6, 7, 10, 11, 8, 8, 8, 8]);
    expect(r.parts[0]).toMatchObject({ n_useful: 10, longest_run: 7 });
    expect(at(r, 'anhoej.long_run')).toEqual([2, 3, 4, 6, 7, 8, 9]);
    expect(r.points[4].runs_signal).toBe(false);
  });

  it('should mark every useful point when there are fewer crossings than the minimum', () => {
    // 1–6 below, three on the median, 8–11 above: one crossing < 2 for 10 useful points.
    const r = run([1, 2, 3, 4, 5, 6, 7, 7, 7, 8, 9, 10, 11]);
    expect(r.parts[0]).toMatchObject({ n_crossings: 1, n_crossings_min: 2, longest_run: 6 });
    expect(at(r, 'anhoej.few_crossings')).toEqual([1, 2, 3, 4, 5, 6, 10, 11, 12, 13]);
    expect(at(r, 'anhoej.long_run')).toEqual([]);
    expect(r.signals[0].classification).toBeNull(); // crossings have no direction
  });

  it('should classify a long run as improvement or concern when a direction of improvement is given', () => {
    const y = [9, 1, 2, 3, 4, 5, 6, 7, 10, 11, 8, 8, 8, 8, 8];
    expect(run(y, 'anhoej', { improvement: 'down' }).points[1].classification).toBe('improvement');
    expect(run(y, 'anhoej', { improvement: 'up' }).points[1].classification).toBe('concern');
  });

  it('should leave a point out of the median and the runs when it is excluded', () => {
    // Without point 4 the values are 1, 2, 3, 5, 6 → median 3; point 4 (100) is shown, not judged.
    const r = run([1, 2, 3, 100, 5, 6], 'anhoej', { exclude: [4] });
    expect(r.parts[0]).toMatchObject({ cl: 3, n_obs: 6, n_useful: 4, n_baseline: 5 });
    expect(r.points[3]).toMatchObject({ excluded: true, runs_signal: false, y: 100 });
  });
});

describe('IHI rules', () => {
  it('should signal a shift when exactly 6 useful points are on one side with a point on the median among them', () => {
    // Median 7. Sides: + − − − (on) − − − + + (on) + (on): the run below, points 2–4 and 6–8,
    // has 6 useful points. No 5 points in a row go one way. 3 runs is within 3–9 for 10.
    const y = [9, 3, 1, 2, 7, 6, 4, 5, 10, 8, 7, 11, 7];
    const r = run(y, 'ihi');
    expect(r.parts[0]).toMatchObject({ cl: 7, n_useful: 10, longest_run: 6, longest_run_max: 5, n_runs: 3, runs_min: 3, runs_max: 9, n_crossings_min: 2 });
    expect(at(r, 'ihi.shift')).toEqual([2, 3, 4, 6, 7, 8]);
    expect(at(r, 'ihi.trend')).toEqual([]);
    expect(r.signals.map((s) => s.rule)).toEqual(Array(6).fill('ihi.shift'));
    // The same chart under the Anhøj rules: 6 is not longer than 6, and 2 crossings are enough.
    expect(run(y, 'anhoej').signals).toEqual([]);
  });

  it('should not signal a shift when only 5 points are on one side', () => {
    // Same values, point 8 (5) and point 9 (10) swapped: the run below is 2, 3, 4, 6, 7 (5 points).
    const r = run([9, 3, 1, 2, 7, 6, 4, 10, 5, 8, 7, 11, 7], 'ihi');
    expect(r.parts[0].longest_run).toBe(5);
    expect(r.signals).toEqual([]);
  });

  it('should signal a trend when exactly 5 points increase and not when 4 do', () => {
    expect(at(run([5, 1, 2, 3, 4, 5, 3], 'ihi'), 'ihi.trend')).toEqual([2, 3, 4, 5, 6]);
    expect(at(run([5, 1, 2, 3, 4, 2, 3], 'ihi'), 'ihi.trend')).toEqual([]);
  });

  it('should signal a trend when 5 points decrease', () => {
    const r = run([1, 9, 8, 7, 6, 5, 7], 'ihi', { improvement: 'down' });
    expect(at(r, 'ihi.trend')).toEqual([2, 3, 4, 5, 6]);
    expect(r.signals.find((s) => s.rule === 'ihi.trend')?.message).toBe('5 points in a row all decreasing (points 2–6): a trend is 5 or more');
    expect(r.points[1].classification).toBe('improvement');
  });

  it('should count equal neighbours once when a trend has ties', () => {
    // 1, 2, 2, 3, 4: four different values → no trend. 1, 2, 2, 3, 4, 5: five → trend, ties marked.
    expect(at(run([5, 1, 2, 2, 3, 4, 3], 'ihi'), 'ihi.trend')).toEqual([]);
    expect(at(run([5, 1, 2, 2, 3, 4, 5], 'ihi'), 'ihi.trend')).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it('should signal too many runs when 10 useful points alternate and not when they make 9 runs', () => {
    // Median 5.5: − + − + − + − + − + → 10 runs > 9.
    const many = run([1, 10, 2, 9, 3, 8, 4, 7, 5, 6], 'ihi');
    expect(many.parts[0].n_runs).toBe(10);
    expect(at(many, 'ihi.too_many_runs')).toEqual(labels(10));
    // … 4 (−) 7 (+) 6 (+) 5 (−): 9 runs.
    const nine = run([1, 10, 2, 9, 3, 8, 4, 7, 6, 5], 'ihi');
    expect(nine.parts[0].n_runs).toBe(9);
    expect(nine.signals).toEqual([]);
  });

  it('should signal too few runs when 10 useful points make 2 runs and not when they make 3', () => {
    // Median 5.5: five below then five above → 2 runs < 3 (and a shift of 5 only).
    const few = run([3, 1, 4, 2, 5, 8, 6, 9, 7, 10], 'ihi');
    expect(few.parts[0].n_runs).toBe(2);
    expect(at(few, 'ihi.too_few_runs')).toEqual(labels(10));
    expect(few.signals.every((s) => s.rule === 'ihi.too_few_runs')).toBe(true);
    const three = run([8, 3, 1, 4, 2, 5, 6, 9, 7, 10], 'ihi');
    expect(three.parts[0].n_runs).toBe(3);
    expect(three.signals).toEqual([]);
  });

  it('should report an astronomical point only when a person flagged it', () => {
    const y = [5, 6, 40, 5, 6, 5, 6];
    const r = run(y, 'ihi', { astronomical: [3], improvement: 'up' });
    expect(r.signals.map((s) => [s.point, s.rule, s.classification])).toEqual([[3, 'ihi.astronomical', 'improvement']]);
    expect(r.points[2]).toMatchObject({ astronomical: true, sigma_signal: false, runs_signal: false, signals: ['ihi.astronomical'] });
    // Other rule sets keep the person's flag on the point but have no such rule.
    const a = run(y, 'anhoej', { astronomical: [3] });
    expect(a.points[2]).toMatchObject({ astronomical: true, signals: [] });
  });
});

describe('run rules on control charts', () => {
  it('should apply the Anhøj rules around the mean when the chart is an I chart', () => {
    // Mean 10 of 12 points: seven of 9 (points 1–7) then five of 11.4 (points 8–12)…
    // 9 × 7 + 11.4 × 5 = 120 → mean 10. Runs: 7 below, 5 above; 12 useful → longest allowed
    // round(log2 12) + 3 = 7, so 7 is not a long run; crossings 1 < 3 (Bin(11, ½): P(X ≤ 2) =
    // 67/2048 ≈ 3.3%, P(X ≤ 3) = 232/2048 ≈ 11%) → few crossings.
    const y = [9, 9, 9, 9, 9, 9, 9, 11.4, 11.4, 11.4, 11.4, 11.4];
    const r = spcChart({ x: labels(12), y, chart: 'i' });
    expect(r.parts[0].cl).toBeCloseTo(10, 12);
    expect(r.parts[0]).toMatchObject({ n_useful: 12, longest_run: 7, longest_run_max: 7, n_crossings: 1, n_crossings_min: 3 });
    expect(at(r, 'anhoej.long_run')).toEqual([]);
    expect(at(r, 'anhoej.few_crossings')).toEqual(labels(12));
  });
});
