/**
 * The HUD HMIS FY2024 codes the By-Name List derivation reads (bnl-from-hmis.md,
 * ../shared/reference/hud-code-lists-fy2024.txt), with their names. Pure data and
 * small classifiers; nothing here reads files.
 */
import { HUD_CODE_LISTS } from './csv-columns.ts';


/** The export files a derived event can cite. */
export const HMIS_FILES = {
  client: 'Client.csv',
  enrollment: 'Enrollment.csv',
  exit: 'Exit.csv',
  services: 'Services.csv',
  currentLivingSituation: 'CurrentLivingSituation.csv',
  project: 'Project.csv',
} as const;

// ------------------------------------------------------------------ 2.02.6 ProjectType

export const PROJECT_TYPE = {
  ES_ENTRY_EXIT: 0,
  ES_NIGHT_BY_NIGHT: 1,
  TRANSITIONAL_HOUSING: 2,
  PSH: 3,
  STREET_OUTREACH: 4,
  SERVICES_ONLY: 6,
  OTHER: 7,
  SAFE_HAVEN: 8,
  PH_HOUSING_ONLY: 9,
  PH_WITH_SERVICES: 10,
  DAY_SHELTER: 11,
  PREVENTION: 12,
  RRH: 13,
  COORDINATED_ENTRY: 14,
} as const;

/** HUD's names of the project types (list 2.02.6), from the code lists kept in csv-columns.ts. */
export const PROJECT_TYPE_NAMES: Readonly<Record<number, string>> = HUD_CODE_LISTS['2.02.6'].codes;

/** Homeless projects: ES (both kinds), TH, SO, SH. */
export const HOMELESS_PROJECT_TYPES: ReadonlySet<number> = new Set([0, 1, 2, 4, 8]);
/** Permanent housing projects: PSH, PH housing only, PH with services, RRH. */
export const PERMANENT_HOUSING_PROJECT_TYPES: ReadonlySet<number> = new Set([3, 9, 10, 13]);
/** Residential homeless projects in which every night of the stay is evidence: ES entry/exit, TH, SH. */
export const NIGHTLY_STAY_PROJECT_TYPES: ReadonlySet<number> = new Set([0, 2, 8]);
/** Projects whose enrollment alone makes the HUD chronic test use the homeless branch: ES, SO, SH. */
export const CHRONIC_STREET_PROJECT_TYPES: ReadonlySet<number> = new Set([0, 1, 4, 8]);

export function isHomelessProject(type: number | null): boolean {
  return type !== null && HOMELESS_PROJECT_TYPES.has(type);
}

export function isPermanentHousingProject(type: number | null): boolean {
  return type !== null && PERMANENT_HOUSING_PROJECT_TYPES.has(type);
}

export function projectTypeName(type: number | null): string {
  if (type === null) return 'project of unknown type';
  return PROJECT_TYPE_NAMES[type] ?? `project type ${type}`;
}

// ------------------------------------------------------------------ living situations and destinations

/**
 * 3.12 Destination, 4.12 CurrentLivingSituation and 3.917 PriorLivingSituation share
 * one code space; a code means the same in each list it appears in.
 */
export const SITUATION_NAMES: Readonly<Record<number, string>> = {
  ...HUD_CODE_LISTS['3.917'].codes,
  ...HUD_CODE_LISTS['4.12'].codes,
  ...HUD_CODE_LISTS['3.12'].codes,
};

/**
 * The class of a living situation or destination, by its hundreds digit: 1xx homeless,
 * 2xx institutional, 3xx temporary, 4xx permanent; 24 deceased; everything else
 * (8, 9, 17, 30, 37, 99, a missing value, a code outside the lists' range) unknown.
 */
export type SituationClass = 'homeless' | 'institutional' | 'temporary' | 'permanent' | 'deceased' | 'unknown';

export function situationClass(code: number | null): SituationClass {
  if (code === null || !Number.isInteger(code)) return 'unknown';
  if (code === 24) return 'deceased';
  if (code >= 100 && code < 200) return 'homeless';
  if (code >= 200 && code < 300) return 'institutional';
  if (code >= 300 && code < 400) return 'temporary';
  if (code >= 400 && code < 500) return 'permanent';
  return 'unknown';
}

/** Codes that say the living situation was not learned (as opposed to "Other", 17, which is a recorded answer). */
export const SITUATION_NOT_RECORDED_CODES: ReadonlySet<number> = new Set([8, 9, 37, 99]);

/**
 * True when a contact's living situation is not recorded: missing, "client doesn't
 * know", "prefers not to answer", "worker unable to determine", "data not collected",
 * or a code that is on none of the lists (e.g. 999).
 */
export function isSituationNotRecorded(code: number | null): boolean {
  if (code === null) return true;
  if (SITUATION_NOT_RECORDED_CODES.has(code)) return true;
  return !(code in SITUATION_NAMES) && situationClass(code) === 'unknown';
}

/** Destinations that end homelessness at once when someone leaves their last open homeless enrollment. */
export function isImmediateInactiveDestination(code: number | null): boolean {
  const c = situationClass(code);
  return c === 'institutional' || c === 'temporary' || c === 'deceased';
}

/** "116 Place not meant for habitation"; "code 999" for a code on no list; "not recorded" for null. */
export function describeSituation(code: number | null): string {
  if (code === null) return 'not recorded';
  const name = SITUATION_NAMES[code];
  return name === undefined ? `code ${code}` : `${code} ${name}`;
}

export const SITUATION_CLASS_NAMES: Readonly<Record<SituationClass, string>> = {
  homeless: 'homeless',
  institutional: 'institutional',
  temporary: 'temporary',
  permanent: 'permanent',
  deceased: 'deceased',
  unknown: 'unknown or other',
};

// ------------------------------------------------------------------ other code lists the derivation reads

/** 1.4 RecordType: a bed night of a night-by-night shelter. */
export const RECORD_TYPE_BED_NIGHT = 200;

/** 1.8 NoYesReasonsForMissingData / 1.7 NoYesMissing "Yes". */
export const YES = 1;

/** 3.15.1 RelationshipToHoH: self (head of household). */
export const RELATIONSHIP_HEAD_OF_HOUSEHOLD = 1;

/** 3.917.4 TimesHomelessPastThreeYears: four or more times. */
export const TIMES_HOMELESS_FOUR_OR_MORE = 4;
/** 3.917.5 MonthsHomelessPastThreeYears: 112 = 12 months, 113 = more than 12 months. */
export const MONTHS_HOMELESS_TWELVE = 112;
export const MONTHS_HOMELESS_MORE_THAN_TWELVE = 113;

/** 3.03.2 DOBDataQuality (HMIS Data Standards FY2024). */
export const DOB_DATA_QUALITY_NAMES: Readonly<Record<number, string>> = {
  1: 'Full DOB reported',
  2: 'Approximate or partial DOB reported',
  8: "Client doesn't know",
  9: 'Client prefers not to answer',
  99: 'Data not collected',
};

/**
 * Whether a DOB with this quality can be used for ages. Full (1) and approximate or
 * partial (2) DOBs are used; 8, 9 and 99 say the DOB is not known. A missing quality
 * says nothing against the DOB, so the DOB is used.
 */
export function isUsableDobQuality(quality: number | null): boolean {
  return quality !== 8 && quality !== 9 && quality !== 99;
}

/** The gender fields of a Client record: FY2024's yes/no columns, or FY2026's Sex. */
export interface HmisGenderFields {
  woman: number | null;
  man: number | null;
  nonBinary: number | null;
  culturallySpecific: number | null;
  transgender: number | null;
  questioning: number | null;
  differentIdentity: number | null;
  /** FY2026 3.06.1 Sex: 0 female, 1 male (8, 9, 99 unknown). */
  sex: number | null;
}

/**
 * One label for a person's gender, as the By-Name List keeps it: FY2024's selected
 * genders joined by `;` (several may be selected), else FY2026's sex, else null.
 */
export function hmisGenderLabel(g: HmisGenderFields): string | null {
  const picked: string[] = [];
  if (g.woman === YES) picked.push('woman');
  if (g.man === YES) picked.push('man');
  if (g.nonBinary === YES) picked.push('non_binary');
  if (g.culturallySpecific === YES) picked.push('culturally_specific');
  if (g.transgender === YES) picked.push('transgender');
  if (g.questioning === YES) picked.push('questioning');
  if (g.differentIdentity === YES) picked.push('different_identity');
  if (picked.length) return picked.join(';');
  if (g.sex === 0) return 'female';
  if (g.sex === 1) return 'male';
  return null;
}
