import { EXACT_LIMIT } from './anhoej-limits.ts';
import { logChoose, logFactorials } from './log-factorials.ts';

/**
 * The IHI "too few or too many runs" limits, derived from the exact distribution of
 * the number of runs in a random arrangement of n1 points above and n2 below the
 * centre (Swed & Eisenhart 1943), the distribution behind the table in Perla,
 * Provost & Murray (2011). The table is indexed by the number of useful points only,
 * so the points are taken as split evenly (n1 = ⌊n/2⌋, n2 = ⌈n/2⌉), as a median splits
 * them. Each tail is held to at most 2.5%, about 5% in all:
 * - min: fewer runs than this is a signal (P(R < min) ≤ 2.5% < P(R ≤ min));
 * - max: more runs than this is a signal (P(R > max) ≤ 2.5% < P(R ≥ max)).
 */

export interface RunsLimits {
  min: number;
  max: number;
}

export function runsLimits(nUseful: number): RunsLimits | null {
  const n1 = Math.floor(nUseful / 2);
  const n2 = nUseful - n1;
  if (n1 < 1) return null;
  if (nUseful > EXACT_LIMIT) return runsLimitsLogSpace(nUseful);
  const counts = runsCounts(n1, n2);
  let total = 0n;
  for (const c of counts) total += c;
  // A tail is rare while its count × 40 ≤ total (2.5%).
  let min = 2;
  let lower = 0n;
  for (let r = 2; r < counts.length; r++) {
    lower += counts[r];
    if (lower * 40n > total) {
      min = r;
      break;
    }
  }
  let max = counts.length - 1;
  let upper = 0n;
  for (let r = counts.length - 1; r >= 2; r--) {
    upper += counts[r];
    if (upper * 40n > total) {
      max = r;
      break;
    }
  }
  return { min, max };
}

/** The same limits from log-space terms, for long series (see EXACT_LIMIT). */
export function runsLimitsLogSpace(nUseful: number): RunsLimits {
  const n1 = Math.floor(nUseful / 2);
  const n2 = nUseful - n1;
  const lf = logFactorials(n1 + n2);
  const logTotal = logChoose(lf, n1 + n2, n1);
  const p = (r: number): number => {
    const k = r >> 1;
    const a = (x: number, y: number) => logChoose(lf, n1 - 1, x) + logChoose(lf, n2 - 1, y) - logTotal;
    return r % 2 === 0 ? 2 * Math.exp(a(k - 1, k - 1)) : Math.exp(a(k, k - 1)) + Math.exp(a(k - 1, k));
  };
  let min = 2;
  for (let r = 2, tail = 0; r <= n1 + n2; r++) {
    tail += p(r);
    if (tail > 0.025) {
      min = r;
      break;
    }
  }
  let max = n1 + n2;
  for (let r = n1 + n2, tail = 0; r >= 2; r--) {
    tail += p(r);
    if (tail > 0.025) {
      max = r;
      break;
    }
  }
  return { min, max };
}

/**
 * Number of arrangements of n1 and n2 like items with exactly r runs, for r = 0..n1+n2:
 * 2·C(n1−1, k−1)·C(n2−1, k−1) when r = 2k, and
 * C(n1−1, k)·C(n2−1, k−1) + C(n1−1, k−1)·C(n2−1, k) when r = 2k + 1.
 */
export function runsCounts(n1: number, n2: number): bigint[] {
  const a = binomialRow(n1 - 1);
  const b = binomialRow(n2 - 1);
  const c = (row: bigint[], k: number) => (k >= 0 && k < row.length ? row[k] : 0n);
  const counts: bigint[] = new Array(n1 + n2 + 1).fill(0n);
  for (let r = 2; r <= n1 + n2; r++) {
    const k = r >> 1;
    counts[r] = r % 2 === 0 ? 2n * c(a, k - 1) * c(b, k - 1) : c(a, k) * c(b, k - 1) + c(a, k - 1) * c(b, k);
  }
  return counts;
}

/** C(n, 0..n), each from the one before, so long series stay fast. */
function binomialRow(n: number): bigint[] {
  const row: bigint[] = [1n];
  for (let k = 0; k < n; k++) row.push((row[k] * BigInt(n - k)) / BigInt(k + 1));
  return row;
}
