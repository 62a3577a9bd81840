/**
 * Periods by frequency. Expected ISO week facts are from ISO 8601 / the usual
 * published examples (e.g. 2008-12-29 is 2009-W01-1, 2010-01-03 is 2009-W53-7,
 * 2005-01-01 is 2004-W53-6); the rest is worked out by hand in the comments.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  describePeriodFormat,
  formatPeriod,
  parsePeriod,
  periodFirstDay,
  periodLastDay,
  periodOfDay,
  periodRange,
  requirePeriod,
} from '../../../src/domain/learning/periods.ts';
import { FREQUENCIES, type Frequency } from '../../../src/domain/learning/types.ts';
import { formatDay, parseDay, type Day } from '../../../src/domain/time/day.ts';

function d(text: string): Day {
  const day = parseDay(text);
  if (day === null) throw new Error(`bad test date ${text}`);
  return day;
}

function p(frequency: Frequency, text: string): number {
  const index = parsePeriod(frequency, text);
  if (index === null) throw new Error(`bad test period ${text}`);
  return index;
}

/** Period text of a date, through the module. */
function periodText(frequency: Frequency, date: string): string {
  return formatPeriod(frequency, periodOfDay(frequency, d(date)));
}

/** [first day, last day] of a period text, as dates. */
function span(frequency: Frequency, text: string): [string, string] {
  const i = p(frequency, text);
  return [formatDay(periodFirstDay(frequency, i)), formatDay(periodLastDay(frequency, i))];
}

/** Weekday of a date (0 = Sunday … 6 = Saturday) through Date, independent of the module. */
function weekdayOf(year: number, month: number, dayOfMonth: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, dayOfMonth);
  return date.getUTCDay();
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** ISO 8601: a year has 53 weeks when 1 January is a Thursday, or a Wednesday in a leap year. */
function isoWeeksOracle(year: number): number {
  const jan1 = weekdayOf(year, 1, 1);
  return jan1 === 4 || (jan1 === 3 && isLeap(year)) ? 53 : 52;
}

describe('parsePeriod', () => {
  it('should give year * 12 + month - 1 when the frequency is monthly', () => {
    expect(parsePeriod('monthly', '2024-03')).toBe(2024 * 12 + 2);
    expect(parsePeriod('monthly', '1970-01')).toBe(23_640);
  });

  it('should give year * 4 + quarter - 1 when the frequency is quarterly', () => {
    expect(parsePeriod('quarterly', '2024-Q1')).toBe(8096);
    expect(parsePeriod('quarterly', '2024-Q4')).toBe(8099);
    expect(parsePeriod('quarterly', '2025-Q1')).toBe(8100);
  });

  it('should count weeks from 1970-W01 when the frequency is weekly', () => {
    // 1970-W01 runs from Monday 1969-12-29 to Sunday 1970-01-04; 1970 has 53 ISO weeks (1 January was a Thursday).
    expect(parsePeriod('weekly', '1970-W01')).toBe(0);
    expect(parsePeriod('weekly', '1970-W02')).toBe(1);
    expect(parsePeriod('weekly', '1971-W01')).toBe(53);
  });

  it('should give consecutive indexes when periods cross a year end', () => {
    expect(p('monthly', '2025-01') - p('monthly', '2024-12')).toBe(1);
    expect(p('quarterly', '2025-Q1') - p('quarterly', '2024-Q4')).toBe(1);
    expect(p('weekly', '2021-W01') - p('weekly', '2020-W53')).toBe(1);
    expect(p('weekly', '2025-W01') - p('weekly', '2024-W52')).toBe(1);
  });

  it.each(['2020', '2026', '2015', '2009', '2004', '1998', '2032'])('should accept week 53 when %s has 53 ISO weeks', (year) => {
    expect(parsePeriod('weekly', `${year}-W53`)).not.toBeNull();
  });

  it.each(['2021', '2022', '2023', '2024', '2025', '2027'])('should return null for week 53 when %s has only 52 ISO weeks', (year) => {
    expect(parsePeriod('weekly', `${year}-W53`)).toBeNull();
    expect(parsePeriod('weekly', `${year}-W52`)).not.toBeNull();
  });

  it.each<[Frequency, string]>([
    ['monthly', '2024-13'],
    ['monthly', '2024-00'],
    ['monthly', '2024-3'],
    ['monthly', '24-03'],
    ['monthly', ' 2024-03'],
    ['monthly', '2024-03 '],
    ['monthly', '2024-03-01'],
    ['monthly', '2024-Q1'],
    ['monthly', ''],
    ['quarterly', '2024-Q0'],
    ['quarterly', '2024-Q5'],
    ['quarterly', '2024-Q01'],
    ['quarterly', '2024-q1'],
    ['quarterly', '2024Q1'],
    ['quarterly', '2024-03'],
    ['weekly', '2024-W00'],
    ['weekly', '2024-W54'],
    ['weekly', '2021-W53'],
    ['weekly', '2024-W1'],
    ['weekly', '2024-w01'],
    ['weekly', '2024W01'],
    ['weekly', '2024-W01-1'],
    ['weekly', '2024-03'],
  ])('should return null when the %s period %j is malformed or impossible', (frequency, text) => {
    expect(parsePeriod(frequency, text)).toBeNull();
  });
});

describe('requirePeriod', () => {
  it('should throw a RangeError naming the format when the text is not a period', () => {
    expect(() => requirePeriod('weekly', '2021-W53')).toThrow(RangeError);
    expect(() => requirePeriod('weekly', '2021-W53')).toThrow(/"2021-W53" is not a weekly period: expected YYYY-Www/);
  });
});

describe('formatPeriod', () => {
  it('should write fixed-width texts when the year or number is small', () => {
    expect(formatPeriod('monthly', p('monthly', '2024-03'))).toBe('2024-03');
    expect(formatPeriod('monthly', 5 * 12)).toBe('0005-01');
    expect(formatPeriod('quarterly', 0)).toBe('0000-Q1');
    expect(formatPeriod('weekly', 0)).toBe('1970-W01');
    expect(formatPeriod('weekly', 52)).toBe('1970-W53');
  });

  it('should throw a RangeError when the index is not an integer or its year is outside 0000–9999', () => {
    expect(() => formatPeriod('monthly', 1.5)).toThrow(RangeError);
    expect(() => formatPeriod('monthly', -1)).toThrow(RangeError);
    expect(() => formatPeriod('monthly', 10_000 * 12)).toThrow(RangeError);
    expect(() => formatPeriod('quarterly', 10_000 * 4)).toThrow(RangeError);
    expect(() => formatPeriod('weekly', Number.MAX_SAFE_INTEGER)).toThrow(RangeError);
    expect(() => formatPeriod('weekly', Number.NaN)).toThrow(RangeError);
  });
});

describe('periodOfDay', () => {
  it.each([
    ['2021-01-03', '2020-W53'], // Sunday: its week's Thursday is 2020-12-31
    ['2021-01-04', '2021-W01'], // Monday that starts 2021's first week
    ['2024-12-29', '2024-W52'], // Sunday
    ['2024-12-30', '2025-W01'], // Monday: its week's Thursday is 2025-01-02
    ['2008-12-29', '2009-W01'],
    ['2010-01-03', '2009-W53'],
    ['2005-01-01', '2004-W53'],
    ['2007-01-01', '2007-W01'], // 1 January on a Monday
    ['2024-02-29', '2024-W09'],
    ['2026-12-31', '2026-W53'], // 2026 starts on a Thursday: 53 weeks
    ['2027-01-03', '2026-W53'],
    ['2027-01-04', '2027-W01'],
  ])('should put %s in ISO week %s when the frequency is weekly', (date, week) => {
    expect(periodText('weekly', date)).toBe(week);
  });

  it.each([
    ['2024-02-29', '2024-Q1'],
    ['2024-01-01', '2024-Q1'],
    ['2024-03-31', '2024-Q1'],
    ['2024-04-01', '2024-Q2'],
    ['2024-09-30', '2024-Q3'],
    ['2024-12-31', '2024-Q4'],
  ])('should put %s in quarter %s when the frequency is quarterly', (date, quarter) => {
    expect(periodText('quarterly', date)).toBe(quarter);
  });

  it.each([
    ['2024-02-29', '2024-02'],
    ['2024-12-31', '2024-12'],
    ['2025-01-01', '2025-01'],
    ['1969-12-31', '1969-12'],
  ])('should put %s in month %s when the frequency is monthly', (date, month) => {
    expect(periodText('monthly', date)).toBe(month);
  });
});

describe('periodFirstDay and periodLastDay', () => {
  it.each<[Frequency, string, string, string]>([
    ['monthly', '2024-02', '2024-02-01', '2024-02-29'],
    ['monthly', '2023-02', '2023-02-01', '2023-02-28'],
    ['monthly', '2000-02', '2000-02-01', '2000-02-29'],
    ['monthly', '1900-02', '1900-02-01', '1900-02-28'],
    ['monthly', '2024-12', '2024-12-01', '2024-12-31'],
    ['monthly', '0050-03', '0050-03-01', '0050-03-31'], // not read as 1950 (Date.UTC's two-digit years)
    ['quarterly', '2024-Q1', '2024-01-01', '2024-03-31'],
    ['quarterly', '2024-Q2', '2024-04-01', '2024-06-30'],
    ['quarterly', '2024-Q3', '2024-07-01', '2024-09-30'],
    ['quarterly', '2024-Q4', '2024-10-01', '2024-12-31'],
    ['weekly', '2020-W53', '2020-12-28', '2021-01-03'],
    ['weekly', '2021-W01', '2021-01-04', '2021-01-10'],
    ['weekly', '2025-W01', '2024-12-30', '2025-01-05'],
    ['weekly', '2024-W09', '2024-02-26', '2024-03-03'],
    ['weekly', '2026-W53', '2026-12-28', '2027-01-03'],
  ])('should span the right days when the %s period is %s', (frequency, text, first, last) => {
    expect(span(frequency, text)).toEqual([first, last]);
  });
});

describe('periodRange', () => {
  it('should list every period with both ends when the range crosses a year end', () => {
    expect(periodRange('monthly', '2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(periodRange('quarterly', '2024-Q3', '2025-Q2')).toEqual(['2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2']);
    expect(periodRange('weekly', '2020-W52', '2021-W02')).toEqual(['2020-W52', '2020-W53', '2021-W01', '2021-W02']);
  });

  it('should list one period when both ends are the same', () => {
    expect(periodRange('weekly', '2026-W53', '2026-W53')).toEqual(['2026-W53']);
  });

  it('should throw a RangeError when the range is reversed', () => {
    expect(() => periodRange('monthly', '2024-05', '2024-03')).toThrow(RangeError);
    expect(() => periodRange('monthly', '2024-05', '2024-03')).toThrow('The period range is reversed: 2024-05 comes after 2024-03');
  });

  it('should throw a RangeError with the expected format when an end is malformed or impossible', () => {
    expect(() => periodRange('monthly', '2024-3', '2024-05')).toThrow(RangeError);
    expect(() => periodRange('monthly', '2024-3', '2024-05')).toThrow('"2024-3" is not a monthly period: expected YYYY-MM, e.g. 2024-03');
    expect(() => periodRange('weekly', '2021-W01', '2021-W53')).toThrow(/"2021-W53" is not a weekly period/);
    expect(() => periodRange('quarterly', '2024-Q1', '2024-Q5')).toThrow(/e\.g\. 2024-Q1/);
  });
});

describe('describePeriodFormat', () => {
  it.each(FREQUENCIES)('should give an example that parses when the frequency is %s', (frequency) => {
    const text = describePeriodFormat(frequency);
    const example = /e\.g\. (\S+)$/.exec(text)?.[1];
    expect(example).toBeDefined();
    expect(parsePeriod(frequency, example!)).not.toBeNull();
  });

  it('should start with the pattern when the frequency is monthly', () => {
    expect(describePeriodFormat('monthly')).toBe('YYYY-MM, e.g. 2024-03');
  });
});

describe('period properties', () => {
  const frequency = fc.constantFrom<Frequency>(...FREQUENCIES);
  // Indexes of the years 1600–2400 for each frequency (weeks: Thursdays in those years).
  const indexIn = (f: Frequency) =>
    f === 'monthly'
      ? fc.integer({ min: 1600 * 12, max: 2400 * 12 + 11 })
      : f === 'quarterly'
        ? fc.integer({ min: 1600 * 4, max: 2400 * 4 + 3 })
        : fc.integer({ min: Math.ceil(d('1600-01-01') / 7), max: Math.floor(d('2400-12-31') / 7) });
  const frequencyAndIndex = frequency.chain((f) => indexIn(f).map((i) => [f, i] as const));

  it('should round-trip formatPeriod(parsePeriod(text)) when the text is a real period', () => {
    const text = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => ['monthly', y, m] as const),
      fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 4 })).map(([y, q]) => ['quarterly', y, q] as const),
      fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 53 })).map(([y, w]) => ['weekly', y, w] as const),
    );
    fc.assert(
      fc.property(text, ([f, year, n]) => {
        const yyyy = String(year).padStart(4, '0');
        const nn = String(n).padStart(2, '0');
        const t = f === 'monthly' ? `${yyyy}-${nn}` : f === 'quarterly' ? `${yyyy}-Q${n}` : `${yyyy}-W${nn}`;
        const index = parsePeriod(f, t);
        if (f === 'weekly' && n === 53 && isoWeeksOracle(year) === 52) {
          expect(index).toBeNull();
          return;
        }
        expect(index).not.toBeNull();
        expect(formatPeriod(f, index!)).toBe(t);
      }),
      { numRuns: 2000 },
    );
  });

  it('should round-trip parsePeriod(formatPeriod(index)) when the index is in range', () => {
    fc.assert(
      fc.property(frequencyAndIndex, ([f, i]) => {
        expect(parsePeriod(f, formatPeriod(f, i))).toBe(i);
      }),
      { numRuns: 2000 },
    );
  });

  it('should give consecutive, non-overlapping day ranges when indexes are consecutive', () => {
    fc.assert(
      fc.property(frequencyAndIndex, ([f, i]) => {
        const first = periodFirstDay(f, i);
        const last = periodLastDay(f, i);
        expect(periodFirstDay(f, i + 1)).toBe(last + 1);
        expect(periodOfDay(f, first)).toBe(i);
        expect(periodOfDay(f, last)).toBe(i);
        expect(periodOfDay(f, first - 1)).toBe(i - 1);
        const length = last - first + 1;
        if (f === 'monthly') expect([28, 29, 30, 31]).toContain(length);
        if (f === 'quarterly') expect([90, 91, 92]).toContain(length);
        if (f === 'weekly') {
          expect(length).toBe(7);
          const [y, m, dd] = formatDay(first).split('-').map(Number);
          expect(weekdayOf(y, m, dd)).toBe(1); // Monday
        }
        // Starts on the first of a month, quarter month for quarters.
        if (f !== 'weekly') expect(formatDay(first).slice(8)).toBe('01');
        if (f === 'quarterly') expect([1, 4, 7, 10]).toContain(Number(formatDay(first).slice(5, 7)));
      }),
      { numRuns: 2000 },
    );
  });

  it('should contain the day when periodOfDay gives the period of a day', () => {
    fc.assert(
      fc.property(frequency, fc.integer({ min: d('1600-01-01'), max: d('2400-12-31') }), (f, day) => {
        const i = periodOfDay(f, day);
        expect(periodFirstDay(f, i)).toBeLessThanOrEqual(day);
        expect(periodLastDay(f, i)).toBeGreaterThanOrEqual(day);
      }),
      { numRuns: 2000 },
    );
  });

  it('should sort the texts in time order when compared as strings', () => {
    fc.assert(
      fc.property(frequencyAndIndex, fc.integer({ min: 1, max: 200 }), ([f, i], step) => {
        expect(formatPeriod(f, i) < formatPeriod(f, i + step)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('should count 52 or 53 ISO weeks as ISO 8601 says when the year is any year', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9998 }), (year) => {
        const weeks = p('weekly', `${String(year + 1).padStart(4, '0')}-W01`) - p('weekly', `${String(year).padStart(4, '0')}-W01`);
        expect(weeks).toBe(isoWeeksOracle(year));
      }),
      { numRuns: 2000 },
    );
  });
});
