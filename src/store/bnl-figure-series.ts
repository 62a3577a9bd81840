import type { BnlFigure } from '../domain/learning/types.ts';
import type { Database } from './database.ts';

/** One month of a By-Name List figure. */
export interface BnlFigurePoint {
  /** `YYYY-MM`. */
  period: string;
  /** The figure; for shares, the numerator (a count). null when it cannot be known yet, or is undefined. */
  value: number | null;
  /** For shares: what the value is a part of. null for counts and averages. */
  denominator: number | null;
}

type CohortFigure = 'returns_within_6_months' | 'returns_within_12_months' | 'share_inactive';

/** The figures stored in bnl_month, each as an SQL expression over its columns. */
const STORED: Record<Exclude<BnlFigure, CohortFigure>, string> = {
  actively_homeless: 'actively_homeless',
  newly_identified: 'newly_identified',
  returned_from_housing: 'returned_from_housing',
  returned_from_inactive: 'returned_from_inactive',
  inflow: 'newly_identified + returned_from_housing + returned_from_inactive',
  housing_placements: 'housing_placements',
  moved_to_inactive: 'moved_to_inactive',
  no_longer_meets_criteria: 'no_longer_meets_criteria',
  outflow: 'housing_placements + moved_to_inactive + no_longer_meets_criteria',
  avg_days_to_housing: 'avg_days_to_housing',
};

interface Row {
  period: string;
  value: number | string | null;
  denominator: number | string | null;
}

/**
 * One By-Name List figure of one population, month by month: exactly the months the
 * last derivation stored for it (`bnl_month`, what `zeroloop metrics` shows), in
 * order. One query whatever the number of months. Definitions: BNL_FIGURE_LABELS
 * (src/domain/learning/bnl-figures.ts).
 *
 * - The stored figures (and inflow, outflow) come from bnl_month as stored:
 *   `avg_days_to_housing` unrounded.
 * - `returns_within_N_months`: denominator = the month's housing placements, value =
 *   those followed by a return from housing of the same person in the same
 *   population on a day d with placement < d ≤ placement + N months (PostgreSQL
 *   month arithmetic: 08-31 + 6 months = 02-28/29). Both null while follow-up is
 *   incomplete (last day of the month + N months after the as-of date); value null
 *   and denominator 0 for a month without placements.
 * - `share_inactive`: among the population's people active or inactive on the
 *   month's last day, value = inactive, denominator = active + inactive.
 */
export async function bnlFigureSeries(db: Database, communityId: number, population: string, figure: BnlFigure): Promise<BnlFigurePoint[]> {
  let rows: Row[];
  if (figure === 'returns_within_6_months' || figure === 'returns_within_12_months') {
    rows = await db.query<Row>(RETURNS_SQL, [communityId, population, figure === 'returns_within_6_months' ? 6 : 12]);
  } else if (figure === 'share_inactive') {
    rows = await db.query<Row>(SHARE_INACTIVE_SQL, [communityId, population]);
  } else {
    rows = await db.query<Row>(
      `SELECT to_char(month, 'YYYY-MM') AS period, ${STORED[figure]} AS value, NULL::integer AS denominator
         FROM bnl_month WHERE community_id = $1 AND population = $2 ORDER BY month`,
      [communityId, population],
    );
  }
  // Both adapters already give int8 and numeric as numbers; Number() keeps it so if a
  // driver ever hands back text.
  return rows.map((r) => ({
    period: r.period,
    value: r.value === null ? null : Number(r.value),
    denominator: r.denominator === null ? null : Number(r.denominator),
  }));
}

/**
 * Placements per month and how many of them were followed by a return within the
 * window ($3 months). A placement has a return in (placement, placement + N months]
 * exactly when the first return from housing after it falls in that window, so each
 * placement carries the date of the next return of that person (a running minimum
 * over the person's later placements and returns, newest first) and counts once
 * however many returns follow. Window functions over one scan: no join whose plan
 * depends on the planner's statistics: the transitions are rewritten by every
 * derivation, and a correlated EXISTS lookup took 36–47 s on a metro list (1.2M
 * transitions in `all`) right after loading it, 2–3 s once autovacuum had analysed
 * the table; this form takes 1–2 s either way.
 * `date + interval` clamps to the month's last day (08-31 + 6 months = 02-28), and
 * the `::date` cast drops the time of day (timestamp without time zone: no shift).
 */
const RETURNS_SQL = `
  WITH events AS (
    SELECT transition_date, flow,
           min(transition_date) FILTER (WHERE flow = 'returned_from_housing')
             OVER (PARTITION BY person_id ORDER BY transition_date DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS next_return
      FROM bnl_transition
     WHERE community_id = $1 AND population = $2 AND flow IN ('housing_placements', 'returned_from_housing')
  ), per_month AS (
    SELECT date_trunc('month', transition_date)::date AS month, count(*)::int AS placements,
           (count(*) FILTER (WHERE next_return <= (transition_date + make_interval(months => $3::int))::date))::int AS returned
      FROM events
     WHERE flow = 'housing_placements'
     GROUP BY 1
  ), months AS (
    SELECT m.month, ((m.month + interval '1 month')::date - 1 + make_interval(months => $3::int))::date <= d.as_of AS complete
      FROM bnl_month m
      LEFT JOIN bnl_derivation d ON d.community_id = m.community_id
     WHERE m.community_id = $1 AND m.population = $2
  )
  SELECT to_char(x.month, 'YYYY-MM') AS period,
         CASE WHEN x.complete AND pm.placements > 0 THEN pm.returned END AS value,
         CASE WHEN x.complete THEN coalesce(pm.placements, 0) END AS denominator
    FROM months x
    LEFT JOIN per_month pm ON pm.month = x.month
   ORDER BY x.month`;

/**
 * Status at each month's end from the changes in active and inactive counts that
 * each transition makes: a person's transitions in a population form a chain (each
 * one's from_status is the previous one's to_status, the first from 'absent'), so
 * the running sum up to a month's end counts exactly the people whose latest
 * transition by then ends in that status. Transitions before the first reported
 * month count too. Only the per-month sums (a few dozen rows) are joined to months.
 */
const SHARE_INACTIVE_SQL = `
  WITH delta AS (
    SELECT date_trunc('month', transition_date)::date AS month,
           sum((to_status = 'active')::int - (from_status = 'active')::int) AS active,
           sum((to_status = 'inactive')::int - (from_status = 'inactive')::int) AS inactive
      FROM bnl_transition
     WHERE community_id = $1 AND population = $2
     GROUP BY 1
  )
  SELECT to_char(m.month, 'YYYY-MM') AS period,
         coalesce(sum(d.inactive), 0)::int AS value,
         (coalesce(sum(d.active), 0) + coalesce(sum(d.inactive), 0))::int AS denominator
    FROM bnl_month m
    LEFT JOIN delta d ON d.month <= m.month
   WHERE m.community_id = $1 AND m.population = $2
   GROUP BY m.month
   ORDER BY m.month`;
