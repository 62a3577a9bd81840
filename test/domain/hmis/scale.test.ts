/**
 * The derivation works on intervals: long stays and thousands of bed nights give a
 * handful of changes without expanding days (no timing asserts; the suite's timeout
 * is the only clock).
 */
import { describe, expect, it } from 'vitest';
import type { HmisServiceInput } from '../../../src/domain/hmis/types.ts';
import { cls, d, derive, enrollment, personInput, service, timeline } from './builders.ts';

const ES = 0;
const NBN = 1;
const SO = 4;

describe('scale', () => {
  it('should derive one change when a person has a 5-year open shelter stay and 2,000 bed nights', () => {
    // Night-by-night from 2009-01-01 with a bed night every second day: 2,000 nights up to 2019-12-13,
    // never 90 days apart; then ES open from 2020-01-01 to the as-of day 2025-01-01 (5 years of nights).
    const start = d('2009-01-01');
    const services: HmisServiceInput[] = [];
    for (let i = 0; i < 2000; i++) services.push(service(`s${i}`, 'n1', start + 2 * i));
    const input = personInput({
      enrollments: [enrollment({ id: 'n1', type: NBN, entry: '2009-01-01' }), enrollment({ id: 'e1', type: ES, entry: '2020-01-01' })],
      services,
    });
    const r = derive(input, { asOf: '2025-01-01' });
    expect(timeline(r.changes)).toEqual([['2009-01-01', 'active']]);
  });

  it('should derive one change per gap when bed nights come in bursts months apart', () => {
    // 200 bursts of 10 consecutive bed nights, one burst every 110 days: a burst's nights are cycle days 0..9,
    // so the person is inactive from day 9 + 90 = 99 until the next burst on day 110.
    const start = d('1960-01-01');
    const services: HmisServiceInput[] = [];
    for (let b = 0; b < 200; b++) for (let n = 0; n < 10; n++) services.push(service(`s${b}-${n}`, 'n1', start + 110 * b + n));
    const r = derive(personInput({ enrollments: [enrollment({ id: 'n1', type: NBN, entry: '1960-01-01' })], services }), { asOf: '2025-12-31' });
    expect(r.changes).toHaveLength(400);
    for (let b = 0; b < 200; b++) {
      expect(r.changes[2 * b]).toMatchObject({ date: start + 110 * b, status: 'active' });
      expect(r.changes[2 * b + 1]).toMatchObject({ date: start + 110 * b + 9 + 90, status: 'inactive' });
    }
  });

  it('should stay quick when an outreach enrollment has 20,000 contacts', () => {
    const contacts = [];
    for (let i = 0; i < 20_000; i++) contacts.push(cls(`c${i}`, 'o1', '2020-01-01', 116));
    // All on one day: one active run from 2020-01-01, inactive 90 days later (2020-03-31).
    const r = derive(personInput({ enrollments: [enrollment({ id: 'o1', type: SO, entry: '2020-01-01' })], cls: contacts }));
    expect(timeline(r.changes)).toEqual([
      ['2020-01-01', 'active'],
      ['2020-03-31', 'inactive'],
    ]);
  });
});
