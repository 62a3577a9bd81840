/**
 * The derived changes and person fed to the BNL engine: the lookback, flows and
 * populations are the engine's, the HMIS derivation only has to give it the right input.
 */
import { describe, expect, it } from 'vitest';
import { formatDay } from '../../../src/domain/time/day.ts';
import { derivePopulationTimelines } from '../../../src/domain/bnl/timeline.ts';
import { BUILT_IN_POPULATIONS } from '../../../src/domain/bnl/populations.ts';
import type { HmisPersonDerivation } from '../../../src/domain/hmis/types.ts';
import { d, derive, enrollment, member, personInput, timeline } from './builders.ts';

const ES = 0;
const SO = 4;

function flows(r: HmisPersonDerivation, population: string, asOf: string): [string, string, string, string | null][] {
  const tl = derivePopulationTimelines({ person: r.person, changes: r.changes }, BUILT_IN_POPULATIONS, { asOf: d(asOf), lookbackDays: 730 });
  return tl.find((t) => t.population === population)!.transitions.map((t) => [formatDay(t.date), t.from, t.to, t.flow]);
}

describe('the lookback', () => {
  // Outreach contact 2020-01-01 only: active through 2020-03-30, inactive 2020-03-31 (30 + 29 + 31 = 90),
  // so the last active day is 2020-03-30. 2020-03-30 → 2022-03-30 is 365 + 365 = 730 days.
  const returning = (date: string) =>
    derive(
      personInput({
        enrollments: [
          enrollment({ id: 'o1', type: SO, entry: '2020-01-01', exit: '2020-01-01', dest: 99 }),
          enrollment({ id: 'o2', type: SO, entry: date, exit: date, dest: 99 }),
        ],
      }),
      { asOf: '2022-12-31' },
    );

  it('should count a return from inactive when the person comes back 730 days after their last active day', () => {
    const r = returning('2022-03-30');
    // 2022-03-30 + 90 = 06-28 (1 + 30 + 31 + 28).
    expect(timeline(r.changes)).toEqual([
      ['2020-01-01', 'active'],
      ['2020-03-31', 'inactive'],
      ['2022-03-30', 'active'],
      ['2022-06-28', 'inactive'],
    ]);
    expect(flows(r, 'all', '2022-12-31')).toEqual([
      ['2020-01-01', 'absent', 'active', 'newly_identified'],
      ['2020-03-31', 'active', 'inactive', 'moved_to_inactive'],
      ['2022-03-30', 'inactive', 'active', 'returned_from_inactive'],
      ['2022-06-28', 'active', 'inactive', 'moved_to_inactive'],
    ]);
  });

  it('should count a newly identified person when they come back 731 days after their last active day', () => {
    const r = returning('2022-03-31');
    expect(flows(r, 'all', '2022-12-31')[2]).toEqual(['2022-03-31', 'inactive', 'active', 'newly_identified']);
  });
});

describe('flows from derived changes', () => {
  it('should count a placement and then a return from housing when someone exits to a permanent destination and is seen again', () => {
    const r = derive(
      personInput({
        enrollments: [enrollment({ id: 'e1', type: ES, entry: '2024-01-01', exit: '2024-02-01', dest: 410 }), enrollment({ id: 'o1', type: SO, entry: '2024-08-01' })],
      }),
    );
    const tl = derivePopulationTimelines({ person: r.person, changes: r.changes }, BUILT_IN_POPULATIONS, { asOf: d('2024-12-31'), lookbackDays: 730 });
    const all = tl.find((t) => t.population === 'all')!.transitions;
    expect(all.map((t) => [formatDay(t.date), t.flow, t.daysToHousing])).toEqual([
      ['2024-01-01', 'newly_identified', null],
      ['2024-02-01', 'housing_placements', 31], // 01-01 → 02-01
      ['2024-08-01', 'returned_from_housing', null],
      ['2024-10-30', 'moved_to_inactive', null], // 08-01 + 90 (30 + 30 + 30)
    ]);
    expect(all[1].provenance).toEqual({ source: 'Exit.csv', record: 'xe1', provider: 'Org 0' });
  });
});

describe('populations from derived attributes', () => {
  const family = () =>
    derive(
      personInput({
        id: 'H',
        dob: '1990-02-02',
        enrollments: [enrollment({ id: 'e', type: ES, entry: '2024-01-10', exit: '2024-04-01', dest: 435, hh: 'f1', rel: 1 })],
        members: [member('f1', 'C', '2018-05-05', 2)],
      }),
    );

  it('should count the head of a family in families and not in all-singles when the household has a child', () => {
    const r = family();
    expect(flows(r, 'families', '2024-12-31')).toEqual([
      ['2024-01-10', 'absent', 'active', 'newly_identified'],
      ['2024-04-01', 'active', 'housed', 'housing_placements'], // the spell includes the exit day
      ['2024-04-02', 'housed', 'absent', null], // alone after the family spell
    ]);
    expect(flows(r, 'all-singles', '2024-12-31')).toEqual([['2024-04-02', 'absent', 'housed', null]]);
  });

  it('should leave the child out of families when the child is not the head', () => {
    const child = derive(
      personInput({
        id: 'C',
        dob: '2018-05-05',
        enrollments: [enrollment({ id: 'e', type: ES, entry: '2024-01-10', exit: '2024-04-01', dest: 435, hh: 'f1', rel: 2 })],
        members: [member('f1', 'H', '1990-02-02', 1)],
      }),
    );
    expect(flows(child, 'families', '2024-12-31')).toEqual([]);
    expect(flows(child, 'all', '2024-12-31').map((t) => t[3])).toEqual(['newly_identified', 'housing_placements']);
  });

  it('should count a single adult as newly identified in chronic when a later enrollment qualifies', () => {
    // ES from 2024-01-01 (not chronic data); outreach entry 2024-03-01 with a disability and 4+ times / 12+ months.
    const r = derive(
      personInput({
        enrollments: [
          enrollment({ id: 'e', type: ES, entry: '2024-01-01', disabled: 0 }),
          enrollment({ id: 'o', type: SO, entry: '2024-03-01', disabled: 1, times: 4, months: 113 }),
        ],
      }),
    );
    expect(r.person.chronic).toEqual([{ from: d('2024-03-01'), to: null }]);
    expect(flows(r, 'chronic', '2024-12-31')).toEqual([['2024-03-01', 'absent', 'active', 'newly_identified']]);
    expect(flows(r, 'all', '2024-12-31')).toEqual([['2024-01-01', 'absent', 'active', 'newly_identified']]);
  });

  it('should count an adult veteran in veterans when VeteranStatus is 1', () => {
    const r = derive(personInput({ veteran: 1, enrollments: [enrollment({ id: 'e', type: ES, entry: '2024-01-01' })] }));
    expect(flows(r, 'veterans', '2024-12-31')).toEqual([['2024-01-01', 'absent', 'active', 'newly_identified']]);
  });
});
