/**
 * The operational definition of every By-Name List figure (bnl.md, docs/definitions.md),
 * as a measure built on one starts from: its name, unit, which way is better, the chart
 * drawn by default, and what exactly is counted. Pure data.
 */
import type { BnlFigure } from './types.ts';

export interface BnlFigureLabel {
  name: string;
  /** e.g. "people or households", "days", "%". */
  unit: string;
  /** Which way is better; null when neither is (a figure read with its parts). */
  improvement: 'up' | 'down' | null;
  /** Chart drawn by default. */
  chart: 'run' | 'i' | 'p' | 'c';
  description: string;
  numerator: string;
  /** null for counts and averages. */
  denominator: string | null;
}

const COUNTED = 'Counted per population and calendar month; families are counted as households (through their head of household), every other population as people.';

export const BNL_FIGURE_LABELS: Record<BnlFigure, BnlFigureLabel> = {
  actively_homeless: {
    name: 'Actively homeless',
    unit: 'people or households',
    improvement: 'down',
    chart: 'i',
    description: `How many are actively homeless at the end of the month: their status on the list is active on the month's last day (for the current month, on the as-of date, the last day of data). ${COUNTED}`,
    numerator: "People (households for families) whose status in the population is active on the month's last day, or on the as-of date for the current month.",
    denominator: null,
  },
  newly_identified: {
    name: 'Newly identified',
    unit: 'people or households',
    improvement: 'down',
    chart: 'i',
    description: `Inflow: became active this month with no active or housed period in the population within the lookback (default 730 days), including people who newly meet the population's criteria while active. ${COUNTED}`,
    numerator: 'Changes to active dated in the month that are neither a return from housing nor a return from inactive within the lookback.',
    denominator: null,
  },
  returned_from_housing: {
    name: 'Returned from housing',
    unit: 'people or households',
    improvement: 'down',
    chart: 'i',
    description: `Inflow: became active this month after being housed (status housed the day before). ${COUNTED}`,
    numerator: 'Changes from housed to active dated in the month.',
    denominator: null,
  },
  returned_from_inactive: {
    name: 'Returned from inactive',
    unit: 'people or households',
    improvement: 'down',
    chart: 'i',
    description: `Inflow: became active this month after being inactive, having been active or housed in the population within the lookback (default 730 days). ${COUNTED}`,
    numerator: 'Changes from inactive to active dated in the month, with the last active or housed day at most the lookback before.',
    denominator: null,
  },
  inflow: {
    name: 'Inflow',
    unit: 'people or households',
    improvement: 'down',
    chart: 'i',
    description: `Everyone who became actively homeless this month: newly identified + returned from housing + returned from inactive. ${COUNTED}`,
    numerator: 'newly_identified + returned_from_housing + returned_from_inactive for the month.',
    denominator: null,
  },
  housing_placements: {
    name: 'Housing placements',
    unit: 'people or households',
    improvement: 'up',
    chart: 'i',
    description: `Outflow: moved from active into permanent housing this month (move-in date in the month). ${COUNTED}`,
    numerator: 'Changes from active to housed dated in the month.',
    denominator: null,
  },
  moved_to_inactive: {
    name: 'Moved to inactive',
    unit: 'people or households',
    improvement: null,
    chart: 'i',
    description: `Outflow: moved from active to inactive this month (lost contact beyond the inactivity threshold, moved to a non-literal situation, moved away, long institutional stay, died). Fewer is not better in itself: read it with housing placements and returns from inactive. ${COUNTED}`,
    numerator: 'Changes from active to inactive dated in the month.',
    denominator: null,
  },
  no_longer_meets_criteria: {
    name: 'No longer meets criteria',
    unit: 'people or households',
    improvement: null,
    chart: 'i',
    description: `Outflow: left the population this month while still actively homeless (aged out of youth, household changed, no longer chronic). Neither direction is better. ${COUNTED}`,
    numerator: 'Changes from active in the population to not a member while still active overall, dated in the month.',
    denominator: null,
  },
  outflow: {
    name: 'Outflow',
    unit: 'people or households',
    improvement: null,
    chart: 'i',
    description: `Everyone who stopped being actively homeless in the population this month: housing placements + moved to inactive + no longer meets criteria. Only the placements are an improvement, so no direction is set: read it with its parts. ${COUNTED}`,
    numerator: 'housing_placements + moved_to_inactive + no_longer_meets_criteria for the month.',
    denominator: null,
  },
  avg_days_to_housing: {
    name: 'Average days to housing',
    unit: 'days',
    improvement: 'down',
    chart: 'i',
    description:
      "Mean, over the month's housing placements, of the days from the first day of the person's overall active period (identification) to the move-in date. Empty for a month without placements.",
    numerator: "Sum over the month's placements of (move-in date − first day of the active period), divided by the number of those placements.",
    denominator: null,
  },
  returns_within_6_months: {
    name: 'Returns from housing within 6 months',
    unit: '%',
    improvement: 'down',
    chart: 'p',
    description:
      "Of the month's housing placements, the share followed by a return from housing (housed → active) of the same person in the same population within 6 calendar months of the move-in (the non-recurring criterion of functional zero). The window ends on the same day of the month 6 months later, or that month's last day when the day does not exist (2024-08-31 → 2025-02-28). Each placement counts once however many returns follow. Empty while follow-up is incomplete: when the last day of the month plus 6 months is after the as-of date. Families are counted as households.",
    numerator: 'Placements in the month followed by a return from housing on a day after the move-in and at most 6 calendar months after it.',
    denominator: 'Housing placements in the month (move-in date in the month).',
  },
  returns_within_12_months: {
    name: 'Returns from housing within 12 months',
    unit: '%',
    improvement: 'down',
    chart: 'p',
    description:
      "Of the month's housing placements, the share followed by a return from housing (housed → active) of the same person in the same population within 12 calendar months of the move-in. The window ends on the same day of the month a year later, or that month's last day when the day does not exist (2024-02-29 → 2025-02-28). Each placement counts once however many returns follow. Empty while follow-up is incomplete: when the last day of the month plus 12 months is after the as-of date. Families are counted as households.",
    numerator: 'Placements in the month followed by a return from housing on a day after the move-in and at most 12 calendar months after it.',
    denominator: 'Housing placements in the month (move-in date in the month).',
  },
  share_inactive: {
    name: 'Share of the list inactive',
    unit: '%',
    improvement: 'down',
    chart: 'p',
    description:
      "Of everyone on the list and not housed at the end of the month (status active or inactive in the population on the month's last day), the share whose status is inactive: how much of the list the community has lost track of. Inactive people are never removed from the list, so the share grows as the list ages even when nothing changes in practice: read a change in its slope, and read it with moved to inactive and returned from inactive. Families are counted as households.",
    numerator: "People (households for families) whose status in the population is inactive on the month's last day.",
    denominator: "People (households for families) whose status in the population is active or inactive on the month's last day.",
  },
};
