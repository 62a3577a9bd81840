/**
 * The HUD FY2024 codes the synthetic city uses, in one place (see
 * ../shared/reference/hud-code-lists-fy2024.txt for the full lists).
 */
import { isHomelessProject, isPermanentHousingProject, PROJECT_TYPE_NAMES } from '../domain/hmis/codes.ts';

// Project types and the classes of situations are the domain's (src/domain/hmis/codes.ts):
// the generator writes by the same rules the importer reads by.
export { PROJECT_TYPE, situationClass, type SituationClass } from '../domain/hmis/codes.ts';

/** HUD's project type names, from the one place ZeroLoop keeps the code lists. */
export const PROJECT_TYPE_LABELS: Readonly<Record<number, string>> = PROJECT_TYPE_NAMES;

/** Homeless projects per bnl-from-hmis.md: ES (both), TH, SO, SH. */
export const isHomelessProjectType = (t: number): boolean => isHomelessProject(t);

/** Permanent housing projects: PSH, PH housing only, PH with services, RRH. */
export const isPermanentHousingProjectType = (t: number): boolean => isPermanentHousingProject(t);

/** 3.12 Destination codes used. */
export const DEST = {
  DONT_KNOW: 8,
  PREFERS_NOT: 9,
  OTHER: 17,
  DECEASED: 24,
  NO_EXIT_INTERVIEW: 30,
  NOT_COLLECTED: 99,
  EMERGENCY_SHELTER: 101,
  STREET: 116,
  SAFE_HAVEN: 118,
  PSYCHIATRIC: 204,
  SUBSTANCE_TREATMENT: 205,
  HOSPITAL: 206,
  JAIL: 207,
  FOSTER_CARE: 215,
  LONG_TERM_CARE: 225,
  FAMILY_TEMPORARY: 312,
  FRIENDS_TEMPORARY: 313,
  HOTEL_NO_VOUCHER: 314,
  HALFWAY_HOUSE: 329,
  HOST_HOME: 332,
  RENTAL_NO_SUBSIDY: 410,
  OWNED_NO_SUBSIDY: 411,
  FAMILY_PERMANENT: 422,
  FRIENDS_PERMANENT: 423,
  RENTAL_WITH_SUBSIDY: 435,
} as const;

/** Every 3.12 Destination code (for validation). */
export const DESTINATION_CODES: readonly number[] = [
  8, 9, 17, 24, 30, 99, 101, 116, 118, 204, 205, 206, 207, 215, 225, 302, 312, 313, 314, 327, 329, 332, 410,
  411, 421, 422, 423, 426, 435,
];

/** Every 4.12 CurrentLivingSituation code (for validation). */
export const LIVING_SITUATION_CODES: readonly number[] = [
  8, 9, 17, 37, 99, 101, 116, 118, 204, 205, 206, 207, 215, 225, 302, 314, 329, 332, 335, 336, 410, 411, 421,
  435,
];

/** 3.12.A RentalSubsidyType (DestinationSubsidyType when Destination = 435). */
export const SUBSIDY = {
  VASH: 419,
  OTHER_PERMANENT: 420,
  RRH: 431,
  HCV: 433,
  EHV: 436,
  PSH: 439,
} as const;

/** 1.4 Services RecordType. */
export const RECORD_TYPE = {
  PATH_SERVICE: 141,
  SSVF_SERVICE: 144,
  SSVF_FINANCIAL_ASSISTANCE: 152,
  PATH_REFERRAL: 161,
  BED_NIGHT: 200,
  VASH_VOUCHER_TRACKING: 210,
  MOVING_ON: 300,
} as const;

/** 2.06.1 FundingSource codes used. */
export const FUNDER = {
  COC_PSH: 2,
  COC_RRH: 3,
  COC_SSO: 4,
  COC_TH: 5,
  COC_SAFE_HAVEN: 6,
  ESG_ES: 8,
  ESG_RRH: 10,
  ESG_SO: 11,
  HUD_VASH: 20,
  PATH: 21,
  RHY_BCP: 22,
  RHY_TLP: 24,
  RHY_SOP: 25,
  SSVF: 33,
  PIH: 36,
  GPD_SERVICE_INTENSIVE: 41,
  YHDP: 43,
  LOCAL: 46,
  EHV: 52,
} as const;

/** 4.20.2 Event codes used. */
export const EVENT = {
  DIVERSION: 2,
  HOUSING_NEEDS_ASSESSMENT: 4,
  RRH_REFERRAL: 13,
  PSH_REFERRAL: 14,
  OTHER_PH_REFERRAL: 15,
  EHV_REFERRAL: 17,
} as const;
