/**
 * What an HMIS loader hands the derivation for one person: the person's records,
 * already parsed (dates as Day numbers, codes as numbers or null, deletions dropped,
 * FY2024/FY2026 differences resolved) and grouped. Every record names its source so
 * each derived event can cite it.
 */
import type { Day } from '../time/day.ts';
import type { PersonRecord, RaceCategory, StatusChange } from '../bnl/types.ts';

/** Where a record came from: the file (e.g. `Enrollment.csv`) and the record's ID in it. */
export interface HmisSource {
  file: string;
  record: string;
}

/** The project an enrollment belongs to (Project.csv, with its organization and locality). */
export interface HmisProjectInfo {
  projectId: string;
  /** 2.02.6 ProjectType; null when the project is missing from the export. */
  projectType: number | null;
  /** The provider cited in provenance (bnl-from-hmis.md: the project's organization); null → the project ID is cited. */
  provider: string | null;
  /** The project's locality (ProjectCoC geography or a community mapping); null when unknown. */
  locality: string | null;
}

export interface HmisExitInput {
  source: HmisSource;
  exitDate: Day;
  /** 3.12 Destination; null when missing. */
  destination: number | null;
}

export interface HmisEnrollmentInput {
  source: HmisSource;
  enrollmentId: string;
  project: HmisProjectInfo;
  entryDate: Day;
  /** The enrollment's Exit.csv record; null while open. */
  exit: HmisExitInput | null;
  moveInDate: Day | null;
  householdId: string | null;
  /** 3.15.1 RelationshipToHoH. */
  relationshipToHoH: number | null;
  /** 3.917 LivingSituation (prior living situation). */
  livingSituation: number | null;
  dateToStreetESSH: Day | null;
  /** 3.917.4 (4 = four or more times). */
  timesHomelessPastThreeYears: number | null;
  /** 3.917.5 (101–113; 112 = 12 months, 113 = more than 12). */
  monthsHomelessPastThreeYears: number | null;
  /** 0/1 (and 8/9/99). */
  losUnderThreshold: number | null;
  previousStreetESSH: number | null;
  /** 3.08 DisablingCondition (1 = yes). */
  disablingCondition: number | null;
}

/** A Services.csv record: a bed night (RecordType 200) or any other service. */
export interface HmisServiceInput {
  source: HmisSource;
  enrollmentId: string;
  dateProvided: Day;
  /** 1.4 RecordType. */
  recordType: number | null;
}

/** A CurrentLivingSituation.csv record. */
export interface HmisCurrentLivingSituationInput {
  source: HmisSource;
  enrollmentId: string;
  informationDate: Day;
  /** 4.12 CurrentLivingSituation; null when not recorded. */
  currentLivingSituation: number | null;
}

export interface HmisClientInput {
  source: HmisSource;
  personalId: string;
  dob: Day | null;
  /** 3.03.2 DOBDataQuality. */
  dobDataQuality: number | null;
  /** 3.07 VeteranStatus (1 = yes, 0 = no, 8/9/99 unknown). */
  veteranStatus: number | null;
  /** The seven 0/1 race and ethnicity columns, keyed like RACE_CATEGORIES (HispanicLatinaeo → hispanic_latinaeo). */
  race: Readonly<Record<RaceCategory, number | null>>;
  /** 1.6 RaceNone (8, 9, 99) when no race was selected. */
  raceNone: number | null;
  /** The gender as a label chosen by the loader (FY2024 gender columns or FY2026 Sex); null when unknown. */
  gender: string | null;
}

/** Another person sharing one of this person's HouseholdIDs (from their own Enrollment and Client rows). */
export interface HmisHouseholdMemberInput {
  householdId: string;
  personalId: string;
  dob: Day | null;
  dobDataQuality: number | null;
  relationshipToHoH: number | null;
}

/** Everything the derivation reads about one person. */
export interface HmisPersonInput {
  client: HmisClientInput;
  enrollments: readonly HmisEnrollmentInput[];
  /** Services of the person's enrollments, bed nights included (any order). */
  services: readonly HmisServiceInput[];
  /** CurrentLivingSituation records of the person's enrollments (any order). */
  currentLivingSituations: readonly HmisCurrentLivingSituationInput[];
  /** Other people sharing the person's HouseholdIDs; the person themself may be listed too (ignored). */
  householdMembers: readonly HmisHouseholdMemberInput[];
}

export interface HmisDerivationSettings {
  /** The community's inactivity threshold in days (default 90). */
  inactivityDays: number;
  /** Today or the export end: nothing after it is known; open enrollments run to it. */
  asOf: Day;
}

export interface HmisPersonDerivation {
  /** Sorted by date, at most one per day, no two consecutive with one status; none after `asOf`. */
  changes: StatusChange[];
  person: PersonRecord;
  /** Data problems met and how they were read (for the import report). */
  warnings: string[];
}
