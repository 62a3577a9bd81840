/**
 * Shapes of the statistical process control (SPC) module (spc.md). Field names of
 * points and parts are snake_case because they are the JSON contract that
 * `zeroloop spc --format json` prints and that other tools read.
 */

export const CHART_TYPES = ['run', 'i', 'mr', 'p', 'pp', 'u', 'up', 'c'] as const;
/** run; I (XmR); MR; P; P′ (Laney, "pp"); U; U′ (Laney, "up"); C. */
export type ChartType = (typeof CHART_TYPES)[number];

export const RULE_SETS = ['anhoej', 'ihi', 'nhs'] as const;
export type RuleSet = (typeof RULE_SETS)[number];

/** Which way is better for the measure. */
export type Improvement = 'up' | 'down';

/**
 * Every rule that can fire, prefixed by the rule set that owns it. A point beyond
 * the 3-sigma limits is Shewhart's rule under the Anhøj and IHI sets and the first
 * NHS rule under the NHS set.
 */
export type SignalRule =
  | 'shewhart.outside_limits'
  | 'anhoej.long_run'
  | 'anhoej.few_crossings'
  | 'ihi.shift'
  | 'ihi.trend'
  | 'ihi.too_few_runs'
  | 'ihi.too_many_runs'
  | 'ihi.astronomical'
  | 'nhs.outside_limits'
  | 'nhs.trend'
  | 'nhs.two_of_three'
  | 'nhs.shift';

/** Order in which signals are listed and, for NHS, the order of precedence (spc.md). */
export const RULE_ORDER: readonly SignalRule[] = [
  'nhs.outside_limits',
  'nhs.trend',
  'nhs.two_of_three',
  'nhs.shift',
  'shewhart.outside_limits',
  'anhoej.long_run',
  'anhoej.few_crossings',
  'ihi.shift',
  'ihi.trend',
  'ihi.too_few_runs',
  'ihi.too_many_runs',
  'ihi.astronomical',
];

/** Improvement or concern follows from the direction of improvement; neutral when none was given. */
export type Classification = 'improvement' | 'concern' | 'neutral';

export interface SpcInput {
  /** Labels of the points (dates, periods), in time order. */
  x: readonly (string | number)[];
  /** Values; counts for p, pp, u, up and c charts. null marks a missing value. */
  y: readonly (number | null)[];
  /**
   * Denominators: required by p and pp (subgroup sizes) and u and up (exposure).
   * Run, I and MR charts plot y / n when n is given; C charts ignore it.
   */
  n?: readonly (number | null)[] | null;
  chart: ChartType;
  /** Centre and limits of part 1 come from points 1..freeze only (1-based). */
  freeze?: number | null;
  /** A new part starts after each of these 1-based points. */
  parts?: readonly number[];
  /** 1-based points shown but left out of centre, limits and run analysis. */
  exclude?: readonly number[];
  rules?: RuleSet;
  /** Moving-range screening for I and MR charts (default on). */
  screen?: boolean;
  improvement?: Improvement | null;
  /** Target for NHS assurance. */
  target?: number | null;
  /** 1-based points a person judged obviously different (IHI "astronomical point"). */
  astronomical?: readonly number[];
}

export interface SpcPoint {
  /** 1-based point number. */
  point: number;
  x: string | number;
  /** The plotted value: the ratio for p/pp/u/up, the moving range for MR; null when missing. */
  y: number | null;
  cl: number | null;
  lcl: number | null;
  ucl: number | null;
  /** One sigma at this point (unclamped), for the 2-sigma zones; null without limits. */
  sigma: number | null;
  part: number;
  /** The point is beyond a 3-sigma limit. */
  sigma_signal: boolean;
  /** The point belongs to a pattern (run, trend, crossings, number of runs, 2 of 3) that broke a rule. */
  runs_signal: boolean;
  excluded: boolean;
  /** Used for the centre line and limits (inside the freeze, not excluded, not missing). */
  baseline: boolean;
  /** y as given, when n is given (the count of a p or u chart). */
  numerator: number | null;
  n: number | null;
  astronomical: boolean;
  /** Rules that fired at this point, in order of precedence. */
  signals: SignalRule[];
  /** Of the first signal that has a direction. */
  classification: Classification | null;
}

export type VariationIcon =
  | 'common_cause'
  | 'improvement_high'
  | 'improvement_low'
  | 'concern_high'
  | 'concern_low'
  | 'neutral_high'
  | 'neutral_low';

/** Where the target lies against the limits (NHS "assurance"). */
export type Assurance = 'always_meets' | 'never_meets' | 'inconsistent';

export interface NhsSummary {
  /** From the last point of the part that has a value and is not excluded. */
  variation: VariationIcon;
  /** null without a target, a direction of improvement or limits. */
  assurance: Assurance | null;
  /** The point the variation icon was read from. */
  point: number | null;
}

export interface SpcPart {
  part: number;
  first: number;
  last: number;
  cl: number;
  /** Points with a value in the part (excluded ones included). */
  n_obs: number;
  /** Points not excluded, not missing and not on the centre line; null for MR charts. */
  n_useful: number | null;
  longest_run: number | null;
  /** Longest run allowed by the rule set (Anhøj: round(log2 n) + 3; IHI: 5; NHS: 6). */
  longest_run_max: number | null;
  n_crossings: number | null;
  /** Fewest crossings allowed (Anhøj: 5th percentile of Bin(n − 1, ½); IHI: runs_min − 1; NHS: none). */
  n_crossings_min: number | null;
  /** A pattern rule fired in this part. */
  runs_signal: boolean;
  /** A point of this part is beyond a limit. */
  sigma_signal: boolean;
  /** Points used for centre and limits. */
  n_baseline: number;
  n_runs: number | null;
  /** IHI runs table: fewer runs than this is a signal. */
  runs_min: number | null;
  /** IHI runs table: more runs than this is a signal. */
  runs_max: number | null;
  /** Mean moving range used for I and MR limits (after screening). */
  mr_mean: number | null;
  /** Points whose moving range was screened out of mr_mean. */
  mr_screened: number[];
  /** Laney's between-subgroup factor for P′ and U′. */
  sigma_z: number | null;
  nhs: NhsSummary | null;
}

export interface SpcSignal {
  point: number;
  part: number;
  rule: SignalRule;
  message: string;
  classification: Classification | null;
  /** First and last point of the pattern the point belongs to (the point itself for one-point rules). */
  from: number;
  to: number;
}

export interface SpcResult {
  chart: ChartType;
  rules: RuleSet;
  points: SpcPoint[];
  parts: SpcPart[];
  signals: SpcSignal[];
  screen: boolean;
  freeze: number | null;
  improvement: Improvement | null;
  target: number | null;
  /** The last part's NHS summary, when rules = nhs. */
  nhs: NhsSummary | null;
}
