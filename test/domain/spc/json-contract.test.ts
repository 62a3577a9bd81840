/**
 * The JSON shape that `zeroloop spc --format json` prints and other tools read
 * (../shared/checks/spc-contract): the same 24-point series with x, y, n and a freeze
 * at 12, for every chart type.
 */
import { describe, it, expect } from 'vitest';
import { spcChart } from '../../../src/domain/spc/spc-chart.ts';
import { CHART_TYPES } from '../../../src/domain/spc/types.ts';
import { labels } from './spc-fixtures.ts';

const x = labels(24);
const y = x.map((i) => ((i * 7) % 11) + 5);
const n = x.map((i) => 40 + i);

const POINT_KEYS = ['x', 'y', 'cl', 'lcl', 'ucl', 'part', 'sigma_signal', 'runs_signal', 'excluded'];
const PART_KEYS = ['part', 'cl', 'n_obs', 'n_useful', 'longest_run', 'longest_run_max', 'n_crossings', 'n_crossings_min', 'runs_signal'];

describe('SPC JSON contract', () => {
  for (const chart of CHART_TYPES) {
    it(`should have the documented keys when the chart is ${chart}`, () => {
      const out = JSON.parse(JSON.stringify(spcChart({ x, y, n, chart, freeze: 12 })));
      expect(out).toMatchObject({ chart, rules: 'anhoej' });
      expect(out.points).toHaveLength(24);
      for (const p of out.points) for (const k of POINT_KEYS) expect(p).toHaveProperty(k);
      expect(out.parts.length).toBeGreaterThan(0);
      for (const k of PART_KEYS) expect(out.parts[0]).toHaveProperty(k);
    });
  }

  it('should plot the ratio and its limits when the chart is p', () => {
    const out = spcChart({ x, y, n, chart: 'p', freeze: 12 });
    // Point 1: 12 of 41.
    expect(out.points[0]).toMatchObject({ x: 1, y: 12 / 41, numerator: 12, n: 41, part: 1, excluded: false });
    expect(out.points[23].baseline).toBe(false);
  });

  it('should have null limits when the chart is a run chart', () => {
    const out = spcChart({ x, y, n, chart: 'run', freeze: 12 });
    expect(out.points.every((p) => p.lcl === null && p.ucl === null)).toBe(true);
  });

  it('should name the rule set that produced every signal when any set is chosen', () => {
    for (const rules of ['anhoej', 'ihi', 'nhs'] as const) {
      const out = spcChart({ x, y: [...y.slice(0, 12), ...y.slice(12).map((v) => v + 20)], chart: 'i', freeze: 12, rules });
      expect(out.rules).toBe(rules);
      expect(out.signals.length).toBeGreaterThan(0);
      const owners = new Set(out.signals.map((s) => s.rule.split('.')[0]));
      for (const o of owners) expect(rules === 'nhs' ? ['nhs'] : [rules, 'shewhart']).toContain(o);
    }
  });
});
