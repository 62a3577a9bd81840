export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Equality for "on the centre line" and "equal neighbours": a mean computed in
 * floating point can miss a value it equals exactly (0.1 + 0.2 + 0.3 over 3 is not 0.2).
 */
export function sameValue(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Above (1), below (−1) or on (0) the centre line. */
export function sideOf(value: number, centre: number): 1 | -1 | 0 {
  if (sameValue(value, centre)) return 0;
  return value > centre ? 1 : -1;
}
