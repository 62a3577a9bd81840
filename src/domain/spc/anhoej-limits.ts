import { logChoose, logFactorials } from './log-factorials.ts';

/**
 * The Anhøj run-chart limits, computed from their definitions (Anhøj & Olesen 2014,
 * PLoS ONE 9(11): e113825) rather than read from a table:
 * - the longest run allowed is round(log2 n) + 3;
 * - the fewest crossings allowed is the 5th percentile of Binomial(n − 1, ½), the
 *   smallest k with P(X ≤ k) ≥ 0.05.
 * n is the number of useful observations (not on the centre line).
 */

export function longestRunMax(nUseful: number): number | null {
  if (nUseful < 1) return null;
  return Math.round(Math.log2(nUseful)) + 3;
}

/** Above this many useful points the percentile is summed in floating point (see below). */
export const EXACT_LIMIT = 5000;

export function crossingsMin(nUseful: number): number | null {
  if (nUseful < 1) return null;
  return nUseful <= EXACT_LIMIT ? binomialHalfQuantile(nUseful - 1, 1n, 20n) : binomialHalfQuantileFloat(nUseful - 1, 0.05);
}

/**
 * Smallest k with P(X ≤ k) ≥ num/den for X ~ Binomial(m, ½). Exact: the cumulative
 * count Σ C(m, i) is compared with 2^m · num/den in integers, so no rounding can move
 * a percentile across a boundary.
 */
export function binomialHalfQuantile(m: number, num: bigint, den: bigint): number {
  const total = 1n << BigInt(m);
  let term = 1n; // C(m, k)
  let cumulative = 0n;
  for (let k = 0; k <= m; k++) {
    cumulative += term;
    if (cumulative * den >= total * num) return k;
    term = (term * BigInt(m - k)) / BigInt(k + 1);
  }
  return m;
}

/**
 * The same percentile from log-space terms, for series so long that exact integers
 * would take too long; the relative error of the sum is far below anything that could
 * move a percentile of a distribution this wide.
 */
export function binomialHalfQuantileFloat(m: number, p: number): number {
  const lf = logFactorials(m);
  const ln2m = m * Math.LN2;
  let cumulative = 0;
  for (let k = 0; k <= m; k++) {
    cumulative += Math.exp(logChoose(lf, m, k) - ln2m);
    if (cumulative >= p) return k;
  }
  return m;
}
