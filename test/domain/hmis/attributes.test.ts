/**
 * The PersonRecord derived from HMIS records: age, veteran, race, gender, locality,
 * chronic day ranges (HUD definition, bnl-from-hmis.md) and household spells.
 */
import { describe, expect, it } from 'vitest';
import { d, derive, enrollment, member, personInput } from './builders.ts';

const ES = 0;
const TH = 2;
const PSH = 3;
const SO = 4;
const SH = 8;

describe('client attributes', () => {
  it('should use the DOB when DOBDataQuality is full, approximate or missing and not when it says unknown', () => {
    const birth = (q: number | null) => derive(personInput({ dob: '1990-06-15', dobQuality: q })).person.birthDate;
    expect(birth(1)).toBe(d('1990-06-15'));
    expect(birth(2)).toBe(d('1990-06-15'));
    expect(birth(null)).toBe(d('1990-06-15'));
    expect(birth(8)).toBeNull();
    expect(birth(9)).toBeNull();
    expect(birth(99)).toBeNull();
    expect(derive(personInput({ dob: null, dobQuality: 1 })).person.birthDate).toBeNull();
  });

  it('should read VeteranStatus 1 as a veteran, 0 as not and anything else as unknown', () => {
    expect(derive(personInput({ veteran: 1 })).person.veteran).toBe(true);
    expect(derive(personInput({ veteran: 0 })).person.veteran).toBe(false);
    expect(derive(personInput({ veteran: 99 })).person.veteran).toBeNull();
    expect(derive(personInput({ veteran: null })).person.veteran).toBeNull();
  });

  it('should list every race column set to 1 in the order of RACE_CATEGORIES when several are selected', () => {
    const p = derive(personInput({ race: { white: 1, black_af_american: 1, asian: 0 } })).person;
    expect(p.race).toEqual(['black_af_american', 'white']);
    expect(derive(personInput({ raceNone: 99 })).person.race).toEqual([]);
  });

  it('should pass the gender label through and read an empty one as unknown', () => {
    expect(derive(personInput({ gender: 'woman' })).person.gender).toBe('woman');
    expect(derive(personInput({ gender: ' ' })).person.gender).toBeNull();
  });

  it('should take the locality of the most recently entered enrollment whose project has one', () => {
    const p = derive(
      personInput({
        enrollments: [
          enrollment({ id: 'a', type: ES, entry: '2023-01-01', locality: 'North' }),
          enrollment({ id: 'b', type: SO, entry: '2024-01-01', locality: 'South' }),
          enrollment({ id: 'c', type: SO, entry: '2024-06-01', locality: null }),
          enrollment({ id: 'd', type: SO, entry: '2026-06-01', locality: 'Future' }), // after the as-of day
        ],
      }),
    ).person;
    expect(p.locality).toBe('South');
    expect(p.personId).toBe('P1');
  });
});

describe('chronic (HUD)', () => {
  const chronic = (...specs: Parameters<typeof enrollment>[0][]) =>
    derive(personInput({ enrollments: specs.map(enrollment) })).person.chronic.map((r) => [r.from, r.to]);

  it('should be chronic from the entry when it is at least 365 days since DateToStreetESSH', () => {
    // 2023-01-01 → 2024-01-01 is 365 days (2023 is not a leap year).
    expect(chronic({ id: 'e', type: ES, entry: '2024-01-01', disabled: 1, streetSince: '2023-01-01' })).toEqual([[d('2024-01-01'), null]]);
    // 2023-01-02 → 2024-01-01 is 364 days.
    expect(chronic({ id: 'e', type: ES, entry: '2024-01-01', disabled: 1, streetSince: '2023-01-02' })).toEqual([]);
  });

  it('should be chronic when homeless four or more times totalling 12 or more months in three years', () => {
    expect(chronic({ id: 'o', type: SO, entry: '2024-01-01', disabled: 1, times: 4, months: 112 })).toEqual([[d('2024-01-01'), null]]);
    expect(chronic({ id: 'o', type: SO, entry: '2024-01-01', disabled: 1, times: 4, months: 113 })).toEqual([[d('2024-01-01'), null]]);
    expect(chronic({ id: 'o', type: SO, entry: '2024-01-01', disabled: 1, times: 4, months: 111 })).toEqual([]);
    expect(chronic({ id: 'o', type: SO, entry: '2024-01-01', disabled: 1, times: 3, months: 113 })).toEqual([]);
    expect(chronic({ id: 'o', type: SO, entry: '2024-01-01', disabled: 1, times: 4, months: 99 })).toEqual([]);
  });

  it('should need LOSUnderThreshold and PreviousStreetESSH when TH is entered from an institution or another non-homeless situation', () => {
    const base = { id: 't', type: TH, entry: '2024-01-01', disabled: 1, streetSince: '2022-01-01' };
    expect(chronic({ ...base, prior: 207, los: 1, prevStreet: 1 })).toEqual([[d('2024-01-01'), null]]);
    expect(chronic({ ...base, prior: 207, los: 0, prevStreet: 1 })).toEqual([]);
    expect(chronic({ ...base, prior: 207, los: 1, prevStreet: 0 })).toEqual([]);
    expect(chronic({ ...base, prior: 335, los: 1, prevStreet: 1 })).toEqual([[d('2024-01-01'), null]]);
    expect(chronic({ ...base, prior: 335 })).toEqual([]);
    expect(chronic({ ...base, prior: null })).toEqual([]);
    // From a homeless situation the TH entry takes the test directly.
    expect(chronic({ ...base, prior: 116 })).toEqual([[d('2024-01-01'), null]]);
    // ES, SO and SH take it whatever the prior situation.
    expect(chronic({ ...base, type: SH, prior: 207 })).toEqual([[d('2024-01-01'), null]]);
  });

  it('should not be chronic without a disabling condition when the time homeless qualifies', () => {
    expect(chronic({ id: 'e', type: ES, entry: '2024-01-01', disabled: 0, streetSince: '2020-01-01', times: 4, months: 113 })).toEqual([]);
    expect(chronic({ id: 'e', type: ES, entry: '2024-01-01', disabled: 99, streetSince: '2020-01-01' })).toEqual([]);
  });

  it('should carry chronic status until the entry of a later homeless enrollment that does not qualify', () => {
    expect(
      chronic(
        { id: 'e1', type: ES, entry: '2023-01-01', exit: '2023-03-01', dest: 99, disabled: 1, streetSince: '2021-06-01' },
        // A PH enrollment is not a homeless enrollment: it neither starts nor ends chronic status.
        { id: 'h1', type: PSH, entry: '2023-04-01', disabled: 0 },
        { id: 'e2', type: ES, entry: '2024-06-01', disabled: 0 },
        { id: 'e3', type: SO, entry: '2025-01-01', disabled: 1, times: 4, months: 113 },
      ),
    ).toEqual([
      [d('2023-01-01'), d('2024-05-31')],
      [d('2025-01-01'), null],
    ]);
  });

  it('should qualify an entry day when any homeless enrollment starting that day qualifies', () => {
    expect(
      chronic({ id: 'a', type: SO, entry: '2024-01-01', disabled: 99 }, { id: 'b', type: ES, entry: '2024-01-01', disabled: 1, times: 4, months: 112 }),
    ).toEqual([[d('2024-01-01'), null]]);
  });

  it('should not take chronic status from a permanent housing enrollment when its entry data qualify', () => {
    expect(chronic({ id: 'h', type: PSH, entry: '2024-01-01', disabled: 1, streetSince: '2020-01-01', prior: 116 })).toEqual([]);
  });
});

describe('household spells', () => {
  it('should give the head a spell from entry to exit with every member when a family shares a HouseholdID', () => {
    const r = derive(
      personInput({
        id: 'H',
        dob: '1990-02-02',
        enrollments: [enrollment({ id: 'e', type: ES, entry: '2024-01-10', exit: '2024-04-01', dest: 435, hh: 'f1', rel: 1 })],
        members: [member('f1', 'C', '2018-05-05', 2)],
      }),
    );
    expect(r.person.households).toEqual([
      {
        from: d('2024-01-10'),
        to: d('2024-04-01'),
        householdId: 'f1',
        isHead: true,
        members: [
          { personId: 'C', birthDate: d('2018-05-05') },
          { personId: 'H', birthDate: d('1990-02-02') },
        ],
      },
    ]);
  });

  it('should not make the child a head when the child shares the family HouseholdID', () => {
    const r = derive(
      personInput({
        id: 'C',
        dob: '2018-05-05',
        enrollments: [enrollment({ id: 'e', type: ES, entry: '2024-01-10', hh: 'f1', rel: 2 })],
        members: [member('f1', 'H', '1990-02-02', 1)],
      }),
    );
    expect(r.person.households).toHaveLength(1);
    expect(r.person.households[0].isHead).toBe(false);
    expect(r.person.households[0].to).toBeNull();
  });

  it('should take the oldest adult as head when no member is recorded as head of household', () => {
    const spell = (selfBirth: string) =>
      derive(
        personInput({
          id: 'A',
          dob: selfBirth,
          enrollments: [enrollment({ id: 'e', type: ES, entry: '2024-01-10', hh: 'h', rel: 3 })],
          members: [member('h', 'B', '1980-01-01', 5), member('h', 'K', '2015-01-01', 2)],
        }),
      ).person.households[0];
    expect(spell('1985-01-01').isHead).toBe(false); // B is older
    expect(spell('1975-01-01').isHead).toBe(true);
  });

  it('should read a member with DOBDataQuality 99 as of unknown age', () => {
    const r = derive(
      personInput({ enrollments: [enrollment({ id: 'e', type: ES, entry: '2024-01-10', hh: 'h', rel: 1 })], members: [member('h', 'X', '2010-01-01', 2, 99)] }),
    );
    expect(r.person.households[0].members.find((m) => m.personId === 'X')!.birthDate).toBeNull();
  });

  it('should let the later enrollment give the household and resume the earlier one when enrollments overlap', () => {
    // SO alone (s1) open from 01-01; family shelter (f1) 03-01 .. 04-01.
    const r = derive(
      personInput({
        enrollments: [
          enrollment({ id: 'o', type: SO, entry: '2024-01-01', hh: 's1', rel: 1 }),
          enrollment({ id: 'e', type: ES, entry: '2024-03-01', exit: '2024-04-01', dest: 99, hh: 'f1', rel: 1 }),
        ],
        members: [member('f1', 'K', '2020-01-01', 2)],
      }),
    );
    expect(r.person.households.map((s) => [s.householdId, s.from, s.to, s.members.length])).toEqual([
      ['s1', d('2024-01-01'), d('2024-02-29'), 1],
      ['f1', d('2024-03-01'), d('2024-04-01'), 2],
      ['s1', d('2024-04-02'), null, 1],
    ]);
  });

  it('should take the oldest recorded head and warn when two members are recorded as head', () => {
    const r = derive(
      personInput({
        id: 'A',
        dob: '1985-01-01',
        enrollments: [enrollment({ id: 'e', type: ES, entry: '2024-01-10', hh: 'h', rel: 1 })],
        members: [member('h', 'B', '1980-01-01', 1)],
      }),
    );
    expect(r.person.households[0].isHead).toBe(false);
    expect(r.warnings).toEqual(['household h: more than one head of household recorded; B taken as the head']);
  });

  it('should make the oldest child the head when a household of children has no recorded head', () => {
    const spell = derive(
      personInput({
        id: 'K1',
        dob: '2009-01-01',
        enrollments: [enrollment({ id: 'e', type: ES, entry: '2024-01-10', hh: 'h', rel: 99 })],
        members: [member('h', 'K2', '2011-01-01', 99)],
      }),
    ).person.households[0];
    expect(spell.isHead).toBe(true);
  });

  it('should give no spell when an enrollment has no HouseholdID', () => {
    expect(derive(personInput({ enrollments: [enrollment({ id: 'e', type: ES, entry: '2024-01-10' })] })).person.households).toEqual([]);
  });
});
