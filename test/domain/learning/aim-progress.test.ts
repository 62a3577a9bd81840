/**
 * judgeAim at the edge of every status. Expected values are worked out by hand:
 *
 * The main fixture (monthly, lower is better): baseline 300 in 2024-01, target 150 by
 * 2024-12-28. The path starts on 2024-01-01; 2024-12-28 is 362 days later (2024 is a
 * leap year: 2024-01-01 + 365 days = 2024-12-31). 2024-06 ends on 2024-06-30, 181 days
 * after 2024-01-01 (31 + 29 + 31 + 30 + 31 + 29), half of 362, so the path is halfway:
 * expected 300 - 150 / 2 = 225.
 */
import { describe, it, expect } from 'vitest';
import { judgeAim, type AimJudgementInput } from '../../../src/domain/learning/aim-progress.ts';
import { periodRange } from '../../../src/domain/learning/periods.ts';

const DOWN_AIM: AimJudgementInput['aim'] = {
  baseline_value: 300,
  baseline_period: '2024-01',
  target_value: 150,
  target_date: '2024-12-28',
  sustain_periods: 3,
};

/** Points for consecutive periods from `first`, one per value. */
function series(frequency: AimJudgementInput['frequency'], first: string, values: (number | null)[]): AimJudgementInput['points'] {
  const periods: string[] = [];
  // Long enough for the tests' series; trimmed to the values given.
  const last = { monthly: '2030-12', quarterly: '2030-Q4', weekly: '2030-W52' }[frequency];
  for (const p of periodRange(frequency, first, last)) {
    if (periods.length === values.length) break;
    periods.push(p);
  }
  return values.map((value, i) => ({ period: periods[i], value }));
}

function down(values: (number | null)[], overrides: Partial<AimJudgementInput> = {}, first = '2024-01'): AimJudgementInput {
  return { aim: DOWN_AIM, frequency: 'monthly', direction: 'down', points: series('monthly', first, values), improvementSignal: false, ...overrides };
}

describe('judgeAim: no data', () => {
  it('should say no_data when there are no points', () => {
    expect(judgeAim(down([]))).toEqual({
      status: 'no_data',
      periods_at_target: 0,
      latest_period: null,
      latest_value: null,
      expected_value: null,
      reason: 'There are no values for this measure yet, so progress toward the aim cannot be judged.',
    });
  });

  it('should say no_data when every value is null, even with an improvement signal', () => {
    const result = judgeAim(down([null, null], { improvementSignal: true }));
    expect(result.status).toBe('no_data');
    expect(result.latest_period).toBeNull();
  });
});

describe('judgeAim: achieved and sustained', () => {
  it('should count a value exactly at the target as meeting it when lower is better', () => {
    // 2024-01 … 2024-05: 300, 260, 200, 170, 150.
    const result = judgeAim(down([300, 260, 200, 170, 150]));
    expect(result.status).toBe('achieved');
    expect(result.periods_at_target).toBe(1);
    expect(result.latest_period).toBe('2024-05');
    expect(result.latest_value).toBe(150);
    expect(result.reason).toBe(
      'The latest value, 150 in 2024-05, has met the target of 150 or fewer for 1 month; 3 consecutive months are needed to call it sustained.',
    );
  });

  it('should count a value exactly at the target as meeting it when higher is better', () => {
    const result = judgeAim({
      aim: { baseline_value: 40, baseline_period: '2024-01', target_value: 60, target_date: '2024-12-31', sustain_periods: 2 },
      frequency: 'monthly',
      direction: 'up',
      points: series('monthly', '2024-01', [40, 59.99, 60]),
      improvementSignal: false,
    });
    expect(result.status).toBe('achieved');
    expect(result.periods_at_target).toBe(1);
    expect(result.reason).toBe(
      'The latest value, 60 in 2024-03, has met the target of 60 or more for 1 month; 2 consecutive months are needed to call it sustained.',
    );
  });

  it('should not count a value just above the target as meeting it when lower is better', () => {
    const result = judgeAim(down([300, 150.01]));
    expect(result.periods_at_target).toBe(0);
    expect(result.status).not.toBe('achieved');
  });

  it('should say sustained when the latest values meet the target for exactly sustain_periods periods', () => {
    const result = judgeAim(down([300, 200, 140, 150, 120]));
    expect(result.status).toBe('sustained');
    expect(result.periods_at_target).toBe(3);
    expect(result.reason).toBe(
      'The latest value, 120 in 2024-05, has met the target of 150 or fewer for 3 consecutive months, which counts as sustained (the aim asks for 3).',
    );
  });

  it('should say achieved when the latest values meet the target for one period short of sustain_periods', () => {
    const result = judgeAim(down([300, 200, 160, 150, 120]));
    expect(result.status).toBe('achieved');
    expect(result.periods_at_target).toBe(2);
    expect(result.reason).toBe(
      'The latest value, 120 in 2024-05, has met the target of 150 or fewer for 2 consecutive months; 3 consecutive months are needed to call it sustained.',
    );
  });

  it('should count only the latest unbroken run when earlier values also met the target', () => {
    // 140 and 145 met the target, 160 broke the run, then 150 and 120.
    const result = judgeAim(down([140, 145, 160, 150, 120]));
    expect(result.periods_at_target).toBe(2);
    expect(result.status).toBe('achieved');
  });

  it('should skip null values when counting consecutive periods at target', () => {
    // 2024-01 … 2024-06: 300, 140, null, 145, 130, null → three non-null values at target.
    const result = judgeAim(down([300, 140, null, 145, 130, null]));
    expect(result.status).toBe('sustained');
    expect(result.periods_at_target).toBe(3);
    expect(result.latest_period).toBe('2024-05');
    expect(result.latest_value).toBe(130);
  });

  it('should say sustained with one period when sustain_periods is 1', () => {
    const result = judgeAim(down([300, 100], { aim: { ...DOWN_AIM, sustain_periods: 1 } }));
    expect(result.status).toBe('sustained');
    expect(result.reason).toBe(
      'The latest value, 100 in 2024-02, has met the target of 150 or fewer for 1 month, which counts as sustained (the aim asks for 1).',
    );
  });

  it('should say achieved rather than off_track when the target is met after the target date', () => {
    // 2025-01 ends after 2024-12-28, but the target is met.
    const result = judgeAim(down([150], {}, '2025-01'));
    expect(result.status).toBe('achieved');
    expect(result.expected_value).toBe(150);
  });

  it('should use the frequency period word when the frequency is weekly or quarterly', () => {
    const weekly = judgeAim({
      aim: { baseline_value: 50, baseline_period: '2024-W01', target_value: 20, target_date: '2024-12-31', sustain_periods: 4 },
      frequency: 'weekly',
      direction: 'down',
      points: series('weekly', '2024-W20', [30, 20, 18]),
      improvementSignal: false,
    });
    expect(weekly.reason).toBe(
      'The latest value, 18 in 2024-W22, has met the target of 20 or fewer for 2 consecutive weeks; 4 consecutive weeks are needed to call it sustained.',
    );
    const quarterly = judgeAim({
      aim: { baseline_value: 50, baseline_period: '2023-Q1', target_value: 80, target_date: '2024-12-31', sustain_periods: 2 },
      frequency: 'quarterly',
      direction: 'up',
      points: series('quarterly', '2023-Q1', [50, 85]),
      improvementSignal: false,
    });
    expect(quarterly.reason).toBe(
      'The latest value, 85 in 2023-Q2, has met the target of 80 or more for 1 quarter; 2 consecutive quarters are needed to call it sustained.',
    );
  });
});

describe('judgeAim: on and off the straight path', () => {
  it('should say on_track when the latest value is exactly on the path and lower is better', () => {
    // 2024-01 … 2024-06; 2024-06 is halfway along the path: expected 225.
    const result = judgeAim(down([300, 280, 260, 250, 240, 225]));
    expect(result).toEqual({
      status: 'on_track',
      periods_at_target: 0,
      latest_period: '2024-06',
      latest_value: 225,
      expected_value: 225,
      reason:
        'The latest value, 225 in 2024-06, is on or ahead of the straight path from the baseline to the target of 150 or fewer by 2024-12-28 (expected 225 by now).',
    });
  });

  it('should say off_track when the latest value is just behind the path and there is no improvement signal', () => {
    const result = judgeAim(down([300, 280, 260, 250, 240, 225.01]));
    expect(result.status).toBe('off_track');
    expect(result.expected_value).toBe(225);
    expect(result.reason).toBe(
      'The latest value, 225.01 in 2024-06, is behind the straight path from the baseline to the target of 150 or fewer by 2024-12-28 (expected 225 by now), and the chart shows no improvement signal.',
    );
  });

  it('should say on_track when the latest value is exactly on the path and higher is better', () => {
    // Quarterly: 2023-Q1 starts 2023-01-01; 2023-Q2 ends 2023-06-30, 180 days later; target date
    // 2023-12-27 is 360 days after 2023-01-01 → halfway from 40 to 60 = 50.
    const input = (value: number, improvementSignal = false): AimJudgementInput => ({
      aim: { baseline_value: 40, baseline_period: '2023-Q1', target_value: 60, target_date: '2023-12-27', sustain_periods: 2 },
      frequency: 'quarterly',
      direction: 'up',
      points: series('quarterly', '2023-Q1', [40, value]),
      improvementSignal,
    });
    expect(judgeAim(input(50))).toMatchObject({ status: 'on_track', expected_value: 50, latest_period: '2023-Q2' });
    expect(judgeAim(input(49.99))).toMatchObject({ status: 'off_track', expected_value: 50 });
    expect(judgeAim(input(49.99, true))).toMatchObject({ status: 'on_track', expected_value: 50 });
  });

  it('should turn off_track into on_track when the chart shows an improvement signal', () => {
    const result = judgeAim(down([300, 280, 260, 250, 240, 260], { improvementSignal: true }));
    expect(result.status).toBe('on_track');
    expect(result.reason).toBe(
      'The latest value, 260 in 2024-06, is behind the straight path from the baseline to the target of 150 or fewer by 2024-12-28 (expected 225 by now), but the chart shows an improvement signal.',
    );
  });

  it('should round expected_value to 4 decimals in the field and 2 in the reason', () => {
    // Target date 2024-12-31 is 365 days after 2024-01-01; 2024-06-30 is 181 days after it:
    // 300 - 150 × 181 / 365 = 300 - 74.38356… = 225.61643…
    const result = judgeAim(down([300, 280, 260, 250, 240, 230], { aim: { ...DOWN_AIM, target_date: '2024-12-31' } }));
    expect(result.expected_value).toBe(225.6164);
    expect(result.status).toBe('off_track');
    expect(result.reason).toContain('(expected 225.62 by now)');
  });

  it('should write thousands separators and at most 2 decimals in the reason', () => {
    const result = judgeAim({
      aim: { baseline_value: 1000, baseline_period: '2024-01', target_value: 2000, target_date: '2024-12-28', sustain_periods: 3 },
      frequency: 'monthly',
      direction: 'up',
      points: series('monthly', '2024-06', [1234.5678]),
      improvementSignal: false,
    });
    // Halfway from 1000 to 2000 at 2024-06: expected 1500.
    expect(result.latest_value).toBe(1234.5678);
    expect(result.reason).toBe(
      'The latest value, 1,234.57 in 2024-06, is behind the straight path from the baseline to the target of 2,000 or more by 2024-12-28 (expected 1,500 by now), and the chart shows no improvement signal.',
    );
  });

  it('should expect the baseline value when the latest period ends before the baseline period starts', () => {
    // 2023-12 ends 2023-12-31, before 2024-01-01.
    const result = judgeAim(down([300], {}, '2023-12'));
    expect(result.expected_value).toBe(300);
    expect(result.status).toBe('on_track');
  });

  it('should expect the baseline value at the end of the baseline period when the path has barely started', () => {
    // 2024-01 ends 2024-01-31, 30 days into the 362-day path: 300 - 150 × 30 / 362 = 287.56906…
    const result = judgeAim(down([300]));
    expect(result.expected_value).toBe(287.5691);
    expect(result.status).toBe('off_track');
  });
});

describe('judgeAim: target date', () => {
  it('should say off_track when the target date has passed without the target met, even with an improvement signal', () => {
    // 2024-12 ends 2024-12-31, after 2024-12-28.
    const result = judgeAim(down([300, 200, 160], { improvementSignal: true }, '2024-10'));
    expect(result.status).toBe('off_track');
    expect(result.expected_value).toBe(150);
    expect(result.reason).toBe('The target date, 2024-12-28, has passed and the latest value, 160 in 2024-12, has not met the target of 150 or fewer.');
  });

  it('should not count the target date as passed when the latest period ends on it', () => {
    const aim = { ...DOWN_AIM, target_date: '2024-05-31' };
    const withSignal = judgeAim(down([300, 160], { aim, improvementSignal: true }, '2024-04'));
    expect(withSignal.status).toBe('on_track');
    expect(withSignal.expected_value).toBe(150);
    const withoutSignal = judgeAim(down([300, 160], { aim }, '2024-04'));
    expect(withoutSignal.status).toBe('off_track');
    expect(withoutSignal.reason).toContain('is behind the straight path');
  });

  it('should count the target date as passed when the latest period ends one day after it', () => {
    const aim = { ...DOWN_AIM, target_date: '2024-05-30' };
    const result = judgeAim(down([300, 160], { aim, improvementSignal: true }, '2024-04'));
    expect(result.status).toBe('off_track');
    expect(result.reason).toMatch(/^The target date, 2024-05-30, has passed/);
  });
});

describe('judgeAim: no baseline', () => {
  it('should give no expected value and say off_track when there is no baseline and no improvement signal', () => {
    const aim = { ...DOWN_AIM, baseline_value: null, baseline_period: null };
    const result = judgeAim(down([300, 260], { aim }));
    expect(result).toEqual({
      status: 'off_track',
      periods_at_target: 0,
      latest_period: '2024-02',
      latest_value: 260,
      expected_value: null,
      reason:
        'The latest value, 260 in 2024-02, has not yet met the target of 150 or fewer, there is no baseline to draw a path to the target from, and the chart shows no improvement signal.',
    });
  });

  it('should say on_track when there is no baseline but an improvement signal', () => {
    const aim = { ...DOWN_AIM, baseline_value: null, baseline_period: null };
    const result = judgeAim(down([300, 260], { aim, improvementSignal: true }));
    expect(result.status).toBe('on_track');
    expect(result.reason).toBe(
      'The latest value, 260 in 2024-02, has not yet met the target of 150 or fewer, there is no baseline to draw a path to the target from, but the chart shows an improvement signal.',
    );
  });

  it('should give no expected value when only the baseline value or only its period is missing', () => {
    expect(judgeAim(down([260], { aim: { ...DOWN_AIM, baseline_value: null } })).expected_value).toBeNull();
    expect(judgeAim(down([260], { aim: { ...DOWN_AIM, baseline_period: null } })).expected_value).toBeNull();
  });

  it('should still say achieved when there is no baseline and the target is met', () => {
    const aim = { ...DOWN_AIM, baseline_value: null, baseline_period: null };
    expect(judgeAim(down([100], { aim })).status).toBe('achieved');
  });
});

describe('judgeAim: programming errors', () => {
  it('should throw a RangeError when the target date is not a date', () => {
    expect(() => judgeAim(down([200], { aim: { ...DOWN_AIM, target_date: '2024-02-30' } }))).toThrow(RangeError);
    expect(() => judgeAim(down([200], { aim: { ...DOWN_AIM, target_date: '2024-02-30' } }))).toThrow(/target date "2024-02-30"/);
  });

  it('should throw a RangeError when the baseline period is not a period of the frequency', () => {
    expect(() => judgeAim(down([200], { aim: { ...DOWN_AIM, baseline_period: '2024-Q1' } }))).toThrow(RangeError);
  });

  it('should throw a RangeError when a point period does not parse, even for a null value', () => {
    const points = [
      { period: '2024-01', value: 200 },
      { period: '2024-13', value: null },
    ];
    expect(() => judgeAim(down([], { points }))).toThrow(/"2024-13" is not a monthly period/);
  });

  it('should throw a RangeError when the points are out of time order', () => {
    const points = [
      { period: '2024-02', value: 200 },
      { period: '2024-01', value: 210 },
    ];
    expect(() => judgeAim(down([], { points }))).toThrow(RangeError);
  });

  it('should throw a RangeError when a value is not a finite number or sustain_periods is below 1', () => {
    expect(() => judgeAim(down([Number.NaN]))).toThrow(RangeError);
    expect(() => judgeAim(down([200], { aim: { ...DOWN_AIM, sustain_periods: 0 } }))).toThrow(RangeError);
  });
});
