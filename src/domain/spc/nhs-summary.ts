import type { Assurance, Classification, Improvement, NhsSummary, VariationIcon } from './types.ts';

/**
 * NHS "Making Data Count" summary of a part: the variation icon read from its last
 * point, and assurance from where the target lies against the limits.
 */
export function nhsSummary(input: {
  /** 1-based last point with a value that is not excluded; null when there is none. */
  point: number | null;
  /** The classification and side of that point's first signal; null for common cause. */
  signal: { classification: Classification; side: 1 | -1 } | null;
  /** Limits at the last point that has them. */
  lcl: number | null;
  ucl: number | null;
  target: number | null;
  improvement: Improvement | null;
}): NhsSummary {
  const variation: VariationIcon = input.signal ? `${input.signal.classification}_${input.signal.side === 1 ? 'high' : 'low'}` : 'common_cause';
  return { variation, assurance: assurance(input.lcl, input.ucl, input.target, input.improvement), point: input.point };
}

/**
 * The process will meet the target every time when the whole band between the limits
 * is on the passing side (a value equal to the target meets it), never when the whole
 * band is on the failing side, and only sometimes otherwise.
 */
export function assurance(lcl: number | null, ucl: number | null, target: number | null, improvement: Improvement | null): Assurance | null {
  if (lcl === null || ucl === null || target === null || improvement === null) return null;
  if (improvement === 'up') {
    if (lcl >= target) return 'always_meets';
    if (ucl < target) return 'never_meets';
  } else {
    if (ucl <= target) return 'always_meets';
    if (lcl > target) return 'never_meets';
  }
  return 'inconsistent';
}
