import { describe, expect, it } from 'vitest';
import { IdSet } from '../../../src/ingest/hmis/id-set.ts';
import { readDate, readDateTime, readInteger, readMoney } from '../../../src/ingest/hmis/values.ts';

describe('HMIS value readers', () => {
  it('should read YYYY-MM-DD dates and refuse other shapes and impossible days', () => {
    expect(readDate('2024-02-29')).toBe('2024-02-29');
    expect(readDate(' 2024-01-05 ')).toBe('2024-01-05');
    expect(readDate('2024-01-05 13:45:00')).toBe('2024-01-05');
    expect(readDate('')).toBeNull();
    expect(readDate('   ')).toBeNull();
    for (const bad of ['2023-02-29', '2024-13-01', '2024-04-31', '03-11-21', '2024/01/05', '2024-1-5', '0999-01-01', '2024-01-05x']) {
      expect(readDate(bad)).toBeUndefined();
    }
  });

  it('should read timestamps, taking a bare date as midnight and a T as a space', () => {
    expect(readDateTime('2023-09-08 20:29:02')).toBe('2023-09-08 20:29:02');
    expect(readDateTime('2021-05-03')).toBe('2021-05-03 00:00:00');
    expect(readDateTime('2021-05-03T07:40:00')).toBe('2021-05-03 07:40:00');
    expect(readDateTime('')).toBeNull();
    for (const bad of ['03-11-21', '2021-05-03 24:00:00', '2021-05-03 07:40', '2021-05-03 07:40:00.123', '2021-05-03 07:40:00Z']) {
      expect(readDateTime(bad)).toBeUndefined();
    }
  });

  it('should read whole numbers and amounts', () => {
    expect(readInteger('116')).toBe(116);
    expect(readInteger('-3')).toBe(-3);
    expect(readInteger('')).toBeNull();
    for (const bad of ['1.0', '1e3', '12a', '-', '1234567890123456']) expect(readInteger(bad)).toBeUndefined();
    expect(readMoney('426')).toBe(426);
    expect(readMoney('1234.56')).toBe(1234.56);
    expect(readMoney('.5')).toBe(0.5);
    for (const bad of ['$12', '1,200', '1.2.3', '.', 'abc']) expect(readMoney(bad)).toBeUndefined();
  });
});

describe('IdSet', () => {
  it('should tell numeric IDs from text IDs that look alike', () => {
    const s = new IdSet();
    expect(s.add('1')).toBe(true);
    expect(s.add('01')).toBe(true);
    expect(s.add('1')).toBe(false);
    expect(s.add('829635_1')).toBe(true);
    expect(s.has('829635_1')).toBe(true);
    expect(s.has('829635_2')).toBe(false);
    expect(s.has('001')).toBe(false);
    expect(s.add('')).toBe(true);
    expect(s.has('')).toBe(true);
    expect(s.size).toBe(4);
  });

  it('should keep every ID when it grows to hundreds of thousands of entries', () => {
    const s = new IdSet(16);
    for (let i = 0; i < 300_000; i++) {
      expect(s.add(String(i * 7))).toBe(true);
      expect(s.add(`s_${i}`)).toBe(true);
    }
    expect(s.size).toBe(600_000);
    let missing = 0;
    for (let i = 0; i < 300_000; i++) if (!s.has(String(i * 7)) || !s.has(`s_${i}`)) missing++;
    expect(missing).toBe(0);
    let falseHits = 0;
    for (let i = 0; i < 300_000; i++) if (s.has(String(i * 7 + 1)) || s.has(`t_${i}`)) falseHits++;
    expect(falseHits).toBe(0);
  });
});
