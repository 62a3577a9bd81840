import { describe, expect, it } from 'vitest';
import { cyclesAsOf, cyclesDuring, phasesAsOf, pointsAsOf } from '../../../src/domain/learning/as-of.ts';
import type { MeasureDefinition, MeasurePhase, PdsaCycle } from '../../../src/domain/learning/types.ts';

const def = (over: Partial<MeasureDefinition>): MeasureDefinition => ({
  name: 'm',
  type: 'outcome',
  description: 'd',
  numerator: 'n',
  denominator: null,
  population: 'all',
  source: { kind: 'manual' },
  frequency: 'monthly',
  unit: 'people',
  improvement: 'down',
  owner: null,
  target: null,
  chart: 'run',
  rules: 'anhoej',
  ...over,
});
const cycle = (id: number, start_date: string, end_date: string | null, decision: 'adopt' | 'adapt' | 'abandon' | null): PdsaCycle =>
  ({
    id,
    title: `c${id}`,
    change_idea: null,
    measures: ['m'],
    previous_id: null,
    status: end_date ? 'completed' : 'doing',
    owner: 'o',
    team: [],
    objective: 'x',
    questions: [],
    predictions: [],
    plan: { who: null, what: null, when: null, where: null, data_to_collect: null },
    do: { as_planned: null, observations: null, problems: null },
    study: { results: null, learned: null },
    act: { decision, next: null, new_phase_from: null, new_phase_reason: null },
    start_date,
    end_date,
    created_by: 'o',
    updated_at: '',
  }) as PdsaCycle;

describe('a measure as it stood at the end of a month', () => {
  it('should keep only periods that ended by the month, and quarters only once they ended', () => {
    const months = ['2024-01', '2024-02', '2024-03', '2024-04'].map((period, i) => ({ period, value: i + 1, denominator: null }));
    expect(pointsAsOf(def({}), months, '2024-02').map((p) => p.period)).toEqual(['2024-01', '2024-02']);
    const quarters = ['2024-Q1', '2024-Q2'].map((period) => ({ period, value: 5, denominator: null }));
    expect(pointsAsOf(def({ frequency: 'quarterly' }), quarters, '2024-05').map((p) => p.period)).toEqual(['2024-Q1']);
    expect(pointsAsOf(def({ frequency: 'quarterly' }), quarters, '2024-02')).toEqual([]);
  });

  it('should leave the returns within 6 months empty for months whose follow-up had not ended', () => {
    // As of 2024-08, a placement in 2024-02 has been followed to at most 2024-08-29 (within August): complete.
    // One in 2024-03 is followed to 2024-09-30 at most: not yet. So 2024-01 and 2024-02 keep their values.
    const returns = def({ source: { kind: 'bnl', figure: 'returns_within_6_months' }, denominator: 'placements', chart: 'p', unit: '%' });
    const points = ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06', '2024-07', '2024-08'].map((period) => ({ period, value: 1, denominator: 4 }));
    expect(pointsAsOf(returns, points, '2024-08').map((p) => [p.period, p.value])).toEqual([['2024-01', 1], ['2024-02', 1]]);
  });

  it('should show a cycle still running at the month’s end as doing, without its later decision, and leave out later ones', () => {
    const cycles = [cycle(1, '2024-01-03', '2024-01-25', 'adapt'), cycle(2, '2024-02-05', '2024-03-20', 'adopt'), cycle(3, '2024-03-10', '2024-04-20', 'abandon'), cycle(4, '2024-04-02', null, null)];
    expect(cyclesAsOf(cycles, '2024-03').map((c) => [c.id, c.status, c.end_date, c.act.decision])).toEqual([
      [1, 'completed', '2024-01-25', 'adapt'],
      [2, 'completed', '2024-03-20', 'adopt'],
      [3, 'doing', '2024-03-31', null],
    ]);
    expect(cyclesDuring(cycles, '2024-03').map((c) => c.id)).toEqual([2, 3]);
  });

  it('should keep a phase only once it started, and one from an adopted change only once that cycle ended', () => {
    const phase = (starts: string, pdsa_id: number | null): MeasurePhase => ({ starts, reason: 'r', pdsa_id, created_by: 'o', created_at: '' });
    const cycles = [cycle(2, '2024-02-05', '2024-03-20', 'adopt'), cycle(3, '2024-03-10', '2024-04-20', 'adopt')];
    const phases = [phase('2024-02', null), phase('2024-03', 2), phase('2024-03', 3), phase('2024-04', null)];
    expect(phasesAsOf(def({}), phases, cycles, '2024-03').map((p) => [p.starts, p.pdsa_id])).toEqual([['2024-02', null], ['2024-03', 2]]);
  });
});
