/**
 * Anhøj limits from their definitions (spc.md; Anhøj & Olesen 2014): longest run
 * allowed round(log2 n) + 3, fewest crossings the 5th percentile of Bin(n − 1, ½).
 * Checked against spc.md's examples, against the published table of longest-run
 * limits at unaettie.com ("Critical values for run length in run chart"), against
 * binomial tails worked by hand, and against a plain floating-point recomputation
 * for every n from 10 to 100.
 */
import { describe, it, expect } from 'vitest';
import { binomialHalfQuantile, binomialHalfQuantileFloat, crossingsMin, longestRunMax } from '../../../src/domain/spc/anhoej-limits.ts';

describe('Anhøj limits', () => {
  it('should match the examples in spc.md when n is 10, 20, 24, 30, 50 and 100', () => {
    const examples: [number, number, number][] = [
      [10, 6, 2],
      [20, 7, 6],
      [24, 8, 8],
      [30, 8, 10],
      [50, 9, 19],
      [100, 10, 41],
    ];
    for (const [n, run, crossings] of examples) {
      expect([n, longestRunMax(n), crossingsMin(n)]).toEqual([n, run, crossings]);
    }
  });

  it('should match the published longest-run table when log2 n is close to a half', () => {
    // unaettie.com table: 11 → 6, 12 → 7, 22 → 7, 23 → 8, 45 → 8, 46 → 9, 90 → 9, 91 → 10.
    const table: [number, number][] = [
      [11, 6],
      [12, 7],
      [22, 7],
      [23, 8],
      [45, 8],
      [46, 9],
      [90, 9],
      [91, 10],
    ];
    for (const [n, run] of table) expect([n, longestRunMax(n)]).toEqual([n, run]);
  });

  it('should give the binomial percentile worked by hand when n is 10 and 13', () => {
    // n = 10: Bin(9, ½): P(X ≤ 1) = 10/512 ≈ 0.020 < 0.05, P(X ≤ 2) = 46/512 ≈ 0.090 → 2.
    expect(binomialHalfQuantile(9, 1n, 20n)).toBe(2);
    // n = 13: Bin(12, ½): P(X ≤ 2) = 79/4096 ≈ 0.019, P(X ≤ 3) = 299/4096 ≈ 0.073 → 3
    // ("fewer than three crossings" for 13 points, Wentzel-Larsen & Anhøj).
    expect(crossingsMin(13)).toBe(3);
  });

  it('should agree with a floating-point recomputation of the definitions when n is 10 to 100', () => {
    for (let n = 10; n <= 100; n++) {
      const m = n - 1;
      let term = 2 ** -m; // C(m, 0) / 2^m
      let cdf = 0;
      let k = 0;
      for (; k <= m; k++) {
        cdf += term;
        if (cdf >= 0.05) break;
        term = (term * (m - k)) / (k + 1);
      }
      expect([n, crossingsMin(n), longestRunMax(n)]).toEqual([n, k, Math.round(Math.log2(n)) + 3]);
    }
  });

  it('should have no limits when there are no useful points', () => {
    expect(longestRunMax(0)).toBeNull();
    expect(crossingsMin(0)).toBeNull();
  });
});

describe('Anhøj limits for long series', () => {
  it('should give the same crossings percentile in log space as with exact integers when n is up to a few thousand', () => {
    for (const n of [10, 24, 100, 1001, 4999, 5000]) {
      expect([n, binomialHalfQuantileFloat(n - 1, 0.05)]).toEqual([n, binomialHalfQuantile(n - 1, 1n, 20n)]);
    }
  });
});
