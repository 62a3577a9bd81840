/**
 * Whether an aim is on track, judged from its measure's chart values (pure; no I/O).
 *
 * Rules, in order:
 * 1. Points with a null value are ignored. With no values left the status is
 *    `no_data`.
 * 2. A value meets the target when it is at or better than the target value: at or
 *    above it when higher is better (direction up), at or below it when lower is
 *    better (direction down). A value exactly at the target meets it.
 * 3. periods_at_target is the number of consecutive latest values that meet the
 *    target (0 when the latest does not).
 * 4. periods_at_target ≥ sustain_periods (and ≥ 1) → `sustained`; otherwise
 *    periods_at_target ≥ 1 → `achieved`.
 * 5. Otherwise the latest value did not meet the target:
 *    - when the last day of the latest period is after the target date, the target
 *      date passed without the target being met → `off_track`;
 *    - else `on_track` when the latest value is at or better than expected_value, or
 *      when the chart shows an improvement signal in its current part;
 *    - else `off_track` (also when there is no expected value for lack of a baseline
 *      and no improvement signal).
 *
 * expected_value is the straight path from (first day of baseline_period,
 * baseline_value) to (target_date, target_value), read at the last day of the
 * latest period. From the target date on it is the target value; before the
 * baseline period starts it is the baseline value; null when the aim has no
 * baseline value or no baseline period (and with status `no_data`). It is rounded
 * to 4 decimals, and rule 5 compares the latest value with that rounded number, so
 * a value equal to the expected_value shown is on the path.
 *
 * The reason is one plain sentence for a steering committee; numbers in it are
 * rounded to 2 decimals. A period or date that does not parse, a value that is not
 * a finite number, points out of time order, or a sustain_periods below 1 are
 * programming errors at this layer and throw a RangeError.
 */
import { parseDay } from '../time/day.ts';
import type { Improvement } from '../spc/types.ts';
import { periodFirstDay, periodLastDay, requirePeriod } from './periods.ts';
import type { Aim, AimProgress, Frequency } from './types.ts';

export interface AimJudgementInput {
  aim: Pick<Aim, 'baseline_value' | 'baseline_period' | 'target_value' | 'target_date' | 'sustain_periods'>;
  /** The measure's frequency: the format of every period. */
  frequency: Frequency;
  /** Which way is better for the measure. */
  direction: Improvement;
  /** The measure's chart values, in time order. */
  points: readonly { period: string; value: number | null }[];
  /** The SPC chart shows an improvement signal in its current (last) part. */
  improvementSignal: boolean;
}

export function judgeAim(input: AimJudgementInput): AimProgress {
  const { aim, frequency, direction, improvementSignal } = input;

  const targetDay = parseDay(aim.target_date);
  if (targetDay === null) throw new RangeError(`The aim's target date "${aim.target_date}" is not a date (YYYY-MM-DD)`);
  requireFinite(aim.target_value, "The aim's target value");
  if (!Number.isInteger(aim.sustain_periods) || aim.sustain_periods < 1) {
    throw new RangeError(`The aim's sustain_periods must be a whole number of at least 1, got ${aim.sustain_periods}`);
  }
  const baselineIndex = aim.baseline_period === null ? null : requirePeriod(frequency, aim.baseline_period);
  if (aim.baseline_value !== null) requireFinite(aim.baseline_value, "The aim's baseline value");

  const values: { period: string; index: number; value: number }[] = [];
  for (const p of input.points) {
    const index = requirePeriod(frequency, p.period);
    if (p.value === null) continue;
    requireFinite(p.value, `The value of ${p.period}`);
    const previous = values.at(-1);
    if (previous !== undefined && previous.index >= index) {
      throw new RangeError(`The points are not in time order: ${p.period} comes after ${previous.period}`);
    }
    values.push({ period: p.period, index, value: p.value });
  }

  const latest = values.at(-1);
  if (latest === undefined) {
    return {
      status: 'no_data',
      periods_at_target: 0,
      latest_period: null,
      latest_value: null,
      expected_value: null,
      reason: 'There are no values for this measure yet, so progress toward the aim cannot be judged.',
    };
  }

  const better = (a: number, b: number): boolean => (direction === 'up' ? a >= b : a <= b);
  const meets = (v: number): boolean => better(v, aim.target_value);

  let atTarget = 0;
  for (let i = values.length - 1; i >= 0 && meets(values[i].value); i--) atTarget++;

  const latestLastDay = periodLastDay(frequency, latest.index);
  let expected: number | null = null;
  if (aim.baseline_value !== null && baselineIndex !== null) {
    const baselineDay = periodFirstDay(frequency, baselineIndex);
    let raw: number;
    if (latestLastDay >= targetDay) raw = aim.target_value;
    else if (latestLastDay <= baselineDay) raw = aim.baseline_value;
    else raw = aim.baseline_value + ((aim.target_value - aim.baseline_value) * (latestLastDay - baselineDay)) / (targetDay - baselineDay);
    expected = round(raw, 4);
  }

  const words = PERIOD_WORDS[frequency];
  const target = `${num(aim.target_value)} or ${direction === 'up' ? 'more' : 'fewer'}`;
  const latestText = `The latest value, ${num(latest.value)} in ${latest.period},`;
  const result = (status: AimProgress['status'], reason: string): AimProgress => ({
    status,
    periods_at_target: atTarget,
    latest_period: latest.period,
    latest_value: latest.value,
    expected_value: expected,
    reason,
  });

  if (atTarget >= 1) {
    const span = atTarget === 1 ? `1 ${words.one}` : `${atTarget} consecutive ${words.many}`;
    if (atTarget >= aim.sustain_periods) {
      return result(
        'sustained',
        `${latestText} has met the target of ${target} for ${span}, which counts as sustained (the aim asks for ${aim.sustain_periods}).`,
      );
    }
    return result(
      'achieved',
      `${latestText} has met the target of ${target} for ${span}; ${aim.sustain_periods} consecutive ${words.many} are needed to call it sustained.`,
    );
  }

  if (latestLastDay > targetDay) {
    return result('off_track', `The target date, ${aim.target_date}, has passed and ${lower(latestText)} has not met the target of ${target}.`);
  }

  const signal = improvementSignal ? 'but the chart shows an improvement signal' : 'and the chart shows no improvement signal';
  if (expected === null) {
    return result(
      improvementSignal ? 'on_track' : 'off_track',
      `${latestText} has not yet met the target of ${target}, there is no baseline to draw a path to the target from, ${signal}.`,
    );
  }
  const path = `the straight path from the baseline to the target of ${target} by ${aim.target_date} (expected ${num(expected)} by now)`;
  if (better(latest.value, expected)) return result('on_track', `${latestText} is on or ahead of ${path}.`);
  return result(improvementSignal ? 'on_track' : 'off_track', `${latestText} is behind ${path}, ${signal}.`);
}

const PERIOD_WORDS: Record<Frequency, { one: string; many: string }> = {
  monthly: { one: 'month', many: 'months' },
  quarterly: { one: 'quarter', many: 'quarters' },
  weekly: { one: 'week', many: 'weeks' },
};

function requireFinite(value: number, what: string): void {
  if (!Number.isFinite(value)) throw new RangeError(`${what} must be a finite number, got ${value}`);
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = Math.round(value * f) / f;
  return r === 0 ? 0 : r; // no -0 in JSON
}

/** A number for the reason sentence: at most 2 decimals, with thousands separators. */
function num(value: number): string {
  return round(value, 2).toLocaleString('en-US', { maximumFractionDigits: 2 });
}

function lower(sentenceStart: string): string {
  return sentenceStart.charAt(0).toLowerCase() + sentenceStart.slice(1);
}
