import type { FunctionalZeroSettings, MonthlyFigures } from './types.ts';

/** The three tests of bnl.md "Functional zero". */
export type Criterion = 'rare' | 'brief' | 'non_recurring';

export interface CriterionResult {
  criterion: Criterion;
  met: boolean;
  /** What was compared, in words a steering committee can read. */
  explanation: string;
}

export interface FunctionalZeroStatus {
  population: string;
  /** The month judged (YYYY-MM). */
  month: string;
  actively_homeless: number;
  threshold: number;
  /** How the threshold was set. */
  threshold_basis: string;
  reached: boolean;
  /** People above the threshold (0 when reached on the "rare" test). */
  distance: number;
  /** Consecutive months, ending with this one, in which the rule held. */
  months_sustained: number;
  /** actively_homeless now minus six months earlier; null with less history. */
  change_6_months: number | null;
  trend: 'falling' | 'rising' | 'flat' | 'unknown';
  criteria: CriterionResult[];
}

export interface FunctionalZeroInput {
  population: string;
  /** The population's monthly figures, in month order. */
  months: readonly MonthlyFigures[];
  settings: FunctionalZeroSettings;
  /** Individuals in the most recent point-in-time count, when the community entered it. */
  pitCount: number | null;
  /** Criteria applied to this population (default: all three). */
  criteria?: readonly Criterion[];
}

/**
 * Judges functional zero for one population at every month, and returns the
 * judgement of the last one (with how long it has held).
 *
 * Threshold ("rare"): chronic uses max(floor, share × PIT count); every other
 * population uses max(floor, proven monthly housing rate), the mean placements over
 * the last `housingRateMonths` months including the month judged. Brief: mean days
 * to housing over that window's placements ≤ `briefMaxDays` (met when nobody was
 * placed). Non-recurring: returns from housing over the window ≤ `maxReturnShare`
 * × placements over it.
 */
export function functionalZeroStatus(input: FunctionalZeroInput): FunctionalZeroStatus | null {
  const { months } = input;
  if (months.length === 0) return null;
  const judgements = months.map((_, i) => judgeMonth(input, i));
  const last = judgements[judgements.length - 1];
  let sustained = 0;
  for (let i = judgements.length - 1; i >= 0 && judgements[i].reached; i--) sustained += 1;
  const n = months.length;
  const change = n > 6 ? months[n - 1].actively_homeless - months[n - 7].actively_homeless : null;
  return {
    ...last,
    months_sustained: sustained,
    change_6_months: change,
    trend: change === null ? 'unknown' : change < 0 ? 'falling' : change > 0 ? 'rising' : 'flat',
  };
}

type MonthJudgement = Omit<FunctionalZeroStatus, 'months_sustained' | 'change_6_months' | 'trend'>;

function judgeMonth(input: FunctionalZeroInput, index: number): MonthJudgement {
  const { settings } = input;
  const row = input.months[index];
  const window = input.months.slice(Math.max(0, index - settings.housingRateMonths + 1), index + 1);
  const placements = sum(window, (r) => r.housing_placements);
  const returns = sum(window, (r) => r.returned_from_housing);
  // Days to housing are whole days, so each month's total is its exact mean × placements, rounded.
  const housedDays = sum(window, (r) => Math.round((r.avg_days_to_housing ?? 0) * r.housing_placements));
  const housingRate = placements / window.length;

  let threshold: number;
  let basis: string;
  if (input.population === 'chronic') {
    if (input.pitCount !== null) {
      threshold = Math.max(settings.thresholdFloor, settings.chronicPitShare * input.pitCount);
      basis = `the larger of ${settings.thresholdFloor} and ${fmtPct(settings.chronicPitShare)} of the PIT count (${input.pitCount})`;
    } else {
      threshold = settings.thresholdFloor;
      basis = `the floor of ${settings.thresholdFloor}: no point-in-time count has been entered`;
    }
  } else {
    threshold = Math.max(settings.thresholdFloor, housingRate);
    basis = `the larger of ${settings.thresholdFloor} and the proven monthly housing rate (${round1(housingRate)} placements a month over ${window.length} months)`;
  }

  const wanted = input.criteria ?? ['rare', 'brief', 'non_recurring'];
  const criteria: CriterionResult[] = [];
  if (wanted.includes('rare'))
    criteria.push({
      criterion: 'rare',
      met: row.actively_homeless <= threshold,
      explanation: `${row.actively_homeless} actively homeless against a threshold of ${round1(threshold)}`,
    });
  if (wanted.includes('brief')) {
    const avg = placements > 0 ? housedDays / placements : null;
    criteria.push({
      criterion: 'brief',
      met: avg === null || avg <= settings.briefMaxDays,
      explanation: avg === null ? 'nobody was housed in the window' : `${round1(avg)} days on average from identification to move-in (at most ${settings.briefMaxDays})`,
    });
  }
  if (wanted.includes('non_recurring'))
    criteria.push({
      criterion: 'non_recurring',
      met: returns <= settings.maxReturnShare * placements,
      explanation: `${returns} returns from housing against ${placements} placements (at most ${fmtPct(settings.maxReturnShare)})`,
    });

  return {
    population: input.population,
    month: row.month,
    actively_homeless: row.actively_homeless,
    threshold: round1(threshold),
    threshold_basis: basis,
    reached: criteria.every((c) => c.met),
    distance: Math.max(0, Math.ceil(row.actively_homeless - threshold)),
    criteria,
  };
}

function sum<T>(xs: readonly T[], f: (x: T) => number): number {
  let s = 0;
  for (const x of xs) s += f(x);
  return s;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function fmtPct(share: number): string {
  return `${round1(share * 100)}%`;
}
