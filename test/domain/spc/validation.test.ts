/** Bad input gives an SpcInputError that names the point when there is one. */
import { describe, it, expect } from 'vitest';
import { SpcInputError } from '../../../src/domain/spc/spc-input-error.ts';
import { spcChart } from '../../../src/domain/spc/spc-chart.ts';
import type { SpcInput } from '../../../src/domain/spc/types.ts';
import { labels } from './spc-fixtures.ts';

function failure(input: SpcInput): SpcInputError {
  try {
    spcChart(input);
  } catch (e) {
    if (e instanceof SpcInputError) return e;
    throw e;
  }
  throw new Error('expected an SpcInputError');
}

const ten = { x: labels(10), y: [3, 4, 5, 4, 3, 4, 5, 4, 3, 4] };

describe('SPC input validation', () => {
  it('should reject the input and name the point when a P chart has a denominator of 0', () => {
    const e = failure({ ...ten, n: [10, 10, 0, 10, 10, 10, 10, 10, 10, 10], chart: 'p' });
    expect(e.point).toBe(3);
    expect(e.message).toBe('point 3: n must be greater than 0 (n = 0)');
  });

  it('should reject the input when a P′ count is above its denominator', () => {
    const e = failure({ ...ten, n: [10, 3, 10, 10, 10, 10, 10, 10, 10, 10], chart: 'pp' });
    expect(e.point).toBe(2);
    expect(e.message).toMatch(/^point 2: .*cannot exceed its denominator \(y = 4 > n = 3\)$/);
  });

  it('should reject the input when a C or U count is negative', () => {
    const y = [3, 4, 5, -1, 3, 4, 5, 4, 3, 4];
    expect(failure({ x: labels(10), y, chart: 'c' }).point).toBe(4);
    expect(failure({ x: labels(10), y, n: Array(10).fill(5), chart: 'u' }).message).toBe('point 4: a count cannot be negative (y = -1)');
  });

  it('should reject the input when a U′ exposure is negative', () => {
    expect(failure({ ...ten, n: [5, 5, 5, 5, 5, -2, 5, 5, 5, 5], chart: 'up' }).point).toBe(6);
  });

  it('should reject the input when a P or U chart has no n', () => {
    expect(failure({ ...ten, chart: 'p' }).message).toBe('a P chart needs n (the denominator) for every point');
    expect(failure({ ...ten, n: [5, 5, null, 5, 5, 5, 5, 5, 5, 5], chart: 'u' }).point).toBe(3);
  });

  it('should plot y / n when a run chart is given an n column', () => {
    const r = spcChart({ x: labels(3), y: [1, 2, 3], n: [2, 4, 4], chart: 'run' });
    expect(r.points.map((p) => p.y)).toEqual([0.5, 0.5, 0.75]);
    expect(failure({ x: labels(3), y: [1, 2, 3], n: [2, null, 4], chart: 'run' }).point).toBe(2);
  });

  it('should reject the input when the series have different lengths', () => {
    expect(failure({ x: labels(9), y: ten.y, chart: 'run' }).message).toBe('x has 9 values but y has 10');
    expect(failure({ ...ten, n: [1, 2], chart: 'p' }).message).toBe('n has 2 values but y has 10');
  });

  it('should reject the input when a value is not a finite number', () => {
    const e = failure({ x: labels(3), y: [1, Number.NaN, 3], chart: 'run' });
    expect(e.point).toBe(2);
  });

  it('should reject the input when the freeze is outside the series or beyond the first part', () => {
    expect(failure({ ...ten, chart: 'i', freeze: 0 }).message).toMatch(/^freeze 0 is out of range/);
    expect(failure({ ...ten, chart: 'i', freeze: 11 }).message).toMatch(/^freeze 11 is out of range: it must be a point number from 1 to 10/);
    const e = failure({ ...ten, chart: 'i', freeze: 7, parts: [5] });
    expect(e.point).toBe(7);
    expect(e.message).toMatch(/beyond the end of part 1 \(point 5\)/);
  });

  it('should reject the input when a part boundary is outside the series or given twice', () => {
    expect(failure({ ...ten, chart: 'run', parts: [10] }).point).toBe(10);
    expect(failure({ ...ten, chart: 'run', parts: [0] }).message).toMatch(/^part boundary 0 is out of range/);
    expect(failure({ ...ten, chart: 'run', parts: [4, 4] }).message).toBe('part boundary 4 is given twice');
  });

  it('should reject the input when an excluded or astronomical point is outside the series', () => {
    expect(failure({ ...ten, chart: 'run', exclude: [11] }).message).toBe('exclude: point 11 is out of range (1 to 10)');
    expect(failure({ ...ten, chart: 'run', astronomical: [0] }).point).toBe(0);
  });

  it('should reject the input and name the first point of a part when it has fewer than 2 points for limits', () => {
    const e = failure({ ...ten, chart: 'i', parts: [9] });
    expect(e.point).toBe(10);
    expect(e.message).toBe('part 2 (points 10–10) has 1 usable point in its baseline; I chart limits need at least 2');
    expect(failure({ ...ten, chart: 'c', freeze: 1 }).point).toBe(1);
  });

  it('should reject the input when an I chart baseline has no two neighbouring points', () => {
    const e = failure({ x: labels(3), y: [1, 2, 3], chart: 'i', exclude: [2] });
    expect(e.message).toMatch(/no two consecutive usable points/);
  });

  it('should chart a single point when the chart is a run chart', () => {
    const r = spcChart({ x: ['2024-01'], y: [4], chart: 'run' });
    expect(r.parts[0]).toMatchObject({ cl: 4, n_useful: 0, longest_run: 0, longest_run_max: null, n_crossings_min: null });
  });

  it('should show a point without using it when its value is missing', () => {
    const r = spcChart({ x: labels(5), y: [1, 2, null, 4, 5], chart: 'run' });
    expect(r.points[2]).toMatchObject({ y: null, baseline: false, runs_signal: false });
    expect(r.parts[0]).toMatchObject({ cl: 3, n_obs: 4 });
  });

  it('should reject the input when the chart or rule set is unknown', () => {
    expect(failure({ ...ten, chart: 'xbar' as never }).message).toMatch(/^unknown chart "xbar"/);
    expect(failure({ ...ten, chart: 'run', rules: 'nelson' as never }).message).toMatch(/^unknown rule set "nelson"/);
  });
});

describe('SPC input validation: MR charts', () => {
  it('should chart one moving range when the series has two points', () => {
    const r = spcChart({ x: labels(2), y: [3, 5], chart: 'mr' });
    expect(r.points.map((p) => [p.y, p.cl, p.ucl])).toEqual([
      [null, 2, 3.267 * 2],
      [2, 2, 3.267 * 2],
    ]);
  });

  it('should reject the input when a part of an MR chart has no moving range', () => {
    expect(failure({ x: labels(3), y: [3, 5, 4], chart: 'mr', parts: [2] }).message).toBe(
      'part 2 (points 3–3) has 0 moving ranges in its baseline; MR chart limits need at least 1',
    );
  });
});
