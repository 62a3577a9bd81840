import type { Database } from '../store/database.ts';
import type { Community } from '../store/communities.ts';
import {
  BREAKDOWN_DIMENSIONS,
  HOUSEHOLD_TYPES,
  MULTIRACIAL,
  UNKNOWN,
  bnlBreakdowns,
  zeroCounts,
  type BreakdownCounts,
  type BreakdownDimension,
  type StoredBreakdown,
} from '../store/bnl-breakdowns.ts';
import { RACE_CATEGORIES, RACE_LABELS, type MonthlyFigures } from '../domain/bnl/types.ts';
import { breakdownCells, disclosedCells, mergeTables, monthlyFigureCells, suppress, type Cell, type Constraint, type Table } from '../domain/privacy/suppression.ts';
import { parseMonth } from '../domain/time/day.ts';
import { communityPopulations } from './populations.ts';
import { monthlyMetrics } from './metrics.ts';
import { suppressedMetrics, suppressionThreshold } from './aggregates.ts';
import { UserError } from './errors.ts';

export { BREAKDOWN_DIMENSIONS, type BreakdownDimension } from '../store/bnl-breakdowns.ts';

/** One group of one dimension. null: hidden from this reader (the row's dimension lists why). */
export interface BreakdownRow {
  group: string;
  label: string;
  /** Active on the month's last day. */
  actively_homeless: number | null;
  /** The group's share of the population's actively homeless (0–1, three decimals). */
  share: number | null;
  /**
   * ZeroLoop's own measure (bnl.md "Equity"): the group's share of the month's housing
   * placements divided by its share of the actively homeless at the month's end (two
   * decimals). 1: placed in proportion; below 1: placed less than its share of the list.
   * null when there were no placements or the group has nobody active.
   */
  representation_ratio: number | null;
  /** The month's inflow: newly identified + returned from housing + returned from inactive. */
  inflow: number | null;
  /** The month's returns from housing (part of `inflow`; bnl.md's "returns from housing" outcome). */
  returned_from_housing: number | null;
  /** The month's housing placements. */
  placements: number | null;
  /** Mean days from identification to move-in over the outcome window's placements (one decimal). */
  avg_days_to_housing: number | null;
}

export interface DimensionBreakdown {
  rows: BreakdownRow[];
  /** Hidden values, as `<group>:<field>`. */
  suppressed: string[];
}

export interface BreakdownTotal {
  actively_homeless: number | null;
  inflow: number | null;
  returned_from_housing: number | null;
  placements: number | null;
  avg_days_to_housing: number | null;
  /** Hidden fields. */
  suppressed: string[];
}

export interface PopulationBreakdown {
  /** `YYYY-MM`. */
  month: string;
  population: string;
  total: BreakdownTotal;
  dimensions: Record<BreakdownDimension, DimensionBreakdown>;
  /** The months `avg_days_to_housing` is taken over: the month and the 11 before it. */
  outcome_window: { from: string; to: string };
  /** Counts from 1 to this minus 1 are hidden, with what would give them back; null: nothing hidden. */
  suppression_threshold: number | null;
  /** What the figures mean, for the page to show beside them. */
  definitions: Record<string, string>;
}

/** The counts published per group, each with the monthly figure its total equals. */
const COUNTS = ['actively_homeless', 'inflow', 'returned_from_housing', 'housing_placements'] as const;
type Count = (typeof COUNTS)[number];
/** The response field of each count. */
const FIELD: Record<Count, 'actively_homeless' | 'inflow' | 'returned_from_housing' | 'placements'> = {
  actively_homeless: 'actively_homeless',
  inflow: 'inflow',
  returned_from_housing: 'returned_from_housing',
  housing_placements: 'placements',
};
/** The monthly figures (bnl_month, published by /metrics) whose sum each total is. */
const MONTHLY_PARTS: Record<Count, readonly (keyof MonthlyFigures)[]> = {
  actively_homeless: ['actively_homeless'],
  inflow: ['newly_identified', 'returned_from_housing', 'returned_from_inactive'],
  returned_from_housing: ['returned_from_housing'],
  housing_placements: ['housing_placements'],
};

const HOUSEHOLD_LABELS: Record<string, string> = {
  single_adult: 'Single adults (adult-only households)',
  family_with_children: 'Families with children (at least one adult and one child under 18)',
  youth: 'Youth (households in which every member is under 25)',
};

export const BREAKDOWN_DEFINITIONS: Record<string, string> = {
  actively_homeless: "People (families: households) active on the month's last day.",
  share: "The group's share of the population's actively homeless.",
  representation_ratio:
    "ZeroLoop's own measure, not a HUD or Built for Zero figure: the group's share of the month's housing placements divided by its share of the actively homeless at the month's end (1: placed in proportion to its place on the list).",
  inflow: 'Newly identified, returned from housing and returned from inactive in the month.',
  returned_from_housing: 'Returns from housing in the month (part of the inflow).',
  placements: 'Housing placements in the month.',
  avg_days_to_housing: 'Mean days from identification to move-in over the placements of the outcome window (the month and the 11 before it).',
  provider: 'The provider named by the transition into active that began the active period in this population.',
  household_type: "On the day counted: youth when every member is under 25, otherwise single adults (adult-only households) or families with children.",
  race: 'HUD FY2024 race and ethnicity; two or more categories are counted once, as multiracial.',
};

/**
 * One population in depth for one month (bnl.md "Equity"; the web app's Population page):
 * its actively homeless, inflow, returns from housing and placements broken down by
 * locality, provider, household type and race/ethnicity, with shares, representation
 * ratios and average days to housing per group.
 *
 * With `suppressed` (viewers and public links), counts from 1 to threshold − 1 are hidden,
 * with complementary suppression over every dimension together (each partitions the same
 * total) and over the monthly figures already published for the population (/metrics:
 * each total here is one of them, or a sum of them); shares and ratios are hidden when a
 * count they come from is, averages when fewer than `threshold` placements make them.
 * See {@link suppressBreakdown}.
 */
export async function populationBreakdown(
  db: Database,
  community: Community,
  population: string,
  options: { month?: string; suppressed: boolean },
): Promise<PopulationBreakdown> {
  const populations = await communityPopulations(db, community.communityId);
  if (!populations.some((p) => p.slug === population))
    throw new UserError(`There is no population "${population}" in ${community.name}: expected one of ${populations.map((p) => p.slug).join(', ')}.`, 'not-found');
  if (options.month !== undefined && parseMonth(options.month) === null)
    throw new UserError(`The month "${options.month}" is not a month: expected YYYY-MM, e.g. 2024-03.`);

  const months = await monthlyMetrics(db, community, { population });
  if (months.length === 0) throw new UserError(`There are no figures for "${population}" yet: import a By-Name List first.`, 'not-found');
  const month = options.month ?? months[months.length - 1].month;
  const figures = months.find((r) => r.month === month);
  if (!figures)
    throw new UserError(`There are no figures for ${month}: "${population}" has figures from ${months[0].month} to ${months[months.length - 1].month}.`, 'not-found');

  const stored = await bnlBreakdowns(db, community.communityId, population, month);
  if (stored === null) throw new Error(`bnlBreakdowns found no figures for ${population} in ${month}`);
  checkAgainstMonthlyFigures(stored, figures);

  const threshold = options.suppressed ? await suppressionThreshold(db, community) : null;
  let hidden: Hidden = { cells: new Set(), smallAverages: new Set() };
  if (threshold !== null) {
    const published = new Map<string, PublishedMonths>();
    for (const p of linkedPopulations(population)) {
      const shown = await suppressedMetrics(db, community, { population: p });
      published.set(p, { months: p === population ? months : await monthlyMetrics(db, community, { population: p }), hidden: hiddenMonthlyCells(shown) });
    }
    hidden = suppressBreakdown(stored, published, threshold);
  }
  return present(stored, hidden, threshold);
}

/** The breakdown's totals are the stored monthly figures: a difference means the derived tables disagree. */
function checkAgainstMonthlyFigures(b: StoredBreakdown, m: MonthlyFigures): void {
  for (const c of COUNTS) {
    const expected = MONTHLY_PARTS[c].reduce((s, k) => s + (m[k] as number), 0);
    if (b.total[c] !== expected)
      throw new Error(`The breakdown of ${b.population} in ${b.month} counts ${c} = ${b.total[c]}, the monthly figures ${expected}: the derived tables disagree (derive again).`);
  }
}

/** The monthly cells (`YYYY-MM:figure`) /metrics hides from this reader. */
export function hiddenMonthlyCells(shown: readonly Record<string, unknown>[]): Set<string> {
  const out = new Set<string>();
  for (const r of shown) for (const k of ['actively_homeless', 'newly_identified', 'returned_from_housing', 'returned_from_inactive', 'housing_placements', 'moved_to_inactive', 'no_longer_meets_criteria']) if (r[k] === null) out.add(`${r.month}:${k}`);
  return out;
}

// ------------------------------------------------------------------ suppression

/** What to hide: cell ids (`total:<count>`, `<dimension>:<group>:<count>`) and averages (`total`, `<dimension>:<group>`). */
export interface Hidden {
  cells: Set<string>;
  smallAverages: Set<string>;
}

export const totalId = (c: Count): string => `total:${c}`;
export const cellId = (d: BreakdownDimension, group: string, c: Count): string => `${d}:${group}:${c}`;

/**
 * The breakdown's cells and the relations a reader knows among them: for each count, each
 * dimension's groups add up to the total (`breakdownCells` per dimension, merged so the
 * total is one cell). Exported for tests, which check the result with `disclosedCells`.
 */
export function breakdownTable(b: StoredBreakdown): Table {
  const tables: Table[] = [];
  for (const c of COUNTS)
    for (const d of BREAKDOWN_DIMENSIONS)
      tables.push(breakdownCells({ id: totalId(c), value: b.total[c] }, groupsOf(b, d).map(([g, counts]) => ({ id: cellId(d, g, c), value: counts[c] }))));
  return mergeTables(...tables);
}

/** The monthly figures of one population as a reader sees them: every month, and the cells /metrics hides. */
export interface PublishedMonths {
  months: readonly MonthlyFigures[];
  /** `YYYY-MM:figure` ids of the cells hidden from this reader. */
  hidden: ReadonlySet<string>;
}

/**
 * A breakdown cell that equals a sum of monthly figures published by /metrics: every total
 * (the population's own figures; inflow = newly identified + both returns) and, in `all`,
 * the youth household type's active count and placements (exactly the `youth` population's:
 * a person's status in a population is their overall status on the days they belong).
 */
export interface MonthlyLink {
  cell: string;
  population: string;
  figures: readonly string[];
}

export function monthlyLinks(b: StoredBreakdown): MonthlyLink[] {
  const links: MonthlyLink[] = COUNTS.map((c) => ({ cell: totalId(c), population: b.population, figures: MONTHLY_PARTS[c] }));
  if (b.population === 'all')
    for (const c of ['actively_homeless', 'housing_placements'] as const) links.push({ cell: cellId('household_type', 'youth', c), population: 'youth', figures: [c] });
  return links;
}

/** The populations whose monthly figures a breakdown is tied to. */
export function linkedPopulations(population: string): string[] {
  return population === 'all' ? ['all', 'youth'] : [population];
}

/**
 * Which cells a reader who may not see small counts must not see.
 *
 * The reader also knows the monthly figures as /metrics shows them to them (`published`,
 * per population: the whole history, the balance of every month, the cells it hides), and
 * some cells here equal sums of those ({@link monthlyLinks}). So, for each linked cell:
 * - when the monthly figures shown already give it (an exact test: `disclosedCells` on the
 *   monthly tables with the cell added, hidden, tied to its figures), it is a known constant:
 *   it is left out of the cells, and its relations keep only the other cells (the constant
 *   does not matter, suppression.ts); a relation left with one cell makes that one known
 *   too. A known cell is shown, unless it is small (then null for form's sake: it can be
 *   worked out from /metrics anyway);
 * - otherwise it must stay hidden, whatever its size, or it would give back a monthly figure
 *   /metrics hides: it goes in marked small (value 1, so that `suppress` hides it first;
 *   values only choose which cells hide, the relations decide what is safe).
 * Then `suppress` hides the small cells and enough others. At the end the whole system —
 * the monthly tables with their balances, the linked cells tied to them, every dimension of
 * every count — is checked with `disclosedCells`; a disclosure there is a bug and throws
 * rather than publish.
 *
 * Not covered: monthly figures of other populations that happen to equal a group here (a
 * custom population defined as a locality, say), and bounds (suppression.ts).
 *
 * Averages are not cells: a group's `avg_days_to_housing` is hidden when 1 to threshold − 1
 * placements in the outcome window make it (that count is not published: 12-month sums
 * published for successive months would give back the months' own counts).
 */
export function suppressBreakdown(b: StoredBreakdown, published: ReadonlyMap<string, PublishedMonths>, threshold: number): Hidden {
  const monthly = monthlySystem(published);
  const table = breakdownTable(b);
  const value = new Map(table.cells.map((c) => [c.id, c.value]));
  const links = monthlyLinks(b).filter((l) => published.get(l.population)?.months.some((m) => m.month === b.month));
  const figureIds = (l: MonthlyLink): string[] => l.figures.map((f) => `${l.population}/${b.month}:${f}`);

  // Which linked cells the monthly figures shown already give away.
  const linkCells: Cell[] = links.map((l) => ({ id: `link:${l.cell}`, value: value.get(l.cell)! }));
  const given = new Set(
    disclosedCells(
      [...monthly.cells, ...linkCells],
      [...monthly.constraints, ...links.map((l) => ({ plus: [`link:${l.cell}`], minus: figureIds(l) }))],
      new Set([...monthly.hidden, ...linkCells.map((c) => c.id)]),
    ),
  );
  const known = new Set(links.filter((l) => given.has(`link:${l.cell}`)).map((l) => l.cell));
  const forced = new Set(links.filter((l) => !known.has(l.cell)).map((l) => l.cell));

  const constraints: Constraint[] = [];
  for (const k of table.constraints) {
    const plus = k.plus.filter((id) => !known.has(id));
    const minus = k.minus.filter((id) => !known.has(id));
    if (plus.length + minus.length > 1) constraints.push({ plus, minus });
    // A relation left with one cell says it equals known values: it is known too.
    else for (const id of [...plus, ...minus]) known.add(id);
  }
  const cells: Cell[] = table.cells.filter((c) => !known.has(c.id)).map((c) => (forced.has(c.id) ? { id: c.id, value: 1 } : c));
  const result = threshold > 1 ? suppress(cells, constraints, threshold).suppressed : new Set<string>();

  // The whole system, as a reader can know it: every hidden cell must stay undetermined.
  const check = disclosedCells(
    [...monthly.cells, ...table.cells],
    [...monthly.constraints, ...table.constraints, ...links.map((l) => ({ plus: [l.cell], minus: figureIds(l) }))],
    new Set([...result, ...monthly.hidden]),
  );
  if (check.length > 0) throw new Error(`suppression of the ${b.population} breakdown of ${b.month} leaves ${check.join(', ')} computable: not published`);

  // Small values known anyway are not printed either, for form's sake.
  const small = (n: number) => n > 0 && n < threshold;
  const knownSmall = table.cells.filter((c) => known.has(c.id) && small(c.value)).map((c) => c.id);
  const smallAverages = new Set<string>();
  if (small(b.total.placements_12_months)) smallAverages.add('total');
  for (const d of BREAKDOWN_DIMENSIONS) for (const [g, counts] of groupsOf(b, d)) if (small(counts.placements_12_months)) smallAverages.add(`${d}:${g}`);
  return { cells: new Set([...result, ...knownSmall]), smallAverages };
}

/** Every published population's monthly cells (`<population>/<YYYY-MM>:<figure>`), balances and hidden cells. */
function monthlySystem(published: ReadonlyMap<string, PublishedMonths>): Table & { hidden: Set<string> } {
  const tables: Table[] = [];
  const hidden = new Set<string>();
  for (const [population, p] of published) {
    tables.push(monthlyFigureCells(p.months, { prefix: `${population}/` }));
    for (const id of p.hidden) hidden.add(`${population}/${id}`);
  }
  return { ...mergeTables(...tables), hidden };
}

// ------------------------------------------------------------------ presentation

/** A dimension's groups in display order: fixed ones always (zeros included), others by name, unknown last. */
function groupsOf(b: StoredBreakdown, d: BreakdownDimension): [string, BreakdownCounts][] {
  const found = b.groups[d];
  const fixed: readonly string[] = d === 'race' ? [...RACE_CATEGORIES, MULTIRACIAL, UNKNOWN] : d === 'household_type' ? HOUSEHOLD_TYPES : [];
  const others = [...found.keys()].filter((g) => !fixed.includes(g) && g !== UNKNOWN).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const keys = [...fixed, ...others];
  if (!keys.includes(UNKNOWN) && found.has(UNKNOWN)) keys.push(UNKNOWN);
  return keys.map((g) => [g, found.get(g) ?? zeroCounts()]);
}

function label(d: BreakdownDimension, g: string): string {
  if (d === 'race') return g === MULTIRACIAL ? 'Multiracial (two or more categories)' : g === UNKNOWN ? 'Unknown (not recorded)' : (RACE_LABELS as Record<string, string>)[g] ?? g;
  if (d === 'household_type') return HOUSEHOLD_LABELS[g] ?? g;
  if (g === UNKNOWN) return d === 'locality' ? 'Unknown locality' : 'Unknown provider';
  return g;
}

const round = (x: number, places: number): number => Math.round(x * 10 ** places) / 10 ** places;
const average = (c: BreakdownCounts): number | null => (c.days_to_housing_count > 0 ? round(c.days_to_housing_sum / c.days_to_housing_count, 1) : null);

function present(b: StoredBreakdown, hidden: Hidden, threshold: number | null): PopulationBreakdown {
  const totalShown = (c: Count): number | null => (hidden.cells.has(totalId(c)) ? null : b.total[c]);
  const total: BreakdownTotal = {
    actively_homeless: totalShown('actively_homeless'),
    inflow: totalShown('inflow'),
    returned_from_housing: totalShown('returned_from_housing'),
    placements: totalShown('housing_placements'),
    avg_days_to_housing: hidden.smallAverages.has('total') ? null : average(b.total),
    suppressed: [],
  };
  for (const c of COUNTS) if (total[FIELD[c]] === null) total.suppressed.push(FIELD[c]);
  if (hidden.smallAverages.has('total')) total.suppressed.push('avg_days_to_housing');

  const dimensions = {} as Record<BreakdownDimension, DimensionBreakdown>;
  for (const d of BREAKDOWN_DIMENSIONS) {
    const suppressed: string[] = [];
    const rows = groupsOf(b, d).map(([g, counts]): BreakdownRow => {
      const shown = (c: Count): number | null => (hidden.cells.has(cellId(d, g, c)) ? null : counts[c]);
      const active = shown('actively_homeless');
      const placements = shown('housing_placements');
      // Zero is zero whatever the hidden denominator (which is then at least 1: zeros are never hidden).
      const share =
        active !== null && total.actively_homeless !== null && total.actively_homeless > 0 ? active / total.actively_homeless : active === 0 && b.total.actively_homeless > 0 ? 0 : null;
      const placementShare = placements !== null && total.placements !== null && total.placements > 0 ? placements / total.placements : null;
      const ratio =
        share !== null && share > 0 && placementShare !== null
          ? round(placementShare / share, 2)
          : placements === 0 && counts.actively_homeless > 0 && b.total.housing_placements > 0
            ? 0
            : null;
      const row: BreakdownRow = {
        group: g,
        label: label(d, g),
        actively_homeless: active,
        share: share === null ? null : round(share, 3),
        representation_ratio: ratio,
        inflow: shown('inflow'),
        returned_from_housing: shown('returned_from_housing'),
        placements,
        avg_days_to_housing: hidden.smallAverages.has(`${d}:${g}`) ? null : average(counts),
      };
      for (const c of COUNTS) if (row[FIELD[c]] === null) suppressed.push(`${g}:${FIELD[c]}`);
      // Derived from a hidden count: hidden with it (a zero denominator leaves them empty, not hidden).
      if (row.share === null && counts.actively_homeless > 0 && b.total.actively_homeless > 0) suppressed.push(`${g}:share`);
      if (row.representation_ratio === null && counts.actively_homeless > 0 && b.total.housing_placements > 0) suppressed.push(`${g}:representation_ratio`);
      if (hidden.smallAverages.has(`${d}:${g}`)) suppressed.push(`${g}:avg_days_to_housing`);
      return row;
    });
    dimensions[d] = { rows, suppressed };
  }
  return {
    month: b.month,
    population: b.population,
    total,
    dimensions,
    outcome_window: { from: b.windowFrom, to: b.month },
    suppression_threshold: threshold,
    definitions: BREAKDOWN_DEFINITIONS,
  };
}
