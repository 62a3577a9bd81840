import { parseDay } from '../time/day.ts';
import type { Decision } from './types.ts';

const TEXT_LIMIT = 5000;

/**
 * Problems with a decision as a whole, each a sentence naming the field. Links to
 * measures and PDSA cycles are checked by the caller, who can see them.
 */
export function validateDecision(d: Omit<Decision, 'updated_at'>): string[] {
  const problems: string[] = [];
  if (d.title.trim() === '') problems.push('title is empty: say in a line what was decided');
  else if (d.title.length > 200) problems.push(`title is ${d.title.length} characters long: at most 200`);
  if (d.decided_by.trim() === '') problems.push('decided_by is empty: name the person or group who made the decision');
  else if (d.decided_by.length > 200) problems.push(`decided_by is ${d.decided_by.length} characters long: at most 200`);
  if (d.rationale.trim() === '') problems.push('rationale is empty: say why, and what else was considered');
  for (const [field, value] of [['rationale', d.rationale], ['evidence', d.evidence]] as const)
    if (value !== null && value.length > TEXT_LIMIT) problems.push(`${field} is ${value.length} characters long: at most ${TEXT_LIMIT}`);
  const decided = parseDay(d.decided_on);
  if (decided === null) problems.push(`decided_on "${d.decided_on}" is not a date: expected YYYY-MM-DD`);
  if (d.revisit_on !== null) {
    const revisit = parseDay(d.revisit_on);
    if (revisit === null) problems.push(`revisit_on "${d.revisit_on}" is not a date: expected YYYY-MM-DD`);
    else if (decided !== null && revisit <= decided) problems.push(`revisit_on ${d.revisit_on} is not after decided_on ${d.decided_on}`);
  }
  if (d.participants.length > 100) problems.push(`participants has ${d.participants.length} people: at most 100`);
  d.participants.forEach((p, i) => {
    if (p.name.trim() === '') problems.push(`participants[${i + 1}].name is empty`);
  });
  if (d.measures.length > 50) problems.push(`measures has ${d.measures.length} entries: at most 50`);
  if (new Set(d.measures).size !== d.measures.length) problems.push('measures lists a measure twice');
  return problems;
}
