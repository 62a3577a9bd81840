import { parseDay } from '../time/day.ts';
import { spcChart } from '../spc/spc-chart.ts';
import type { ChartType, RuleSet, SpcResult } from '../spc/types.ts';
import { formatPeriod, periodOfDay } from './periods.ts';
import type { ChartAnnotation, Decision, Frequency, MeasureDefinition, MeasurePhase, PdsaCycle } from './types.ts';

/** Values a phase needs before it splits the chart. */
export const MIN_PART_VALUES = 2;

export interface MeasurePoint {
  period: string;
  value: number | null;
  denominator: number | null;
}

/** Choices a person makes while looking at a chart, over the definition's defaults. */
export interface ChartView {
  chart?: ChartType;
  rules?: RuleSet;
  /** 1-based point number: the baseline is points 1..freeze. */
  freeze?: number | null;
  exclude?: readonly number[];
  /** Moving-range screening for I charts. */
  screen?: boolean;
}

export interface MeasureChart {
  chart: SpcResult;
  /** The phases that fall inside the plotted periods, with the point each starts at. */
  phases: (MeasurePhase & { first_point: number })[];
  annotations: ChartAnnotation[];
}

/**
 * Where each recorded phase splits the series: a phase starting at period s begins a
 * new part at the first point whose period is s or later. A phase that would start
 * at the first point, or after the last, does not split this series (yet); nor does
 * one with fewer than two values after it.
 */
export function phaseBoundaries(points: readonly MeasurePoint[], phases: readonly MeasurePhase[]): { phase: MeasurePhase; after: number }[] {
  const out: { phase: MeasurePhase; after: number }[] = [];
  const taken = new Set<number>();
  for (const phase of [...phases].sort((a, b) => (a.starts < b.starts ? -1 : a.starts > b.starts ? 1 : 0))) {
    // Period texts sort in time order for every frequency.
    const after = points.filter((p) => p.period < phase.starts).length;
    if (after === 0 || after >= points.length || taken.has(after)) continue;
    // A part needs two values before it can have a centre and limits of its own: until
    // then the new phase waits, as one after the last point does.
    if (points.slice(after).filter((p) => p.value !== null).length < MIN_PART_VALUES) continue;
    taken.add(after);
    out.push({ phase, after });
  }
  return out;
}

/** Period of a `YYYY-MM-DD` date in the measure's frequency. */
function periodOfDate(frequency: Frequency, date: string): string {
  const day = parseDay(date);
  if (day === null) throw new RangeError(`"${date}" is not a date (YYYY-MM-DD)`);
  return formatPeriod(frequency, periodOfDay(frequency, day));
}

/**
 * Marks for the chart's time axis: each PDSA cycle that tests a change on this measure
 * (from its start to its end), each phase with the reason it started, and each decision
 * recorded about the measure, at the period it was made in.
 */
export function chartAnnotations(frequency: Frequency, cycles: readonly PdsaCycle[], phases: readonly MeasurePhase[], decisions: readonly Decision[] = []): ChartAnnotation[] {
  const marks: ChartAnnotation[] = cycles.map((c) => ({
    period: periodOfDate(frequency, c.start_date),
    until: c.end_date === null ? null : periodOfDate(frequency, c.end_date),
    kind: 'pdsa',
    pdsa_id: c.id,
    decision_id: null,
    label: c.title,
    status: c.status,
    decision: c.act.decision,
  }));
  for (const p of phases)
    marks.push({ period: p.starts, until: null, kind: 'phase', pdsa_id: p.pdsa_id, decision_id: null, label: p.reason, status: null, decision: null });
  for (const d of decisions)
    marks.push({ period: periodOfDate(frequency, d.decided_on), until: null, kind: 'decision', pdsa_id: d.pdsa_id, decision_id: d.id, label: d.title, status: null, decision: null });
  const order = (m: ChartAnnotation): number => m.decision_id ?? m.pdsa_id ?? 0;
  return marks.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : a.kind.localeCompare(b.kind) || order(a) - order(b)));
}

/**
 * A measure's run or control chart: its values over time, split into the phases its
 * adopted changes started, with the signals of its rule set and the PDSA cycles,
 * phases and decisions as annotations. Throws SpcInputError when the values cannot be charted as asked.
 */
export function measureChart(
  definition: MeasureDefinition,
  points: readonly MeasurePoint[],
  phases: readonly MeasurePhase[],
  cycles: readonly PdsaCycle[],
  view: ChartView = {},
  decisions: readonly Decision[] = [],
): MeasureChart {
  const boundaries = phaseBoundaries(points, phases);
  const chartType = view.chart ?? definition.chart;
  const usesDenominator = points.some((p) => p.denominator !== null);
  const chart = spcChart({
    chart: chartType,
    rules: view.rules ?? definition.rules,
    x: points.map((p) => p.period),
    y: points.map((p) => p.value),
    // A missing value has no denominator either: incomplete follow-up, or no one to count.
    n: usesDenominator ? points.map((p) => (p.value === null ? null : p.denominator)) : null,
    freeze: view.freeze ?? null,
    parts: boundaries.map((b) => b.after),
    exclude: view.exclude ?? [],
    screen: view.screen ?? true,
    improvement: definition.improvement,
    target: definition.target,
  });
  return {
    chart,
    phases: boundaries.map((b) => ({ ...b.phase, first_point: b.after + 1 })),
    annotations: chartAnnotations(definition.frequency, cycles, phases, decisions),
  };
}
