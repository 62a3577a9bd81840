/**
 * Shapes of the learning engine: measures with shared, versioned definitions, aims,
 * driver diagrams and PDSA cycles (learning-system.md, the IHI Model for Improvement).
 * JSON field names are snake_case: these objects are what the API and the CLI print.
 */
import type { ChartType, Improvement, RuleSet } from '../spc/types.ts';

export const MEASURE_TYPES = ['outcome', 'process', 'balancing'] as const;
export type MeasureType = (typeof MEASURE_TYPES)[number];

export const FREQUENCIES = ['monthly', 'quarterly', 'weekly'] as const;
/** How often the measure is taken; fixes the period format (`YYYY-MM`, `YYYY-Qn`, `YYYY-Www`). */
export type Frequency = (typeof FREQUENCIES)[number];

/**
 * Figures the By-Name List computes for every population and month. The first ten
 * are the stored monthly figures (`zeroloop metrics`); the rest are cohort and
 * share measures computed from the stored transitions.
 */
export const BNL_FIGURES = [
  'actively_homeless',
  'newly_identified',
  'returned_from_housing',
  'returned_from_inactive',
  'inflow',
  'housing_placements',
  'moved_to_inactive',
  'no_longer_meets_criteria',
  'outflow',
  'avg_days_to_housing',
  'returns_within_6_months',
  'returns_within_12_months',
  'share_inactive',
] as const;
export type BnlFigure = (typeof BNL_FIGURES)[number];

/** Where a measure's values come from. */
export type MeasureSource =
  | { kind: 'bnl'; figure: BnlFigure }
  /** Entered by hand per period. */
  | { kind: 'manual' }
  /** Imported from a CSV file (period,value[,denominator]). */
  | { kind: 'csv' };

/**
 * An operational definition: what exactly is counted, so that every sector reads the
 * number the same way. Everything a person needs to reproduce the value.
 */
export interface MeasureDefinition {
  name: string;
  type: MeasureType;
  /** What is counted, in plain words. */
  description: string;
  numerator: string;
  /** null for counts and averages. */
  denominator: string | null;
  /** Population slug (built-in or custom) the measure is about; null when it is not about one. */
  population: string | null;
  source: MeasureSource;
  frequency: Frequency;
  /** e.g. "people", "days", "%". */
  unit: string;
  improvement: Improvement | null;
  owner: string | null;
  target: number | null;
  /** Chart drawn by default, and its signal rules. */
  chart: ChartType;
  rules: RuleSet;
}

/** One version of a measure's definition, with who changed it, why, and who agreed. */
export interface MeasureVersion {
  version: number;
  definition: MeasureDefinition;
  changed_by: string;
  /** ISO timestamp. */
  changed_at: string;
  reason: string;
  /** Organizations that reviewed the definition and agreed to it. */
  agreed_by: string[];
}

export interface Measure {
  slug: string;
  /** The current version's definition. */
  definition: MeasureDefinition;
  version: number;
}

/** A value entered by hand or imported, for one period. */
export interface MeasureValue {
  period: string;
  value: number;
  /** Denominator (p charts) or exposure (u charts); null otherwise. */
  denominator: number | null;
  note: string | null;
  source: 'manual' | 'csv';
  entered_by: string;
  entered_at: string;
}

/** A new chart phase (part) starting at a period, with its reason. */
export interface MeasurePhase {
  /** First period of the new phase. */
  starts: string;
  reason: string;
  /** The PDSA cycle whose adopted change started it, when one did. */
  pdsa_id: number | null;
  created_by: string;
  created_at: string;
}

export const AIM_STATUSES = ['no_data', 'on_track', 'off_track', 'achieved', 'sustained'] as const;
export type AimStatus = (typeof AIM_STATUSES)[number];

export interface Aim {
  id: number;
  statement: string;
  population: string | null;
  measure: string;
  baseline_value: number | null;
  /** Period of the baseline value. */
  baseline_period: string | null;
  target_value: number;
  /** `YYYY-MM-DD`: the date by which the target should be met. */
  target_date: string;
  /** Consecutive periods at target that count as sustained. */
  sustain_periods: number;
  created_by: string;
  created_at: string;
}

export interface AimProgress {
  status: AimStatus;
  /** Consecutive latest periods that met the target (0 when the latest did not). */
  periods_at_target: number;
  latest_period: string | null;
  latest_value: number | null;
  /** Where a straight line from baseline to target would be at the latest period. */
  expected_value: number | null;
  /** One sentence saying why the status is what it is. */
  reason: string;
}

export const DRIVER_NODE_KINDS = ['primary', 'secondary', 'change_idea'] as const;
export type DriverNodeKind = (typeof DRIVER_NODE_KINDS)[number];

export interface DriverNode {
  /** Unique within the diagram: letters, digits, `-` and `_`. */
  id: string;
  kind: DriverNodeKind;
  label: string;
  /**
   * Ids of the nodes this one serves: primary drivers serve the aim (empty), secondary
   * drivers serve primary drivers, change ideas serve secondary (or primary) drivers.
   */
  serves: string[];
}

export interface DriverDiagram {
  id: number;
  title: string;
  aim_id: number;
  nodes: DriverNode[];
  created_by: string;
  updated_at: string;
}

export const PDSA_STATUSES = ['planning', 'doing', 'studying', 'acting', 'completed', 'abandoned'] as const;
export type PdsaStatus = (typeof PDSA_STATUSES)[number];

export const PDSA_DECISIONS = ['adopt', 'adapt', 'abandon'] as const;
export type PdsaDecision = (typeof PDSA_DECISIONS)[number];

export interface PdsaTeamMember {
  name: string;
  role: string | null;
  /** The person brings lived experience of homelessness to the cycle. */
  lived_experience: boolean;
}

/** The IHI PDSA worksheet. */
export interface PdsaCycle {
  id: number;
  title: string;
  /** The change being tested: a change idea of a driver diagram, as `diagram-id:node-id`, or null. */
  change_idea: string | null;
  measures: string[];
  /** The cycle this one follows in a ramp of tests; null for the first. */
  previous_id: number | null;
  status: PdsaStatus;
  owner: string;
  team: PdsaTeamMember[];
  objective: string;
  questions: string[];
  predictions: string[];
  plan: {
    who: string | null;
    what: string | null;
    when: string | null;
    where: string | null;
    data_to_collect: string | null;
  };
  do: {
    as_planned: boolean | null;
    observations: string | null;
    problems: string | null;
  };
  study: {
    results: string | null;
    learned: string | null;
  };
  act: {
    decision: PdsaDecision | null;
    next: string | null;
    /** On adopt: a new chart phase starts at this period on each of the cycle's measures. */
    new_phase_from: string | null;
    new_phase_reason: string | null;
  };
  /** `YYYY-MM-DD`. */
  start_date: string;
  end_date: string | null;
  created_by: string;
  updated_at: string;
}

/** Someone who took part in a decision, and in what capacity. */
export interface DecisionParticipant {
  name: string;
  role: string | null;
  /** The person brings lived experience of homelessness to the decision. */
  lived_experience: boolean;
}

/**
 * A decision of the community's team, recorded with the data that informed it and who
 * made it (learning-system.md: "recorded decisions with their data"). Decisions about a
 * measure's work appear on that measure's chart, at the period they were made.
 */
export interface Decision {
  id: number;
  /** What was decided, in a line. */
  title: string;
  /** `YYYY-MM-DD`: the day it was decided. */
  decided_on: string;
  /** Who had the authority and made it: a person, a committee, a role. */
  decided_by: string;
  /** Everyone who took part, lived experience marked. */
  participants: DecisionParticipant[];
  /** Why: the reasoning and the options weighed. */
  rationale: string;
  /** The data looked at (a chart, a figure, a report), in words. */
  evidence: string | null;
  /** Measures whose charts carry the decision. */
  measures: string[];
  /** The PDSA cycle whose learning led to it, if any. */
  pdsa_id: number | null;
  /** `YYYY-MM-DD`: when the team means to look at it again, if set. */
  revisit_on: string | null;
  created_by: string;
  updated_at: string;
}

/** A mark on a measure's chart: a PDSA cycle's test period, an adopted change, or a decision. */
export interface ChartAnnotation {
  /** The period the mark stands at. */
  period: string;
  /** Last period of the test, for cycles that span several. */
  until: string | null;
  kind: 'pdsa' | 'phase' | 'decision';
  pdsa_id: number | null;
  /** The decision recorded in the decision log, for kind 'decision'. */
  decision_id: number | null;
  label: string;
  status: PdsaStatus | null;
  /** A PDSA cycle's act decision: adopt, adapt or abandon. */
  decision: PdsaDecision | null;
}
