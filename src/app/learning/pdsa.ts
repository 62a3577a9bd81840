import type { Database } from '../../store/database.ts';
import type { Community } from '../../store/communities.ts';
import { LearningRepository } from '../../store/learning-repository.ts';
import { rampOf, statusChangeProblem, validatePdsaCycle } from '../../domain/learning/pdsa.ts';
import { describePeriodFormat, parsePeriod } from '../../domain/learning/periods.ts';
import { PDSA_DECISIONS, PDSA_STATUSES, type PdsaCycle, type PdsaStatus } from '../../domain/learning/types.ts';
import { UserError } from '../errors.ts';
import { Input, refuse } from './input.ts';
import { requireChangeIdea } from './driver-diagrams.ts';
import { requireMeasure } from './measures.ts';

const TOP_FIELDS = ['title', 'change_idea', 'measures', 'previous_id', 'status', 'owner', 'team', 'objective', 'questions', 'predictions', 'plan', 'do', 'study', 'act', 'start_date', 'end_date', 'by'] as const;
const SECTIONS = {
  plan: ['who', 'what', 'when', 'where', 'data_to_collect'],
  do: ['as_planned', 'observations', 'problems'],
  study: ['results', 'learned'],
  act: ['decision', 'next', 'new_phase_from', 'new_phase_reason'],
} as const;

export interface PdsaCycleDetail extends PdsaCycle {
  /** The ramp of tests this cycle belongs to, first cycle first (its own id included). */
  ramp: number[];
  /** Cycles that follow this one. */
  followed_by: number[];
}

async function requireCycle(repo: LearningRepository, id: number): Promise<PdsaCycle> {
  const c = await repo.cycle(id);
  if (!c) throw new UserError(`There is no PDSA cycle ${id}.`, 'not-found');
  return c;
}

/** The cycle a request describes: the given fields over the current cycle (or a blank worksheet). */
function applyFields(input: Input, base: Omit<PdsaCycle, 'id' | 'created_by' | 'updated_at'>): Omit<PdsaCycle, 'id' | 'created_by' | 'updated_at'> {
  const c = structuredClone(base);
  const text = (i: Input, key: string, old: string): string => (i.has(key) ? i.string(key) : old);
  c.title = text(input, 'title', c.title);
  c.owner = text(input, 'owner', c.owner);
  c.objective = text(input, 'objective', c.objective);
  if (input.has('change_idea')) c.change_idea = input.optionalString('change_idea') ?? null;
  if (input.has('measures')) c.measures = input.optionalStrings('measures') ?? [];
  if (input.has('previous_id')) c.previous_id = input.optionalInteger('previous_id', 1, 2 ** 31 - 1) ?? null;
  if (input.has('status')) c.status = input.oneOf('status', PDSA_STATUSES);
  c.team = input.optionalPeople('team') ?? c.team;
  c.questions = input.optionalStrings('questions') ?? c.questions;
  c.predictions = input.optionalStrings('predictions') ?? c.predictions;
  if (input.has('start_date')) c.start_date = input.string('start_date');
  if (input.has('end_date')) c.end_date = input.optionalString('end_date') ?? null;
  for (const [section, keys] of Object.entries(SECTIONS) as [keyof typeof SECTIONS, readonly string[]][]) {
    const s = input.optionalObject(section);
    if (!s) continue;
    s.rejectUnknown(keys);
    const target = c[section] as Record<string, unknown>;
    for (const key of keys) {
      if (!s.has(key)) continue;
      if (key === 'as_planned') target[key] = s.optionalBoolean(key) ?? null;
      else if (key === 'decision') target[key] = s.optionalOneOf(key, PDSA_DECISIONS) ?? null;
      else target[key] = s.optionalString(key) ?? null;
    }
  }
  return c;
}

const BLANK: Omit<PdsaCycle, 'id' | 'created_by' | 'updated_at'> = {
  title: '',
  change_idea: null,
  measures: [],
  previous_id: null,
  status: 'planning',
  owner: '',
  team: [],
  objective: '',
  questions: [],
  predictions: [],
  plan: { who: null, what: null, when: null, where: null, data_to_collect: null },
  do: { as_planned: null, observations: null, problems: null },
  study: { results: null, learned: null },
  act: { decision: null, next: null, new_phase_from: null, new_phase_reason: null },
  start_date: '',
  end_date: null,
};

/**
 * Checks a cycle against what it points at (measures, change idea, the cycle it
 * follows), saves it, and — when an adopted change names a new phase — starts that
 * phase on each of its measures' charts, in the same transaction.
 */
async function save(tx: Database, community: Community, cycle: Omit<PdsaCycle, 'updated_at'>, previousStatus: PdsaStatus | null): Promise<number> {
  const repo = new LearningRepository(tx, community.communityId);
  const problems = validatePdsaCycle({ ...cycle, updated_at: '' });
  if (previousStatus !== null) {
    const p = statusChangeProblem(previousStatus, cycle.status);
    if (p) problems.unshift(`status: ${p}`);
  } else if (cycle.status !== 'planning' && cycle.status !== 'doing') {
    problems.unshift(`status: a new cycle starts in planning or doing, not ${cycle.status}`);
  }
  refuse('the PDSA cycle', problems);
  const measures = [];
  for (const slug of cycle.measures) measures.push(await requireMeasure(repo, slug));
  if (cycle.change_idea !== null) await requireChangeIdea(repo, cycle.change_idea);
  if (cycle.previous_id !== null) {
    const all = await repo.cycles();
    if (!all.some((c) => c.id === cycle.previous_id)) throw new UserError(`The PDSA cycle: "previous_id" is ${cycle.previous_id}, and there is no such cycle.`);
    const previousOf = new Map(all.map((c) => [c.id, c.previous_id]));
    if (cycle.id) {
      previousOf.set(cycle.id, cycle.previous_id);
      if (rampOf(cycle.id, previousOf) === null) throw new UserError(`The PDSA cycle: following cycle ${cycle.previous_id} would make the ramp of tests go round in a circle.`);
    }
  }
  const from = cycle.act.new_phase_from;
  if (from !== null) {
    for (const m of measures) {
      const f = m.definition.frequency;
      if (parsePeriod(f, from) === null) throw new UserError(`The PDSA cycle: "act.new_phase_from" is "${from}", but "${m.slug}" is ${f}: expected ${describePeriodFormat(f)}.`);
    }
  }
  const id = await repo.saveCycle(cycle);
  if (from !== null && cycle.status === 'completed' && cycle.act.decision === 'adopt') {
    for (const m of measures) await repo.putPhase(m.slug, { starts: from, reason: cycle.act.new_phase_reason!, pdsa_id: id, created_by: cycle.created_by });
  }
  return id;
}

export async function createCycle(db: Database, community: Community, body: unknown): Promise<PdsaCycleDetail> {
  const input = Input.of(body, 'the PDSA cycle');
  input.rejectUnknown(TOP_FIELDS);
  const by = input.string('by');
  for (const key of ['title', 'owner', 'objective', 'start_date']) input.string(key);
  const fields = applyFields(input, BLANK);
  const id = await db.transaction((tx) => save(tx, community, { ...fields, id: 0, created_by: by }, null));
  return showCycle(db, community, id);
}

/** Changes any part of the worksheet; sections (plan, do, study, act) change field by field. */
export async function updateCycle(db: Database, community: Community, id: number, body: unknown): Promise<PdsaCycleDetail> {
  const input = Input.of(body, 'the change');
  input.rejectUnknown(TOP_FIELDS);
  const by = input.string('by');
  await db.transaction(async (tx) => {
    const current = await requireCycle(new LearningRepository(tx, community.communityId), id);
    const fields = applyFields(input, current);
    await save(tx, community, { ...fields, id, created_by: current.created_by === '' ? by : current.created_by }, current.status);
  });
  return showCycle(db, community, id);
}

export async function showCycle(db: Database, community: Community, id: number): Promise<PdsaCycleDetail> {
  const repo = new LearningRepository(db, community.communityId);
  const all = await repo.cycles();
  const cycle = all.find((c) => c.id === id);
  if (!cycle) throw new UserError(`There is no PDSA cycle ${id}.`, 'not-found');
  const previousOf = new Map(all.map((c) => [c.id, c.previous_id]));
  return { ...cycle, ramp: rampOf(id, previousOf) ?? [id], followed_by: all.filter((c) => c.previous_id === id).map((c) => c.id) };
}

export async function listCycles(db: Database, community: Community, filter: { status?: string; measure?: string } = {}): Promise<PdsaCycle[]> {
  if (filter.status !== undefined && !(PDSA_STATUSES as readonly string[]).includes(filter.status))
    throw new UserError(`The status "${filter.status}" is not one of ${PDSA_STATUSES.join(', ')}.`);
  const repo = new LearningRepository(db, community.communityId);
  if (filter.measure !== undefined) await requireMeasure(repo, filter.measure);
  const cycles = await repo.cycles({ measure: filter.measure });
  return filter.status === undefined ? cycles : cycles.filter((c) => c.status === filter.status);
}
