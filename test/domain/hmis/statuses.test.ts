/**
 * Status changes derived from hand-made HMIS persons, against bnl-from-hmis.md.
 * Every expected date is worked out by hand next to the test (default threshold 90
 * days: inactive on last evidence + 90; 2024 is a leap year).
 */
import { describe, expect, it } from 'vitest';
import { cls, derive, enrollment, personInput, service, timeline } from './builders.ts';

const ES = 0;
const NBN = 1;
const TH = 2;
const PSH = 3;
const SO = 4;
const SSO = 6;
const SH = 8;
const HP = 12;
const RRH = 13;
const CE = 14;

describe('residential stays (ES entry/exit, TH, SH)', () => {
  it('should be active from entry through the last night and inactive 90 days after it when an ES stay ends', () => {
    // Nights 2024-01-10 .. 2024-02-29 (exit 2024-03-01, destination 99 unknown).
    // Last night 02-29; +90: 02-29 + 31 = 03-31, + 30 = 04-30, + 29 = 05-29.
    const r = derive(personInput({ enrollments: [enrollment({ id: 'e1', type: ES, entry: '2024-01-10', exit: '2024-03-01', dest: 99 })] }));
    expect(timeline(r.changes)).toEqual([
      ['2024-01-10', 'active'],
      ['2024-05-29', 'inactive'],
    ]);
  });

  it('should make someone whose last night is 1 March active through 29 May and inactive from 30 May when the exit is 2 March', () => {
    // The example of bnl-from-hmis.md: last night 03-01; 03-01 + 90 = 05-30 (30 + 30 + 30).
    const r = derive(personInput({ enrollments: [enrollment({ id: 'e1', type: ES, entry: '2024-02-01', exit: '2024-03-02', dest: 8 })] }));
    expect(timeline(r.changes)).toEqual([
      ['2024-02-01', 'active'],
      ['2024-05-30', 'inactive'],
    ]);
    expect(r.changes[1].reason).toBe('no evidence of homelessness for 90 days since 2024-03-01');
    expect(r.changes[1].provenance).toEqual({ source: 'Enrollment.csv', record: 'e1', provider: 'Org 0' });
  });

  it('should count every night up to the as-of day when a TH or SH stay is open', () => {
    for (const type of [TH, SH]) {
      const r = derive(personInput({ enrollments: [enrollment({ id: 'e1', type, entry: '2025-06-01' })] }));
      expect(timeline(r.changes)).toEqual([['2025-06-01', 'active']]);
      expect(r.changes[0].provenance).toEqual({ source: 'Enrollment.csv', record: 'e1', provider: `Org ${type}` });
    }
  });

  it('should go inactive from the threshold when an open stay last counted on the as-of day is re-derived later', () => {
    // Open ES from 2025-01-01; exported 2025-03-31; as of 2025-12-31 the exit is known (2025-04-01, 30 = no interview).
    // Last night 03-31; +90 = 06-29 (30 + 31 + 29).
    const open = derive(personInput({ enrollments: [enrollment({ id: 'e1', type: ES, entry: '2025-01-01' })] }), { asOf: '2025-03-31' });
    expect(timeline(open.changes)).toEqual([['2025-01-01', 'active']]);
    const later = derive(personInput({ enrollments: [enrollment({ id: 'e1', type: ES, entry: '2025-01-01', exit: '2025-04-01', dest: 30 })] }));
    expect(timeline(later.changes)).toEqual([
      ['2025-01-01', 'active'],
      ['2025-06-29', 'inactive'],
    ]);
  });

  it('should read nothing dated after the as-of day when an exit is later than it', () => {
    // As of 2024-02-15 the exit of 2024-03-01 to a jail is not known yet: still in the shelter.
    const r = derive(personInput({ enrollments: [enrollment({ id: 'e1', type: ES, entry: '2024-01-01', exit: '2024-03-01', dest: 207 })] }), { asOf: '2024-02-15' });
    expect(timeline(r.changes)).toEqual([['2024-01-01', 'active']]);
  });

  it('should give no evidence when an ES entry/exit enrollment is exited on its entry day', () => {
    const r = derive(personInput({ enrollments: [enrollment({ id: 'e1', type: ES, entry: '2024-01-01', exit: '2024-01-01', dest: 99 })] }));
    expect(r.changes).toEqual([]);
  });
});

describe('night-by-night shelter', () => {
  it('should count the entry date and each bed night but not the nights between when bed nights are sparse', () => {
    // Evidence: 2024-01-05 (entry + bed night) and 2024-04-20 (bed night); the open enrollment adds nothing.
    // 01-05 + 90 = 04-04 (26 + 29 + 31 + 4); 04-20 + 90 = 07-19 (10 + 31 + 30 + 19).
    const r = derive(
      personInput({
        enrollments: [enrollment({ id: 'n1', type: NBN, entry: '2024-01-05' })],
        services: [service('s1', 'n1', '2024-01-05'), service('s2', 'n1', '2024-04-20')],
      }),
    );
    expect(timeline(r.changes)).toEqual([
      ['2024-01-05', 'active'],
      ['2024-04-04', 'inactive'],
      ['2024-04-20', 'active'],
      ['2024-07-19', 'inactive'],
    ]);
    expect(r.changes[0].provenance.source).toBe('Enrollment.csv'); // the entry date is cited before the bed night
    expect(r.changes[2].provenance).toEqual({ source: 'Services.csv', record: 's2', provider: 'Org 1' });
    expect(r.changes[3].reason).toBe('no evidence of homelessness for 90 days since 2024-04-20');
    expect(r.changes[3].provenance.record).toBe('s2');
  });

  it('should ignore services other than bed nights and bed nights outside the enrollment when reading a night-by-night shelter', () => {
    // Entry 2024-01-05, exit 2024-02-11 (99). Bed night 2024-02-10 counts; a meal (RecordType 144) on 2024-03-01 and
    // a bed night dated 2024-03-05, after the exit, do not. Last evidence 02-10 + 90 = 05-10 (19 + 31 + 30 + 10).
    const r = derive(
      personInput({
        enrollments: [enrollment({ id: 'n1', type: NBN, entry: '2024-01-05', exit: '2024-02-11', dest: 99 })],
        services: [service('s1', 'n1', '2024-02-10'), service('s2', 'n1', '2024-03-01', 144), service('s3', 'n1', '2024-03-05')],
      }),
    );
    expect(timeline(r.changes)).toEqual([
      ['2024-01-05', 'active'],
      ['2024-05-10', 'inactive'],
    ]);
    expect(r.warnings).toEqual(['1 bed night(s) dated outside their night-by-night enrollment; ignored']);
  });
});

describe('street outreach', () => {
  it('should count the entry, homeless and unrecorded contacts and services but not a permanent living situation when reading an outreach enrollment', () => {
    // Evidence: entry 01-01, CLS 116 on 02-01, CLS not recorded on 03-01, service on 03-10.
    // The CLS 410 on 04-15 is not evidence. Last evidence 03-10 + 90 = 06-08 (21 + 30 + 31 + 8).
    const r = derive(
      personInput({
        enrollments: [enrollment({ id: 'o1', type: SO, entry: '2024-01-01' })],
        cls: [cls('c1', 'o1', '2024-02-01', 116), cls('c2', 'o1', '2024-03-01', null), cls('c3', 'o1', '2024-04-15', 410)],
        services: [service('s1', 'o1', '2024-03-10', 141)],
      }),
    );
    expect(timeline(r.changes)).toEqual([
      ['2024-01-01', 'active'],
      ['2024-06-08', 'inactive'],
    ]);
    expect(r.changes[1].provenance).toEqual({ source: 'Services.csv', record: 's1', provider: 'Org 4' });
  });

  it('should count an outreach contact with a "worker unable to determine" situation when it is the last contact', () => {
    // Entry 2024-01-01, CLS 37 on 2024-02-15 → last evidence 02-15 + 90 = 05-15 (14 + 31 + 30 + 15).
    const r = derive(personInput({ enrollments: [enrollment({ id: 'o1', type: SO, entry: '2024-01-01' })], cls: [cls('c1', 'o1', '2024-02-15', 37)] }));
    expect(timeline(r.changes)).toEqual([
      ['2024-01-01', 'active'],
      ['2024-05-15', 'inactive'],
    ]);
  });

  it('should not count a service of a housing project when it is dated inside the enrollment', () => {
    // RRH without move-in: its services are not evidence. SO entry 2024-01-01 only → 01-01 + 90 = 03-31 (30 + 29 + 31).
    const r = derive(
      personInput({
        enrollments: [enrollment({ id: 'o1', type: SO, entry: '2024-01-01' }), enrollment({ id: 'r1', type: RRH, entry: '2024-01-15' })],
        services: [service('s1', 'r1', '2024-03-01', 152)],
      }),
    );
    expect(timeline(r.changes)).toEqual([
      ['2024-01-01', 'active'],
      ['2024-03-31', 'inactive'],
    ]);
  });
});

describe('current living situation in any project', () => {
  it('should make someone active from a homeless CLS recorded by coordinated entry when the CE enrollment itself is no evidence', () => {
    // CE entry 2024-05-01 is not evidence; CLS 116 on 05-03 is; CLS 336 on 06-01 is not.
    // 05-03 + 90 = 08-01 (28 + 30 + 31 + 1).
    const r = derive(
      personInput({
        enrollments: [enrollment({ id: 'ce1', type: CE, entry: '2024-05-01' })],
        cls: [cls('c1', 'ce1', '2024-05-03', 116), cls('c2', 'ce1', '2024-06-01', 336)],
      }),
    );
    expect(timeline(r.changes)).toEqual([
      ['2024-05-03', 'active'],
      ['2024-08-01', 'inactive'],
    ]);
    expect(r.changes[0].provenance).toEqual({ source: 'CurrentLivingSituation.csv', record: 'c1', provider: 'Org 14' });
    expect(r.changes[0].reason).toContain('116 Place not meant for habitation');
  });

  it('should not count an unrecorded CLS when the project is not street outreach', () => {
    const r = derive(personInput({ enrollments: [enrollment({ id: 'ce1', type: CE, entry: '2024-05-01' })], cls: [cls('c1', 'ce1', '2024-05-03', null)] }));
    expect(r.changes).toEqual([]);
  });
});

describe('housing', () => {
  it('should keep someone housed from the move-in when a shelter stay is left open after it', () => {
    // ES open from 2024-01-01 (never exited: data lag); RRH move-in 2024-03-15, open; an outreach CLS 116 on
    // 2024-06-01 is inside the move-in period too. Housed from 03-15 and never back to active.
    const r = derive(
      personInput({
        enrollments: [
          enrollment({ id: 'e1', type: ES, entry: '2024-01-01' }),
          enrollment({ id: 'r1', type: RRH, entry: '2024-02-01', moveIn: '2024-03-15' }),
          enrollment({ id: 'o1', type: SO, entry: '2024-05-20', exit: '2024-06-02', dest: 99 }),
        ],
        cls: [cls('c1', 'o1', '2024-06-01', 116)],
      }),
    );
    expect(timeline(r.changes)).toEqual([
      ['2024-01-01', 'active'],
      ['2024-03-15', 'housed'],
    ]);
    expect(r.changes[1].provenance).toEqual({ source: 'Enrollment.csv', record: 'r1', provider: 'Org 13' });
    expect(r.changes[1].reason).toBe('moved into permanent housing (PH - Rapid Re-Housing) on 2024-03-15');
  });

  it('should leave housing the day of the PH exit and count the lagging shelter stay again when the exit is not to a permanent destination', () => {
    // Move-in period 03-15 .. 09-29 (exit 09-30 to 312). The open ES gives nights from 09-30 on → active 09-30.
    const r = derive(
      personInput({
        enrollments: [
          enrollment({ id: 'e1', type: ES, entry: '2024-01-01' }),
          enrollment({ id: 'r1', type: RRH, entry: '2024-02-01', moveIn: '2024-03-15', exit: '2024-09-30', dest: 312 }),
        ],
      }),
    );
    expect(timeline(r.changes)).toEqual([
      ['2024-01-01', 'active'],
      ['2024-03-15', 'housed'],
      ['2024-09-30', 'active'],
    ]);
  });

  it('should go inactive on the PH exit day when nothing else is known', () => {
    // SO entry 2024-01-10; PSH move-in 01-20 .. 02-09 (exit 02-10 to 206, a hospital).
    const r = derive(
      personInput({
        enrollments: [
          enrollment({ id: 'o1', type: SO, entry: '2024-01-10' }),
          enrollment({ id: 'h1', type: PSH, entry: '2024-01-15', moveIn: '2024-01-20', exit: '2024-02-10', dest: 206 }),
        ],
      }),
    );
    expect(timeline(r.changes)).toEqual([
      ['2024-01-10', 'active'],
      ['2024-01-20', 'housed'],
      ['2024-02-10', 'inactive'],
    ]);
    expect(r.changes[2].provenance).toEqual({ source: 'Exit.csv', record: 'xh1', provider: 'Org 3' });
    expect(r.changes[2].reason).toContain('left permanent housing');
  });

  it('should not read a PH exit to a homeless destination as evidence when the person leaves housing for the street', () => {
    // bnl-from-hmis.md counts homeless destinations of homeless projects only: housed → inactive on the exit day.
    const r = derive(
      personInput({
        enrollments: [
          enrollment({ id: 'o1', type: SO, entry: '2024-01-10', exit: '2024-01-10', dest: 99 }),
          enrollment({ id: 'h1', type: PSH, entry: '2024-01-15', moveIn: '2024-01-20', exit: '2024-06-01', dest: 116 }),
        ],
      }),
    );
    expect(timeline(r.changes)).toEqual([
      ['2024-01-10', 'active'],
      ['2024-01-20', 'housed'],
      ['2024-06-01', 'inactive'],
    ]);
  });

  it('should never make someone active after a placement from evidence dated before it', () => {
    // Outreach contact 01-10 (entry); move-in 01-20 .. 02-09; exit 02-10 to 99. On 02-10 the 01-10 evidence is only
    // 31 days old, but it predates the housed period (ended 02-09): inactive, not active until 04-09.
    const r = derive(
      personInput({
        enrollments: [
          enrollment({ id: 'o1', type: SO, entry: '2024-01-10', exit: '2024-01-10', dest: 99 }),
          enrollment({ id: 'h1', type: PSH, entry: '2024-01-15', moveIn: '2024-01-20', exit: '2024-02-10', dest: 99 }),
        ],
      }),
    );
    expect(timeline(r.changes)).toEqual([
      ['2024-01-10', 'active'],
      ['2024-01-20', 'housed'],
      ['2024-02-10', 'inactive'],
    ]);
  });

  it('should be housed from the exit date and return with the next evidence when someone exits to a permanent destination', () => {
    // ES 01-01 .. exit 02-01 to 410: housed 02-01 .. 07-31; SO entry 08-01 → active; 08-01 + 90 = 10-30 (30 + 30 + 30).
    const r = derive(
      personInput({
        enrollments: [
          enrollment({ id: 'e1', type: ES, entry: '2024-01-01', exit: '2024-02-01', dest: 410 }),
          enrollment({ id: 'o1', type: SO, entry: '2024-08-01' }),
        ],
      }),
    );
    expect(timeline(r.changes)).toEqual([
      ['2024-01-01', 'active'],
      ['2024-02-01', 'housed'],
      ['2024-08-01', 'active'],
      ['2024-10-30', 'inactive'],
    ]);
    expect(r.changes[1].provenance).toEqual({ source: 'Exit.csv', record: 'xe1', provider: 'Org 0' });
    expect(r.changes[1].reason).toBe('exited to a permanent destination (410 Rental by client, no ongoing housing subsidy)');
    expect(r.changes[2].provenance).toEqual({ source: 'Enrollment.csv', record: 'o1', provider: 'Org 4' });
  });

  it('should stay housed without a change when the PH move-in period runs into an exit to a permanent destination', () => {
    // Move-in 03-01 .. 05-31; exit 06-01 to 435 → housed from the exit on: one housed run.
    const r = derive(
      personInput({
        enrollments: [
          enrollment({ id: 'o1', type: SO, entry: '2024-02-01' }),
          enrollment({ id: 'h1', type: RRH, entry: '2024-02-10', moveIn: '2024-03-01', exit: '2024-06-01', dest: 435 }),
        ],
      }),
    );
    expect(timeline(r.changes)).toEqual([
      ['2024-02-01', 'active'],
      ['2024-03-01', 'housed'],
    ]);
  });

  it('should not put someone on the list when their only record is a prevention exit to a permanent destination', () => {
    // Never active: the 410 exit of a prevention enrollment is no placement. A later shelter entry is a first identification.
    const r = derive(
      personInput({
        enrollments: [
          enrollment({ id: 'p1', type: HP, entry: '2024-01-01', exit: '2024-03-01', dest: 410 }),
          enrollment({ id: 'e1', type: ES, entry: '2024-06-01' }),
        ],
      }),
    );
    expect(timeline(r.changes)).toEqual([['2024-06-01', 'active']]);
  });

  it('should house someone already on the list when a services-only enrollment exits to a permanent destination', () => {
    const r = derive(
      personInput({
        enrollments: [enrollment({ id: 'o1', type: SO, entry: '2024-01-01' }), enrollment({ id: 's1', type: SSO, entry: '2024-01-05', exit: '2024-02-01', dest: 422 })],
      }),
    );
    expect(timeline(r.changes)).toEqual([
      ['2024-01-01', 'active'],
      ['2024-02-01', 'housed'],
    ]);
  });

  it('should read a move-in dated before the entry as a move-in on the entry day and warn', () => {
    const r = derive(
      personInput({
        enrollments: [enrollment({ id: 'o1', type: SO, entry: '2024-01-01' }), enrollment({ id: 'h1', type: PSH, entry: '2024-02-01', moveIn: '2024-01-20' })],
      }),
    );
    expect(timeline(r.changes)).toEqual([
      ['2024-01-01', 'active'],
      ['2024-02-01', 'housed'],
    ]);
    expect(r.warnings).toEqual(['Enrollment.csv h1: move-in 2024-01-20 is before the entry 2024-02-01; read as a move-in on the entry date']);
  });
});

describe('exits that end homelessness at once', () => {
  const shelterThen = (dest: number | null) => personInput({ enrollments: [enrollment({ id: 'e1', type: ES, entry: '2024-01-01', exit: '2024-02-01', dest })] });

  it('should make someone inactive on the exit date when they leave for an institution, a temporary stay or die', () => {
    for (const dest of [207, 312, 24]) {
      const r = derive(shelterThen(dest));
      expect(timeline(r.changes)).toEqual([
        ['2024-01-01', 'active'],
        ['2024-02-01', 'inactive'],
      ]);
      expect(r.changes[1].provenance).toEqual({ source: 'Exit.csv', record: 'xe1', provider: 'Org 0' });
    }
    expect(derive(shelterThen(207)).changes[1].reason).toBe('exited to an institutional destination (207 Jail, prison or juvenile detention facility)');
    expect(derive(shelterThen(24)).changes[1].reason).toBe('deceased (exit destination 24)');
  });

  it('should keep someone active until the threshold when the destination is unknown', () => {
    // Last night 01-31; 01-31 + 90 = 04-30 (29 + 31 + 30).
    for (const dest of [8, 9, 17, 30, 99, null]) {
      expect(timeline(derive(shelterThen(dest)).changes)).toEqual([
        ['2024-01-01', 'active'],
        ['2024-04-30', 'inactive'],
      ]);
    }
  });

  it('should count a homeless destination as evidence on the exit date', () => {
    // Evidence on the exit day 02-01; 02-01 + 90 = 05-01 (28 + 31 + 30 + 1), one day later than without it.
    const r = derive(shelterThen(116));
    expect(timeline(r.changes)).toEqual([
      ['2024-01-01', 'active'],
      ['2024-05-01', 'inactive'],
    ]);
    expect(r.changes[1].provenance).toEqual({ source: 'Exit.csv', record: 'xe1', provider: 'Org 0' });
  });

  it('should not end homelessness at once when another homeless enrollment is still open', () => {
    // SO open since 2023-12-20; ES exit 02-01 to 207 is not from the last open homeless enrollment.
    // Evidence: SO entry 2023-12-20, nights 01-01 .. 01-31 → 01-31 + 90 = 04-30.
    const r = derive(
      personInput({
        enrollments: [enrollment({ id: 'o1', type: SO, entry: '2023-12-20' }), enrollment({ id: 'e1', type: ES, entry: '2024-01-01', exit: '2024-02-01', dest: 207 })],
      }),
    );
    expect(timeline(r.changes)).toEqual([
      ['2023-12-20', 'active'],
      ['2024-04-30', 'inactive'],
    ]);
  });

  it('should keep someone active when homeless evidence follows the exit before the threshold', () => {
    // Exit 02-01 to 312, CE CLS 116 on 02-20 (within 90 days of the last night 01-31): no immediate inactivity.
    // 02-20 + 90 = 05-20 (9 + 31 + 30 + 20).
    const r = derive(
      personInput({
        enrollments: [enrollment({ id: 'e1', type: ES, entry: '2024-01-01', exit: '2024-02-01', dest: 312 }), enrollment({ id: 'ce', type: CE, entry: '2024-02-20' })],
        cls: [cls('c1', 'ce', '2024-02-20', 116)],
      }),
    );
    expect(timeline(r.changes)).toEqual([
      ['2024-01-01', 'active'],
      ['2024-05-20', 'inactive'],
    ]);
  });

  it('should keep someone active when homeless evidence after the exit falls exactly on the threshold day', () => {
    // Last night 01-31; 01-31 + 90 = 04-30 (29 + 31 + 30). A CLS 116 on 04-30 joins the active period without a
    // gap (see the threshold tests), so the exit to 312 does not end homelessness. 04-30 + 90 = 07-29 (31 + 30 + 29).
    const r = derive(
      personInput({
        enrollments: [enrollment({ id: 'e1', type: ES, entry: '2024-01-01', exit: '2024-02-01', dest: 312 }), enrollment({ id: 'ce', type: CE, entry: '2024-04-30' })],
        cls: [cls('c1', 'ce', '2024-04-30', 116)],
      }),
    );
    expect(timeline(r.changes)).toEqual([
      ['2024-01-01', 'active'],
      ['2024-07-29', 'inactive'],
    ]);
  });

  it('should end homelessness at once when the destination is 302 and no TH enrollment follows', () => {
    expect(timeline(derive(shelterThen(302)).changes)).toEqual([
      ['2024-01-01', 'active'],
      ['2024-02-01', 'inactive'],
    ]);
  });

  it('should not let a TH enrollment entered on the exit day be cut off when the ES exit is to 302', () => {
    // TH entered 02-01 is open on the exit date: the ES was not the last open homeless enrollment.
    const r = derive(
      personInput({
        enrollments: [
          enrollment({ id: 'e1', type: ES, entry: '2024-01-01', exit: '2024-02-01', dest: 302 }),
          enrollment({ id: 't1', type: TH, entry: '2024-02-01' }),
        ],
      }),
    );
    expect(timeline(r.changes)).toEqual([['2024-01-01', 'active']]);
  });

  it('should never put someone on the list when their only evidence is on the day they leave for an institution', () => {
    const r = derive(personInput({ enrollments: [enrollment({ id: 'o1', type: SO, entry: '2024-03-01', exit: '2024-03-01', dest: 207 })] }));
    expect(r.changes).toEqual([]);
  });

  it('should make someone inactive at the exit and active again with evidence long after it', () => {
    const r = derive(
      personInput({
        enrollments: [enrollment({ id: 'e1', type: ES, entry: '2024-01-01', exit: '2024-02-01', dest: 312 }), enrollment({ id: 'ce', type: CE, entry: '2024-06-01' })],
        cls: [cls('c1', 'ce', '2024-06-01', 116)],
      }),
    );
    // 06-01 + 90 = 08-30 (29 + 31 + 30).
    expect(timeline(r.changes)).toEqual([
      ['2024-01-01', 'active'],
      ['2024-02-01', 'inactive'],
      ['2024-06-01', 'active'],
      ['2024-08-30', 'inactive'],
    ]);
  });

  it('should end the day inactive when homeless evidence is dated on the exit date itself', () => {
    // CE CLS 116 on the exit day 02-01: not "after" the exit; the exit is the day's last word.
    const r = derive(
      personInput({
        enrollments: [enrollment({ id: 'e1', type: ES, entry: '2024-01-01', exit: '2024-02-01', dest: 207 }), enrollment({ id: 'ce', type: CE, entry: '2024-02-01' })],
        cls: [cls('c1', 'ce', '2024-02-01', 116)],
      }),
    );
    expect(timeline(r.changes)).toEqual([
      ['2024-01-01', 'active'],
      ['2024-02-01', 'inactive'],
    ]);
  });
});

describe('the inactivity threshold', () => {
  it('should be exclusive: active 89 days after the last evidence and inactive on the 90th', () => {
    // Outreach entry 2024-03-01 only: 05-29 − 03-01 = 89 → active; 05-30 − 03-01 = 90 → inactive.
    const r = derive(personInput({ enrollments: [enrollment({ id: 'o1', type: SO, entry: '2024-03-01', exit: '2024-03-01', dest: 99 })] }));
    expect(timeline(r.changes)).toEqual([
      ['2024-03-01', 'active'],
      ['2024-05-30', 'inactive'],
    ]);
  });

  it('should keep someone active without a gap when new evidence falls on the threshold day', () => {
    // Contact on 05-30, the day the 03-01 evidence would lapse: active all along; 05-30 + 90 = 08-28 (1 + 30 + 31 + 28).
    const r = derive(personInput({ enrollments: [enrollment({ id: 'o1', type: SO, entry: '2024-03-01' })], cls: [cls('c1', 'o1', '2024-05-30', 116)] }));
    expect(timeline(r.changes)).toEqual([
      ['2024-03-01', 'active'],
      ['2024-08-28', 'inactive'],
    ]);
  });

  it('should follow the community setting when the threshold is 30 days', () => {
    // 03-01 + 30 = 03-31.
    const r = derive(personInput({ enrollments: [enrollment({ id: 'o1', type: SO, entry: '2024-03-01' })] }), { inactivityDays: 30 });
    expect(timeline(r.changes)).toEqual([
      ['2024-03-01', 'active'],
      ['2024-03-31', 'inactive'],
    ]);
  });
});

describe('provenance', () => {
  it('should cite a file, a record and the provider on every change when a person has a long story', () => {
    const r = derive(
      personInput({
        enrollments: [
          enrollment({ id: 'o1', type: SO, entry: '2022-01-01', exit: '2022-01-01', dest: 99, provider: 'Org B' }),
          enrollment({ id: 'e1', type: ES, entry: '2022-05-01', exit: '2022-06-01', dest: 207, provider: 'Org A' }),
          enrollment({ id: 'n1', type: NBN, entry: '2023-01-01', provider: null, project: 'P-NBN' }),
          enrollment({ id: 'h1', type: PSH, entry: '2023-02-01', moveIn: '2023-03-01', exit: '2023-09-01', dest: 99, provider: 'Org C' }),
          enrollment({ id: 'e2', type: ES, entry: '2024-01-01', exit: '2024-02-01', dest: 410, provider: 'Org A' }),
        ],
        services: [service('s1', 'n1', '2023-01-10')],
      }),
    );
    // 2022-01-01 + 90 = 04-01 (30 + 28 + 31 + 1); shelter 05-01 .. exit 06-01 to jail; NbN 2023-01-01 + bed night 01-10;
    // move-in 03-01 .. 08-31; exit 09-01 → inactive; ES 2024-01-01; exit 02-01 to 410 → housed.
    expect(timeline(r.changes)).toEqual([
      ['2022-01-01', 'active'],
      ['2022-04-01', 'inactive'],
      ['2022-05-01', 'active'],
      ['2022-06-01', 'inactive'],
      ['2023-01-01', 'active'],
      ['2023-03-01', 'housed'],
      ['2023-09-01', 'inactive'],
      ['2024-01-01', 'active'],
      ['2024-02-01', 'housed'],
    ]);
    expect(r.changes.map((c) => `${c.provenance.source} ${c.provenance.record} ${c.provenance.provider}`)).toEqual([
      'Enrollment.csv o1 Org B',
      'Enrollment.csv o1 Org B',
      'Enrollment.csv e1 Org A',
      'Exit.csv xe1 Org A',
      'Enrollment.csv n1 P-NBN',
      'Enrollment.csv h1 Org C',
      'Exit.csv xh1 Org C',
      'Enrollment.csv e2 Org A',
      'Exit.csv xe2 Org A',
    ]);
    for (const c of r.changes) expect(c.reason).toBeTruthy();
  });

  it('should read an exit dated before the entry as an exit on the entry day and warn', () => {
    const r = derive(personInput({ enrollments: [enrollment({ id: 'e1', type: ES, entry: '2024-03-01', exit: '2024-02-01', dest: 207 })] }));
    expect(r.changes).toEqual([]);
    expect(r.warnings).toEqual(['Exit.csv xe1: exit 2024-02-01 is before the entry 2024-03-01 of enrollment e1; read as an exit on the entry date']);
  });

  it('should reject a threshold that is not a positive whole number of days', () => {
    expect(() => derive(personInput({}), { inactivityDays: 0 })).toThrow(/inactivityDays/);
  });
});
