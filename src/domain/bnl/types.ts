import type { Day } from '../time/day.ts';

/** A person's status on the By-Name List on one day (bnl.md "Statuses"). */
export type Status = 'active' | 'housed' | 'inactive';
export const STATUSES: readonly Status[] = ['active', 'housed', 'inactive'];

/**
 * A person's status within one population on one day: `absent` when the person
 * does not belong to the population that day, or is not on the list at all.
 */
export type PopulationStatus = Status | 'absent';

/** Where a status change came from, so every figure can be explained down to records. */
export interface Provenance {
  /** File name (`status-history.csv`, `Enrollment.csv`, a snapshot file, ...). */
  source: string;
  /** Line number or record id inside that source. */
  record: string;
  /** Provider (organization or project) named by the record, when known. */
  provider: string | null;
}

/** One change of a person's overall status, as recorded or derived. */
export interface StatusChange {
  date: Day;
  status: Status;
  reason: string | null;
  provenance: Provenance;
}

/** HUD FY2024 race and ethnicity categories (one column each in the HMIS CSV). */
export const RACE_CATEGORIES = [
  'am_ind_ak_native',
  'asian',
  'black_af_american',
  'hispanic_latinaeo',
  'mid_east_n_african',
  'native_hi_pacific',
  'white',
] as const;
export type RaceCategory = (typeof RACE_CATEGORIES)[number];

export const RACE_LABELS: Record<RaceCategory, string> = {
  am_ind_ak_native: 'American Indian, Alaska Native, or Indigenous',
  asian: 'Asian or Asian American',
  black_af_american: 'Black, African American, or African',
  hispanic_latinaeo: 'Hispanic/Latina/e/o',
  mid_east_n_african: 'Middle Eastern or North African',
  native_hi_pacific: 'Native Hawaiian or Pacific Islander',
  white: 'White',
};

/** A member of a household, as far as the population rules need to know them. */
export interface HouseholdMember {
  personId: string;
  /** Birth date (a year-only birth is taken as 1 July of that year); null when unknown. */
  birthDate: Day | null;
}

/**
 * A stretch of time in which a person belongs to one household. `to` is the last
 * day (inclusive) or null when open. `members` includes the person.
 */
export interface HouseholdSpell {
  from: Day;
  to: Day | null;
  householdId: string;
  isHead: boolean;
  members: HouseholdMember[];
}

/** An inclusive range of days; `to` null means open-ended. */
export interface DayRange {
  from: Day;
  to: Day | null;
}

/** Everything the engine needs to know about one person. */
export interface PersonRecord {
  personId: string;
  birthDate: Day | null;
  veteran: boolean | null;
  /** Days on which the person met the HUD chronic definition. */
  chronic: DayRange[];
  race: RaceCategory[];
  gender: string | null;
  locality: string | null;
  /** Sorted by `from`, not overlapping. Outside every spell the person is a household of one. */
  households: HouseholdSpell[];
}

/** A person with their overall status history, sorted by date. */
export interface PersonHistory {
  person: PersonRecord;
  changes: StatusChange[];
}

/** The six flows of bnl.md, three in and three out. */
export const INFLOWS = ['newly_identified', 'returned_from_housing', 'returned_from_inactive'] as const;
export const OUTFLOWS = ['housing_placements', 'moved_to_inactive', 'no_longer_meets_criteria'] as const;
export type Inflow = (typeof INFLOWS)[number];
export type Outflow = (typeof OUTFLOWS)[number];
export type Flow = Inflow | Outflow;
export const FLOWS: readonly Flow[] = [...INFLOWS, ...OUTFLOWS];

/** One change of a person's status within one population. */
export interface PopulationTransition {
  population: string;
  date: Day;
  from: PopulationStatus;
  to: PopulationStatus;
  /** The flow it counts as, or null when it moves nobody in or out of active (e.g. housed → inactive). */
  flow: Flow | null;
  /** For housing placements: days from the first day of the active period it ends. */
  daysToHousing: number | null;
  provenance: Provenance | null;
}

/** The figures of one population in one calendar month (bnl.md "The monthly figures"). */
export interface MonthlyFigures {
  month: string;
  population: string;
  actively_homeless: number;
  newly_identified: number;
  returned_from_housing: number;
  returned_from_inactive: number;
  housing_placements: number;
  moved_to_inactive: number;
  no_longer_meets_criteria: number;
  avg_days_to_housing: number | null;
  balanced: boolean;
}

/** Community settings that change figures; stored with the figures they produced. */
export interface BnlSettings {
  inactivityDays: number;
  lookbackDays: number;
  /** Individuals counted in the most recent point-in-time count (for the chronic rule). */
  pitCount: number | null;
  /**
   * First month to report (`YYYY-MM`): the month the list became comprehensive. Earlier
   * months are a ramp-up in which everyone already homeless looks newly identified.
   * Null: from the first recorded change.
   */
  reportFrom: string | null;
  functionalZero: FunctionalZeroSettings;
}

export interface FunctionalZeroSettings {
  /** Months of placements averaged for the proven housing rate. */
  housingRateMonths: number;
  /** The smallest threshold any population gets. */
  thresholdFloor: number;
  /** Chronic threshold as a share of the PIT count (0.001 = 0.1%). */
  chronicPitShare: number;
  /** "Brief": average days from identification to move-in at most this. */
  briefMaxDays: number;
  /** "Non-recurring": returns from housing at most this share of placements (same window). */
  maxReturnShare: number;
}

export const DEFAULT_SETTINGS: BnlSettings = {
  inactivityDays: 90,
  lookbackDays: 730,
  pitCount: null,
  reportFrom: null,
  functionalZero: {
    housingRateMonths: 6,
    thresholdFloor: 3,
    chronicPitShare: 0.001,
    briefMaxDays: 45,
    maxReturnShare: 0.1,
  },
};
