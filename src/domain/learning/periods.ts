/**
 * Periods of a measure, by its frequency, as texts and as integer indexes.
 *
 * - monthly   `YYYY-MM`  (e.g. 2024-03); index = year * 12 + (month - 1), the same
 *   number as a MonthIndex of time/day.ts.
 * - quarterly `YYYY-Qn`  (n 1–4, e.g. 2024-Q1); index = year * 4 + (n - 1).
 * - weekly    `YYYY-Www` (ISO 8601 week, e.g. 2024-W09). Weeks start on Monday and a
 *   week belongs to the ISO week-year of its Thursday, so 2021-01-03 (a Sunday) is in
 *   2020-W53 and 2024-12-30 (a Monday) is in 2025-W01. A year has 52 or 53 ISO weeks.
 *   index = number of Mondays from 1969-12-29 (the Monday of 1970-W01) to the week's
 *   Monday; the Thursday of week i is day 7 * i, since 1970-01-01 was a Thursday.
 *
 * For every frequency, consecutive periods have consecutive indexes, and their day
 * ranges (periodFirstDay..periodLastDay) follow each other without gap or overlap.
 *
 * The texts are fixed-width (4-digit year, zero-padded month / week number), so for
 * texts of one frequency lexicographic order equals time order: comparing or sorting
 * the strings sorts the periods chronologically. Years are 0000–9999; formatPeriod
 * throws for an index outside them rather than print a text that would not sort.
 */
import { dayFromParts, dayParts, parseMonth, type Day } from '../time/day.ts';
import type { Frequency } from './types.ts';

const QUARTER = /^(\d{4})-Q([1-4])$/;
const WEEK = /^(\d{4})-W(\d{2})$/;

const MIN_YEAR = 0;
const MAX_YEAR = 9999;
/** Date objects reach 100,000,000 days either side of 1970-01-01. */
const MAX_DAY = 100_000_000;
const MAX_WEEK_INDEX = Math.floor(MAX_DAY / 7);

/** The period of `text` as an index, or null when the text is malformed or the period does not exist. */
export function parsePeriod(frequency: Frequency, text: string): number | null {
  switch (frequency) {
    case 'monthly':
      return parseMonth(text);
    case 'quarterly': {
      const m = QUARTER.exec(text);
      if (!m) return null;
      return Number(m[1]) * 4 + Number(m[2]) - 1;
    }
    case 'weekly': {
      const m = WEEK.exec(text);
      if (!m) return null;
      const year = Number(m[1]);
      const week = Number(m[2]);
      if (week < 1 || week > isoWeeksInYear(year)) return null;
      return firstIsoWeek(year) + week - 1;
    }
  }
}

/**
 * The period of `text` as an index; throws a RangeError naming the expected format
 * when the text is malformed or the period does not exist.
 */
export function requirePeriod(frequency: Frequency, text: string): number {
  const index = parsePeriod(frequency, text);
  if (index === null) {
    throw new RangeError(`"${text}" is not a ${FREQUENCY_ADJECTIVE[frequency]} period: expected ${describePeriodFormat(frequency)}`);
  }
  return index;
}

/** The text of period `index`; throws a RangeError when the index is not an integer or its year is outside 0000–9999. */
export function formatPeriod(frequency: Frequency, index: number): string {
  checkIndex(index);
  const year =
    frequency === 'monthly' ? Math.floor(index / 12) : frequency === 'quarterly' ? Math.floor(index / 4) : weekYear(index);
  if (!(year >= MIN_YEAR && year <= MAX_YEAR)) {
    throw new RangeError(`${FREQUENCY_ADJECTIVE[frequency]} period index ${index} is outside the years 0000–9999`);
  }
  const yyyy = String(year).padStart(4, '0');
  switch (frequency) {
    case 'monthly':
      return `${yyyy}-${pad2(index - year * 12 + 1)}`;
    case 'quarterly':
      return `${yyyy}-Q${index - year * 4 + 1}`;
    case 'weekly':
      return `${yyyy}-W${pad2(index - firstIsoWeek(year) + 1)}`;
  }
}

/** The period (index) that contains `day`. */
export function periodOfDay(frequency: Frequency, day: Day): number {
  checkDay(day);
  switch (frequency) {
    case 'monthly': {
      const p = dayParts(day);
      return p.year * 12 + p.month - 1;
    }
    case 'quarterly': {
      const p = dayParts(day);
      return p.year * 4 + Math.floor((p.month - 1) / 3);
    }
    case 'weekly':
      return weekOfDay(day);
  }
}

/** The first day of period `index`. */
export function periodFirstDay(frequency: Frequency, index: number): Day {
  checkIndex(index);
  switch (frequency) {
    case 'monthly':
      return firstDayOfMonthIndex(index);
    case 'quarterly':
      return firstDayOfMonthIndex(index * 3);
    case 'weekly':
      if (Math.abs(index) > MAX_WEEK_INDEX) throw new RangeError(`Week index ${index} is outside the calendar's range`);
      return index * 7 - 3;
  }
}

/** The last day of period `index`. */
export function periodLastDay(frequency: Frequency, index: number): Day {
  checkIndex(index);
  return periodFirstDay(frequency, index + 1) - 1;
}

/**
 * Every period from `fromText` to `toText`, both included, in time order. Throws a
 * RangeError when either text is not a period of the frequency, or when `fromText`
 * comes after `toText`.
 */
export function periodRange(frequency: Frequency, fromText: string, toText: string): string[] {
  const from = requirePeriod(frequency, fromText);
  const to = requirePeriod(frequency, toText);
  if (from > to) throw new RangeError(`The period range is reversed: ${fromText} comes after ${toText}`);
  const out: string[] = [];
  for (let i = from; i <= to; i++) out.push(formatPeriod(frequency, i));
  return out;
}

/** The period format of a frequency with an example, for error messages: "YYYY-MM, e.g. 2024-03". */
export function describePeriodFormat(frequency: Frequency): string {
  switch (frequency) {
    case 'monthly':
      return 'YYYY-MM, e.g. 2024-03';
    case 'quarterly':
      return 'YYYY-Qn with n from 1 to 4, e.g. 2024-Q1';
    case 'weekly':
      return 'YYYY-Www, an ISO 8601 week from W01 to W52 or W53, e.g. 2024-W09';
  }
}

const FREQUENCY_ADJECTIVE: Record<Frequency, string> = { monthly: 'monthly', quarterly: 'quarterly', weekly: 'weekly' };

/** The ISO week (index) of a day: Mondays since 1969-12-29. */
function weekOfDay(day: Day): number {
  return Math.floor((day + 3) / 7);
}

/** The ISO week-year of week `index`: the calendar year of its Thursday (NaN when out of Date's range). */
function weekYear(index: number): number {
  return Math.abs(index) > MAX_WEEK_INDEX ? NaN : dayParts(index * 7).year;
}

/** Index of week 01 of an ISO week-year: the week that holds 4 January. */
function firstIsoWeek(year: number): number {
  return weekOfDay(dayFromParts(year, 1, 4)!);
}

function isoWeeksInYear(year: number): number {
  return firstIsoWeek(year + 1) - firstIsoWeek(year);
}

/**
 * First day of a month index. Not time/day.ts's firstDayOfMonth: that one goes
 * through Date.UTC, which reads the years 0–99 as 1900–1999.
 */
function firstDayOfMonthIndex(month: number): Day {
  const year = Math.floor(month / 12);
  const day = dayFromParts(year, month - year * 12 + 1, 1);
  if (day === null || !Number.isFinite(day)) throw new RangeError(`Month index ${month} is outside the calendar's range`);
  return day;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function checkIndex(index: number): void {
  if (!Number.isSafeInteger(index)) throw new RangeError(`A period index must be an integer, got ${index}`);
}

function checkDay(day: Day): void {
  if (!Number.isSafeInteger(day) || Math.abs(day) > MAX_DAY) {
    throw new RangeError(`A day must be an integer within 100,000,000 days of 1970-01-01, got ${day}`);
  }
}
