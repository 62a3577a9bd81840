/**
 * ln k! for k = 0..n, for probabilities over long series where exact integer
 * arithmetic would hold numbers of tens of thousands of digits.
 */
export function logFactorials(n: number): Float64Array {
  const out = new Float64Array(n + 1);
  for (let k = 2; k <= n; k++) out[k] = out[k - 1] + Math.log(k);
  return out;
}

/** ln C(n, k) from a table of ln k!; −Infinity when k is outside 0..n. */
export function logChoose(lf: Float64Array, n: number, k: number): number {
  if (k < 0 || n < 0 || k > n) return -Infinity;
  return lf[n] - lf[k] - lf[n - k];
}
