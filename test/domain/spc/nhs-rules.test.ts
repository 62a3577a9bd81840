/**
 * NHS "Making Data Count" rules (spc.md) on an I chart with a frozen baseline whose
 * figures are easy to work by hand: 12, 10, 12, 10, 12, 10, 12, 10 has mean 11 and
 * every moving range 2, so the limits are 11 ± 2.66 × 2 = 5.68 to 16.32, one sigma is
 * 5.32 / 3 = 1.7733 and the 2-sigma lines are 7.4533 and 14.5467. The points after the
 * baseline (from point 9) are chosen to sit at the edge of each rule.
 */
import { describe, it, expect } from 'vitest';
import { spcChart } from '../../../src/domain/spc/spc-chart.ts';
import type { SignalRule, SpcInput, SpcResult } from '../../../src/domain/spc/types.ts';
import { labels } from './spc-fixtures.ts';

const BASELINE = [12, 10, 12, 10, 12, 10, 12, 10];

function nhs(after: number[], extra: Partial<SpcInput> = {}): SpcResult {
  const y = [...BASELINE, ...after];
  return spcChart({ x: labels(y.length), y, chart: 'i', rules: 'nhs', freeze: 8, ...extra });
}

const at = (r: SpcResult, rule: SignalRule) => r.signals.filter((s) => s.rule === rule).map((s) => s.point);

describe('NHS rules: the baseline', () => {
  it('should give mean 11 and limits 5.68–16.32 when the baseline alternates 12 and 10', () => {
    const r = nhs([]);
    expect(r.points[0].cl).toBe(11);
    expect(r.points[0].lcl).toBeCloseTo(5.68, 12);
    expect(r.points[0].ucl).toBeCloseTo(16.32, 12);
    expect(r.points[0].sigma).toBeCloseTo(5.32 / 3, 12);
    expect(r.signals).toEqual([]);
    expect(r.parts[0]).toMatchObject({ longest_run_max: 6, n_crossings_min: null });
  });
});

describe('NHS rules: shift', () => {
  it('should signal when 7 points in a row are above the mean', () => {
    const r = nhs([12, 13, 12, 13, 12, 13, 12], { improvement: 'up' });
    expect(at(r, 'nhs.shift')).toEqual([9, 10, 11, 12, 13, 14, 15]);
    expect(r.signals[0].message).toBe('7 points in a row above the mean (points 9–15): a shift is 7 or more');
    expect(r.points[14].classification).toBe('improvement');
  });

  it('should not signal when only 6 points in a row are above the mean', () => {
    expect(nhs([12, 13, 12, 13, 12, 13, 10]).signals).toEqual([]);
  });

  it('should break the row when a point is on the mean', () => {
    // 12 13 12 | 11 | 13 12 13 12: rows of 3 and 4.
    const r = nhs([12, 13, 12, 11, 13, 12, 13, 12]);
    expect(at(r, 'nhs.shift')).toEqual([]);
    expect(r.parts[0].longest_run).toBe(4);
    // The Anhøj and IHI rules skip the point on the mean instead: 7 useful points in a row.
    const ihi = spcChart({ x: labels(16), y: [...BASELINE, 12, 13, 12, 11, 13, 12, 13, 12], chart: 'i', rules: 'ihi', freeze: 8 });
    expect(at(ihi, 'ihi.shift')).toEqual([9, 10, 11, 13, 14, 15, 16]);
  });
});

describe('NHS rules: trend', () => {
  it('should signal when 7 points in a row increase', () => {
    // 10 → 7.5 falls, then 7.5 8 9 10 11.5 12 13 rise; none beyond 2 sigma, 4 below and 3 above.
    const r = nhs([7.5, 8, 9, 10, 11.5, 12, 13], { improvement: 'down' });
    expect(at(r, 'nhs.trend')).toEqual([9, 10, 11, 12, 13, 14, 15]);
    expect(r.signals.every((s) => s.rule === 'nhs.trend' && s.classification === 'concern')).toBe(true);
  });

  it('should not signal when only 6 points in a row increase', () => {
    // 12.5 then 8 9 10 11.5 12 13: six rising.
    expect(nhs([12.5, 8, 9, 10, 11.5, 12, 13]).signals).toEqual([]);
  });

  it('should end the trend when two neighbours are equal, where the IHI rule counts them once', () => {
    const after = [7.5, 8, 9, 9, 10, 11.5, 12, 13];
    expect(at(nhs(after), 'nhs.trend')).toEqual([]);
    const y = [...BASELINE, ...after];
    const ihi = spcChart({ x: labels(y.length), y, chart: 'i', rules: 'ihi', freeze: 8 });
    expect(at(ihi, 'ihi.trend')).toEqual([9, 10, 11, 12, 13, 14, 15, 16]);
  });
});

describe('NHS rules: two of three beyond 2 sigma', () => {
  it('should signal two points beyond 2 sigma on one side when the point between them is across the mean', () => {
    // 15 > 14.5467 (and < 16.32), 10.5 below the mean, 15 again: points 9 and 11, not 10.
    const r = nhs([15, 10.5, 15], { improvement: 'up' });
    expect(at(r, 'nhs.two_of_three')).toEqual([9, 11]);
    expect(r.points[9].signals).toEqual([]);
    expect(r.signals[0].message).toBe('2 of 3 points in a row beyond 2 sigma above the mean (points 9 and 11)');
    expect(r.points[8]).toMatchObject({ runs_signal: true, sigma_signal: false, classification: 'improvement' });
  });

  it('should not signal when only one point in three is beyond 2 sigma', () => {
    expect(nhs([15, 10.5, 11.5]).signals).toEqual([]);
  });

  it('should not signal when the two points beyond 2 sigma are on opposite sides', () => {
    // 15 above 14.5467, 7 below 7.4533.
    expect(nhs([15, 7, 11.5]).signals).toEqual([]);
  });

  it('should not signal when the two points beyond 2 sigma are not within three in a row', () => {
    expect(nhs([15, 11.5, 11.5, 15]).signals).toEqual([]);
  });

  it('should count a point as beyond 2 sigma and list the limit rule first when it is beyond the limit', () => {
    const r = nhs([17, 10.5, 15]);
    expect(r.points[8].signals).toEqual(['nhs.outside_limits', 'nhs.two_of_three']);
    expect(r.points[8].sigma_signal).toBe(true);
    expect(at(r, 'nhs.two_of_three')).toEqual([9, 11]);
  });
});

describe('NHS rules: precedence, variation and assurance', () => {
  it('should list the rules in the NHS order of precedence when several fire at a point', () => {
    // Seven rising points all above the mean: both a trend and a shift.
    const r = nhs([11.5, 12, 12.5, 13, 13.5, 14, 14.5]);
    expect(r.points[14].signals).toEqual(['nhs.trend', 'nhs.shift']);
  });

  it('should classify a point above the upper limit as concern when lower is better', () => {
    const r = nhs([17], { improvement: 'down' });
    expect(r.signals).toMatchObject([{ point: 9, rule: 'nhs.outside_limits', classification: 'concern' }]);
    expect(r.nhs).toEqual({ variation: 'concern_high', assurance: null, point: 9 });
  });

  it('should show improvement, concern or neutral when the last point is in a shift', () => {
    const after = [12, 13, 12, 13, 12, 13, 12];
    expect(nhs(after, { improvement: 'up' }).nhs?.variation).toBe('improvement_high');
    expect(nhs(after, { improvement: 'down' }).nhs?.variation).toBe('concern_high');
    expect(nhs(after).nhs?.variation).toBe('neutral_high');
  });

  it('should show common cause when the last point breaks no rule', () => {
    expect(nhs([17, 11.5], { improvement: 'up' }).nhs?.variation).toBe('common_cause');
  });

  it('should judge assurance from the limits when a target and a direction are given', () => {
    const a = (target: number, improvement: 'up' | 'down') => nhs([], { target, improvement }).nhs?.assurance;
    // Limits 5.68–16.32.
    expect(a(5, 'up')).toBe('always_meets');
    expect(a(17, 'up')).toBe('never_meets');
    expect(a(11, 'up')).toBe('inconsistent');
    expect(a(17, 'down')).toBe('always_meets');
    expect(a(5, 'down')).toBe('never_meets');
    expect(nhs([], { target: 11 }).nhs?.assurance).toBeNull(); // no direction, no assurance
  });

  it('should give each part its own NHS summary when the series has parts', () => {
    const y = [...BASELINE, 30, 31, 30, 31];
    const r = spcChart({ x: labels(12), y, chart: 'i', rules: 'nhs', parts: [8], target: 20, improvement: 'up' });
    expect(r.parts.map((p) => p.nhs?.assurance)).toEqual(['never_meets', 'always_meets']);
    expect(r.nhs).toEqual(r.parts[1].nhs);
  });
});
