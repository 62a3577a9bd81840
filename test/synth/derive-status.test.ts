import { describe, expect, it } from 'vitest';
import { formatDay, parseDay } from '../../src/domain/time/day.ts';
import { deriveStatusChanges, type EvidenceEnrollment } from '../../src/synth/derive-status.ts';

const d = (s: string) => parseDay(s)!;
const END = d('2024-12-31');

function enr(projectType: number, entry: string, extra: Partial<EvidenceEnrollment> = {}): EvidenceEnrollment {
  return {
    projectType,
    provider: `project ${projectType}`,
    entry: d(entry),
    exit: null,
    destination: null,
    moveIn: null,
    bedNights: null,
    contacts: null,
    serviceDays: null,
    ...extra,
  };
}

function timeline(enrollments: EvidenceEnrollment[]): string[] {
  return deriveStatusChanges(enrollments, END).map((c) => `${formatDay(c.day)} ${c.status} (${c.reason})`);
}

describe('deriveStatusChanges', () => {
  it('should make someone inactive on the 90th day after their last evidence', () => {
    expect(timeline([enr(4, '2024-03-01')])).toEqual([
      '2024-03-01 active (identified by outreach)',
      '2024-05-30 inactive (no contact for 90 days)',
    ]);
  });

  it('should house from the move-in of a rapid rehousing enrollment', () => {
    expect(
      timeline([
        enr(0, '2024-01-10', { exit: d('2024-02-01'), destination: 435 }),
        enr(13, '2024-01-20', { moveIn: d('2024-02-01') }),
      ]),
    ).toEqual(['2024-01-10 active (entered shelter)', '2024-02-01 housed (moved in (RRH))']);
  });

  it('should ignore evidence inside a move-in period (a shelter stay left open)', () => {
    expect(timeline([enr(0, '2024-01-01'), enr(3, '2024-01-15', { moveIn: d('2024-02-01') })])).toEqual([
      '2024-01-01 active (entered shelter)',
      '2024-02-01 housed (moved in (PSH))',
    ]);
  });

  it('should make someone inactive on the day they exit to an institution', () => {
    expect(timeline([enr(0, '2024-01-01', { exit: d('2024-03-01'), destination: 207 })])).toEqual([
      '2024-01-01 active (entered shelter)',
      '2024-03-01 inactive (entered institution)',
    ]);
  });

  it('should keep someone active until the threshold after an exit to an unknown destination', () => {
    expect(timeline([enr(0, '2024-01-01', { exit: d('2024-03-01'), destination: 99 })])).toEqual([
      '2024-01-01 active (entered shelter)',
      '2024-05-29 inactive (no contact for 90 days)',
    ]);
  });

  it('should count a return to homelessness straight from housing', () => {
    expect(
      timeline([
        enr(0, '2024-01-01', { exit: d('2024-02-01'), destination: 435 }),
        enr(3, '2024-01-10', { moveIn: d('2024-02-01'), exit: d('2024-06-01'), destination: 116 }),
        enr(0, '2024-06-01'),
      ]),
    ).toEqual([
      '2024-01-01 active (entered shelter)',
      '2024-02-01 housed (moved in (PSH))',
      '2024-06-01 active (returned from housing)',
    ]);
  });

  it('should read night-by-night bed nights as evidence', () => {
    expect(timeline([enr(1, '2024-01-01', { bedNights: [d('2024-01-01'), d('2024-01-05'), d('2024-03-01')] })])).toEqual([
      '2024-01-01 active (entered shelter)',
      '2024-05-30 inactive (no contact for 90 days)',
    ]);
  });

  it('should house after an exit to a permanent destination until the next evidence', () => {
    expect(
      timeline([enr(0, '2024-01-01', { exit: d('2024-02-01'), destination: 422 }), enr(4, '2024-08-01')]),
    ).toEqual([
      '2024-01-01 active (entered shelter)',
      '2024-02-01 housed (exited to permanent housing)',
      '2024-08-01 active (returned from housing)',
      '2024-10-30 inactive (no contact for 90 days)',
    ]);
  });

  it('should count an exit to a homeless destination as evidence', () => {
    expect(timeline([enr(4, '2024-01-01', { exit: d('2024-03-01'), destination: 101 })])).toEqual([
      '2024-01-01 active (identified by outreach)',
      '2024-05-30 inactive (no contact for 90 days)',
    ]);
  });

  it('should not inactivate on an exit while another homeless enrollment stays open', () => {
    expect(
      timeline([enr(0, '2024-01-01', { exit: d('2024-03-01'), destination: 313 }), enr(4, '2024-02-01')]),
    ).toEqual(['2024-01-01 active (entered shelter)', '2024-05-29 inactive (no contact for 90 days)']);
  });

  it('should count homeless contacts of any project and ignore others', () => {
    const ce = enr(14, '2024-01-01', {
      contacts: [
        { day: d('2024-01-01'), livingSituation: 116 },
        { day: d('2024-04-01'), livingSituation: 335 },
      ],
    });
    expect(timeline([ce])).toEqual([
      '2024-01-01 active (assessed by coordinated entry)',
      '2024-03-31 inactive (no contact for 90 days)',
    ]);
  });

  it('should become active again after being inactive', () => {
    expect(timeline([enr(4, '2024-01-01'), enr(4, '2024-07-01')])).toEqual([
      '2024-01-01 active (identified by outreach)',
      '2024-03-31 inactive (no contact for 90 days)',
      '2024-07-01 active (returned to homelessness)',
      '2024-09-29 inactive (no contact for 90 days)',
    ]);
  });

  it('should give nothing for someone never homeless nor housed', () => {
    expect(timeline([enr(6, '2024-01-01', { serviceDays: [d('2024-01-02')] })])).toEqual([]);
  });
});
