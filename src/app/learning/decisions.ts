import type { Database } from '../../store/database.ts';
import type { Community } from '../../store/communities.ts';
import { LearningRepository } from '../../store/learning-repository.ts';
import { validateDecision } from '../../domain/learning/decisions.ts';
import type { Decision } from '../../domain/learning/types.ts';
import { UserError } from '../errors.ts';
import { Input, refuse } from './input.ts';
import { requireMeasure } from './measures.ts';

const FIELDS = ['title', 'decided_on', 'decided_by', 'participants', 'rationale', 'evidence', 'measures', 'pdsa_id', 'revisit_on', 'by'] as const;

type DecisionFields = Omit<Decision, 'id' | 'created_by' | 'updated_at'>;

/** The decision a request describes: the given fields over the current record. */
function applyFields(input: Input, base: DecisionFields): DecisionFields {
  const d = structuredClone(base);
  for (const key of ['title', 'decided_on', 'decided_by', 'rationale'] as const) if (input.has(key)) d[key] = input.string(key);
  if (input.has('evidence')) d.evidence = input.optionalString('evidence') ?? null;
  if (input.has('revisit_on')) d.revisit_on = input.optionalString('revisit_on') ?? null;
  if (input.has('measures')) d.measures = input.optionalStrings('measures') ?? [];
  if (input.has('pdsa_id')) d.pdsa_id = input.optionalInteger('pdsa_id', 1, 2 ** 31 - 1) ?? null;
  d.participants = input.optionalPeople('participants') ?? d.participants;
  return d;
}

const BLANK: DecisionFields = { title: '', decided_on: '', decided_by: '', participants: [], rationale: '', evidence: null, measures: [], pdsa_id: null, revisit_on: null };

/** Checks a decision and what it points at (measures, the PDSA cycle), then saves it. */
async function save(tx: Database, community: Community, decision: Omit<Decision, 'updated_at'>): Promise<number> {
  const repo = new LearningRepository(tx, community.communityId);
  refuse('the decision', validateDecision(decision));
  for (const slug of decision.measures) await requireMeasure(repo, slug);
  if (decision.pdsa_id !== null && !(await repo.cycle(decision.pdsa_id)))
    throw new UserError(`The decision: "pdsa_id" is ${decision.pdsa_id}, and there is no such PDSA cycle.`);
  return repo.saveDecision(decision);
}

async function requireDecision(repo: LearningRepository, id: number): Promise<Decision> {
  const d = await repo.decision(id);
  if (!d) throw new UserError(`There is no decision ${id}.`, 'not-found');
  return d;
}

/** Records a decision; `by` is who recorded it (the signed-in user through the API). */
export async function recordDecision(db: Database, community: Community, body: unknown): Promise<Decision> {
  const input = Input.of(body, 'the decision');
  input.rejectUnknown(FIELDS);
  const by = input.string('by');
  for (const key of ['title', 'decided_on', 'decided_by', 'rationale']) input.string(key);
  const fields = applyFields(input, BLANK);
  const id = await db.transaction((tx) => save(tx, community, { ...fields, id: 0, created_by: by }));
  return showDecision(db, community, id);
}

/** Corrects or completes a recorded decision; the audit log keeps who changed what. */
export async function updateDecision(db: Database, community: Community, id: number, body: unknown): Promise<Decision> {
  const input = Input.of(body, 'the change');
  input.rejectUnknown(FIELDS);
  input.string('by');
  await db.transaction(async (tx) => {
    const current = await requireDecision(new LearningRepository(tx, community.communityId), id);
    await save(tx, community, { ...applyFields(input, current), id, created_by: current.created_by });
  });
  return showDecision(db, community, id);
}

export async function showDecision(db: Database, community: Community, id: number): Promise<Decision> {
  return requireDecision(new LearningRepository(db, community.communityId), id);
}

/** The log, oldest first; optionally only decisions about a measure or from a PDSA cycle. */
export async function listDecisions(db: Database, community: Community, filter: { measure?: string; pdsa?: number } = {}): Promise<Decision[]> {
  const repo = new LearningRepository(db, community.communityId);
  if (filter.measure !== undefined) await requireMeasure(repo, filter.measure);
  if (filter.pdsa !== undefined && !(await repo.cycle(filter.pdsa))) throw new UserError(`There is no PDSA cycle ${filter.pdsa}.`, 'not-found');
  return repo.decisions({ measure: filter.measure, pdsaId: filter.pdsa });
}
