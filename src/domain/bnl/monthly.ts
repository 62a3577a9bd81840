import { formatMonth, lastDayOfMonth, monthOf, type Day, type MonthIndex } from '../time/day.ts';
import type { PopulationTimeline } from './timeline.ts';
import { FLOWS, INFLOWS, OUTFLOWS, type Flow, type MonthlyFigures } from './types.ts';

interface PopulationCounters {
  /** Active on the last day of each month; index 0 is the month before the range. */
  active: Int32Array;
  flows: Record<Flow, Int32Array>;
  daysToHousingSum: Float64Array;
  daysToHousingCount: Int32Array;
}

/**
 * Adds up people's population timelines into monthly figures, one person at a
 * time, in typed arrays (a large city has hundreds of thousands of people).
 * `avg_days_to_housing` is exact here (rounding is for display), so that sums over
 * several months can be rebuilt from it without error.
 * `actively_homeless` is counted from the timelines on each month's last day,
 * independently of the flows, so the balance check below is a real check.
 */
export class MonthlyFiguresAccumulator {
  private readonly counters = new Map<string, PopulationCounters>();
  private readonly size: number;

  /**
   * @param firstMonth the first month reported
   * @param asOf the last day of data: the last month reported is its month, and
   *   that month's "last day" is `asOf` when the month is not over yet
   */
  constructor(
    readonly populations: readonly string[],
    readonly firstMonth: MonthIndex,
    readonly asOf: Day,
  ) {
    this.size = monthOf(asOf) - firstMonth + 2;
    for (const p of populations) {
      const flows = {} as Record<Flow, Int32Array>;
      for (const f of FLOWS) flows[f] = new Int32Array(this.size);
      this.counters.set(p, {
        active: new Int32Array(this.size),
        flows,
        daysToHousingSum: new Float64Array(this.size),
        daysToHousingCount: new Int32Array(this.size),
      });
    }
  }

  get lastMonth(): MonthIndex {
    return this.firstMonth + this.size - 2;
  }

  /** The day on which month slot `i` (0 = month before the range) is counted. */
  private countDay(i: number): Day {
    return Math.min(lastDayOfMonth(this.firstMonth - 1 + i), this.asOf);
  }

  add(timeline: PopulationTimeline): void {
    const c = this.counters.get(timeline.population);
    if (!c) return;
    const { runs } = timeline;
    for (let r = 0; r < runs.length; r++) {
      if (runs[r].status !== 'active') continue;
      const from = runs[r].from;
      const until = r + 1 < runs.length ? runs[r + 1].from - 1 : Infinity; // last active day
      let i = Math.max(0, monthOf(from) - this.firstMonth + 1);
      for (; i < this.size; i++) {
        const d = this.countDay(i);
        if (d < from) continue;
        if (d > until) break;
        c.active[i] += 1;
      }
    }
    for (const t of timeline.transitions) {
      if (t.flow === null) continue;
      const i = monthOf(t.date) - this.firstMonth + 1;
      if (i < 0 || i >= this.size) continue; // before the range: only its end state matters
      c.flows[t.flow][i] += 1;
      if (t.daysToHousing !== null) {
        c.daysToHousingSum[i] += t.daysToHousing;
        c.daysToHousingCount[i] += 1;
      }
    }
  }

  /** One row per population per month, populations in the order given. */
  result(): MonthlyFigures[] {
    const rows: MonthlyFigures[] = [];
    for (const p of this.populations) {
      const c = this.counters.get(p)!;
      for (let i = 1; i < this.size; i++) {
        const row: MonthlyFigures = {
          month: formatMonth(this.firstMonth - 1 + i),
          population: p,
          actively_homeless: c.active[i],
          newly_identified: c.flows.newly_identified[i],
          returned_from_housing: c.flows.returned_from_housing[i],
          returned_from_inactive: c.flows.returned_from_inactive[i],
          housing_placements: c.flows.housing_placements[i],
          moved_to_inactive: c.flows.moved_to_inactive[i],
          no_longer_meets_criteria: c.flows.no_longer_meets_criteria[i],
          avg_days_to_housing: c.daysToHousingCount[i] > 0 ? c.daysToHousingSum[i] / c.daysToHousingCount[i] : null,
          balanced: false,
        };
        row.balanced = isBalanced(c.active[i - 1], row);
        rows.push(row);
      }
    }
    return rows;
  }
}

/** bnl.md "Balance": active(m) = active(m−1) + inflow(m) − outflow(m). */
export function isBalanced(previousActive: number, row: MonthlyFigures): boolean {
  return previousActive + inflowOf(row) - outflowOf(row) === row.actively_homeless;
}

export function inflowOf(row: MonthlyFigures): number {
  return INFLOWS.reduce((s, f) => s + row[f], 0);
}

export function outflowOf(row: MonthlyFigures): number {
  return OUTFLOWS.reduce((s, f) => s + row[f], 0);
}

/**
 * For monthly counts imported from elsewhere: the relative gap between the
 * reported active count and the one the flows imply, |actual − expected| / actual.
 * Zero when they agree; null when actual is zero and expected is not (undefined ratio).
 */
export function balanceGap(previousActive: number, row: MonthlyFigures): number | null {
  const expected = previousActive + inflowOf(row) - outflowOf(row);
  if (row.actively_homeless === 0) return expected === 0 ? 0 : null;
  return Math.abs(row.actively_homeless - expected) / row.actively_homeless;
}

