import type { Database } from '../../store/database.ts';
import type { Community } from '../../store/communities.ts';
import { LearningRepository } from '../../store/learning-repository.ts';
import { driverDiagramGraph, renderDriverDiagramSvg, validateDriverNodes } from '../../domain/learning/driver-diagram.ts';
import { DRIVER_NODE_KINDS, type DriverDiagram, type DriverNode } from '../../domain/learning/types.ts';
import { UserError } from '../errors.ts';
import { Input, refuse } from './input.ts';

async function requireDiagram(repo: LearningRepository, id: number): Promise<DriverDiagram> {
  const d = await repo.diagram(id);
  if (!d) throw new UserError(`There is no driver diagram ${id}.`, 'not-found');
  return d;
}

function nodesFrom(input: Input): DriverNode[] | undefined {
  return input.optionalObjects('nodes')?.map((n) => {
    n.rejectUnknown(['id', 'kind', 'label', 'serves']);
    return { id: n.string('id'), kind: n.oneOf('kind', DRIVER_NODE_KINDS), label: n.string('label'), serves: n.optionalStrings('serves') ?? [] };
  });
}

async function save(db: Database, community: Community, diagram: Omit<DriverDiagram, 'updated_at'>): Promise<DriverDiagram> {
  refuse('the driver diagram', validateDriverNodes(diagram.nodes));
  if (diagram.title.length > 200) throw new UserError('The driver diagram: "title" is longer than 200 characters.');
  return db.transaction(async (tx) => {
    const repo = new LearningRepository(tx, community.communityId);
    if (!(await repo.aim(diagram.aim_id))) throw new UserError(`The driver diagram: "aim_id" is ${diagram.aim_id}, and there is no such aim.`);
    const id = await repo.saveDiagram(diagram);
    return requireDiagram(repo, id);
  });
}

/** A driver diagram for an aim: primary and secondary drivers and change ideas, as a graph. */
export async function createDiagram(db: Database, community: Community, body: unknown): Promise<DriverDiagram> {
  const input = Input.of(body, 'the driver diagram');
  input.rejectUnknown(['title', 'aim_id', 'nodes', 'by']);
  return save(db, community, {
    id: 0,
    title: input.string('title'),
    aim_id: input.integer('aim_id', 1, 2 ** 31 - 1),
    nodes: nodesFrom(input) ?? [],
    created_by: input.string('by'),
  });
}

/** Replaces the title, aim or nodes given; the rest stays. */
export async function updateDiagram(db: Database, community: Community, id: number, body: unknown): Promise<DriverDiagram> {
  const input = Input.of(body, 'the change');
  input.rejectUnknown(['title', 'aim_id', 'nodes', 'by']);
  input.string('by');
  const current = await requireDiagram(new LearningRepository(db, community.communityId), id);
  return save(db, community, {
    ...current,
    title: input.has('title') ? input.string('title') : current.title,
    aim_id: input.has('aim_id') ? input.integer('aim_id', 1, 2 ** 31 - 1) : current.aim_id,
    nodes: nodesFrom(input) ?? current.nodes,
  });
}

/** Adds a node, or replaces the node with the same id. */
export async function putDiagramNode(db: Database, community: Community, id: number, body: unknown): Promise<DriverDiagram> {
  const input = Input.of(body, 'the node');
  input.rejectUnknown(['id', 'kind', 'label', 'serves', 'by']);
  input.string('by');
  const node: DriverNode = { id: input.string('id'), kind: input.oneOf('kind', DRIVER_NODE_KINDS), label: input.string('label'), serves: input.optionalStrings('serves') ?? [] };
  const current = await requireDiagram(new LearningRepository(db, community.communityId), id);
  const at = current.nodes.findIndex((n) => n.id === node.id);
  const nodes = at < 0 ? [...current.nodes, node] : current.nodes.map((n, i) => (i === at ? node : n));
  return save(db, community, { ...current, nodes });
}

/** Removes a node and every link to it; nodes left serving nothing make the diagram invalid and are refused. */
export async function removeDiagramNode(db: Database, community: Community, id: number, nodeId: string): Promise<DriverDiagram> {
  const current = await requireDiagram(new LearningRepository(db, community.communityId), id);
  if (!current.nodes.some((n) => n.id === nodeId)) throw new UserError(`Driver diagram ${id} has no node "${nodeId}".`, 'not-found');
  const nodes = current.nodes.filter((n) => n.id !== nodeId).map((n) => ({ ...n, serves: n.serves.filter((s) => s !== nodeId) }));
  return save(db, community, { ...current, nodes });
}

export async function listDiagrams(db: Database, community: Community): Promise<DriverDiagram[]> {
  return new LearningRepository(db, community.communityId).diagrams();
}

export async function showDiagram(db: Database, community: Community, id: number): Promise<DriverDiagram & { graph: ReturnType<typeof driverDiagramGraph> }> {
  const repo = new LearningRepository(db, community.communityId);
  const d = await requireDiagram(repo, id);
  const aim = await repo.aim(d.aim_id);
  return { ...d, graph: driverDiagramGraph(d, aim?.statement ?? '') };
}

/** The diagram drawn as a standalone SVG image. */
export async function diagramSvg(db: Database, community: Community, id: number): Promise<string> {
  const repo = new LearningRepository(db, community.communityId);
  const d = await requireDiagram(repo, id);
  const aim = await repo.aim(d.aim_id);
  return renderDriverDiagramSvg(d, aim?.statement ?? '');
}

/** Change ideas as `diagram:node` references, for PDSA cycles to point at. */
export async function requireChangeIdea(repo: LearningRepository, ref: string): Promise<void> {
  const m = /^(\d+):(.+)$/.exec(ref);
  if (!m) throw new UserError(`The change idea "${ref}" is not a reference: expected <diagram id>:<node id>, e.g. 1:case-conferencing.`);
  const d = await repo.diagram(Number(m[1]));
  if (!d) throw new UserError(`The change idea "${ref}" names driver diagram ${m[1]}, which does not exist.`);
  const node = d.nodes.find((n) => n.id === m[2]);
  if (!node) throw new UserError(`The change idea "${ref}": driver diagram ${m[1]} has no node "${m[2]}".`);
  if (node.kind !== 'change_idea') throw new UserError(`The change idea "${ref}" is a ${node.kind.replace('_', ' ')} driver, not a change idea.`);
}
