import { describe, expect, it } from 'vitest';
import { chartAnnotations } from '../../../src/domain/learning/measure-chart.ts';
import type { Decision } from '../../../src/domain/learning/types.ts';
import { validateDecision } from '../../../src/domain/learning/decisions.ts';

const decision = (over: Partial<Decision>): Decision => ({
  id: 1,
  title: 'Fund a second outreach team',
  decided_on: '2024-03-14',
  decided_by: 'Steering committee',
  participants: [],
  rationale: 'Inflow from unsheltered people is rising.',
  evidence: null,
  measures: ['outreach'],
  pdsa_id: null,
  revisit_on: null,
  created_by: 'ana',
  updated_at: '2024-03-14T12:00:00.000Z',
  ...over,
});

describe('decisions on a measure chart', () => {
  it('stands each decision at the period of the day it was made, in the measure’s frequency', () => {
    const marks = chartAnnotations('monthly', [], [], [decision({ id: 1, decided_on: '2024-03-14' }), decision({ id: 2, decided_on: '2024-02-29', title: 'Second' })]);
    expect(marks.map((m) => [m.kind, m.period, m.decision_id, m.label])).toEqual([
      ['decision', '2024-02', 2, 'Second'],
      ['decision', '2024-03', 1, 'Fund a second outreach team'],
    ]);
    // 14 March 2024 is in the first quarter, and in ISO week 11.
    expect(chartAnnotations('quarterly', [], [], [decision({})])[0].period).toBe('2024-Q1');
    expect(chartAnnotations('weekly', [], [], [decision({})])[0].period).toBe('2024-W11');
  });

  it('orders marks in one period as decision, pdsa, phase', () => {
    const marks = chartAnnotations('monthly', [], [{ starts: '2024-03', reason: 'Adopted', pdsa_id: null, created_by: 'a', created_at: '' }], [decision({})]);
    expect(marks.map((m) => m.kind)).toEqual(['decision', 'phase']);
  });
});

describe('validateDecision', () => {
  it('accepts a complete decision', () => {
    expect(validateDecision(decision({}))).toEqual([]);
  });

  it('names every field that is wrong', () => {
    const problems = validateDecision(
      decision({ title: ' ', decided_by: '', rationale: '', decided_on: '2024-02-30', revisit_on: 'soon', measures: ['a', 'a'], participants: [{ name: '', role: null, lived_experience: true }] }),
    );
    expect(problems).toEqual([
      'title is empty: say in a line what was decided',
      'decided_by is empty: name the person or group who made the decision',
      'rationale is empty: say why, and what else was considered',
      'decided_on "2024-02-30" is not a date: expected YYYY-MM-DD',
      'revisit_on "soon" is not a date: expected YYYY-MM-DD',
      'participants[1].name is empty',
      'measures lists a measure twice',
    ]);
  });

  it('wants the revisit date after the decision', () => {
    expect(validateDecision(decision({ revisit_on: '2024-03-14' }))).toEqual(['revisit_on 2024-03-14 is not after decided_on 2024-03-14']);
  });
});
