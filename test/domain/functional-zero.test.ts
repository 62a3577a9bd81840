/**
 * functionalZeroStatus against bnl.md "Functional zero" and the default settings
 * (floor 3, 6-month housing rate, chronic max(3, 0.1% of PIT), brief ≤ 45 days,
 * returns ≤ 10% of placements). Monthly rows are written by hand; the values
 * expected are worked out in the comments.
 */
import { describe, it, expect } from 'vitest';
import { functionalZeroStatus, type Criterion } from '../../src/domain/bnl/functional-zero.ts';
import { DEFAULT_SETTINGS, type MonthlyFigures } from '../../src/domain/bnl/types.ts';
import { compute, figures, history, person } from './bnl-fixtures.ts';

const SETTINGS = DEFAULT_SETTINGS.functionalZero;

/** Rows for consecutive months from 2024-01, one object of figures per month. */
function months(population: string, rows: Partial<MonthlyFigures>[]): MonthlyFigures[] {
  return rows.map((r, i) => figures(population, `2024-${String(i + 1).padStart(2, '0')}`, r));
}

/** `n` months with the same placements and days to housing and the given active counts. */
function steady(population: string, active: number[], placements: number, avgDays: number | null): MonthlyFigures[] {
  return months(population, active.map((a) => ({ actively_homeless: a, housing_placements: placements, avg_days_to_housing: avgDays })));
}

function judge(population: string, rows: MonthlyFigures[], pitCount: number | null = null, criteria?: Criterion[]) {
  const s = functionalZeroStatus({ population, months: rows, settings: SETTINGS, pitCount, criteria });
  if (!s) throw new Error('expected a status');
  return s;
}

const met = (s: ReturnType<typeof judge>, c: Criterion) => s.criteria.find((x) => x.criterion === c)?.met;

describe('functional zero: veterans (threshold = max(3, proven monthly housing rate))', () => {
  it('should be reached when active veterans equal the housing rate', () => {
    // 4 placements a month for 6 months → rate 4 → threshold max(3, 4) = 4; 4 ≤ 4.
    const s = judge('veterans', steady('veterans', [10, 9, 8, 7, 6, 4], 4, 30));
    expect(s.month).toBe('2024-06');
    expect(s.threshold).toBe(4);
    expect(s.reached).toBe(true);
    expect(s.distance).toBe(0);
    expect(s.months_sustained).toBe(1); // May: 6 > 4
    expect(s.criteria.map((c) => [c.criterion, c.met])).toEqual([['rare', true], ['brief', true], ['non_recurring', true]]);
    expect(s.change_6_months).toBeNull(); // only 6 months: no month six months earlier
    expect(s.trend).toBe('unknown');
  });

  it('should not be reached and give the distance when active veterans exceed the housing rate', () => {
    // Threshold 4, 6 active → 2 above.
    const s = judge('veterans', steady('veterans', [10, 9, 8, 7, 6, 6], 4, 30));
    expect(s.reached).toBe(false);
    expect(s.distance).toBe(2);
    expect(s.months_sustained).toBe(0);
    expect(met(s, 'rare')).toBe(false);
  });

  it('should use the floor of 3 when the housing rate is below 3', () => {
    // 1 placement a month → rate 1 → threshold 3.
    const at = judge('veterans', steady('veterans', [5, 5, 5, 5, 5, 3], 1, 20));
    expect(at.threshold).toBe(3);
    expect(at.reached).toBe(true);
    const above = judge('veterans', steady('veterans', [5, 5, 5, 5, 5, 4], 1, 20));
    expect(above.reached).toBe(false);
    expect(above.distance).toBe(1);
  });

  it('should average placements over the last 6 months only when there is a longer history', () => {
    // 60 placements in January, none after. July's window is Feb–Jul → rate 0 → threshold 3; 5 active → 2 above.
    const rows = months('veterans', [
      { actively_homeless: 5, housing_placements: 60, avg_days_to_housing: 20 },
      ...Array.from({ length: 6 }, () => ({ actively_homeless: 5 })),
    ]);
    const s = judge('veterans', rows);
    expect(s.month).toBe('2024-07');
    expect(s.threshold).toBe(3);
    expect(s.reached).toBe(false);
    expect(s.distance).toBe(2);
  });

  it('should count consecutive months ending with the last one when the rule has held since', () => {
    // 3 placements a month → threshold 3 every month. Active 10, 9, 2, 8, 3, 2, 1, 0:
    // held in months 3, 5, 6, 7, 8 → the last run is months 5–8 = 4 months.
    const s = judge('veterans', steady('veterans', [10, 9, 2, 8, 3, 2, 1, 0], 3, 20));
    expect(s.reached).toBe(true);
    expect(s.months_sustained).toBe(4);
    // 0 now against 9 six months earlier (month 2).
    expect(s.change_6_months).toBe(-9);
    expect(s.trend).toBe('falling');
  });

  it('should report a rising trend when there are more active people than six months earlier', () => {
    const s = judge('veterans', steady('veterans', [0, 0, 0, 0, 0, 0, 2], 3, 20));
    expect(s.change_6_months).toBe(2);
    expect(s.trend).toBe('rising');
  });

  it('should return null when there are no months', () => {
    expect(functionalZeroStatus({ population: 'veterans', months: [], settings: SETTINGS, pitCount: null })).toBeNull();
  });
});

describe('functional zero: chronic (threshold = max(3, 0.1% of the PIT count))', () => {
  it('should use 0.1% of the PIT count when the PIT count is 5000', () => {
    // 0.001 × 5000 = 5 > 3 → threshold 5. No placements: brief and non-recurring trivially met.
    const at = judge('chronic', steady('chronic', [9, 9, 9, 9, 9, 5], 0, null), 5000);
    expect(at.threshold).toBe(5);
    expect(at.reached).toBe(true);
    const above = judge('chronic', steady('chronic', [9, 9, 9, 9, 9, 7], 0, null), 5000);
    expect(above.reached).toBe(false);
    expect(above.distance).toBe(2);
  });

  it('should use the floor of 3 when 0.1% of the PIT count is below 3', () => {
    // 0.001 × 2000 = 2 → threshold 3.
    const s = judge('chronic', steady('chronic', [3, 3, 3, 3, 3, 3], 0, null), 2000);
    expect(s.threshold).toBe(3);
    expect(s.reached).toBe(true);
  });

  it('should use the floor of 3 when no PIT count has been entered, whatever the housing rate', () => {
    // 10 placements a month would give veterans a threshold of 10; chronic ignores it → 3; 8 active → 5 above.
    const s = judge('chronic', steady('chronic', [8, 8, 8, 8, 8, 8], 10, 20), null);
    expect(s.threshold).toBe(3);
    expect(s.reached).toBe(false);
    expect(s.distance).toBe(5);
    expect(s.threshold_basis).toMatch(/no point-in-time count/);
  });

  it('should round the distance up when the threshold is fractional', () => {
    // 0.001 × 3500 = 3.5; 4 active > 3.5 → one person too many.
    const s = judge('chronic', steady('chronic', [4, 4, 4, 4, 4, 4], 0, null), 3500);
    expect(s.threshold).toBe(3.5);
    expect(s.reached).toBe(false);
    expect(s.distance).toBe(1);
  });
});

describe('functional zero: brief and non-recurring', () => {
  it('should not be reached when placements take longer than 45 days on average', () => {
    // Rare holds (2 ≤ 4) but placements take 60 days.
    const s = judge('veterans', steady('veterans', [2, 2, 2, 2, 2, 2], 4, 60));
    expect(met(s, 'rare')).toBe(true);
    expect(met(s, 'brief')).toBe(false);
    expect(met(s, 'non_recurring')).toBe(true);
    expect(s.reached).toBe(false);
    expect(s.distance).toBe(0);
    expect(s.months_sustained).toBe(0);
  });

  it('should meet the brief test when the window mean is exactly 45 days', () => {
    // 3 placements × 60 days + 3 × 30 days = 270 days over 6 placements = 45.0 ≤ 45.
    const rows = months('veterans', [
      { actively_homeless: 3, housing_placements: 3, avg_days_to_housing: 60 },
      { actively_homeless: 3, housing_placements: 1, avg_days_to_housing: 30 },
      { actively_homeless: 3, housing_placements: 1, avg_days_to_housing: 30 },
      { actively_homeless: 3, housing_placements: 1, avg_days_to_housing: 30 },
      { actively_homeless: 3 },
      { actively_homeless: 3 },
    ]);
    const s = judge('veterans', rows);
    expect(met(s, 'brief')).toBe(true);
    expect(s.reached).toBe(true);
  });

  it('should weigh monthly averages by placements when judging brief', () => {
    // 1 × 100 days + 4 × 30 days = 220 / 5 = 44 ≤ 45 (the plain mean of the two monthly averages, 65, would fail).
    const rows = months('veterans', [
      { actively_homeless: 1, housing_placements: 1, avg_days_to_housing: 100 },
      { actively_homeless: 1, housing_placements: 4, avg_days_to_housing: 30 },
    ]);
    expect(met(judge('veterans', rows), 'brief')).toBe(true);
  });

  it('should not be reached when returns from housing exceed 10% of placements', () => {
    // 4+4+3+3+3+3 = 20 placements → at most 2 returns; 3 returns fail. Rate 20/6 = 3.33 → 3 active is rare.
    const placements = [4, 4, 3, 3, 3, 3];
    const fail = judge('veterans', months('veterans', placements.map((p, i) => ({ actively_homeless: 3, housing_placements: p, avg_days_to_housing: 20, returned_from_housing: i % 2 }))));
    expect(fail.threshold).toBe(3.3);
    expect(met(fail, 'rare')).toBe(true);
    expect(met(fail, 'non_recurring')).toBe(false);
    expect(fail.reached).toBe(false);
    // Exactly 2 returns (10%) is allowed.
    const ok = judge('veterans', months('veterans', placements.map((p, i) => ({ actively_homeless: 3, housing_placements: p, avg_days_to_housing: 20, returned_from_housing: i < 2 ? 1 : 0 }))));
    expect(met(ok, 'non_recurring')).toBe(true);
    expect(ok.reached).toBe(true);
  });

  it('should fail non-recurring when people return but nobody was placed in the window', () => {
    const s = judge('veterans', months('veterans', [{ actively_homeless: 0 }, { actively_homeless: 1, returned_from_housing: 1 }]));
    expect(met(s, 'non_recurring')).toBe(false);
  });

  it('should judge only the chosen criteria when a population applies the rare test alone', () => {
    const s = judge('veterans', steady('veterans', [2, 2, 2, 2, 2, 2], 4, 60), null, ['rare']);
    expect(s.criteria.map((c) => c.criterion)).toEqual(['rare']);
    expect(s.reached).toBe(true);
    expect(s.months_sustained).toBe(6);
  });

  it('should fail the brief test when the true mean days to housing is just above 45 though it reads 45.0 to one decimal', () => {
    // 20 people housed after 45 days and 1 after 46 days in February: true mean 946 / 21 = 45.05 > 45,
    // so "brief" is not met, although the figure shown to one decimal would read 45.0.
    const histories = [
      ...Array.from({ length: 20 }, (_, i) => history(person({ id: `p${i}` }), ['2024-01-01', 'active'], ['2024-02-15', 'housed'])), // 31 + 14 = 45
      history(person({ id: 'late' }), ['2023-12-31', 'active'], ['2024-02-15', 'housed']), // 46
    ];
    const r = compute(histories, { firstMonth: '2024-01', asOf: '2024-02-29' });
    expect(r.row('all', '2024-02').avg_days_to_housing).toBe(946 / 21);
    const s = judge('all', [r.row('all', '2024-01'), r.row('all', '2024-02')]);
    expect(met(s, 'brief')).toBe(false);
  });
});
