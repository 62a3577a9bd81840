/**
 * What the HMIS reader checks, file by file: the reading order, the files an export
 * must have, the key columns, the dates the By-Name List derivation cannot do without,
 * the code lists, and the references between files. Pure data; see read-file.ts for
 * how each rule is applied.
 */
import { HUD_CODE_LISTS, type HmisFileName, type HudCodeListId } from '../../domain/hmis/csv-columns.ts';
import { DOB_DATA_QUALITY_NAMES } from '../../domain/hmis/codes.ts';

/** Parents before children, so that references can be checked as rows arrive. */
export const READ_ORDER: readonly HmisFileName[] = [
  'Export',
  'Organization',
  'User',
  'Project',
  'Funder',
  'ProjectCoC',
  'Inventory',
  'Affiliation',
  'HMISParticipation',
  'CEParticipation',
  'Client',
  'Enrollment',
  'Exit',
  'IncomeBenefits',
  'HealthAndDV',
  'EmploymentEducation',
  'Disabilities',
  'Services',
  'CurrentLivingSituation',
  'Assessment',
  'AssessmentQuestions',
  'AssessmentResults',
  'Event',
  'YouthEducationStatus',
];

/** Without these the export cannot make a By-Name List: refused before anything is written. */
export const REQUIRED_FILES: readonly HmisFileName[] = ['Export', 'Client', 'Enrollment', 'Exit', 'Project', 'Organization'];

/**
 * Columns that tie a row to others. Blank in a file where HUD does not allow it (NullsAllowed
 * = 0) → error `missing-key`, like a blank ID column. Other non-nullable columns left blank
 * are loaded with a warning `missing-value`.
 */
export const KEY_COLUMNS: ReadonlySet<string> = new Set([
  'PersonalID',
  'EnrollmentID',
  'ProjectID',
  'OrganizationID',
  'AssessmentID',
  'ResProjectID',
]);

/**
 * Dates the derivation needs: blank or unreadable → error (the row is not loaded). Every
 * other unreadable date (MoveInDate, DOB, DateUpdated…) is a warning and null.
 */
export const REQUIRED_DATES: Partial<Record<HmisFileName, readonly string[]>> = {
  Enrollment: ['EntryDate'],
  Exit: ['ExitDate'],
  Services: ['DateProvided'],
  CurrentLivingSituation: ['InformationDate'],
};

/** A reference from a column to the ID of a file read earlier; a dangling one → warning `orphan-reference`. */
export interface Reference {
  column: string;
  parent: HmisFileName;
}

/** The files whose IDs other files refer to (their ID sets are kept for the whole read). */
export const PARENT_FILES: ReadonlySet<HmisFileName> = new Set(['Organization', 'Project', 'Client', 'Enrollment', 'Assessment']);

/**
 * The references of a file. UserID and ExportID are not checked: exports often hold only
 * some of their users, and the export ID is checked once from Export.csv.
 */
export function referencesOf(file: HmisFileName, columns: readonly string[]): Reference[] {
  const refs: Reference[] = [];
  const has = (c: string) => columns.includes(c);
  if (file !== 'Client' && has('PersonalID')) refs.push({ column: 'PersonalID', parent: 'Client' });
  if (file !== 'Enrollment' && file !== 'Client' && has('EnrollmentID')) refs.push({ column: 'EnrollmentID', parent: 'Enrollment' });
  if (file !== 'Project' && has('ProjectID')) refs.push({ column: 'ProjectID', parent: 'Project' });
  if (has('ResProjectID')) refs.push({ column: 'ResProjectID', parent: 'Project' });
  if (file !== 'Organization' && has('OrganizationID')) refs.push({ column: 'OrganizationID', parent: 'Organization' });
  if (file !== 'Assessment' && has('AssessmentID')) refs.push({ column: 'AssessmentID', parent: 'Assessment' });
  return refs;
}

/** A code list a column's values must come from; a value outside it → warning `unknown-code`. */
export interface CodeRule {
  /** "3.12 Destination" */
  list: string;
  codes: ReadonlySet<number>;
}

function hud(id: HudCodeListId): CodeRule {
  const list = HUD_CODE_LISTS[id];
  return { list: `${list.id} ${list.name}`, codes: new Set(Object.keys(list.codes).map(Number)) };
}

const NO_YES_MISSING = hud('1.7');
const RACE_NONE = hud('1.6');

/**
 * The columns checked against HUD code lists (HMIS Data Standards FY2024; FY2026 exports
 * are checked against the same lists, as the reference holds no FY2026 lists).
 * A column absent from a version (e.g. Woman in FY2026) is simply not checked.
 */
export const CODE_RULES: Partial<Record<HmisFileName, Readonly<Record<string, CodeRule>>>> = {
  Project: { ProjectType: hud('2.02.6'), RRHSubType: hud('2.02.A') },
  Funder: { Funder: hud('2.06.1') },
  Inventory: { HouseholdType: hud('2.07.4'), ESBedType: hud('2.07.5') },
  HMISParticipation: { HMISParticipationType: hud('2.08.1') },
  Client: {
    DOBDataQuality: { list: '3.03.2 DOBDataQuality', codes: new Set(Object.keys(DOB_DATA_QUALITY_NAMES).map(Number)) },
    AmIndAKNative: NO_YES_MISSING,
    Asian: NO_YES_MISSING,
    BlackAfAmerican: NO_YES_MISSING,
    HispanicLatinaeo: NO_YES_MISSING,
    HispanicLatinao: NO_YES_MISSING,
    MidEastNAfrican: NO_YES_MISSING,
    NativeHIPacific: NO_YES_MISSING,
    White: NO_YES_MISSING,
    RaceNone: RACE_NONE,
    Woman: NO_YES_MISSING,
    Man: NO_YES_MISSING,
    NonBinary: NO_YES_MISSING,
    CulturallySpecific: NO_YES_MISSING,
    Transgender: NO_YES_MISSING,
    Questioning: NO_YES_MISSING,
    DifferentIdentity: NO_YES_MISSING,
    GenderNone: RACE_NONE,
    VeteranStatus: hud('1.8'),
    MilitaryBranch: hud('V1.11'),
  },
  Enrollment: {
    RelationshipToHoH: hud('3.15.1'),
    LivingSituation: hud('3.917'),
    LengthOfStay: hud('3.917.2'),
    TimesHomelessPastThreeYears: hud('3.917.4'),
    MonthsHomelessPastThreeYears: hud('3.917.5'),
    DisablingCondition: hud('1.8'),
  },
  Exit: { Destination: hud('3.12') },
  Services: { RecordType: hud('1.4') },
  CurrentLivingSituation: { CurrentLivingSituation: hud('4.12') },
  Assessment: { AssessmentType: hud('4.19.3'), AssessmentLevel: hud('4.19.4'), PrioritizationStatus: hud('4.19.7') },
  Event: { Event: hud('4.20.2'), ReferralResult: hud('4.20.D') },
};
