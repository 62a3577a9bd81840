import type { Classification, Improvement } from './types.ts';

/** Improvement when a signal lies (or moves) the way that is better; concern otherwise. */
export function classify(side: 1 | -1 | null, improvement: Improvement | null): Classification | null {
  if (side === null) return null;
  if (improvement === null) return 'neutral';
  return (side === 1) === (improvement === 'up') ? 'improvement' : 'concern';
}
