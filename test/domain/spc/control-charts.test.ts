/**
 * Control-chart centre lines and limits (spc.md) against published textbook figures
 * (Montgomery, Introduction to Statistical Quality Control: the orange juice P chart
 * and the circuit-board C chart, trial and revised limits) and against series worked
 * by hand in the comments (I/MR with and without moving-range screening, U, and
 * Laney's P′ and U′).
 */
import { describe, it, expect } from 'vitest';
import { spcChart } from '../../../src/domain/spc/spc-chart.ts';
import type { SpcResult } from '../../../src/domain/spc/types.ts';
import { CIRCUIT_AFTER, CIRCUIT_TRIAL, ORANGE_JUICE_AFTER, ORANGE_JUICE_TRIAL, labels, near } from './spc-fixtures.ts';

const signalled = (r: SpcResult) => r.points.filter((p) => p.sigma_signal).map((p) => p.point);

function pChart(counts: number[], extra: Partial<Parameters<typeof spcChart>[0]> = {}) {
  return spcChart({ x: labels(counts.length), y: counts, n: counts.map(() => 50), chart: 'p', ...extra });
}

describe('P chart: Montgomery, orange juice cans (30 samples of 50)', () => {
  it('should give p̄ = 0.2313 and limits 0.0524–0.4102 when all trial samples are used', () => {
    const r = pChart(ORANGE_JUICE_TRIAL);
    const p = r.points[0];
    expect(near(p.cl, 0.2313, 0.0001)).toBe(true); // 347 / 1500
    expect(near(p.ucl, 0.4102, 0.0001)).toBe(true);
    expect(near(p.lcl, 0.0524, 0.0001)).toBe(true);
    // Samples 15 (22/50) and 23 (24/50) are above the upper limit, as Montgomery finds.
    expect(signalled(r)).toEqual([15, 23]);
    expect(r.signals.map((s) => [s.point, s.rule])).toEqual([
      [15, 'shewhart.outside_limits'],
      [23, 'shewhart.outside_limits'],
    ]);
    expect(r.points[22].y).toBeCloseTo(0.48, 12); // y is the proportion
  });

  it('should give the revised p̄ = 0.2150 and limits 0.0407–0.3893 when samples 15 and 23 are excluded', () => {
    // 301 / 1400 = 0.2150; 3·√(0.215·0.785/50) = 0.1743.
    const r = pChart(ORANGE_JUICE_TRIAL, { exclude: [15, 23] });
    expect(near(r.parts[0].cl, 0.215, 0.00005)).toBe(true);
    expect(near(r.points[0].ucl, 0.3893, 0.0001)).toBe(true);
    expect(near(r.points[0].lcl, 0.0407, 0.0001)).toBe(true);
    // Sample 21 (20/50) now exceeds the revised limit; the excluded samples are shown, not judged.
    expect(signalled(r)).toEqual([21]);
    expect(r.points[14]).toMatchObject({ excluded: true, sigma_signal: false, baseline: false, y: 0.44 });
    expect(r.parts[0].n_baseline).toBe(28);
  });

  it('should give the new process p̄ = 0.1108 and UCL 0.2440 with LCL 0 when the samples after the adjustment are a new part', () => {
    // Part 2: 133 / 1200 = 0.1108; 3·√(0.1108·0.8892/50) = 0.1332 → 0.2440 and −0.0224 → 0.
    const r = pChart([...ORANGE_JUICE_TRIAL, ...ORANGE_JUICE_AFTER], { exclude: [15, 23], parts: [30] });
    expect(r.parts.map((p) => [p.part, p.first, p.last])).toEqual([
      [1, 1, 30],
      [2, 31, 54],
    ]);
    expect(near(r.parts[0].cl, 0.215, 0.00005)).toBe(true);
    expect(near(r.parts[1].cl, 0.1108, 0.00005)).toBe(true);
    expect(near(r.points[30].ucl, 0.244, 0.0001)).toBe(true);
    expect(r.points[30].lcl).toBe(0);
    expect(r.points[53].part).toBe(2);
    expect(signalled(r)).toEqual([21]);
  });

  it('should judge the new samples against the frozen revised limits and find the run below the centre when the baseline is frozen at 30', () => {
    const r = pChart([...ORANGE_JUICE_TRIAL, ...ORANGE_JUICE_AFTER], { exclude: [15, 23], freeze: 30 });
    expect(near(r.points[53].cl, 0.215, 0.00005)).toBe(true);
    expect(near(r.points[53].lcl, 0.0407, 0.0001)).toBe(true);
    // Sample 41 (2/50 = 0.04) falls below the extended LCL 0.0407.
    expect(signalled(r)).toEqual([21, 41]);
    // Sides of 0.215 (10.75 of 50), worked by hand: samples 34–54 are all ≤ 8 → one run of 21
    // below, far longer than round(log2 52) + 3 = 9 for the 52 useful (not excluded) points.
    const part = r.parts[0];
    expect(part).toMatchObject({ n_obs: 54, n_useful: 52, longest_run: 21, longest_run_max: 9, runs_signal: true });
    const longRun = r.signals.filter((s) => s.rule === 'anhoej.long_run').map((s) => s.point);
    expect(longRun).toEqual(labels(21).map((k) => 33 + k));
    // 16 runs by hand (…, 29–32 below, 33 above, 34–54 below) → 15 crossings, under the minimum.
    expect(part.n_crossings).toBe(15);
    expect(part.n_crossings).toBeLessThan(part.n_crossings_min as number);
    expect(r.points[32].signals).toEqual(['anhoej.few_crossings']);
  });
});

describe('C chart: Montgomery, nonconformities in 26 samples of 100 circuit boards', () => {
  it('should give c̄ = 19.85, UCL 33.22 and LCL 6.48 when all trial samples are used', () => {
    const r = spcChart({ x: labels(26), y: CIRCUIT_TRIAL, chart: 'c' });
    // 516 / 26 = 19.846; Montgomery rounds c̄ to 19.85 before adding 3√c̄, hence the 0.01 tolerance.
    expect(near(r.parts[0].cl, 19.85, 0.005)).toBe(true);
    expect(near(r.points[0].ucl, 33.22, 0.01)).toBe(true);
    expect(near(r.points[0].lcl, 6.48, 0.01)).toBe(true);
    // Sample 6 (5, a new inspector) is below and sample 20 (39, a soldering fault) above.
    expect(signalled(r)).toEqual([6, 20]);
    expect(r.signals.filter((s) => s.rule === 'shewhart.outside_limits').map((s) => s.message)).toEqual([
      'point 6 (5) is below the lower limit (6.481)',
      'point 20 (39) is above the upper limit (33.21)',
    ]);
    // Around the mean 19.85 the counts cross 7 times by hand (8 runs), fewer than the 8
    // crossings Anhøj allows for 26 useful points (Bin(25, ½): P(X ≤ 7) = 726206/2^25 ≈ 2.2%,
    // P(X ≤ 8) = 1807781/2^25 ≈ 5.4%): the run rules see a pattern too.
    expect(r.parts[0]).toMatchObject({ n_useful: 26, n_crossings: 7, n_crossings_min: 8, runs_signal: true });
  });

  it('should give the revised c̄ = 19.67, UCL 32.97 and LCL 6.36 when samples 6 and 20 are excluded', () => {
    // 472 / 24 = 19.667; 3·√19.667 = 13.304.
    const r = spcChart({ x: labels(26), y: CIRCUIT_TRIAL, chart: 'c', exclude: [6, 20] });
    expect(near(r.parts[0].cl, 19.67, 0.005)).toBe(true);
    expect(near(r.points[0].ucl, 32.97, 0.005)).toBe(true);
    expect(near(r.points[0].lcl, 6.36, 0.005)).toBe(true);
    expect(signalled(r)).toEqual([]);
  });

  it('should extend the revised limits to the 20 new samples and find none outside when the baseline is frozen at 26', () => {
    const r = spcChart({ x: labels(46), y: [...CIRCUIT_TRIAL, ...CIRCUIT_AFTER], chart: 'c', exclude: [6, 20], freeze: 26 });
    expect(near(r.points[45].cl, 19.67, 0.005)).toBe(true);
    expect(near(r.points[45].ucl, 32.97, 0.005)).toBe(true);
    expect(r.points.slice(26).every((p) => p.baseline === false && p.sigma_signal === false)).toBe(true);
    expect(r.parts[0].n_baseline).toBe(24);
  });

  it('should clamp the lower limit at 0 when c̄ is below 9', () => {
    // c̄ = 2: 2 − 3√2 < 0 → 0; UCL 2 + 3√2 = 6.243.
    const r = spcChart({ x: labels(4), y: [1, 3, 2, 2], chart: 'c' });
    expect(r.points[0].lcl).toBe(0);
    expect(r.points[0].ucl).toBeCloseTo(2 + 3 * Math.SQRT2, 12);
  });
});

describe('I and MR charts', () => {
  // Mean 13.5. Moving ranges 2, 1, 2, 1, 2, 3, 1, 16, 16 (sum 44, mean 4.889). Screening:
  // 3.267 × 4.889 = 15.97, so the two ranges of 16 (points 9 and 10) are dropped and the
  // mean recomputed: 12 / 7 = 1.714. Limits 13.5 ± 2.66 × 1.714 = 13.5 ± 4.56.
  const y = [10, 12, 11, 13, 12, 14, 11, 12, 28, 12];

  it('should screen moving ranges at 3.267 × their mean when screening is not switched off', () => {
    const r = spcChart({ x: labels(10), y, chart: 'i' });
    expect(r.screen).toBe(true);
    expect(r.parts[0].cl).toBeCloseTo(13.5, 12);
    expect(r.parts[0].mr_mean).toBeCloseTo(12 / 7, 12);
    expect(r.parts[0].mr_screened).toEqual([9, 10]);
    expect(r.points[0].ucl).toBeCloseTo(18.06, 10);
    expect(r.points[0].lcl).toBeCloseTo(8.94, 10);
    expect(signalled(r)).toEqual([9]);
  });

  it('should use every moving range when screening is off', () => {
    // 2.66 × 44/9 = 13.0044 → 0.4956 to 26.5044.
    const r = spcChart({ x: labels(10), y, chart: 'i', screen: false });
    expect(r.parts[0].mr_mean).toBeCloseTo(44 / 9, 12);
    expect(r.parts[0].mr_screened).toEqual([]);
    expect(r.points[0].ucl).toBeCloseTo(26.50444, 4);
    expect(r.points[0].lcl).toBeCloseTo(0.49556, 4);
    expect(signalled(r)).toEqual([9]);
  });

  it('should not screen anything when every moving range is 0', () => {
    const r = spcChart({ x: labels(4), y: [5, 5, 5, 5], chart: 'i' });
    expect(r.parts[0].mr_mean).toBe(0);
    expect([r.points[0].lcl, r.points[0].ucl]).toEqual([5, 5]);
    expect(signalled(r)).toEqual([]);
  });

  it('should plot the moving ranges against 3.267 × their screened mean when the chart is MR', () => {
    // Centre 12/7; UCL 3.267 × 12/7 = 5.6006; the ranges of 16 at points 9 and 10 are above.
    const r = spcChart({ x: labels(10), y, chart: 'mr' });
    expect(r.points[0].y).toBeNull();
    expect(r.points.slice(1).map((p) => p.y)).toEqual([2, 1, 2, 1, 2, 3, 1, 16, 16]);
    expect(r.parts[0].cl).toBeCloseTo(12 / 7, 12);
    expect(r.points[1].ucl).toBeCloseTo(5.6006, 4);
    expect(r.points[1].lcl).toBe(0);
    expect(signalled(r)).toEqual([9, 10]);
    // No run rules on an MR chart.
    expect(r.points.every((p) => !p.runs_signal)).toBe(true);
    expect(r.parts[0]).toMatchObject({ n_obs: 9, n_useful: null, longest_run: null, runs_signal: false });
  });

  it('should use the unscreened mean moving range on the MR chart when screening is off', () => {
    // Centre 44/9 = 4.889; UCL 15.972; 16 is still above.
    const r = spcChart({ x: labels(10), y, chart: 'mr', screen: false });
    expect(r.points[1].ucl).toBeCloseTo(3.267 * (44 / 9), 10);
    expect(signalled(r)).toEqual([9, 10]);
  });

  it('should not use a moving range when it touches an excluded point', () => {
    // Excluding point 9 drops both ranges of 16: mean 13.5 → (135 − 28)/9 = 11.889, MR̄ = 12/7.
    const r = spcChart({ x: labels(10), y, chart: 'i', exclude: [9] });
    expect(r.parts[0].cl).toBeCloseTo(107 / 9, 12);
    expect(r.parts[0].mr_mean).toBeCloseTo(12 / 7, 12);
    expect(r.parts[0].mr_screened).toEqual([]);
    expect(r.points[8]).toMatchObject({ excluded: true, sigma_signal: false });
  });

  it('should compute each part from its own points and moving ranges when the series has parts', () => {
    // Part 1: 1, 3, 1, 3 → mean 2, MR̄ 2. Part 2: 10, 11, 10, 11 → mean 10.5, MR̄ 1. The jump
    // between parts is not a moving range of either.
    const r = spcChart({ x: labels(8), y: [1, 3, 1, 3, 10, 11, 10, 11], chart: 'i', parts: [4] });
    expect(r.parts.map((p) => [p.cl, p.mr_mean])).toEqual([
      [2, 2],
      [10.5, 1],
    ]);
    expect(r.points[4].ucl).toBeCloseTo(10.5 + 2.66, 12);
  });
});

describe('U chart and Laney P′ and U′', () => {
  it('should give ū ± 3√(ū/n) per point when exposures differ', () => {
    // u = 0.5, 1, 1.5, 1 from 50/100, 400/400, 150/100, 400/400; ū = 1000/1000 = 1.
    // n = 100: 1 ± 3·0.1 = 0.7–1.3; n = 400: 1 ± 3·0.05 = 0.85–1.15. Points 1 and 3 are outside.
    const r = spcChart({ x: labels(4), y: [50, 400, 150, 400], n: [100, 400, 100, 400], chart: 'u' });
    expect(r.points.map((p) => p.y)).toEqual([0.5, 1, 1.5, 1]);
    expect(r.points.map((p) => [p.lcl, p.ucl].map((v) => Math.round((v as number) * 1e6) / 1e6))).toEqual([
      [0.7, 1.3],
      [0.85, 1.15],
      [0.7, 1.3],
      [0.85, 1.15],
    ]);
    expect(signalled(r)).toEqual([1, 3]);
  });

  it('should widen the U limits by σ_z from the moving ranges of z-scores when the chart is U′', () => {
    // z = (u − 1)/σ_i = −5, 0, 5, 0; moving ranges 5, 5, 5 → σ_z = 5/1.128 = 4.43262.
    // n = 100: 1 ± 3·0.1·4.43262 = 1 ± 1.32979 → 0 (clamped), 2.32979;
    // n = 400: 1 ± 3·0.05·4.43262 = 1 ± 0.66489 → 0.33511, 1.66489. Nothing is outside.
    const r = spcChart({ x: labels(4), y: [50, 400, 150, 400], n: [100, 400, 100, 400], chart: 'up' });
    expect(r.parts[0].sigma_z).toBeCloseTo(5 / 1.128, 12);
    expect(r.points[0].lcl).toBe(0);
    expect(r.points[0].ucl).toBeCloseTo(2.329787, 5);
    expect(r.points[1].lcl).toBeCloseTo(0.335106, 5);
    expect(r.points[1].ucl).toBeCloseTo(1.664894, 5);
    expect(signalled(r)).toEqual([]);
  });

  it('should flag overdispersed proportions on the P chart but not on the P′ chart when subgroups are large', () => {
    // p = 0.1, 0.2, 0.3, 0.2 from 160/1600, 1280/6400, 480/1600, 1280/6400; p̄ = 3200/16000 = 0.2.
    // σ_p = √(0.16/1600) = 0.01 and √(0.16/6400) = 0.005. P limits 0.17–0.23 and 0.185–0.215.
    // z = −10, 0, 10, 0 → σ_z = 10/1.128 = 8.86525; P′: 0.2 ± 0.26596 → 0–0.46596 and
    // 0.2 ± 0.13298 → 0.06702–0.33298.
    const input = { x: labels(4), y: [160, 1280, 480, 1280], n: [1600, 6400, 1600, 6400] };
    const p = spcChart({ ...input, chart: 'p' });
    expect(p.points[0].lcl).toBeCloseTo(0.17, 12);
    expect(p.points[1].ucl).toBeCloseTo(0.215, 12);
    expect(signalled(p)).toEqual([1, 3]);
    const pp = spcChart({ ...input, chart: 'pp' });
    expect(pp.parts[0].sigma_z).toBeCloseTo(10 / 1.128, 12);
    expect(pp.points[0].lcl).toBe(0);
    expect(pp.points[0].ucl).toBeCloseTo(0.465957, 5);
    expect(pp.points[1].lcl).toBeCloseTo(0.067021, 5);
    expect(pp.points[1].ucl).toBeCloseTo(0.332979, 5);
    expect(signalled(pp)).toEqual([]);
  });

  it('should equal an XmR chart of the proportions when every subgroup has the same size (Laney 2002)', () => {
    // Equal n: σ_z·σ_p = mean |Δp| / 1.128, so P′ limits are p̄ ± 3·MR̄/1.128. For the orange
    // juice samples the moving ranges of the counts add up to 162 (by hand), MR̄ = 162/29/50.
    const pp = spcChart({ x: labels(30), y: ORANGE_JUICE_TRIAL, n: ORANGE_JUICE_TRIAL.map(() => 50), chart: 'pp' });
    const mrBar = 162 / 29 / 50;
    expect(pp.points[0].ucl).toBeCloseTo(347 / 1500 + (3 * mrBar) / 1.128, 10);
    expect(pp.points[0].lcl).toBe(0);
    const i = spcChart({ x: labels(30), y: ORANGE_JUICE_TRIAL, n: ORANGE_JUICE_TRIAL.map(() => 50), chart: 'i', screen: false });
    expect(i.parts[0].mr_mean).toBeCloseTo(mrBar, 12);
    // 2.66 rounds 3/1.128 = 2.6596: the two differ by 0.0004·MR̄.
    expect(i.points[0].ucl).toBeCloseTo(pp.points[0].ucl as number, 3);
  });
});
