import { chartName } from './chart-name.ts';
import { SpcInputError } from './spc-input-error.ts';
import { CHART_TYPES, RULE_SETS, type ChartType, type Improvement, type RuleSet, type SpcInput } from './types.ts';

/** Validated input, with 0-based indexes and the plotted value of every point. */
export interface PreparedSeries {
  chart: ChartType;
  rules: RuleSet;
  screen: boolean;
  improvement: Improvement | null;
  target: number | null;
  freeze: number | null;
  size: number;
  x: (string | number)[];
  /** y as given. */
  counts: (number | null)[];
  denominators: (number | null)[];
  /** The value plotted before any moving-range transform; null when missing. */
  values: (number | null)[];
  excluded: boolean[];
  astronomical: boolean[];
  /** 0-based part of each point. */
  partOf: number[];
  /** 0-based inclusive bounds of each part. */
  parts: { first: number; last: number }[];
  /** Has a value, is not excluded, and lies inside the freeze (part 1 only). */
  baseline: boolean[];
}

const NEEDS_N: ReadonlySet<ChartType> = new Set(['p', 'pp', 'u', 'up']);
const USES_N: ReadonlySet<ChartType> = new Set(['run', 'i', 'mr', 'p', 'pp', 'u', 'up']);

export function prepareSeries(input: SpcInput): PreparedSeries {
  const { chart } = input;
  if (!CHART_TYPES.includes(chart)) throw new SpcInputError(`unknown chart "${String(chart)}" (one of ${CHART_TYPES.join(', ')})`);
  const rules = input.rules ?? 'anhoej';
  if (!RULE_SETS.includes(rules)) throw new SpcInputError(`unknown rule set "${String(rules)}" (one of ${RULE_SETS.join(', ')})`);
  const improvement = input.improvement ?? null;
  if (improvement !== null && improvement !== 'up' && improvement !== 'down') {
    throw new SpcInputError(`improvement must be "up", "down" or null, not "${String(improvement)}"`);
  }
  const target = input.target ?? null;
  if (target !== null && !Number.isFinite(target)) throw new SpcInputError('target must be a finite number');

  const size = input.y.length;
  if (input.x.length !== size) throw new SpcInputError(`x has ${input.x.length} values but y has ${size}`);
  const n = input.n ?? null;
  if (n !== null && n.length !== size) throw new SpcInputError(`n has ${n.length} values but y has ${size}`);
  if (size === 0) throw new SpcInputError('no points to chart');
  if (NEEDS_N.has(chart) && n === null) throw new SpcInputError(`a ${chartName(chart)} needs n (${denominatorName(chart)}) for every point`);

  const counts: (number | null)[] = [];
  const denominators: (number | null)[] = [];
  const values: (number | null)[] = [];
  for (let i = 0; i < size; i++) {
    const y = checkNumber(input.y[i], 'y', i);
    const d = n === null ? null : checkNumber(n[i], 'n', i);
    counts.push(y);
    denominators.push(d);
    values.push(plottedValue(chart, y, d, n !== null && USES_N.has(chart), i));
  }

  const parts = partBounds(input.parts ?? [], size);
  const partOf: number[] = new Array(size);
  parts.forEach((p, k) => {
    for (let i = p.first; i <= p.last; i++) partOf[i] = k;
  });

  const freeze = input.freeze ?? null;
  if (freeze !== null) {
    if (!Number.isInteger(freeze) || freeze < 1 || freeze > size) {
      throw new SpcInputError(`freeze ${freeze} is out of range: it must be a point number from 1 to ${size}`, Number.isInteger(freeze) ? freeze : null);
    }
    if (freeze > parts[0].last + 1) {
      throw new SpcInputError(`freeze ${freeze} is beyond the end of part 1 (point ${parts[0].last + 1}): a baseline belongs to the first part`, freeze);
    }
  }

  const excluded = pointFlags(input.exclude ?? [], size, 'exclude');
  const astronomical = pointFlags(input.astronomical ?? [], size, 'astronomical');
  const baseline = values.map((v, i) => v !== null && !excluded[i] && (freeze === null || partOf[i] > 0 || i < freeze));

  return {
    chart,
    rules,
    screen: input.screen ?? true,
    improvement,
    target,
    freeze,
    size,
    x: [...input.x],
    counts,
    denominators,
    values,
    excluded,
    astronomical,
    partOf,
    parts,
    baseline,
  };
}

function checkNumber(v: number | null | undefined, field: string, i: number): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new SpcInputError(`point ${i + 1}: ${field} must be a finite number or empty, not ${String(v)}`, i + 1);
  }
  return v;
}

/**
 * The value on the chart, after the checks each chart type needs: y / n when the
 * chart uses the n column (a column given to a run, I or MR chart makes it a chart of
 * ratios, so every point with a value needs its n), y otherwise.
 */
function plottedValue(chart: ChartType, y: number | null, n: number | null, useN: boolean, i: number): number | null {
  const point = i + 1;
  if (y === null) return null;
  if ((chart === 'p' || chart === 'pp' || chart === 'u' || chart === 'up' || chart === 'c') && y < 0) {
    throw new SpcInputError(`point ${point}: a count cannot be negative (y = ${y})`, point);
  }
  if (!useN) return y;
  if (n === null) throw new SpcInputError(`point ${point}: y is given but n (${denominatorName(chart)}) is missing`, point);
  if (n <= 0) throw new SpcInputError(`point ${point}: n must be greater than 0 (n = ${n})`, point);
  if ((chart === 'p' || chart === 'pp') && y > n) {
    throw new SpcInputError(`point ${point}: a proportion's count cannot exceed its denominator (y = ${y} > n = ${n})`, point);
  }
  return y / n;
}

function denominatorName(chart: ChartType): string {
  return chart === 'u' || chart === 'up' ? 'the exposure' : 'the denominator';
}

/** `--part 24` starts a new part after point 24. */
function partBounds(boundaries: readonly number[], size: number): { first: number; last: number }[] {
  const sorted = [...boundaries].sort((a, b) => a - b);
  for (let k = 0; k < sorted.length; k++) {
    const b = sorted[k];
    if (!Number.isInteger(b) || b < 1 || b > size - 1) {
      throw new SpcInputError(`part boundary ${b} is out of range: a new part starts after a point from 1 to ${size - 1}`, Number.isInteger(b) ? b : null);
    }
    if (k > 0 && sorted[k - 1] === b) throw new SpcInputError(`part boundary ${b} is given twice`, b);
  }
  const out: { first: number; last: number }[] = [];
  let first = 0;
  for (const b of sorted) {
    out.push({ first, last: b - 1 });
    first = b;
  }
  out.push({ first, last: size - 1 });
  return out;
}

function pointFlags(points: readonly number[], size: number, field: string): boolean[] {
  const flags: boolean[] = new Array(size).fill(false);
  for (const p of points) {
    if (!Number.isInteger(p) || p < 1 || p > size) {
      throw new SpcInputError(`${field}: point ${p} is out of range (1 to ${size})`, Number.isInteger(p) ? p : null);
    }
    flags[p - 1] = true;
  }
  return flags;
}
