/**
 * Published data sets for the SPC tests, with where they come from.
 *
 * Montgomery, Introduction to Statistical Quality Control: the orange juice cans
 * (nonconforming cans in samples of n = 50; 30 trial samples, then 24 after a machine
 * adjustment) and the printed circuit boards (nonconformities per 100 boards; 26 trial
 * samples, then 20 more). The counts are as reproduced in the documentation of the R
 * packages qcc and qcr (data sets `orangejuice`, `circuit`) and in course material
 * that reprints the tables; the qcc summary of samples 31–94 (mean 5.484 over 64
 * samples) agrees with the 24 counts used here plus the 40 that follow them.
 */

/** Orange juice cans, samples 1–30 (trial) and 31–54 (after the adjustment). */
export const ORANGE_JUICE_TRIAL = [12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11, 20, 18, 24, 15, 9, 12, 7, 13, 9, 6];
export const ORANGE_JUICE_AFTER = [9, 6, 12, 5, 6, 4, 6, 3, 7, 6, 2, 4, 3, 6, 5, 4, 8, 5, 6, 7, 5, 6, 3, 5];

/** Nonconformities in samples of 100 printed circuit boards: 26 trial samples, then 20 more. */
export const CIRCUIT_TRIAL = [21, 24, 16, 12, 15, 5, 28, 20, 31, 25, 20, 24, 16, 19, 10, 17, 13, 22, 18, 39, 30, 24, 16, 19, 17, 15];
export const CIRCUIT_AFTER = [16, 18, 12, 15, 24, 21, 28, 20, 25, 19, 18, 21, 16, 22, 19, 12, 14, 9, 16, 21];

/** 1, 2, … n as x labels. */
export function labels(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

/** |actual − expected| ≤ tolerance, with both in the failure message. */
export function near(actual: number | null, expected: number, tolerance: number): boolean {
  return actual !== null && Math.abs(actual - expected) <= tolerance;
}
