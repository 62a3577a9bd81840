import type { Database } from '../../store/database.ts';
import type { Community } from '../../store/communities.ts';
import { LearningRepository } from '../../store/learning-repository.ts';
import { BnlRepository } from '../../store/bnl-repository.ts';
import { communityPopulations } from '../populations.ts';
import { functionalZero, monthlyMetrics } from '../metrics.ts';
import { aimForSmallCellReader, chartForSmallCellReader, suppressedFunctionalZero, suppressedMetrics, suppressionThreshold, type ShownFigures, type ShownFunctionalZero } from '../aggregates.ts';
import { populationFigureChart } from '../population-chart.ts';
import { measureChartFor } from '../learning/measures.ts';
import { aimProgress, type AimWithProgress } from '../learning/aims.ts';
import { measureChartJson, type MeasureChartJson } from '../learning/chart-json.ts';
import { cyclesDuring, endedBy } from '../../domain/learning/as-of.ts';
import { describeLatestMonth } from '../../domain/bnl/month-summary.ts';
import { formatMonth, parseMonth } from '../../domain/time/day.ts';
import { signalsAppearing, type AppearedSignal } from '../../domain/spc/new-signals.ts';
import type { SignalRule } from '../../domain/spc/types.ts';
import type { PdsaDecision, PdsaStatus } from '../../domain/learning/types.ts';
import { UserError } from '../errors.ts';

/** Months of history the report's population charts show, ending with the report's month. */
export const REPORT_MONTHS = 24;

type PopulationChart = Awaited<ReturnType<typeof populationFigureChart>> & { suppressed: string | null };

/** A signal that appeared in the report's month (src/domain/spc/new-signals.ts). */
export type ReportSignal = AppearedSignal;

export interface PopulationReport {
  slug: string;
  name: string;
  /** "people" or "households". */
  counts: string;
  functional_zero: ShownFunctionalZero | null;
  /** The report month's figures; null when the population has none for it. */
  figures: ShownFigures | null;
  /** Of the months up to the report's, how many balance. */
  balanced_months: number;
  months: number;
  last_month: string[];
  /** Actively homeless as a run chart over the last REPORT_MONTHS months; null without figures. */
  run_chart: PopulationChart | null;
  /** Inflow and outflow over the same months. */
  flows: { month: string; newly_identified: number | null; returned_from_housing: number | null; returned_from_inactive: number | null; housing_placements: number | null; moved_to_inactive: number | null; no_longer_meets_criteria: number | null }[];
}

export interface AimReport {
  aim: AimWithProgress;
  measure: { slug: string; name: string; unit: string; target: number | null };
  chart: (MeasureChartJson & { suppressed: string | null }) | null;
  /** Why there is no chart, when there is none. */
  chart_note: string | null;
}

export interface ReportCycle {
  id: number;
  title: string;
  owner: string;
  measures: string[];
  start_date: string;
  /** The end date, when the test had ended by the end of the month. */
  end_date: string | null;
  /** Its status at the end of the month: a cycle still running then is `doing`. */
  status: PdsaStatus;
  decision: PdsaDecision | null;
  finished_in_month: boolean;
  learned: string | null;
  next: string | null;
}

/** A decision of the decision log that the month's meeting should see. */
export interface ReportDecision {
  id: number;
  title: string;
  decided_on: string;
  decided_by: string;
  rationale: string;
  measures: string[];
  pdsa_id: number | null;
  lived_experience: boolean;
  revisit_on: string | null;
  /** Made in the month (else recorded earlier, and due to be looked at again in it). */
  made_in_month: boolean;
}

export interface MonthlyReport {
  community: { slug: string; name: string };
  month: string;
  /** Every month with figures, for choosing another. */
  months: string[];
  /** YYYY-MM-DD. */
  generated_on: string;
  small_counts_hidden: boolean;
  populations: PopulationReport[];
  aims: AimReport[];
  cycles: ReportCycle[];
  /** Decisions made in the month, then earlier ones whose revisit date falls in it. */
  decisions: ReportDecision[];
  /** Signals that appeared in the month: on its last point, and not on the month before's. */
  signals: ReportSignal[];
  questions: string[];
}

/**
 * A community's monthly report as of a month (default: the latest with figures):
 * per population, functional zero, the count as a run chart, inflow against outflow,
 * the balance check and the month in sentences; the aims judged from their charts as
 * of the month; the PDSA cycles that ran in it; the signals that appeared; and
 * questions for the meeting drawn from them. Nothing dated after the month is used.
 * `full`: the reader may see small counts; otherwise they are withheld as everywhere.
 */
export async function monthlyReport(db: Database, community: Community, options: { month?: string; full: boolean; today?: string }): Promise<MonthlyReport> {
  const months = await reportMonths(db, community);
  if (options.month !== undefined && parseMonth(options.month) === null)
    throw new UserError(`"${options.month.length > 20 ? `${options.month.slice(0, 20)}…` : options.month}" is not a month: expected YYYY-MM, e.g. 2024-03.`);
  if (months.length === 0) throw new UserError(`${community.name} has no figures yet: load its By-Name List first.`, 'not-found');
  const month = options.month ?? months[months.length - 1];
  if (month < months[0] || month > months[months.length - 1])
    throw new UserError(`There are no figures for ${month}: choose a month from ${months[0]} to ${months[months.length - 1]}.`);
  const m = parseMonth(month)!;
  const previous = formatMonth(m - 1);
  const from = formatMonth(m - REPORT_MONTHS + 1);
  const { full } = options;
  const threshold = await suppressionThreshold(db, community);

  const [populations, statuses, rows] = await Promise.all([
    communityPopulations(db, community.communityId),
    full ? functionalZero(db, community, month).then((xs) => xs.map((s) => ({ ...s, suppressed: [] as string[] }))) : suppressedFunctionalZero(db, community, month),
    full ? monthlyMetrics(db, community, { to: month }).then((xs) => xs.map((r) => ({ ...r, suppressed: [] as string[] }))) : suppressedMetrics(db, community, { to: month }),
  ]);

  const signals: ReportSignal[] = [];
  const populationReports: PopulationReport[] = [];
  for (const p of populations) {
    const own = rows.filter((r) => r.population === p.slug);
    const noun = p.countsHouseholds ? { one: 'household', many: 'households' } : { one: 'person', many: 'people' };
    const figures = own.find((r) => r.month === month) ?? null;
    let run_chart: PopulationChart | null = null;
    if (own.some((r) => r.month >= from)) {
      const chart = await populationFigureChart(db, community, p.slug, 'actively_homeless', { chart: 'run', from, to: month });
      run_chart = full ? { ...chart, suppressed: null } : chartForSmallCellReader(chart, threshold);
      const title = `Actively homeless — ${p.name}`;
      if (run_chart.suppressed === null && figures) {
        const before = own.some((r) => r.month === previous) ? await populationFigureChart(db, community, p.slug, 'actively_homeless', { chart: 'run', from: formatMonth(m - REPORT_MONTHS), to: previous }) : null;
        signals.push(...signalsAppearing(title, run_chart, before, month));
      }
    }
    populationReports.push({
      slug: p.slug,
      name: p.name,
      counts: noun.many,
      functional_zero: statuses.find((s) => s.population === p.slug) ?? null,
      figures,
      balanced_months: own.filter((r) => r.balanced).length,
      months: own.length,
      last_month: figures ? describeLatestMonth(own, noun) : [`There are no figures for ${month}.`],
      run_chart,
      flows: own
        .filter((r) => r.month >= from)
        .map((r) => ({
          month: r.month,
          newly_identified: r.newly_identified,
          returned_from_housing: r.returned_from_housing,
          returned_from_inactive: r.returned_from_inactive,
          housing_placements: r.housing_placements,
          moved_to_inactive: r.moved_to_inactive,
          no_longer_meets_criteria: r.no_longer_meets_criteria,
        })),
    });
  }

  const repo = new LearningRepository(db, community.communityId);
  const aims: AimReport[] = [];
  for (const aim of await repo.aims()) {
    const progress = await aimProgress(db, community, aim, month);
    const shown = full ? { ...aim, progress } : aimForSmallCellReader({ ...aim, progress }, threshold);
    const measure = await repo.measure(aim.measure);
    const d = measure!.definition;
    let chart: AimReport['chart'] = null;
    let chart_note: string | null = null;
    try {
      const json = measureChartJson(await measureChartFor(db, community, aim.measure, {}, month));
      chart = full ? { ...json, suppressed: null } : chartForSmallCellReader(json, threshold);
      if (chart.suppressed === null && d.frequency === 'monthly') {
        const before = await measureChartFor(db, community, aim.measure, {}, previous).then(measureChartJson, () => null);
        for (const s of signalsAppearing(d.name, chart, before, month)) if (!signals.some((x) => x.chart === s.chart && x.rule === s.rule && x.from === s.from)) signals.push(s);
      }
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      chart_note = e.message;
    }
    aims.push({ aim: shown, measure: { slug: aim.measure, name: d.name, unit: d.unit, target: d.target }, chart, chart_note });
  }

  const allCycles = await repo.cycles();
  const firstDay = `${month}-01`;
  // cyclesDuring gives each cycle as it stood at the month's end; what it says about a
  // cycle's end comes from the cycle as recorded.
  const cycles: ReportCycle[] = cyclesDuring(allCycles, month).map((asOf) => {
    const c = allCycles.find((x) => x.id === asOf.id)!;
    const ended = endedBy(c, month);
    return {
      id: c.id,
      title: c.title,
      owner: c.owner,
      measures: c.measures,
      start_date: c.start_date,
      end_date: ended ? c.end_date : null,
      status: asOf.status,
      decision: ended ? c.act.decision : null,
      finished_in_month: ended && c.end_date! >= firstDay,
      learned: ended ? c.study.learned : null,
      next: ended ? c.act.next : null,
    };
  });

  const inMonth = (day: string | null) => day !== null && day.slice(0, 7) === month;
  const decisions: ReportDecision[] = (await repo.decisions())
    .filter((d) => inMonth(d.decided_on) || (d.decided_on < firstDay && inMonth(d.revisit_on)))
    .map((d) => ({
      id: d.id,
      title: d.title,
      decided_on: d.decided_on,
      decided_by: d.decided_by,
      rationale: d.rationale,
      measures: d.measures,
      pdsa_id: d.pdsa_id,
      lived_experience: d.participants.some((p) => p.lived_experience),
      revisit_on: d.revisit_on,
      made_in_month: inMonth(d.decided_on),
    }))
    .sort((a, b) => Number(b.made_in_month) - Number(a.made_in_month) || a.decided_on.localeCompare(b.decided_on) || a.id - b.id);

  return {
    community: { slug: community.slug, name: community.name },
    month,
    months,
    generated_on: options.today ?? new Date().toISOString().slice(0, 10),
    small_counts_hidden: !full,
    populations: populationReports,
    aims,
    cycles,
    decisions,
    signals,
    questions: meetingQuestions(month, populationReports, aims, cycles, signals, decisions),
  };
}

/** The months a report can be made for: every month with figures, in order. */
export async function reportMonths(db: Database, community: Community): Promise<string[]> {
  const all = await new BnlRepository(db, community.communityId).months();
  return [...new Set(all.map((r) => r.month))].sort();
}

const RULE_SHORT: Record<SignalRule, string> = {
  'shewhart.outside_limits': 'a point beyond a control limit',
  'nhs.outside_limits': 'a point beyond a control limit',
  'anhoej.long_run': 'an unusually long run on one side of the centre line',
  'anhoej.few_crossings': 'too few crossings of the centre line',
  'ihi.shift': 'a shift',
  'ihi.trend': 'a trend',
  'ihi.too_few_runs': 'too few runs',
  'ihi.too_many_runs': 'too many runs',
  'ihi.astronomical': 'an astronomical point',
  'nhs.trend': 'a trend',
  'nhs.two_of_three': 'two of three points near a limit',
  'nhs.shift': 'a shift',
};

/** The signal in a few words, for the report's list and questions. */
export function signalWords(s: ReportSignal): string {
  const kind = s.classification === 'improvement' ? 'an improvement signal' : s.classification === 'concern' ? 'a signal of concern' : 'a signal';
  return `${kind}: ${RULE_SHORT[s.rule]} (${s.from === s.to ? s.from : `${s.from} to ${s.to}`})`;
}

const MAX_QUESTIONS = 8;

/** Questions for the monthly meeting, drawn from what the month showed: signals first, then aims, cycles and the data. */
export function meetingQuestions(
  month: string,
  populations: readonly PopulationReport[],
  aims: readonly AimReport[],
  cycles: readonly ReportCycle[],
  signals: readonly ReportSignal[],
  decisions: readonly ReportDecision[] = [],
): string[] {
  const out: string[] = [];
  for (const s of signals) {
    const tail =
      s.classification === 'improvement'
        ? 'which change produced it, and how do we hold the gain?'
        : s.classification === 'concern'
          ? 'what happened, and what do we test in response?'
          : 'what changed in the system to cause it?';
    out.push(`${s.chart} shows ${signalWords(s)}: ${tail}`);
  }
  for (const a of aims) {
    if (a.aim.progress.status === 'off_track') out.push(`Aim ${a.aim.id} (“${a.aim.statement}”) is off track in ${month}: what would we test next to move ${a.measure.name}?`);
  }
  for (const c of cycles) {
    if (!c.finished_in_month) continue;
    if (c.decision === 'adopt') out.push(`PDSA ${c.id} (“${c.title}”) was adopted: how do we spread it, and where will next month’s data show it?`);
    else if (c.decision === 'adapt') out.push(`PDSA ${c.id} (“${c.title}”) was adapted: what will the next cycle change, and who runs it?`);
    else if (c.decision === 'abandon') out.push(`PDSA ${c.id} (“${c.title}”) was abandoned: what did we learn, and what do we try instead?`);
  }
  for (const d of decisions) {
    if (!d.made_in_month) out.push(`Decision D${d.id} (“${d.title}”, ${d.decided_on}) is due for a second look: does it still hold, given what the data shows now?`);
  }
  for (const p of populations) {
    if (p.figures && !p.figures.balanced) out.push(`The figures for ${p.name} do not balance in ${month}: what in the data must be fixed before we trust them?`);
  }
  for (const p of populations) {
    const f = p.figures;
    if (!f || p.functional_zero?.reached) continue;
    const inflow = [f.newly_identified, f.returned_from_housing, f.returned_from_inactive];
    const outflow = [f.housing_placements, f.moved_to_inactive, f.no_longer_meets_criteria];
    if ([...inflow, ...outflow].some((v) => v === null)) continue;
    const net = (inflow as number[]).reduce((a, b) => a + b, 0) - (outflow as number[]).reduce((a, b) => a + b, 0);
    if (net > 0) out.push(`More ${p.counts} came onto the ${p.name} list than left it in ${month} (${net} more): what brought them in, and what would move more into housing?`);
  }
  if (out.length === 0) out.push(`Nothing new stood out in ${month}: which aim needs a new test of change next?`);
  return out.slice(0, MAX_QUESTIONS);
}
