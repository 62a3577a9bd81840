import { parseDay } from '../time/day.ts';
import { PDSA_DECISIONS, PDSA_STATUSES, type PdsaCycle, type PdsaStatus } from './types.ts';

const TEXT_LIMIT = 5000;

/**
 * The order a cycle moves through the worksheet. A cycle may step back one stage (the
 * team found the plan was not ready) or be abandoned at any point; it may not skip
 * ahead, because each stage records something the next one needs.
 */
const STAGE: Record<PdsaStatus, number> = { planning: 0, doing: 1, studying: 2, acting: 3, completed: 4, abandoned: 5 };

/** Problems with a move from one status to another, or none. */
export function statusChangeProblem(from: PdsaStatus, to: PdsaStatus): string | null {
  if (from === to) return null;
  if (from === 'completed' || from === 'abandoned') return `the cycle is ${from}: it cannot move to ${to}; start a new cycle that follows it instead`;
  if (to === 'abandoned') return null;
  const step = STAGE[to] - STAGE[from];
  if (step === 1 || step === -1) return null;
  return `a cycle moves one stage at a time (planning, doing, studying, acting, completed): it cannot go from ${from} to ${to}`;
}

/**
 * Problems with a cycle's worksheet as a whole: required fields for the stage it is
 * in, dates, and the act decision's consequences. Each problem is a sentence naming
 * the field. Links to measures, change ideas and earlier cycles are checked by the
 * caller, who can see them.
 */
export function validatePdsaCycle(c: PdsaCycle): string[] {
  const problems: string[] = [];
  const texts: [string, string | null][] = [
    ['title', c.title],
    ['owner', c.owner],
    ['objective', c.objective],
    ['plan.who', c.plan.who],
    ['plan.what', c.plan.what],
    ['plan.when', c.plan.when],
    ['plan.where', c.plan.where],
    ['plan.data_to_collect', c.plan.data_to_collect],
    ['do.observations', c.do.observations],
    ['do.problems', c.do.problems],
    ['study.results', c.study.results],
    ['study.learned', c.study.learned],
    ['act.next', c.act.next],
    ['act.new_phase_reason', c.act.new_phase_reason],
  ];
  for (const [field, value] of texts) if (value !== null && value.length > TEXT_LIMIT) problems.push(`${field} is ${value.length} characters long: at most ${TEXT_LIMIT}`);
  if (c.title.trim() === '') problems.push('title is empty: name the change being tested');
  if (c.title.length > 200) problems.push('title is longer than 200 characters');
  if (c.owner.trim() === '') problems.push('owner is empty: name the person responsible for the cycle');
  if (c.objective.trim() === '') problems.push('objective is empty: say what this cycle is for');
  if (!PDSA_STATUSES.includes(c.status)) problems.push(`status "${c.status}" is not one of ${PDSA_STATUSES.join(', ')}`);
  for (const [field, list] of [['questions', c.questions], ['predictions', c.predictions]] as const) {
    if (list.length > 50) problems.push(`${field} has ${list.length} entries: at most 50`);
    list.forEach((q, i) => {
      if (q.trim() === '') problems.push(`${field}[${i + 1}] is empty`);
      else if (q.length > TEXT_LIMIT) problems.push(`${field}[${i + 1}] is longer than ${TEXT_LIMIT} characters`);
    });
  }
  c.team.forEach((m, i) => {
    if (m.name.trim() === '') problems.push(`team[${i + 1}].name is empty`);
  });
  if (c.team.length > 100) problems.push(`team has ${c.team.length} members: at most 100`);

  const start = parseDay(c.start_date);
  if (start === null) problems.push(`start_date "${c.start_date}" is not a date: expected YYYY-MM-DD`);
  if (c.end_date !== null) {
    const end = parseDay(c.end_date);
    if (end === null) problems.push(`end_date "${c.end_date}" is not a date: expected YYYY-MM-DD`);
    else if (start !== null && end < start) problems.push(`end_date ${c.end_date} is before start_date ${c.start_date}`);
  }

  if (c.act.decision !== null && !PDSA_DECISIONS.includes(c.act.decision)) problems.push(`act.decision "${c.act.decision}" is not one of ${PDSA_DECISIONS.join(', ')}`);
  if (c.status === 'completed' && c.act.decision === null) problems.push('a completed cycle needs act.decision: adopt, adapt or abandon');
  if (c.act.decision !== null && STAGE[c.status] < STAGE.acting) problems.push(`act.decision is set while the cycle is ${c.status}: decide in the acting stage`);
  if (c.act.new_phase_from !== null) {
    if (c.act.decision !== 'adopt') problems.push('act.new_phase_from starts a new chart phase, which only an adopted change does: set act.decision to adopt or clear it');
    if (c.measures.length === 0) problems.push('act.new_phase_from needs at least one measure whose chart gets the new phase');
    if (c.act.new_phase_reason === null || c.act.new_phase_reason.trim() === '') problems.push('act.new_phase_reason is empty: say why the chart starts a new phase');
  }
  if (c.previous_id !== null && c.previous_id === c.id) problems.push('previous_id is the cycle itself');
  if (new Set(c.measures).size !== c.measures.length) problems.push('measures lists a measure twice');
  return problems;
}

/**
 * Cycles that chain into ramps of tests: a cycle's ramp is the list from its first
 * cycle to itself. Returns null when following `previous_id` loops back (a broken
 * chain that a check before saving prevents).
 */
export function rampOf(id: number, previousOf: ReadonlyMap<number, number | null>): number[] | null {
  const chain: number[] = [];
  const seen = new Set<number>();
  let at: number | null = id;
  while (at !== null) {
    if (seen.has(at)) return null;
    seen.add(at);
    chain.push(at);
    at = previousOf.get(at) ?? null;
  }
  return chain.reverse();
}
