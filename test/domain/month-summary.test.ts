import { describe, expect, it } from 'vitest';
import { describeLatestMonth, type MonthRow } from '../../src/domain/bnl/month-summary.ts';

const people = { one: 'person', many: 'people' };
const row = (month: string, active: number | null, flows: Partial<MonthRow> = {}): MonthRow => ({
  month,
  actively_homeless: active,
  newly_identified: 0,
  returned_from_housing: 0,
  returned_from_inactive: 0,
  housing_placements: 0,
  moved_to_inactive: 0,
  no_longer_meets_criteria: 0,
  balanced: true,
  ...flows,
});

describe('describeLatestMonth', () => {
  it('should say the count, its change, the flows and the balance when everything is shown', () => {
    // 240 + (28 + 5 + 2) − (30 + 15 + 4) = 240 + 35 − 49 = 226.
    const s = describeLatestMonth(
      [row('2025-11', 240), row('2025-12', 226, { newly_identified: 28, returned_from_housing: 5, returned_from_inactive: 2, housing_placements: 30, moved_to_inactive: 15, no_longer_meets_criteria: 4 })],
      people,
    );
    expect(s).toEqual([
      'At the end of 2025-12, 226 people were actively homeless, 14 fewer than in 2025-11.',
      '35 came onto the list (28 newly identified, 5 returned from housing, 2 returned from inactive), and 49 left it (30 moved into housing, 15 became inactive, 4 no longer met the population’s criteria).',
      'More left than came in: homelessness shrank by 14 this month.',
      'The figures balance: last month’s count plus what came in, minus what left, gives this month’s.',
    ]);
  });

  it('should not add up hidden counts, and say “a small number” for them', () => {
    const s = describeLatestMonth([row('2025-11', null), row('2025-12', 1, { newly_identified: null, housing_placements: 12, balanced: false })], people);
    expect(s).toEqual([
      'At the end of 2025-12, 1 person was actively homeless.',
      'Some came onto the list (a small number newly identified), and 12 left it (12 moved into housing).',
      'The figures do not balance this month: check the data before drawing conclusions.',
    ]);
  });

  it('should say when nothing moved and when there is one month only', () => {
    expect(describeLatestMonth([row('2024-01', 0)], { one: 'household', many: 'households' })).toEqual([
      'At the end of 2024-01, 0 households were actively homeless.',
      'None came onto the list, and none left it.',
      'As many came in as left: the count held steady.',
      'The figures balance: last month’s count plus what came in, minus what left, gives this month’s.',
    ]);
    expect(describeLatestMonth([], people)).toEqual(['There are no months to describe yet.']);
  });
});
