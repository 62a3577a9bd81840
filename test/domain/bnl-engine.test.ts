/**
 * The BNL engine (timeline.ts + monthly.ts + populations.ts) against bnl.md and the
 * lead's semantics. Every expected value below was worked out by hand; the day
 * arithmetic is written next to the non-obvious ones.
 */
import { describe, it, expect } from 'vitest';
import { BUILT_IN_POPULATIONS, validatePopulation, type PopulationDefinition } from '../../src/domain/bnl/populations.ts';
import { compute, customPopulation, d, figures, history, household, person } from './bnl-fixtures.ts';

const BUILT_IN_SLUGS = ['all', 'all-singles', 'veterans', 'chronic', 'youth', 'families'];

// ------------------------------------------------------------------ 1. first identification

describe('first identification', () => {
  it('should count a person as newly_identified in the month of their first active day when they were never on the list', () => {
    const a = history(person({ id: 'a', birth: '1980-01-01' }), ['2024-01-10', 'active']);
    const r = compute([a], { firstMonth: '2024-01', asOf: '2024-03-31' });

    expect(r.row('all', '2024-01')).toEqual(figures('all', '2024-01', { actively_homeless: 1, newly_identified: 1 }));
    expect(r.row('all', '2024-02')).toEqual(figures('all', '2024-02', { actively_homeless: 1 }));
    expect(r.row('all', '2024-03')).toEqual(figures('all', '2024-03', { actively_homeless: 1 }));
    // A 44-year-old alone: a household of one, adult-only → all-singles too.
    expect(r.row('all-singles', '2024-01')).toEqual(figures('all-singles', '2024-01', { actively_homeless: 1, newly_identified: 1 }));
    for (const pop of ['veterans', 'chronic', 'youth', 'families']) expect(r.row(pop, '2024-01')).toEqual(figures(pop, '2024-01'));
    expect(r.transitions('a', 'all')).toEqual([
      { date: d('2024-01-10'), from: 'absent', to: 'active', flow: 'newly_identified', daysToHousing: null },
    ]);
  });

  it('should report one row per population per month when the range has three months', () => {
    const r = compute([], { firstMonth: '2024-01', asOf: '2024-03-31' });
    expect(r.rows.map((x) => `${x.population} ${x.month}`)).toEqual(
      BUILT_IN_SLUGS.flatMap((p) => [`${p} 2024-01`, `${p} 2024-02`, `${p} 2024-03`]),
    );
    for (const row of r.rows) expect(row).toEqual(figures(row.population, row.month));
  });

  it('should balance the first reported month against the real prior month when the person was identified before the range', () => {
    // Active since 2023-11-05: active at the end of December (slot 0), no flow in January.
    const b = history(person({ id: 'b' }), ['2023-11-05', 'active']);
    const r = compute([b], { firstMonth: '2024-01', asOf: '2024-01-31' });
    expect(r.row('all', '2024-01')).toEqual(figures('all', '2024-01', { actively_homeless: 1 }));
  });

  it('should count newly_identified when a person first recorded as inactive becomes active', () => {
    // Never active or housed before → no lookback match → newly identified.
    const c = history(person({ id: 'c' }), ['2024-01-05', 'inactive'], ['2024-02-10', 'active']);
    const r = compute([c], { firstMonth: '2024-01', asOf: '2024-02-29' });
    expect(r.row('all', '2024-01')).toEqual(figures('all', '2024-01'));
    expect(r.row('all', '2024-02')).toEqual(figures('all', '2024-02', { actively_homeless: 1, newly_identified: 1 }));
  });

  it('should treat a repeated recorded status as no change when the same status is recorded twice', () => {
    const a = history(person({ id: 'a' }), ['2024-01-10', 'active'], ['2024-02-03', 'active']);
    const r = compute([a], { firstMonth: '2024-01', asOf: '2024-02-29' });
    expect(r.row('all', '2024-02')).toEqual(figures('all', '2024-02', { actively_homeless: 1 }));
    expect(r.transitions('a', 'all')).toHaveLength(1);
  });
});

// ------------------------------------------------------------------ 2. housing

describe('housing', () => {
  it('should count placements and average the days to housing when two people move in in one month', () => {
    // a: 2024-01-10 → 2024-03-05 = 21 (to Jan 31) + 29 (Feb, leap) + 5 = 55 days.
    // b: 2024-02-01 → 2024-03-20 = 29 (to Mar 1) + 19 = 48 days. Mean (55 + 48) / 2 = 51.5.
    const a = history(person({ id: 'a' }), ['2024-01-10', 'active'], ['2024-03-05', 'housed']);
    const b = history(person({ id: 'b' }), ['2024-02-01', 'active'], ['2024-03-20', 'housed']);
    const r = compute([a, b], { firstMonth: '2024-01', asOf: '2024-03-31' });

    expect(r.row('all', '2024-01')).toEqual(figures('all', '2024-01', { actively_homeless: 1, newly_identified: 1 }));
    expect(r.row('all', '2024-02')).toEqual(figures('all', '2024-02', { actively_homeless: 2, newly_identified: 1 }));
    // 2 + 0 − 2 = 0
    expect(r.row('all', '2024-03')).toEqual(figures('all', '2024-03', { actively_homeless: 0, housing_placements: 2, avg_days_to_housing: 51.5 }));
    expect(r.transitions('a', 'all')[1]).toEqual({ date: d('2024-03-05'), from: 'active', to: 'housed', flow: 'housing_placements', daysToHousing: 55 });
  });

  it('should give the exact mean of avg_days_to_housing when the mean is not a round number', () => {
    // 10, 10 and 11 days → 31 / 3 = 10.333… (rounding is for display, not in the engine).
    const c = history(person({ id: 'c' }), ['2024-04-01', 'active'], ['2024-04-11', 'housed']);
    const e = history(person({ id: 'e' }), ['2024-04-02', 'active'], ['2024-04-12', 'housed']);
    const f = history(person({ id: 'f' }), ['2024-04-03', 'active'], ['2024-04-14', 'housed']);
    const r = compute([c, e, f], { firstMonth: '2024-04', asOf: '2024-04-30' });
    expect(r.row('all', '2024-04')).toEqual(
      figures('all', '2024-04', { newly_identified: 3, housing_placements: 3, avg_days_to_housing: 31 / 3 }),
    );
  });

  it('should count days to housing from the start of the active period the placement ends when the person was housed before', () => {
    // First period 2024-01-01 → 2024-02-01 = 31 days; second 2024-03-01 → 2024-03-21 = 20 days.
    const g = history(person({ id: 'g' }), ['2024-01-01', 'active'], ['2024-02-01', 'housed'], ['2024-03-01', 'active'], ['2024-03-21', 'housed']);
    const r = compute([g], { firstMonth: '2024-01', asOf: '2024-03-31' });
    expect(r.row('all', '2024-02')).toEqual(figures('all', '2024-02', { housing_placements: 1, avg_days_to_housing: 31 }));
    expect(r.row('all', '2024-03')).toEqual(
      figures('all', '2024-03', { returned_from_housing: 1, housing_placements: 1, avg_days_to_housing: 20 }),
    );
  });
});

// ------------------------------------------------------------------ 3. return from housing

describe('return from housing', () => {
  it('should count returned_from_housing when a housed person becomes active again', () => {
    // Placement 2024-01-10 → 2024-02-15 = 21 + 15 = 36 days.
    const a = history(person({ id: 'a' }), ['2024-01-10', 'active'], ['2024-02-15', 'housed'], ['2024-04-02', 'active']);
    const r = compute([a], { firstMonth: '2024-01', asOf: '2024-04-30' });
    expect(r.row('all', '2024-02')).toEqual(figures('all', '2024-02', { housing_placements: 1, avg_days_to_housing: 36 }));
    expect(r.row('all', '2024-03')).toEqual(figures('all', '2024-03'));
    expect(r.row('all', '2024-04')).toEqual(figures('all', '2024-04', { actively_homeless: 1, returned_from_housing: 1 }));
    expect(r.transitions('a', 'all')[2]).toEqual({ date: d('2024-04-02'), from: 'housed', to: 'active', flow: 'returned_from_housing', daysToHousing: null });
  });

  it('should count returned_from_housing when the housing ended long after the lookback window', () => {
    // Lead's rule: from housed → returned_from_housing, whatever the time since.
    const g = history(person({ id: 'g' }), ['2019-11-01', 'active'], ['2020-01-01', 'housed'], ['2024-04-02', 'active']);
    const r = compute([g], { firstMonth: '2024-04', asOf: '2024-04-30' });
    expect(r.row('all', '2024-04')).toEqual(figures('all', '2024-04', { actively_homeless: 1, returned_from_housing: 1 }));
  });
});

// ------------------------------------------------------------------ 4. inactivity and the lookback

describe('inactivity and the lookback window', () => {
  it('should count moved_to_inactive in the month of a recorded inactive change when it is recorded at the 90-day threshold', () => {
    // 2024-01-10 + 90 days = 2024-04-09 (21 + 29 + 31 + 9).
    expect(d('2024-04-09') - d('2024-01-10')).toBe(90);
    const a = history(person({ id: 'a' }), ['2024-01-10', 'active'], ['2024-04-09', 'inactive']);
    const r = compute([a], { firstMonth: '2024-03', asOf: '2024-04-30' });
    expect(r.row('all', '2024-03')).toEqual(figures('all', '2024-03', { actively_homeless: 1 }));
    expect(r.row('all', '2024-04')).toEqual(figures('all', '2024-04', { actively_homeless: 0, moved_to_inactive: 1 }));
  });

  it('should count returned_from_inactive when the person returns exactly 730 days after their last active day', () => {
    // Last active day 2021-06-30 (inactive from 2021-07-01); + 730 days = 2023-06-30 (no 29 Feb in between).
    expect(d('2023-06-30') - d('2021-06-30')).toBe(730);
    const p = history(person({ id: 'p' }), ['2021-03-01', 'active'], ['2021-07-01', 'inactive'], ['2023-06-30', 'active']);
    const r = compute([p], { firstMonth: '2023-06', asOf: '2023-06-30' });
    expect(r.row('all', '2023-06')).toEqual(figures('all', '2023-06', { actively_homeless: 1, returned_from_inactive: 1 }));
  });

  it('should count newly_identified when the person returns 731 days after their last active day', () => {
    const q = history(person({ id: 'q' }), ['2021-03-01', 'active'], ['2021-07-01', 'inactive'], ['2023-07-01', 'active']);
    const r = compute([q], { firstMonth: '2023-07', asOf: '2023-07-31' });
    expect(r.row('all', '2023-07')).toEqual(figures('all', '2023-07', { actively_homeless: 1, newly_identified: 1 }));
  });

  it('should measure the lookback from the last housed day when the person went inactive from housing', () => {
    // Housed until 2021-06-30, inactive 2021-07-01, active again 730 days after the last housed day.
    const s = history(person({ id: 's' }), ['2021-01-01', 'active'], ['2021-03-01', 'housed'], ['2021-07-01', 'inactive'], ['2023-06-30', 'active']);
    const r = compute([s], { firstMonth: '2023-06', asOf: '2023-06-30' });
    expect(r.row('all', '2023-06')).toEqual(figures('all', '2023-06', { actively_homeless: 1, returned_from_inactive: 1 }));
  });

  it('should use the configured lookback when lookbackDays is not the default', () => {
    // Last active 2022-06-30, back 2023-06-30 = 365 days: within 365, not within 364.
    const t = history(person({ id: 't' }), ['2022-01-01', 'active'], ['2022-07-01', 'inactive'], ['2023-06-30', 'active']);
    const within = compute([t], { firstMonth: '2023-06', asOf: '2023-06-30', lookbackDays: 365 });
    const beyond = compute([t], { firstMonth: '2023-06', asOf: '2023-06-30', lookbackDays: 364 });
    expect(within.row('all', '2023-06').returned_from_inactive).toBe(1);
    expect(within.row('all', '2023-06').newly_identified).toBe(0);
    expect(beyond.row('all', '2023-06').returned_from_inactive).toBe(0);
    expect(beyond.row('all', '2023-06').newly_identified).toBe(1);
  });
});

// ------------------------------------------------------------------ 5. return from inactive

describe('return from inactive', () => {
  it('should count returned_from_inactive when an inactive person becomes active within the lookback', () => {
    const a = history(person({ id: 'a' }), ['2024-01-10', 'active'], ['2024-04-09', 'inactive'], ['2024-06-15', 'active']);
    const r = compute([a], { firstMonth: '2024-05', asOf: '2024-06-30' });
    expect(r.row('all', '2024-05')).toEqual(figures('all', '2024-05'));
    expect(r.row('all', '2024-06')).toEqual(figures('all', '2024-06', { actively_homeless: 1, returned_from_inactive: 1 }));
  });

  it('should count no flow when a housed person becomes inactive, and returned_from_inactive when they come back', () => {
    // Placement 2024-01-10 → 2024-02-01 = 22 days; housed → inactive moves nobody out of active.
    const b = history(person({ id: 'b' }), ['2024-01-10', 'active'], ['2024-02-01', 'housed'], ['2024-03-01', 'inactive'], ['2024-05-10', 'active']);
    const r = compute([b], { firstMonth: '2024-02', asOf: '2024-05-31' });
    expect(r.row('all', '2024-02')).toEqual(figures('all', '2024-02', { housing_placements: 1, avg_days_to_housing: 22 }));
    expect(r.row('all', '2024-03')).toEqual(figures('all', '2024-03'));
    expect(r.row('all', '2024-05')).toEqual(figures('all', '2024-05', { actively_homeless: 1, returned_from_inactive: 1 }));
    expect(r.transitions('b', 'all')[2]).toEqual({ date: d('2024-03-01'), from: 'housed', to: 'inactive', flow: null, daysToHousing: null });
  });
});

// ------------------------------------------------------------------ 6. several transitions in a month

describe('several transitions in one month', () => {
  it('should count every transition when people are housed and return, go inactive and return, or arrive and are housed in one month', () => {
    // a: housed 03-05 (55 days, see above) and back 03-25 → one placement, one return from housing, active at month end.
    // b: inactive 03-02 and back 03-28 → one moved_to_inactive, one returned_from_inactive, active at month end.
    // c: new 03-03, housed 03-20 (17 days) → one newly_identified, one placement, not active at month end.
    const a = history(person({ id: 'a' }), ['2024-01-10', 'active'], ['2024-03-05', 'housed'], ['2024-03-25', 'active']);
    const b = history(person({ id: 'b' }), ['2024-01-10', 'active'], ['2024-03-02', 'inactive'], ['2024-03-28', 'active']);
    const c = history(person({ id: 'c' }), ['2024-03-03', 'active'], ['2024-03-20', 'housed']);
    const r = compute([a, b, c], { firstMonth: '2024-02', asOf: '2024-03-31' });
    expect(r.row('all', '2024-02')).toEqual(figures('all', '2024-02', { actively_homeless: 2 }));
    // 2 + (1 + 1 + 1) − (2 + 1) = 2; mean days (55 + 17) / 2 = 36.
    expect(r.row('all', '2024-03')).toEqual(
      figures('all', '2024-03', {
        actively_homeless: 2,
        newly_identified: 1,
        returned_from_housing: 1,
        returned_from_inactive: 1,
        housing_placements: 2,
        moved_to_inactive: 1,
        avg_days_to_housing: 36,
      }),
    );
  });
});

// ------------------------------------------------------------------ 7. first and last days of a month

describe('events on the first and last day of a month', () => {
  it('should count active on the month end when events fall on the first or the last day of a month', () => {
    // w: active on 01-31 → active at the end of January.
    // x: active since 2023-12-10, housed 01-01 → placement in January (21 + 1 = 22 days), not active on 01-31.
    // y: active 01-05, inactive 02-29 (last day of a leap February) → not active at the end of February.
    // z: active 01-05, housed 01-31 (26 days) → not active at the end of January.
    const w = history(person({ id: 'w' }), ['2024-01-31', 'active']);
    const x = history(person({ id: 'x' }), ['2023-12-10', 'active'], ['2024-01-01', 'housed']);
    const y = history(person({ id: 'y' }), ['2024-01-05', 'active'], ['2024-02-29', 'inactive']);
    const z = history(person({ id: 'z' }), ['2024-01-05', 'active'], ['2024-01-31', 'housed']);
    const r = compute([w, x, y, z], { firstMonth: '2024-01', asOf: '2024-02-29' });
    // December end: x only (1). January: 1 + 3 − 2 = 2 (w, y); mean days (22 + 26) / 2 = 24.
    expect(r.row('all', '2024-01')).toEqual(
      figures('all', '2024-01', { actively_homeless: 2, newly_identified: 3, housing_placements: 2, avg_days_to_housing: 24 }),
    );
    // February: 2 − 1 = 1 (w).
    expect(r.row('all', '2024-02')).toEqual(figures('all', '2024-02', { actively_homeless: 1, moved_to_inactive: 1 }));
  });

  it('should count the month containing asOf on asOf when the month is not over', () => {
    // p1 active on asOf itself → counted; p2 becomes active after asOf → ignored;
    // p3 is housed after asOf → still active on asOf, no placement yet.
    const p1 = history(person({ id: 'p1' }), ['2024-03-15', 'active']);
    const p2 = history(person({ id: 'p2' }), ['2024-03-16', 'active']);
    const p3 = history(person({ id: 'p3' }), ['2024-02-01', 'active'], ['2024-03-20', 'housed']);
    const r = compute([p1, p2, p3], { firstMonth: '2024-02', asOf: '2024-03-15' });
    expect(r.rows.filter((x) => x.population === 'all').map((x) => x.month)).toEqual(['2024-02', '2024-03']);
    expect(r.row('all', '2024-02')).toEqual(figures('all', '2024-02', { actively_homeless: 1, newly_identified: 1 }));
    expect(r.row('all', '2024-03')).toEqual(figures('all', '2024-03', { actively_homeless: 2, newly_identified: 1 }));
  });
});

// ------------------------------------------------------------------ 8. entering and leaving populations while active

describe('entering and leaving a population while active', () => {
  it('should count newly_identified in chronic on the chronic date when an active person becomes chronic, and leave all unaffected', () => {
    // Active 2024-01-10, chronic from 2024-03-15, housed 2024-05-01.
    // Days to housing count from the overall active period: 21 + 29 + 31 + 30 + 1 = 112.
    const a = history(person({ id: 'a', chronic: [['2024-03-15', null]] }), ['2024-01-10', 'active'], ['2024-05-01', 'housed']);
    const r = compute([a], { firstMonth: '2024-01', asOf: '2024-05-31' });
    expect(r.row('chronic', '2024-01')).toEqual(figures('chronic', '2024-01'));
    expect(r.row('chronic', '2024-02')).toEqual(figures('chronic', '2024-02'));
    expect(r.row('chronic', '2024-03')).toEqual(figures('chronic', '2024-03', { actively_homeless: 1, newly_identified: 1 }));
    expect(r.row('chronic', '2024-04')).toEqual(figures('chronic', '2024-04', { actively_homeless: 1 }));
    expect(r.row('chronic', '2024-05')).toEqual(figures('chronic', '2024-05', { housing_placements: 1, avg_days_to_housing: 112 }));
    expect(r.transitions('a', 'chronic')[0]).toEqual({ date: d('2024-03-15'), from: 'absent', to: 'active', flow: 'newly_identified', daysToHousing: null });

    expect(r.row('all', '2024-01')).toEqual(figures('all', '2024-01', { actively_homeless: 1, newly_identified: 1 }));
    expect(r.row('all', '2024-03')).toEqual(figures('all', '2024-03', { actively_homeless: 1 }));
    expect(r.row('all', '2024-05')).toEqual(figures('all', '2024-05', { housing_placements: 1, avg_days_to_housing: 112 }));
  });

  it('should count no_longer_meets_criteria in chronic when the chronic range ends while the person is active', () => {
    // Chronic 02-01..02-20 inclusive → out of chronic from 02-21, still active overall.
    const b = history(person({ id: 'b', chronic: [['2024-02-01', '2024-02-20']] }), ['2024-01-10', 'active']);
    const r = compute([b], { firstMonth: '2024-02', asOf: '2024-02-29' });
    expect(r.row('chronic', '2024-02')).toEqual(figures('chronic', '2024-02', { newly_identified: 1, no_longer_meets_criteria: 1 }));
    expect(r.transitions('b', 'chronic')[1]).toEqual({ date: d('2024-02-21'), from: 'active', to: 'absent', flow: 'no_longer_meets_criteria', daysToHousing: null });
    expect(r.row('all', '2024-02')).toEqual(figures('all', '2024-02', { actively_homeless: 1 }));
  });

  it('should count no_longer_meets_criteria in youth on the 25th birthday when the person turns 25 while active', () => {
    const c = history(person({ id: 'c', birth: '1999-05-20' }), ['2024-01-10', 'active']);
    const r = compute([c], { firstMonth: '2024-01', asOf: '2024-05-31' });
    expect(r.row('youth', '2024-01')).toEqual(figures('youth', '2024-01', { actively_homeless: 1, newly_identified: 1 }));
    expect(r.row('youth', '2024-04')).toEqual(figures('youth', '2024-04', { actively_homeless: 1 }));
    expect(r.row('youth', '2024-05')).toEqual(figures('youth', '2024-05', { no_longer_meets_criteria: 1 }));
    expect(r.transitions('c', 'youth')[1]).toEqual({ date: d('2024-05-20'), from: 'active', to: 'absent', flow: 'no_longer_meets_criteria', daysToHousing: null });
    expect(r.row('all', '2024-05')).toEqual(figures('all', '2024-05', { actively_homeless: 1 }));
  });

  it('should move the head from families to all-singles when the only child turns 18 while the household is active', () => {
    // Head p (born 1980) and child k (born 2006-07-15, 18 on 2024-07-15), both active from 2024-01-10.
    const hh = household('h1', '2023-01-01', null, [['p', '1980-01-01'], ['k', '2006-07-15']]);
    const p = history(person({ id: 'p', birth: '1980-01-01', households: [hh.get('p')!] }), ['2024-01-10', 'active']);
    const k = history(person({ id: 'k', birth: '2006-07-15', households: [hh.get('k')!] }), ['2024-01-10', 'active']);
    const r = compute([p, k], { firstMonth: '2024-01', asOf: '2024-07-31' });

    // families counts the head only.
    expect(r.row('families', '2024-01')).toEqual(figures('families', '2024-01', { actively_homeless: 1, newly_identified: 1 }));
    expect(r.row('families', '2024-06')).toEqual(figures('families', '2024-06', { actively_homeless: 1 }));
    expect(r.row('families', '2024-07')).toEqual(figures('families', '2024-07', { no_longer_meets_criteria: 1 }));
    expect(r.transitions('p', 'families')[1]).toEqual({ date: d('2024-07-15'), from: 'active', to: 'absent', flow: 'no_longer_meets_criteria', daysToHousing: null });
    expect(r.transitions('k', 'families')).toEqual([]);

    // Both enter all-singles on the birthday: the household is now adult-only.
    expect(r.row('all-singles', '2024-01')).toEqual(figures('all-singles', '2024-01'));
    expect(r.row('all-singles', '2024-07')).toEqual(figures('all-singles', '2024-07', { actively_homeless: 2, newly_identified: 2 }));
    expect(r.transitions('p', 'all-singles')).toEqual([
      { date: d('2024-07-15'), from: 'absent', to: 'active', flow: 'newly_identified', daysToHousing: null },
    ]);

    expect(r.row('all', '2024-07')).toEqual(figures('all', '2024-07', { actively_homeless: 2 }));
    // The head is 44: not a youth household.
    expect(r.row('youth', '2024-07')).toEqual(figures('youth', '2024-07'));
  });

  it('should take 1 March as the 25th birthday when the person was born on 29 February', () => {
    // Born 2000-02-29; 2025 is a common year → 25 on 2025-03-01, still 24 on 2025-02-28.
    const e = history(person({ id: 'e', birth: '2000-02-29' }), ['2024-06-01', 'active']);
    const r = compute([e], { firstMonth: '2025-02', asOf: '2025-03-31' });
    expect(r.row('youth', '2025-02')).toEqual(figures('youth', '2025-02', { actively_homeless: 1 }));
    expect(r.row('youth', '2025-03')).toEqual(figures('youth', '2025-03', { no_longer_meets_criteria: 1 }));
    expect(r.transitions('e', 'youth')[1].date).toBe(d('2025-03-01'));
  });

  it('should count a veteran as newly_identified in veterans on their 18th birthday when they were active as a minor', () => {
    // Born 2006-07-15, flagged veteran, alone: a child-only household until 2024-07-15 (youth, not all-singles),
    // then an adult alone (all-singles) and a veteran.
    const v = history(person({ id: 'v', birth: '2006-07-15', veteran: true }), ['2024-01-10', 'active']);
    const r = compute([v], { firstMonth: '2024-07', asOf: '2024-07-31' });
    expect(r.row('veterans', '2024-07')).toEqual(figures('veterans', '2024-07', { actively_homeless: 1, newly_identified: 1 }));
    expect(r.row('all-singles', '2024-07')).toEqual(figures('all-singles', '2024-07', { actively_homeless: 1, newly_identified: 1 }));
    expect(r.row('youth', '2024-07')).toEqual(figures('youth', '2024-07', { actively_homeless: 1 }));
    expect(r.transitions('v', 'veterans')[0].date).toBe(d('2024-07-15'));
  });
});

// ------------------------------------------------------------------ 9. families counted as households

describe('families counted as households', () => {
  it('should count a household of three once in families, three times in all and not at all in all-singles when it has a child', () => {
    // Head h, partner q (a veteran), child k (flagged veteran, but 8 years old). All active 2024-02-10,
    // all housed together 2024-03-20: 19 (to Feb 29) + 20 = 39 days.
    const hh = household('h1', '2024-01-01', null, [['h', '1985-03-01'], ['q', '1986-04-01'], ['k', '2015-09-01']]);
    const h = history(person({ id: 'h', birth: '1985-03-01', households: [hh.get('h')!] }), ['2024-02-10', 'active'], ['2024-03-20', 'housed']);
    const q = history(person({ id: 'q', birth: '1986-04-01', veteran: true, households: [hh.get('q')!] }), ['2024-02-10', 'active'], ['2024-03-20', 'housed']);
    const k = history(person({ id: 'k', birth: '2015-09-01', veteran: true, households: [hh.get('k')!] }), ['2024-02-10', 'active'], ['2024-03-20', 'housed']);
    const r = compute([h, q, k], { firstMonth: '2024-02', asOf: '2024-03-31' });

    expect(r.row('families', '2024-02')).toEqual(figures('families', '2024-02', { actively_homeless: 1, newly_identified: 1 }));
    expect(r.row('all', '2024-02')).toEqual(figures('all', '2024-02', { actively_homeless: 3, newly_identified: 3 }));
    expect(r.row('all-singles', '2024-02')).toEqual(figures('all-singles', '2024-02'));
    // Only the adult partner: the child is under 18 even though flagged veteran.
    expect(r.row('veterans', '2024-02')).toEqual(figures('veterans', '2024-02', { actively_homeless: 1, newly_identified: 1 }));
    expect(r.transitions('k', 'veterans')).toEqual([]);
    expect(r.row('youth', '2024-02')).toEqual(figures('youth', '2024-02'));
    expect(r.row('chronic', '2024-02')).toEqual(figures('chronic', '2024-02'));

    expect(r.row('families', '2024-03')).toEqual(figures('families', '2024-03', { housing_placements: 1, avg_days_to_housing: 39 }));
    expect(r.row('all', '2024-03')).toEqual(figures('all', '2024-03', { housing_placements: 3, avg_days_to_housing: 39 }));
  });

  it('should count a member of unknown age as an adult when deciding all-singles, veterans and youth', () => {
    // u: birth unknown, veteran, alone → adult-only (all-singles), veteran (not known to be under 18), not youth.
    // w: 20 years old in a household with a member of unknown age → not youth (an age is unknown).
    const u = history(person({ id: 'u', birth: null, veteran: true }), ['2024-02-10', 'active']);
    const hh = household('h2', '2024-01-01', null, [['w', '2003-06-01'], ['x', null]]);
    const w = history(person({ id: 'w', birth: '2003-06-01', households: [hh.get('w')!] }), ['2024-02-10', 'active']);
    const r = compute([u, w], { firstMonth: '2024-02', asOf: '2024-02-29' });
    expect(r.row('all-singles', '2024-02')).toEqual(figures('all-singles', '2024-02', { actively_homeless: 2, newly_identified: 2 }));
    expect(r.row('veterans', '2024-02')).toEqual(figures('veterans', '2024-02', { actively_homeless: 1, newly_identified: 1 }));
    expect(r.row('youth', '2024-02')).toEqual(figures('youth', '2024-02'));
    expect(r.row('families', '2024-02')).toEqual(figures('families', '2024-02'));
  });

  it('should count a household of two under-25s in youth when every member is under 25', () => {
    // Head 22 and child 2: youth (both) and families (head only); not all-singles.
    const hh = household('h3', '2024-01-01', null, [['y1', '2001-05-05'], ['y2', '2022-01-01']]);
    const y1 = history(person({ id: 'y1', birth: '2001-05-05', households: [hh.get('y1')!] }), ['2024-02-10', 'active']);
    const y2 = history(person({ id: 'y2', birth: '2022-01-01', households: [hh.get('y2')!] }), ['2024-02-10', 'active']);
    const r = compute([y1, y2], { firstMonth: '2024-02', asOf: '2024-02-29' });
    expect(r.row('youth', '2024-02')).toEqual(figures('youth', '2024-02', { actively_homeless: 2, newly_identified: 2 }));
    expect(r.row('families', '2024-02')).toEqual(figures('families', '2024-02', { actively_homeless: 1, newly_identified: 1 }));
    expect(r.row('all-singles', '2024-02')).toEqual(figures('all-singles', '2024-02'));
  });

  it('should follow household spells when a person leaves a family household while active', () => {
    // Head m is in a family household until 2024-03-09, then alone (household of one) from 2024-03-10.
    const hh = household('h4', '2024-01-01', '2024-03-09', [['m', '1990-01-01'], ['n', '2020-01-01']]);
    const mm = history(person({ id: 'm', birth: '1990-01-01', households: [hh.get('m')!] }), ['2024-02-10', 'active']);
    const r = compute([mm], { firstMonth: '2024-03', asOf: '2024-03-31' });
    expect(r.row('families', '2024-03')).toEqual(figures('families', '2024-03', { no_longer_meets_criteria: 1 }));
    expect(r.row('all-singles', '2024-03')).toEqual(figures('all-singles', '2024-03', { actively_homeless: 1, newly_identified: 1 }));
    expect(r.transitions('m', 'all-singles')[0].date).toBe(d('2024-03-10'));
  });
});

// ------------------------------------------------------------------ 12. custom populations

const KNOWN = new Map<string, PopulationDefinition>(BUILT_IN_POPULATIONS.map((p) => [p.slug, p]));

describe('custom populations', () => {
  const chronicVeterans = customPopulation('chronic-veterans', { all: [{ population: 'chronic' }, { population: 'veterans' }] });
  const olderAdults = customPopulation('older-adults', { attr: 'age', gte: 55 });
  const north = customPopulation('north', { attr: 'locality', in: ['north'] });
  const populations = [...BUILT_IN_POPULATIONS, chronicVeterans, olderAdults, north];

  it('should count members of custom rules when they combine populations, ages and localities', () => {
    const childHh = household('hv', '2023-01-01', null, [['v3', '1970-01-01'], ['v3c', '2015-01-01']]);
    const people = [
      // chronic veteran alone → chronic-veterans
      history(person({ id: 'v1', birth: '1970-01-01', veteran: true, chronic: [['2023-01-01', null]] }), ['2024-01-10', 'active']),
      // veteran, not chronic → no
      history(person({ id: 'v2', birth: '1970-01-01', veteran: true }), ['2024-01-10', 'active']),
      // chronic veteran with a child → not chronic (adult-only households only) → no
      history(person({ id: 'v3', birth: '1970-01-01', veteran: true, chronic: [['2023-01-01', null]], households: [childHh.get('v3')!] }), ['2024-01-10', 'active']),
      // 54 in January, 55 on 2024-03-10 → older-adults from March
      history(person({ id: 'o1', birth: '1969-03-10' }), ['2024-01-10', 'active']),
      history(person({ id: 'l1', locality: 'north' }), ['2024-01-10', 'active']),
      history(person({ id: 'l2', locality: 'south' }), ['2024-01-10', 'active']),
      history(person({ id: 'l3', locality: null }), ['2024-01-10', 'active']),
    ];
    const r = compute(people, { firstMonth: '2024-01', asOf: '2024-03-31', populations });
    expect(r.row('chronic-veterans', '2024-01')).toEqual(figures('chronic-veterans', '2024-01', { actively_homeless: 1, newly_identified: 1 }));
    expect(r.transitions('v1', 'chronic-veterans')).toHaveLength(1);
    expect(r.row('older-adults', '2024-01')).toEqual(figures('older-adults', '2024-01'));
    expect(r.row('older-adults', '2024-02')).toEqual(figures('older-adults', '2024-02'));
    expect(r.row('older-adults', '2024-03')).toEqual(figures('older-adults', '2024-03', { actively_homeless: 1, newly_identified: 1 }));
    expect(r.transitions('o1', 'older-adults')[0].date).toBe(d('2024-03-10'));
    expect(r.row('north', '2024-01')).toEqual(figures('north', '2024-01', { actively_homeless: 1, newly_identified: 1 }));
    expect(r.row('all', '2024-01')).toEqual(figures('all', '2024-01', { actively_homeless: 7, newly_identified: 7 }));
  });

  it('should accept well-formed custom definitions when they refer to known populations', () => {
    expect(validatePopulation({ slug: 'chronic-veterans', name: 'Chronic veterans', rule: chronicVeterans.rule }, KNOWN)).toEqual([]);
    expect(validatePopulation({ slug: 'older-adults', name: 'Older adults 55+', rule: olderAdults.rule }, KNOWN)).toEqual([]);
    expect(validatePopulation({ slug: 'north', name: 'North side', rule: { not: { any: [{ attr: 'locality', in: ['south'] }] } } }, KNOWN)).toEqual([]);
  });

  it.each([
    ['a slug with spaces and capitals', { slug: 'Chronic Vets', name: 'x', rule: { attr: 'veteran', is: true } }],
    ['a built-in slug', { slug: 'veterans', name: 'x', rule: { attr: 'veteran', is: true } }],
    ['an empty name', { slug: 'x', name: '  ', rule: { attr: 'veteran', is: true } }],
    ['a rule that is not an object', { slug: 'x', name: 'x', rule: 'chronic' }],
    ['a rule with no known key', { slug: 'x', name: 'x', rule: { locality: ['north'] } }],
    ['"all" without a list', { slug: 'x', name: 'x', rule: { all: { population: 'chronic' } } }],
    ['an age without bounds', { slug: 'x', name: 'x', rule: { attr: 'age' } }],
    ['an age bound that is text', { slug: 'x', name: 'x', rule: { attr: 'age', gte: '55' } }],
    ['an unknown attribute', { slug: 'x', name: 'x', rule: { attr: 'shoe_size', is: true } }],
    ['veteran without a boolean', { slug: 'x', name: 'x', rule: { attr: 'veteran', is: 'yes' } }],
    ['locality not a list', { slug: 'x', name: 'x', rule: { attr: 'locality', in: 'north' } }],
    ['an unknown race', { slug: 'x', name: 'x', rule: { attr: 'race', includes: 'purple' } }],
    ['an unknown household kind', { slug: 'x', name: 'x', rule: { attr: 'household', is: 'couple' } }],
    ['a bad rule nested inside a valid one', { slug: 'x', name: 'x', rule: { all: [{ population: 'chronic' }, { not: { attr: 'age', lt: 'old' } }] } }],
    ['an unknown population reference', { slug: 'x', name: 'x', rule: { population: 'nope' } }],
  ])('should reject a definition when it has %s', (_label, def) => {
    expect(validatePopulation(def, KNOWN).length).toBeGreaterThan(0);
  });

  it('should reject a definition when it refers to itself', () => {
    const self = { slug: 'chronic-veterans', name: 'Chronic veterans', rule: { all: [{ population: 'chronic' }, { population: 'chronic-veterans' }] } };
    // Editing an existing definition (its slug is known) …
    const known = new Map(KNOWN).set('chronic-veterans', chronicVeterans);
    const problems = validatePopulation(self, known);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join(' ')).toMatch(/itself/);
    // … and creating a new one (its slug is not known yet) are both rejected.
    expect(validatePopulation(self, KNOWN).length).toBeGreaterThan(0);
  });

  it('should reject a definition when it closes an indirect cycle through another custom population', () => {
    // With "a" = {population: "b"} saved, redefining "b" as {population: "a"} would make every
    // computation fail with "nest too deeply": the validator must refuse it.
    const a = customPopulation('a', { population: 'b' });
    const b = customPopulation('b', { attr: 'veteran', is: true });
    const known = new Map(KNOWN).set('a', a).set('b', b);
    expect(validatePopulation({ slug: 'b', name: 'B', rule: { population: 'a' } }, known).length).toBeGreaterThan(0);
  });
});
