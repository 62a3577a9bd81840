import type { ChartType } from './types.ts';

/** The chart's name as people write it, for messages. */
export function chartName(chart: ChartType): string {
  return NAMES[chart];
}

const NAMES: Record<ChartType, string> = {
  run: 'run chart',
  i: 'I chart',
  mr: 'MR chart',
  p: 'P chart',
  pp: 'P′ chart',
  u: 'U chart',
  up: 'U′ chart',
  c: 'C chart',
};
