import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  ageOn,
  birthdayAtAge,
  dayFromParts,
  firstDayOfMonth,
  formatDay,
  formatMonth,
  lastDayOfMonth,
  monthOf,
  parseDay,
  parseMonth,
} from '../../src/domain/time/day.ts';
import { d, m } from './bnl-fixtures.ts';

describe('parseDay', () => {
  it('should count days since 1970-01-01 when the date is valid', () => {
    expect(parseDay('1970-01-01')).toBe(0);
    expect(parseDay('1970-01-02')).toBe(1);
    expect(parseDay('1969-12-31')).toBe(-1);
    // 30 years × 365 + 7 leap days (1972 … 1996) = 10957 to 2000-01-01, + 31 + 29 = 11017.
    expect(parseDay('2000-03-01')).toBe(11017);
    expect(parseDay('2024-02-29')).not.toBeNull();
  });

  it.each(['2023-02-29', '2024-02-30', '2024-04-31', '2024-13-01', '2024-00-10', '2024-01-00', '1900-02-29'])(
    'should return null when the date %s does not exist',
    (text) => {
      expect(parseDay(text)).toBeNull();
    },
  );

  it.each(['2024-1-01', '2024-01-1', '24-01-01', '20240101', '2024/01/01', ' 2024-01-01', '2024-01-01 ', '2024-01-01T00:00:00Z', ''])(
    'should return null when the text %j is not strict YYYY-MM-DD',
    (text) => {
      expect(parseDay(text)).toBeNull();
    },
  );

  it('should round-trip through formatDay when the day is between 1900 and 2100', () => {
    fc.assert(
      fc.property(fc.integer({ min: d('1900-01-01'), max: d('2100-12-31') }), (day) => {
        expect(parseDay(formatDay(day))).toBe(day);
      }),
    );
  });

  it('should not silently move a date to the 1900s when the year is below 100', () => {
    // Regression: Date.UTC reads years 0–99 as 1900–1999, so a mistyped birth year ("0019-…") used to be
    // read silently as 1919. Either null or the real year 50 is acceptable.
    const day = parseDay('0050-06-15');
    expect(day === null || formatDay(day) === '0050-06-15').toBe(true);
  });

  it('should return null from dayFromParts when a part is out of range', () => {
    expect(dayFromParts(2024, 2, 30)).toBeNull();
    expect(dayFromParts(2024, 0, 1)).toBeNull();
    expect(dayFromParts(2024, 13, 1)).toBeNull();
    expect(dayFromParts(2024, 1, 0)).toBeNull();
    expect(dayFromParts(2024, 2, 29)).toBe(d('2024-02-29'));
  });
});

describe('ageOn and birthdayAtAge', () => {
  it('should add a year of age on the birthday and not the day before when the birthday is an ordinary date', () => {
    const birth = d('1990-06-15');
    expect(ageOn(birth, d('2024-06-14'))).toBe(33);
    expect(ageOn(birth, d('2024-06-15'))).toBe(34);
    expect(ageOn(birth, d('2024-12-31'))).toBe(34);
    expect(ageOn(birth, birth)).toBe(0);
  });

  it('should age a 29 February birth on 29 February in leap years and on 1 March in common years', () => {
    const birth = d('2000-02-29');
    expect(ageOn(birth, d('2024-02-28'))).toBe(23);
    expect(ageOn(birth, d('2024-02-29'))).toBe(24);
    expect(ageOn(birth, d('2025-02-28'))).toBe(24);
    expect(ageOn(birth, d('2025-03-01'))).toBe(25);
    expect(birthdayAtAge(birth, 24)).toBe(d('2024-02-29'));
    expect(birthdayAtAge(birth, 25)).toBe(d('2025-03-01'));
    expect(birthdayAtAge(d('2004-02-29'), 18)).toBe(d('2022-03-01'));
  });

  it('should agree with birthdayAtAge when the day is any day around a birthday', () => {
    fc.assert(
      fc.property(fc.integer({ min: d('1930-01-01'), max: d('2020-12-31') }), fc.integer({ min: 1, max: 90 }), (birth, years) => {
        const bday = birthdayAtAge(birth, years);
        expect(ageOn(birth, bday)).toBe(years);
        expect(ageOn(birth, bday - 1)).toBe(years - 1);
      }),
    );
  });
});

describe('months', () => {
  it('should give 29 days to February when the year is a leap year', () => {
    expect(lastDayOfMonth(m('2024-02'))).toBe(d('2024-02-29'));
    expect(lastDayOfMonth(m('2000-02'))).toBe(d('2000-02-29')); // divisible by 400
    expect(lastDayOfMonth(m('2023-02'))).toBe(d('2023-02-28'));
    expect(lastDayOfMonth(m('1900-02'))).toBe(d('1900-02-28')); // divisible by 100, not 400
    expect(lastDayOfMonth(m('2100-02'))).toBe(d('2100-02-28'));
    expect(lastDayOfMonth(m('2024-04'))).toBe(d('2024-04-30'));
    expect(lastDayOfMonth(m('2024-12'))).toBe(d('2024-12-31'));
  });

  it('should index months as year × 12 + zero-based month when parsing and formatting', () => {
    expect(parseMonth('2024-02')).toBe(2024 * 12 + 1);
    expect(formatMonth(2024 * 12 + 1)).toBe('2024-02');
    expect(formatMonth(m('2023-12') + 1)).toBe('2024-01');
    expect(monthOf(d('2024-02-29'))).toBe(m('2024-02'));
    expect(monthOf(d('2024-03-01'))).toBe(m('2024-03'));
    expect(firstDayOfMonth(m('2024-03'))).toBe(d('2024-03-01'));
    expect(parseMonth('2024-13')).toBeNull();
    expect(parseMonth('2024-00')).toBeNull();
    expect(parseMonth('2024-3')).toBeNull();
  });
});
