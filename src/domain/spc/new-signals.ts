import type { Classification, SignalRule } from './types.ts';

/** What a chart needs to say which signals are new: its points in order and its signals. */
export interface ChartSignals {
  points: readonly { point: number; x: string | number }[];
  signals: readonly { point: number; rule: SignalRule; classification: Classification | null; from: number; to: number }[];
}

/** A signal that appeared at a period, named by its chart and the periods its pattern spans. */
export interface AppearedSignal {
  /** The chart it is on, e.g. "Actively homeless — Veterans". */
  chart: string;
  rule: SignalRule;
  classification: Classification | null;
  /** First and last period of the pattern. */
  from: string;
  to: string;
}

/**
 * Signals that appeared at `period`: on the chart as it stood then (its last point is
 * `period`), those whose pattern reaches that last point, for a rule the chart as it stood
 * one period earlier did not flag on its own last point. A pattern that merely goes on
 * (a shift one point longer) is not new. One per rule and pattern.
 */
export function signalsAppearing(chartName: string, now: ChartSignals, before: ChartSignals | null, period: string): AppearedSignal[] {
  const last = now.points[now.points.length - 1];
  if (!last || String(last.x) !== period) return [];
  const previousLast = before?.points[before.points.length - 1]?.point;
  const flaggedBefore = new Set(before ? before.signals.filter((s) => s.point === previousLast).map((s) => s.rule) : []);
  const label = (n: number) => String(now.points[n - 1]?.x ?? n);
  const out = new Map<string, AppearedSignal>();
  for (const s of now.signals) {
    if (s.point !== last.point || flaggedBefore.has(s.rule)) continue;
    out.set(`${s.rule}:${s.from}`, { chart: chartName, rule: s.rule, classification: s.classification, from: label(s.from), to: label(s.to) });
  }
  return [...out.values()];
}
