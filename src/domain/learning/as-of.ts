/**
 * A measure's chart inputs as they stood at the end of a month (the monthly report):
 * nothing dated after the month is kept, so a report for a past month shows what the
 * team could have seen then. Pure; no I/O.
 *
 * - Values: only periods that ended by the month's last day. For the returns within
 *   N months, a month's follow-up ends N months after it, so as of month M the months
 *   after M − N have no value yet (a gap), as they would have had then.
 * - PDSA cycles: only those started by the month's end. A cycle whose end date is
 *   after the month, or not recorded, was still running: it is shown as `doing`,
 *   with no decision, and its span ends with the month.
 * - Phases: only those starting by the month's end; a phase started by adopting a
 *   change is kept only when that cycle had ended by then.
 * - Decisions: only those decided by the month's end.
 */
import { firstDayOfMonth, formatDay, lastDayOfMonth, parseMonth, type MonthIndex } from '../time/day.ts';
import { parsePeriod, periodFirstDay, periodLastDay } from './periods.ts';
import type { MeasurePoint } from './measure-chart.ts';
import type { Decision, MeasureDefinition, MeasurePhase, PdsaCycle } from './types.ts';

export function requireMonth(month: string): MonthIndex {
  const m = parseMonth(month);
  if (m === null) throw new RangeError(`"${month}" is not a month (YYYY-MM)`);
  return m;
}

/** Months of follow-up a figure's value needs after its own month. */
function followUpMonths(def: MeasureDefinition): number {
  if (def.source.kind !== 'bnl') return 0;
  return def.source.figure === 'returns_within_6_months' ? 6 : def.source.figure === 'returns_within_12_months' ? 12 : 0;
}

export function pointsAsOf(def: MeasureDefinition, points: readonly MeasurePoint[], month: string): MeasurePoint[] {
  const m = requireMonth(month);
  const last = lastDayOfMonth(m);
  const followUp = followUpMonths(def);
  const out: MeasurePoint[] = [];
  for (const p of points) {
    const index = parsePeriod(def.frequency, p.period);
    if (index === null || periodLastDay(def.frequency, index) > last) continue;
    // Monthly by rule (a By-Name List figure is monthly): index is the month.
    out.push(followUp > 0 && index > m - followUp ? { period: p.period, value: null, denominator: null } : p);
  }
  // Trailing gaps say nothing: the chart ends with the last value it could have had.
  while (out.length > 0 && out[out.length - 1].value === null) out.pop();
  return out;
}

/** Whether a cycle's test had ended by the last day of the month (end date recorded and not later). */
export function endedBy(cycle: Pick<PdsaCycle, 'end_date'>, month: string): boolean {
  return cycle.end_date !== null && cycle.end_date <= formatDay(lastDayOfMonth(requireMonth(month)));
}

export function cyclesAsOf(cycles: readonly PdsaCycle[], month: string): PdsaCycle[] {
  const last = formatDay(lastDayOfMonth(requireMonth(month)));
  return cycles
    .filter((c) => c.start_date <= last)
    .map((c) => (endedBy(c, month) ? c : { ...c, status: 'doing' as const, end_date: last, act: { ...c.act, decision: null, next: null } }));
}

/** Cycles that ran during the month: started by its end and not ended before its first day. */
export function cyclesDuring(cycles: readonly PdsaCycle[], month: string): PdsaCycle[] {
  const m = requireMonth(month);
  const first = formatDay(firstDayOfMonth(m));
  return cyclesAsOf(cycles, month).filter((c) => c.end_date === null || c.end_date >= first);
}

export function phasesAsOf(def: MeasureDefinition, phases: readonly MeasurePhase[], cycles: readonly PdsaCycle[], month: string): MeasurePhase[] {
  const last = lastDayOfMonth(requireMonth(month));
  return phases.filter((p) => {
    const index = parsePeriod(def.frequency, p.starts);
    if (index === null || periodFirstDay(def.frequency, index) > last) return false;
    if (p.pdsa_id === null) return true;
    const cycle = cycles.find((c) => c.id === p.pdsa_id);
    return cycle !== undefined && endedBy(cycle, month);
  });
}

export function decisionsAsOf(decisions: readonly Decision[], month: string): Decision[] {
  const last = formatDay(lastDayOfMonth(requireMonth(month)));
  return decisions.filter((d) => d.decided_on <= last);
}
