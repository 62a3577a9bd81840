/**
 * Small builders for hand-made HMIS persons. They only assemble inputs; every
 * expected value lives, worked out by hand, in the tests.
 */
import { expect } from 'vitest';
import { formatDay, type Day } from '../../../src/domain/time/day.ts';
import type { StatusChange } from '../../../src/domain/bnl/types.ts';
import { deriveHmisPerson } from '../../../src/domain/hmis/derive-statuses.ts';
import type {
  HmisClientInput,
  HmisCurrentLivingSituationInput,
  HmisEnrollmentInput,
  HmisHouseholdMemberInput,
  HmisPersonDerivation,
  HmisPersonInput,
  HmisServiceInput,
} from '../../../src/domain/hmis/types.ts';
import { d } from '../bnl-fixtures.ts';

export { d };

export const AS_OF = '2025-12-31';

export interface EnrollmentSpec {
  id: string;
  type: number | null;
  entry: string;
  exit?: string;
  dest?: number | null;
  moveIn?: string;
  hh?: string;
  rel?: number;
  prior?: number | null;
  streetSince?: string;
  times?: number;
  months?: number;
  los?: number;
  prevStreet?: number;
  disabled?: number;
  project?: string;
  provider?: string | null;
  locality?: string | null;
}

export function enrollment(s: EnrollmentSpec): HmisEnrollmentInput {
  return {
    source: { file: 'Enrollment.csv', record: s.id },
    enrollmentId: s.id,
    project: {
      projectId: s.project ?? `p${s.type}`,
      projectType: s.type,
      provider: s.provider === undefined ? `Org ${s.type}` : s.provider,
      locality: s.locality ?? null,
    },
    entryDate: d(s.entry),
    exit: s.exit === undefined ? null : { source: { file: 'Exit.csv', record: `x${s.id}` }, exitDate: d(s.exit), destination: s.dest ?? null },
    moveInDate: s.moveIn === undefined ? null : d(s.moveIn),
    householdId: s.hh ?? null,
    relationshipToHoH: s.rel ?? (s.hh === undefined ? null : 1),
    livingSituation: s.prior ?? null,
    dateToStreetESSH: s.streetSince === undefined ? null : d(s.streetSince),
    timesHomelessPastThreeYears: s.times ?? null,
    monthsHomelessPastThreeYears: s.months ?? null,
    losUnderThreshold: s.los ?? null,
    previousStreetESSH: s.prevStreet ?? null,
    disablingCondition: s.disabled ?? null,
  };
}

/** A Services.csv record; RecordType 200 (bed night) unless given. */
export function service(id: string, enrollmentId: string, date: string | Day, recordType = 200): HmisServiceInput {
  return { source: { file: 'Services.csv', record: id }, enrollmentId, dateProvided: typeof date === 'number' ? date : d(date), recordType };
}

export function cls(id: string, enrollmentId: string, date: string, code: number | null): HmisCurrentLivingSituationInput {
  return { source: { file: 'CurrentLivingSituation.csv', record: id }, enrollmentId, informationDate: d(date), currentLivingSituation: code };
}

export function member(householdId: string, personalId: string, dob: string | null, rel: number | null = null, quality: number | null = 1): HmisHouseholdMemberInput {
  return { householdId, personalId, dob: dob === null ? null : d(dob), dobDataQuality: quality, relationshipToHoH: rel };
}

export interface PersonSpec {
  id?: string;
  dob?: string | null;
  dobQuality?: number | null;
  veteran?: number | null;
  race?: Partial<HmisClientInput['race']>;
  raceNone?: number | null;
  gender?: string | null;
  enrollments?: HmisEnrollmentInput[];
  services?: HmisServiceInput[];
  cls?: HmisCurrentLivingSituationInput[];
  members?: HmisHouseholdMemberInput[];
}

export function personInput(s: PersonSpec): HmisPersonInput {
  const id = s.id ?? 'P1';
  return {
    client: {
      source: { file: 'Client.csv', record: id },
      personalId: id,
      dob: s.dob === undefined ? d('1980-01-01') : s.dob === null ? null : d(s.dob),
      dobDataQuality: s.dobQuality === undefined ? 1 : s.dobQuality,
      veteranStatus: s.veteran === undefined ? 0 : s.veteran,
      race: {
        am_ind_ak_native: 0,
        asian: 0,
        black_af_american: 0,
        hispanic_latinaeo: 0,
        mid_east_n_african: 0,
        native_hi_pacific: 0,
        white: 0,
        ...s.race,
      },
      raceNone: s.raceNone ?? null,
      gender: s.gender === undefined ? null : s.gender,
    },
    enrollments: s.enrollments ?? [],
    services: s.services ?? [],
    currentLivingSituations: s.cls ?? [],
    householdMembers: s.members ?? [],
  };
}

/** Derives and checks the invariants every result must keep (sorted, one change a day, no repeats). */
export function derive(input: HmisPersonInput, options: { asOf?: string; inactivityDays?: number } = {}): HmisPersonDerivation {
  const asOf = d(options.asOf ?? AS_OF);
  const r = deriveHmisPerson(input, { asOf, inactivityDays: options.inactivityDays ?? 90 });
  checkInvariants(r.changes, asOf);
  return r;
}

export function checkInvariants(changes: readonly StatusChange[], asOf: Day): void {
  for (let i = 0; i < changes.length; i++) {
    expect(changes[i].date).toBeLessThanOrEqual(asOf);
    if (i > 0) {
      expect(changes[i].date).toBeGreaterThan(changes[i - 1].date);
      expect(changes[i].status).not.toBe(changes[i - 1].status);
    } else expect(changes[i].status).not.toBe('inactive');
  }
}

/** Changes as `[date, status]` pairs, the easiest form to compare with hand-worked dates. */
export function timeline(changes: readonly StatusChange[]): [string, string][] {
  return changes.map((c) => [formatDay(c.date), c.status]);
}
