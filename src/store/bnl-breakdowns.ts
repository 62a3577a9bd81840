import type { Database } from './database.ts';
import { firstDayOfMonth, formatDay, formatMonth, lastDayOfMonth, parseMonth } from '../domain/time/day.ts';

/**
 * The dimensions a population is broken down by (bnl.md "Equity"; web app issue's
 * Population page). Each one partitions the same people: every person counted in a
 * figure falls in exactly one group of each dimension.
 */
export const BREAKDOWN_DIMENSIONS = ['locality', 'provider', 'household_type', 'race'] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

/**
 * Household types, exclusive, first match wins (read from the derived transitions of
 * the built-in populations, so they follow the population rules exactly, ages and
 * dated HMIS household spells included):
 * - `youth`: a member of `youth` that day (every household member's age known and under 25:
 *   unaccompanied and parenting youth);
 * - `single_adult`: otherwise a member of `all-singles` (adult-only household);
 * - `family_with_children`: otherwise (at least one adult and one child under 18: a household
 *   with no adult has every age known and under 18, so it is youth).
 */
export const HOUSEHOLD_TYPES = ['single_adult', 'family_with_children', 'youth'] as const;
export type HouseholdType = (typeof HOUSEHOLD_TYPES)[number];

/** A group's (or the total's) counts. */
export interface BreakdownCounts {
  /** Active on the month's last day (the as-of day for the month of the last data). */
  actively_homeless: number;
  /** Newly identified + returned from housing + returned from inactive, in the month. */
  inflow: number;
  /** The month's returns from housing (part of `inflow`). */
  returned_from_housing: number;
  /** The month's housing placements. */
  housing_placements: number;
  /** Housing placements in the outcome window (the 12 months ending with the month). */
  placements_12_months: number;
  /** Sum and count of days to housing over the window's placements that have one. */
  days_to_housing_sum: number;
  days_to_housing_count: number;
}

export interface StoredBreakdown {
  /** `YYYY-MM`. */
  month: string;
  population: string;
  /** First month of the outcome window (`YYYY-MM`): the month and the 11 before it. */
  windowFrom: string;
  total: BreakdownCounts;
  /** Per dimension, group key → counts (groups with any non-zero count). */
  groups: Record<BreakdownDimension, Map<string, BreakdownCounts>>;
}

/** The key of the group of people with no value (no locality, no provider, no race recorded). */
export const UNKNOWN = 'unknown';
/** Two or more HUD race and ethnicity categories (bnl.md: "reported as multiracial"). */
export const MULTIRACIAL = 'multiracial';

/** The latest month with stored figures for the population, or null when there is none. */
export async function latestBreakdownMonth(db: Database, communityId: number, population: string): Promise<string | null> {
  const r = await db.query<{ month: string | null }>(
    `SELECT to_char(max(month), 'YYYY-MM') AS month FROM bnl_month WHERE community_id = $1 AND population = $2`,
    [communityId, population],
  );
  return r[0]?.month ?? null;
}

/**
 * The population's figures for one month (default: the latest month with stored figures;
 * null when there is none) broken down by every dimension, counted from
 * the derived transitions (bnl_transition) in one query, the same on PGlite and PostgreSQL.
 *
 * Who is counted. The population's people (families: households, i.e. their heads: the
 * population's transitions are its members') whose latest transition on or before the
 * month's last day ends in `active` — the same count as bnl_month's `actively_homeless`
 * (transitions stop at the as-of day, so the month of the last data is counted on it).
 * Flows are the month's transitions by flow, as in bnl_month.
 *
 * Each counted event (active at the month's end, an inflow, a placement) is put in a group:
 * - `locality`: the person's locality; `unknown` when none.
 * - `race`: the single HUD FY2024 category recorded, `multiracial` for two or more,
 *   `unknown` for none: one row per person, so the rows add up to the total.
 * - `provider`: the provider of the transition into active that began the person's active
 *   period in this population (for someone active or coming in: that transition; for a
 *   placement: the transition before it, which is into active since each transition starts
 *   where the last one ended); `unknown` when it names none (e.g. the person entered the
 *   population by its rule while active, or the record named no provider).
 * - `household_type`: {@link HOUSEHOLD_TYPES} on the day of the event — the month's last
 *   day for the active count, the day of an inflow, the day before a placement (the last
 *   day active: someone who leaves `youth` on the day they are housed is placed as youth, as
 *   in the youth population's own figures) — from whether the person is a member of `youth`
 *   and of `all-singles` that day, i.e. whether their latest transition in that population
 *   by then leads to a status other than `absent`.
 *
 * Plan: the population's transitions up to the month's end, and those of `youth` and
 * `all-singles`, are each read once in primary-key order (person, day), so the window
 * functions (lag, lead) need no sort; the events are merge-joined to the membership
 * stretches and to bnl_person, and counted with GROUPING SETS (one row per group of every
 * dimension, and the total). No correlated lookups, so the plan does not hinge on planner
 * statistics (bnl-figure-series.ts: the transitions are rewritten by every derivation).
 * Measured on the metro demo (495,542 people, 1.18M transitions in `all`; 2 shared vCPUs):
 * `all` for 2025-12 in 3–4.5 s on PostgreSQL 15 (about 1 s of it JIT compilation; 3.0 s
 * with jit off), 6–10 s on PGlite; `veterans` 1.5–2.5 s; the city demo (49,198 people) on
 * PGlite 0.4–0.9 s.
 */
export async function bnlBreakdowns(db: Database, communityId: number, population: string, month?: string): Promise<StoredBreakdown | null> {
  if (month === undefined) {
    const latest = await latestBreakdownMonth(db, communityId, population);
    if (latest === null) return null;
    month = latest;
  }
  const m = parseMonth(month);
  if (m === null) throw new Error(`bnlBreakdowns: malformed month ${month}`);
  const start = formatDay(firstDayOfMonth(m));
  const end = formatDay(lastDayOfMonth(m));
  const windowFrom = formatMonth(m - 11);
  const rows = await db.query<GroupRow>(BREAKDOWN_SQL, [communityId, population, start, end, `${windowFrom}-01`]);

  const empty = (): Map<string, BreakdownCounts> => new Map();
  const groups: Record<BreakdownDimension, Map<string, BreakdownCounts>> = { locality: empty(), provider: empty(), household_type: empty(), race: empty() };
  let total: BreakdownCounts = zeroCounts();
  for (const r of rows) {
    const counts: BreakdownCounts = {
      actively_homeless: Number(r.actively_homeless),
      inflow: Number(r.inflow),
      returned_from_housing: Number(r.returned_from_housing),
      housing_placements: Number(r.housing_placements),
      placements_12_months: Number(r.placements_12_months),
      days_to_housing_sum: Number(r.days_to_housing_sum ?? 0),
      days_to_housing_count: Number(r.days_to_housing_count),
    };
    if (r.dimension === 'total') total = counts;
    else groups[r.dimension].set(r.grp, counts);
  }
  return { month, population, windowFrom, total, groups };
}

export function zeroCounts(): BreakdownCounts {
  return { actively_homeless: 0, inflow: 0, returned_from_housing: 0, housing_placements: 0, placements_12_months: 0, days_to_housing_sum: 0, days_to_housing_count: 0 };
}

interface GroupRow {
  dimension: BreakdownDimension | 'total';
  grp: string;
  actively_homeless: number;
  inflow: number;
  returned_from_housing: number;
  housing_placements: number;
  placements_12_months: number;
  days_to_housing_sum: number | null;
  days_to_housing_count: number;
}

/**
 * $1 community, $2 population, $3 the month's first day, $4 its last day, $5 the first day
 * of the outcome window.
 *
 * - `p`: the population's transitions up to the month's end, each with the provider of the
 *   transition into active that began its active period, and whether it is the person's
 *   latest. The primary key gives them in person and date order: no sort.
 * - `ev`: the events counted, each with the day its household type is read on: kind 'a'
 *   (active at the month's end: the latest transition, into active; the month's last day),
 *   'i' (an inflow in the month; its day), 'h' (a placement in the window; the day before).
 * - `y`, `s`: the stretches of days from each transition of `youth`, of `all-singles`, to the
 *   person's next one in that population; `member` when it leads to a status other than absent.
 * - each event is joined to the member stretch that contains its day (at most one: a
 *   person's stretches do not overlap), and to the person.
 */
const BREAKDOWN_SQL = `
  WITH p AS (
    SELECT person_id, transition_date, to_status, flow, days_to_housing,
           CASE WHEN to_status = 'active' THEN provider ELSE lag(provider) OVER w END AS active_provider,
           lead(transition_date) OVER w IS NULL AS latest
      FROM bnl_transition
     WHERE community_id = $1 AND population = $2 AND transition_date <= $4::date
    WINDOW w AS (PARTITION BY person_id ORDER BY transition_date)
  ), ev AS (
    SELECT e.kind, p.person_id, e.d, p.active_provider, e.days_to_housing, p.flow = 'returned_from_housing' AS from_housing, p.transition_date >= $3::date AS in_month
      FROM p
     CROSS JOIN LATERAL (VALUES
       ('a', $4::date, NULL::integer, p.latest AND p.to_status = 'active'),
       ('i', p.transition_date, NULL, p.transition_date >= $3::date AND p.flow IN ('newly_identified', 'returned_from_housing', 'returned_from_inactive')),
       ('h', p.transition_date - 1, p.days_to_housing, p.transition_date >= $5::date AND p.flow = 'housing_placements')
     ) AS e (kind, d, days_to_housing, counted)
     WHERE e.counted AND ((p.latest AND p.to_status = 'active') OR p.transition_date >= $5::date)
  ), y AS (
    SELECT person_id, transition_date AS since, lead(transition_date) OVER w AS until, to_status <> 'absent' AS member
      FROM bnl_transition
     WHERE community_id = $1 AND population = 'youth' AND transition_date <= $4::date
    WINDOW w AS (PARTITION BY person_id ORDER BY transition_date)
  ), s AS (
    SELECT person_id, transition_date AS since, lead(transition_date) OVER w AS until, to_status <> 'absent' AS member
      FROM bnl_transition
     WHERE community_id = $1 AND population = 'all-singles' AND transition_date <= $4::date
    WINDOW w AS (PARTITION BY person_id ORDER BY transition_date)
  ), x AS (
    SELECT ev.kind, ev.days_to_housing, ev.from_housing, ev.in_month,
           coalesce(bp.locality, '${UNKNOWN}') AS locality,
           coalesce(ev.active_provider, '${UNKNOWN}') AS provider,
           CASE WHEN y.person_id IS NOT NULL THEN 'youth' WHEN s.person_id IS NOT NULL THEN 'single_adult' ELSE 'family_with_children' END AS household_type,
           CASE WHEN cardinality(bp.race) = 0 THEN '${UNKNOWN}' WHEN cardinality(bp.race) > 1 THEN '${MULTIRACIAL}' ELSE bp.race[1] END AS race
      FROM ev
      JOIN bnl_person bp ON bp.community_id = $1 AND bp.person_id = ev.person_id
      LEFT JOIN y ON y.person_id = ev.person_id AND y.member AND y.since <= ev.d AND (y.until IS NULL OR ev.d < y.until)
      LEFT JOIN s ON s.person_id = ev.person_id AND s.member AND s.since <= ev.d AND (s.until IS NULL OR ev.d < s.until)
  )
  SELECT CASE WHEN GROUPING(locality) = 0 THEN 'locality' WHEN GROUPING(provider) = 0 THEN 'provider'
              WHEN GROUPING(household_type) = 0 THEN 'household_type' WHEN GROUPING(race) = 0 THEN 'race' ELSE 'total' END AS dimension,
         coalesce(locality, provider, household_type, race, '') AS grp,
         (count(*) FILTER (WHERE kind = 'a'))::int AS actively_homeless,
         (count(*) FILTER (WHERE kind = 'i'))::int AS inflow,
         (count(*) FILTER (WHERE kind = 'i' AND from_housing))::int AS returned_from_housing,
         (count(*) FILTER (WHERE kind = 'h' AND in_month))::int AS housing_placements,
         (count(*) FILTER (WHERE kind = 'h'))::int AS placements_12_months,
         (sum(days_to_housing) FILTER (WHERE kind = 'h'))::bigint AS days_to_housing_sum,
         (count(days_to_housing) FILTER (WHERE kind = 'h'))::int AS days_to_housing_count
    FROM x
   GROUP BY GROUPING SETS ((), (locality), (provider), (household_type), (race))`;
