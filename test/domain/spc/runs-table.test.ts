/**
 * The IHI runs limits, derived from the distribution of the number of runs
 * (Swed & Eisenhart 1943) at 2.5% in each tail. Hand-worked for n = 10 and 11 and
 * checked against a brute-force count of every arrangement for n = 10 to 16.
 */
import { describe, it, expect } from 'vitest';
import { runsCounts, runsLimits, runsLimitsLogSpace } from '../../../src/domain/spc/runs-table.ts';

describe('IHI runs table', () => {
  it('should allow 3 to 9 runs when there are 10 useful points', () => {
    // 5 above, 5 below: C(10, 5) = 252 arrangements. 2 runs: 2 ways (0.8%); 3 runs:
    // C(4,1)·C(4,0)·2 = 8 ways, so P(R ≤ 3) = 10/252 ≈ 4.0% > 2.5% → fewer than 3 is a signal.
    // The distribution is symmetric about 6: more than 9 runs is a signal.
    expect(runsLimits(10)).toEqual({ min: 3, max: 9 });
  });

  it('should allow 4 to 9 runs when there are 11 useful points', () => {
    // 5 and 6: C(11, 5) = 462. R = 2: 2; R = 3: C(4,1)C(5,0) + C(4,0)C(5,1) = 9 → 11/462 ≈ 2.4%;
    // R = 4: 2·C(4,1)C(5,1) = 40 → 51/462 ≈ 11% → min 4. R = 11: 1; R = 10: 2·C(4,4)C(5,4) = 10
    // → 11/462 ≈ 2.4%; R = 9: C(4,4)C(5,3) + C(4,3)C(5,4) = 30 → 41/462 ≈ 8.9% → max 9.
    expect(runsLimits(11)).toEqual({ min: 4, max: 9 });
  });

  it('should count arrangements by runs exactly as a brute-force enumeration does when n is 10 to 16', () => {
    for (let n = 10; n <= 16; n++) {
      const n1 = Math.floor(n / 2);
      const byRuns = new Array(n + 1).fill(0);
      for (let mask = 0; mask < 1 << n; mask++) {
        if (popcount(mask) !== n1) continue;
        let runs = 1;
        for (let b = 1; b < n; b++) if (((mask >> b) & 1) !== ((mask >> (b - 1)) & 1)) runs += 1;
        byRuns[runs] += 1;
      }
      expect(runsCounts(n1, n - n1).map(Number)).toEqual(byRuns);
    }
  });

  it('should keep each tail at or under 2.5% and the next value over it when n is 10 to 60', () => {
    for (let n = 10; n <= 60; n++) {
      const n1 = Math.floor(n / 2);
      const counts = runsCounts(n1, n - n1).map(Number);
      const total = counts.reduce((a, b) => a + b, 0);
      const limits = runsLimits(n)!;
      const below = (r: number) => counts.slice(0, r).reduce((a, b) => a + b, 0) / total; // P(R < r)
      const above = (r: number) => counts.slice(r + 1).reduce((a, b) => a + b, 0) / total; // P(R > r)
      expect(below(limits.min)).toBeLessThanOrEqual(0.025);
      expect(below(limits.min + 1)).toBeGreaterThan(0.025);
      expect(above(limits.max)).toBeLessThanOrEqual(0.025);
      expect(above(limits.max - 1)).toBeGreaterThan(0.025);
    }
  });

  it('should have no limits when fewer than 2 points are useful', () => {
    expect(runsLimits(1)).toBeNull();
    expect(runsLimits(0)).toBeNull();
  });
});

function popcount(x: number): number {
  let c = 0;
  for (; x; x &= x - 1) c += 1;
  return c;
}

describe('IHI runs table for long series', () => {
  it('should give the same limits in log space as with exact integers when n is up to a few thousand', () => {
    for (const n of [10, 11, 57, 100, 1001, 4999, 5000]) expect([n, runsLimitsLogSpace(n)]).toEqual([n, runsLimits(n)]);
  });
});
