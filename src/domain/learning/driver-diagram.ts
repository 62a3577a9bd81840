/**
 * Driver diagrams (IHI Model for Improvement): checking the nodes a team enters, the
 * diagram as a JSON graph, and the diagram drawn as a standalone SVG in the four
 * columns quality improvement uses: Aim | Primary drivers | Secondary drivers | Change ideas.
 * Pure: no I/O.
 */
import { DRIVER_NODE_KINDS, type DriverNode, type DriverNodeKind } from './types.ts';

export const MAX_DRIVER_NODES = 200;
/** Counted in Unicode code points, as PostgreSQL counts `varchar(n)` characters. */
export const MAX_DRIVER_LABEL_CHARS = 300;
const NODE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
/** The graph gives the aim this id, so no node may take it (edges to 'aim' would be ambiguous). */
export const AIM_NODE_ID = 'aim';

/** What drawing a diagram needs: the stored `DriverDiagram` fits. */
export interface DriverDiagramContent {
  title: string;
  nodes: readonly DriverNode[];
}

export interface DriverGraphNode {
  id: string;
  kind: DriverNodeKind;
  label: string;
}

/** `from` serves `to`: a change idea serves a driver, a primary driver serves the aim. */
export interface DriverGraphEdge {
  from: string;
  to: string;
}

export interface DriverDiagramGraph {
  aim: { id: typeof AIM_NODE_ID; label: string };
  /** In layout order: primary drivers, then secondary drivers, then change ideas, each top to bottom. */
  nodes: DriverGraphNode[];
  edges: DriverGraphEdge[];
}

// ---------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------

const KIND_NAMES: Record<DriverNodeKind, string> = {
  primary: 'Primary driver',
  secondary: 'Secondary driver',
  change_idea: 'Change idea',
};

const KIND_ARTICLES: Record<DriverNodeKind, string> = {
  primary: 'a primary driver',
  secondary: 'a secondary driver',
  change_idea: 'a change idea',
};

function isDriverNodeKind(value: unknown): value is DriverNodeKind {
  return (DRIVER_NODE_KINDS as readonly unknown[]).includes(value);
}

/** A value as it appears in a message: JSON-quoted, and cut short so a huge input cannot flood it. */
function quoted(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** How problems name a node: its kind and id, or its position when it has no usable id. */
function nodeName(node: DriverNode, index: number): string {
  const kind = isDriverNodeKind(node.kind) ? KIND_NAMES[node.kind] : 'Node';
  return typeof node.id === 'string' && node.id !== '' ? `${kind} ${quoted(node.id)}` : `${kind} at position ${index + 1}`;
}

/** How many nodes use each id, and the kind of the first node with it (null when that kind is unknown). */
interface NodeIndex {
  uses: Map<string, number>;
  firstIndex: Map<string, number>;
  kindOf: Map<string, DriverNodeKind | null>;
}

function indexNodes(nodes: readonly DriverNode[]): NodeIndex {
  const index: NodeIndex = { uses: new Map(), firstIndex: new Map(), kindOf: new Map() };
  nodes.forEach((node, i) => {
    if (!isNodeObject(node) || typeof node.id !== 'string') return;
    index.uses.set(node.id, (index.uses.get(node.id) ?? 0) + 1);
    if (index.firstIndex.has(node.id)) return;
    index.firstIndex.set(node.id, i);
    index.kindOf.set(node.id, isDriverNodeKind(node.kind) ? node.kind : null);
  });
  return index;
}

// Nodes often arrive as parsed JSON, so the checks do not trust the static type.
function isNodeObject(node: unknown): node is DriverNode {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

function idProblems(node: DriverNode, i: number, index: NodeIndex): string[] {
  const name = nodeName(node, i);
  if (typeof node.id !== 'string' || !NODE_ID.test(node.id)) {
    return [`${name} has an invalid id; expected 1 to 40 letters, digits, "-" or "_", starting with a letter or digit.`];
  }
  if (node.id === AIM_NODE_ID) return [`${name} uses the id "aim", which is reserved for the aim; expected another id.`];
  const uses = index.uses.get(node.id) ?? 0;
  // Reported once, at the first node with the id.
  if (uses > 1 && index.firstIndex.get(node.id) === i) return [`Node id ${quoted(node.id)} is used by ${uses} nodes; expected each id to be unique.`];
  return [];
}

function kindProblems(node: DriverNode, i: number): string[] {
  if (isDriverNodeKind(node.kind)) return [];
  return [`${nodeName(node, i)} has kind ${quoted(node.kind)}; expected one of ${DRIVER_NODE_KINDS.map((k) => `"${k}"`).join(', ')}.`];
}

function labelProblems(node: DriverNode, i: number): string[] {
  const name = nodeName(node, i);
  const expected = `expected a non-empty text of at most ${MAX_DRIVER_LABEL_CHARS} characters`;
  if (typeof node.label !== 'string') return [`${name} has no label; ${expected}.`];
  if (node.label.trim() === '') return [`${name} has an empty label; ${expected}.`];
  const problems: string[] = [];
  if (node.label !== node.label.trim()) problems.push(`${name} has a label with leading or trailing spaces; expected it trimmed.`);
  const chars = [...node.label].length;
  if (chars > MAX_DRIVER_LABEL_CHARS) problems.push(`${name} has a label of ${chars} characters; expected at most ${MAX_DRIVER_LABEL_CHARS}.`);
  return problems;
}

/** Shape of `serves`: a list of distinct ids of nodes in the diagram. */
function servesListProblems(node: DriverNode, i: number, index: NodeIndex): string[] {
  const name = nodeName(node, i);
  if (!Array.isArray(node.serves)) return [`${name} has "serves" that is not a list; expected a list of node ids.`];
  const problems: string[] = [];
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const target of node.serves as unknown[]) {
    if (typeof target !== 'string') problems.push(`${name} serves ${quoted(target)}, which is not an id; expected node ids.`);
    else if (seen.has(target)) {
      if (!repeated.has(target)) problems.push(`${name} serves ${quoted(target)} more than once; expected each id once.`);
      repeated.add(target);
    } else {
      seen.add(target);
      if (!index.kindOf.has(target)) problems.push(`${name} serves ${quoted(target)}, which is not a node of the diagram; expected ids of its nodes.`);
    }
  }
  return problems;
}

/**
 * Layering: a primary driver serves only the aim, a secondary driver primary drivers, a
 * change idea primary or secondary drivers. Each kind serves only kinds to its left, so a
 * diagram that passes these checks cannot contain a cycle; no separate cycle check is needed.
 */
function layerProblems(node: DriverNode, i: number, index: NodeIndex): string[] {
  if (!isDriverNodeKind(node.kind) || !Array.isArray(node.serves)) return [];
  const name = nodeName(node, i);
  const targets = [...new Set(node.serves.filter((t): t is string => typeof t === 'string'))];
  if (node.kind === 'primary') {
    if (targets.length === 0 && node.serves.length === 0) return [];
    return [`${name} serves ${targets.map(quoted).join(', ') || 'something'}; expected it to serve nothing, since a primary driver serves the aim.`];
  }
  const allowed: readonly DriverNodeKind[] = node.kind === 'secondary' ? ['primary'] : ['primary', 'secondary'];
  const allowedText = node.kind === 'secondary' ? 'primary drivers' : 'primary or secondary drivers';
  if (node.serves.length === 0) return [`${name} serves nothing; expected it to serve one or more ${allowedText}.`];
  const problems: string[] = [];
  for (const target of targets) {
    const kind = index.kindOf.get(target);
    // Unknown ids and unknown kinds are reported by the other checks.
    if (kind && !allowed.includes(kind)) problems.push(`${name} serves ${quoted(target)}, ${KIND_ARTICLES[kind]}; expected it to serve only ${allowedText}.`);
  }
  return problems;
}

function nodeProblems(node: DriverNode, i: number, index: NodeIndex): string[] {
  if (!isNodeObject(node)) return [`Node at position ${i + 1} is not an object; expected {id, kind, label, serves}.`];
  return [...idProblems(node, i, index), ...kindProblems(node, i), ...labelProblems(node, i), ...servesListProblems(node, i, index), ...layerProblems(node, i, index)];
}

/** Problems with a diagram's nodes, one English sentence each, node by node; empty when the nodes are valid. */
export function validateDriverNodes(nodes: readonly DriverNode[]): string[] {
  const problems: string[] = [];
  if (nodes.length > MAX_DRIVER_NODES) problems.push(`The diagram has ${nodes.length} nodes; expected at most ${MAX_DRIVER_NODES}.`);
  const index = indexNodes(nodes);
  nodes.forEach((node, i) => problems.push(...nodeProblems(node, i, index)));
  return problems;
}

// ---------------------------------------------------------------------------------------
// Layout order and graph
// ---------------------------------------------------------------------------------------

/** Column of each kind, left to right; the aim is column 0. */
const COLUMN_OF_KIND: Record<DriverNodeKind, number> = { primary: 1, secondary: 2, change_idea: 3 };

type DriverColumns = Record<DriverNodeKind, DriverNode[]>;

/** Sorts `nodes` (stably, so input order breaks ties) by the rank of the first served id that has one. */
function groupByFirstServed(nodes: readonly DriverNode[], rank: ReadonlyMap<string, number>): DriverNode[] {
  const groupRank = (node: DriverNode): number => {
    for (const id of node.serves) {
      const r = rank.get(id);
      if (r !== undefined) return r;
    }
    return Number.POSITIVE_INFINITY; // serves nothing known: at the end
  };
  return nodes
    .map((node, i) => ({ node, i, r: groupRank(node) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.node);
}

function rankOf(ids: readonly string[]): Map<string, number> {
  const rank = new Map<string, number>();
  ids.forEach((id, i) => {
    if (!rank.has(id)) rank.set(id, i);
  });
  return rank;
}

/**
 * Drivers in outline order: each primary driver followed by the secondary drivers grouped
 * under it. Change ideas are grouped in this order so that those serving a primary driver
 * directly sit next to that driver's secondary drivers, not above all of them.
 */
function driverOutlineOrder(columns: Pick<DriverColumns, 'primary' | 'secondary'>): string[] {
  const primaryRank = rankOf(columns.primary.map((n) => n.id));
  const groupOf = (node: DriverNode): string | undefined => node.serves.find((id) => primaryRank.has(id));
  const order: string[] = [];
  for (const primary of columns.primary) {
    order.push(primary.id, ...columns.secondary.filter((s) => groupOf(s) === primary.id).map((s) => s.id));
  }
  order.push(...columns.secondary.filter((s) => groupOf(s) === undefined).map((s) => s.id));
  return order;
}

/**
 * Nodes per column, top to bottom: primary drivers as given, secondary drivers grouped by
 * the first primary driver they serve, change ideas by the first driver they serve in
 * outline order. Nodes of unknown kind are left out.
 */
function layoutColumns(nodes: readonly DriverNode[]): DriverColumns {
  const ofKind = (kind: DriverNodeKind) => nodes.filter((n) => n.kind === kind);
  const primary = ofKind('primary');
  const secondary = groupByFirstServed(ofKind('secondary'), rankOf(primary.map((n) => n.id)));
  const change_idea = groupByFirstServed(ofKind('change_idea'), rankOf(driverOutlineOrder({ primary, secondary })));
  return { primary, secondary, change_idea };
}

/** Edges from a node to what it serves, kept only when they point to a column on its left. */
function edgesOf(node: DriverNode, columnOf: ReadonlyMap<string, number>): DriverGraphEdge[] {
  if (node.kind === 'primary') return [{ from: node.id, to: AIM_NODE_ID }];
  const own = COLUMN_OF_KIND[node.kind];
  return [...new Set(node.serves)].filter((id) => (columnOf.get(id) ?? own) < own).map((to) => ({ from: node.id, to }));
}

/**
 * The diagram as a JSON graph: the aim, the nodes in layout order, and an edge from each
 * node to each node it serves (primary drivers to the aim). Meant for valid diagrams;
 * nodes of unknown kind and serves that break the layering are left out.
 */
export function driverDiagramGraph(diagram: DriverDiagramContent, aimStatement: string): DriverDiagramGraph {
  const columns = layoutColumns(diagram.nodes);
  const ordered = [...columns.primary, ...columns.secondary, ...columns.change_idea];
  const columnOf = new Map<string, number>();
  for (const node of ordered) if (!columnOf.has(node.id)) columnOf.set(node.id, COLUMN_OF_KIND[node.kind]);
  return {
    aim: { id: AIM_NODE_ID, label: aimStatement },
    nodes: ordered.map(({ id, kind, label }) => ({ id, kind, label })),
    edges: ordered.flatMap((node) => edgesOf(node, columnOf)),
  };
}

// ---------------------------------------------------------------------------------------
// SVG
// ---------------------------------------------------------------------------------------

const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', sans-serif";
const MARGIN = 24;
const BOX_WIDTH = 200;
/** Room between columns for the connectors. */
const COLUMN_GAP = 80;
const NODE_GAP = 14;
const PADDING = 10;
const FONT_SIZE = 13;
const LINE_HEIGHT = 17;
const TITLE_FONT_SIZE = 18;
const TITLE_LINE_HEIGHT = 24;
const HEADING_FONT_SIZE = 14;
const HEADING_HEIGHT = 30;
/**
 * Advance of an average character in ems, a little generous for wide fallback fonts (DejaVu
 * Sans): an estimate, as a pure function has no font to measure. Bold runs wider.
 */
const CHAR_EM = 0.6;
const BOLD_CHAR_EM = 0.64;
const CORNER_RADIUS = 8;
const TEXT_COLOUR = '#111827';
const CONNECTOR_COLOUR = '#6b7280';

interface ColumnStyle {
  heading: string;
  fill: string;
  stroke: string;
}

/** Column 0 is the aim. Fills differ per column, but the headings say what each column is. */
const COLUMNS: readonly ColumnStyle[] = [
  { heading: 'Aim', fill: '#fdecc8', stroke: '#b45309' },
  { heading: 'Primary drivers', fill: '#dbeafe', stroke: '#1e40af' },
  { heading: 'Secondary drivers', fill: '#dcfce7', stroke: '#166534' },
  { heading: 'Change ideas', fill: '#f3e8ff', stroke: '#6b21a8' },
];

interface Box {
  column: number;
  x: number;
  y: number;
  height: number;
  lines: string[];
}

interface DiagramLayout {
  width: number;
  height: number;
  titleLines: string[];
  headingBaseline: number;
  aim: Box;
  /** One per graph node, in graph order. */
  nodes: Box[];
  /** Boxes by column, the aim's first. */
  columns: Box[][];
  boxOf: Map<string, Box>;
}

// Characters XML 1.0 forbids (C0 controls other than tab/newline/return, lone surrogates,
// U+FFFE/U+FFFF): dropped so that any label still gives a well-formed document.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as drawn: XML-safe characters, whitespace collapsed to single spaces. */
function displayText(text: string): string {
  return text.replace(XML_INVALID, '').replace(/\s+/g, ' ').trim();
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Splits a word longer than a line into line-sized pieces (by code point, so no emoji is cut in half). */
function breakLongWord(word: string, maxChars: number): string[] {
  const chars = [...word];
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += maxChars) pieces.push(chars.slice(i, i + maxChars).join(''));
  return pieces;
}

/** Greedy word wrap to at most `maxChars` characters a line. */
export function wrapText(text: string, maxChars: number): string[] {
  const width = Math.max(1, Math.floor(maxChars));
  const lines: string[] = [];
  let line = '';
  for (const word of displayText(text).split(' ').filter(Boolean)) {
    for (const piece of breakLongWord(word, width)) {
      const joined = line === '' ? piece : `${line} ${piece}`;
      if ([...joined].length <= width) line = joined;
      else {
        lines.push(line);
        line = piece;
      }
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

function charsPerLine(width: number, fontSize: number, em = CHAR_EM): number {
  return Math.floor(width / (fontSize * em));
}

function columnX(column: number): number {
  return MARGIN + column * (BOX_WIDTH + COLUMN_GAP);
}

/** Height of a box holding these lines; an empty label still gets one line's height. */
function boxHeight(lines: readonly string[]): number {
  return 2 * PADDING + Math.max(1, lines.length) * LINE_HEIGHT;
}

function stackHeight(heights: readonly number[]): number {
  return heights.length === 0 ? 0 : heights.reduce((sum, h) => sum + h, 0) + NODE_GAP * (heights.length - 1);
}

/** Boxes of one column stacked top to bottom, the stack centred in the content band. */
function stackColumn(column: number, wrapped: readonly string[][], top: number, bandHeight: number): Box[] {
  const heights = wrapped.map(boxHeight);
  let y = top + (bandHeight - stackHeight(heights)) / 2;
  return wrapped.map((lines, i) => {
    const box = { column, x: columnX(column), y, height: heights[i], lines };
    y += heights[i] + NODE_GAP;
    return box;
  });
}

function layoutDiagram(graph: DriverDiagramGraph, title: string): DiagramLayout {
  const width = columnX(COLUMNS.length) - COLUMN_GAP + MARGIN;
  const titleLines = wrapText(title, charsPerLine(width - 2 * MARGIN, TITLE_FONT_SIZE, BOLD_CHAR_EM));
  const headingBaseline = MARGIN + titleLines.length * TITLE_LINE_HEIGHT + HEADING_FONT_SIZE + (titleLines.length > 0 ? 8 : 0);
  const top = headingBaseline + HEADING_HEIGHT - HEADING_FONT_SIZE;
  const lineChars = charsPerLine(BOX_WIDTH - 2 * PADDING, FONT_SIZE);
  const wrappedIn = (column: number) => graph.nodes.filter((n) => COLUMN_OF_KIND[n.kind] === column).map((n) => wrapText(n.label, lineChars));
  const wrapped = [[wrapText(graph.aim.label, lineChars)], wrappedIn(1), wrappedIn(2), wrappedIn(3)];
  // The tallest column sets the band every column (and the aim) is centred in.
  const band = Math.max(...wrapped.map((column) => stackHeight(column.map(boxHeight))));
  const columns = wrapped.map((column, i) => stackColumn(i, column, top, band));
  const aim = columns[0][0];
  const nodes = columns.slice(1).flat();
  const boxOf = new Map<string, Box>();
  graph.nodes.forEach((node, i) => {
    if (!boxOf.has(node.id)) boxOf.set(node.id, nodes[i]);
  });
  return { width, height: top + band + MARGIN, titleLines, headingBaseline, aim, nodes, columns, boxOf };
}

/** Numbers as SVG attributes: at most one decimal, no locale. */
function num(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** Heights at which a connector can cross a column without touching its boxes: above, between and below them. */
function laneHeights(column: readonly Box[]): number[] {
  if (column.length === 0) return [];
  return [column[0].y - NODE_GAP / 2, ...column.map((box) => box.y + box.height + NODE_GAP / 2)];
}

/** The lane costing the least climb from y1 to y2; ties go to the one nearest their middle. */
function pickLane(lanes: readonly number[], y1: number, y2: number): number {
  const climb = (y: number) => Math.abs(y - y1) + Math.abs(y - y2);
  const offCentre = (y: number) => Math.abs(y - (y1 + y2) / 2);
  return lanes.reduce((best, y) => (climb(y) < climb(best) || (climb(y) === climb(best) && offCentre(y) < offCentre(best)) ? y : best));
}

/**
 * A smooth connector from the right edge of the served box to the left edge of the serving
 * one: one S-curve between neighbouring columns. One that skips a column (a change idea
 * serving a primary driver) curves into a gap of the skipped column and runs straight
 * through it, so that it never seems to come out of a box it passes; it is dashed as well.
 */
function connectorPath(served: Box, serving: Box, columns: readonly (readonly Box[])[]): string {
  const x1 = served.x + BOX_WIDTH;
  const y1 = served.y + served.height / 2;
  const x2 = serving.x;
  const y2 = serving.y + serving.height / 2;
  const skipped = serving.column - served.column === 2 ? columns[served.column + 1] : [];
  if (skipped.length === 0) {
    const bend = (x2 - x1) / 2;
    return `<path d="M${num(x1)} ${num(y1)} C${num(x1 + bend)} ${num(y1)} ${num(x2 - bend)} ${num(y2)} ${num(x2)} ${num(y2)}"/>`;
  }
  const lane = pickLane(laneHeights(skipped), y1, y2);
  const xa = skipped[0].x;
  const xb = xa + BOX_WIDTH;
  const inBend = (xa - x1) / 2;
  const outBend = (x2 - xb) / 2;
  const d =
    `M${num(x1)} ${num(y1)} C${num(x1 + inBend)} ${num(y1)} ${num(xa - inBend)} ${num(lane)} ${num(xa)} ${num(lane)} ` +
    `L${num(xb)} ${num(lane)} C${num(xb + outBend)} ${num(lane)} ${num(x2 - outBend)} ${num(y2)} ${num(x2)} ${num(y2)}`;
  return `<path d="${d}" stroke-dasharray="5 4"/>`;
}

function renderConnectors(graph: DriverDiagramGraph, layout: DiagramLayout): string {
  const paths = graph.edges.map((edge) => {
    const served = edge.to === AIM_NODE_ID ? layout.aim : layout.boxOf.get(edge.to);
    const serving = layout.boxOf.get(edge.from);
    return served && serving ? connectorPath(served, serving, layout.columns) : '';
  });
  return `<g class="connectors" fill="none" stroke="${CONNECTOR_COLOUR}" stroke-width="1.5">\n${paths.filter(Boolean).join('\n')}\n</g>`;
}

function renderBox(box: Box, kind: string): string {
  const style = COLUMNS[box.column];
  const textX = box.x + PADDING;
  const firstBaseline = box.y + PADDING + LINE_HEIGHT - 4;
  const tspans = box.lines.map((line, i) => `<tspan x="${num(textX)}" y="${num(firstBaseline + i * LINE_HEIGHT)}">${escapeXml(line)}</tspan>`).join('');
  return (
    `<g class="node ${kind}">` +
    `<rect x="${num(box.x)}" y="${num(box.y)}" width="${BOX_WIDTH}" height="${num(box.height)}" rx="${CORNER_RADIUS}" fill="${style.fill}" stroke="${style.stroke}" stroke-width="1.5"/>` +
    `<text>${tspans}</text>` +
    `</g>`
  );
}

function renderHeadings(layout: DiagramLayout): string {
  const headings = COLUMNS.map(
    (column, i) => `<text x="${num(columnX(i) + BOX_WIDTH / 2)}" y="${num(layout.headingBaseline)}" text-anchor="middle">${escapeXml(column.heading)}</text>`,
  );
  return `<g class="headings" font-size="${HEADING_FONT_SIZE}" font-weight="bold">\n${headings.join('\n')}\n</g>`;
}

function renderTitle(layout: DiagramLayout): string {
  if (layout.titleLines.length === 0) return '';
  const tspans = layout.titleLines.map((line, i) => `<tspan x="${MARGIN}" y="${num(MARGIN + TITLE_FONT_SIZE + i * TITLE_LINE_HEIGHT)}">${escapeXml(line)}</tspan>`);
  return `<text class="title" font-size="${TITLE_FONT_SIZE}" font-weight="bold">${tspans.join('')}</text>\n`;
}

/** `“label”` for the outline, with the text as drawn. */
function outlineLabel(label: string): string {
  return `“${displayText(label)}”`;
}

/**
 * The plain-text outline for `<desc>`: the aim, then each primary driver followed by the
 * secondary drivers under it, each with what it serves and what serves it.
 */
function outlineText(graph: DriverDiagramGraph): string {
  const nodeById = new Map<string, DriverGraphNode>();
  for (const node of graph.nodes) if (!nodeById.has(node.id)) nodeById.set(node.id, node);
  const labelOf = (id: string) => outlineLabel(id === AIM_NODE_ID ? graph.aim.label : (nodeById.get(id)?.label ?? id));
  const servedBy = (id: string) => graph.edges.filter((e) => e.to === id).map((e) => nodeById.get(e.from)).filter((n): n is DriverGraphNode => n !== undefined);
  const serves = (id: string) => graph.edges.filter((e) => e.from === id).map((e) => e.to);
  const describe = (node: DriverGraphNode): string => {
    const helpers = servedBy(node.id).map((n) => `${KIND_NAMES[n.kind].toLowerCase()} ${outlineLabel(n.label)}`);
    const servesText = node.kind === 'secondary' ? ` (serves ${serves(node.id).map(labelOf).join('; ')})` : '';
    const servedText = helpers.length > 0 ? `Served by: ${helpers.join('; ')}.` : 'Nothing serves it yet.';
    return `${KIND_NAMES[node.kind]}: ${outlineLabel(node.label)}${servesText}. ${servedText}`;
  };
  const primaries = graph.nodes.filter((n) => n.kind === 'primary');
  const secondaries = graph.nodes.filter((n) => n.kind === 'secondary');
  const underFirst = (primary: DriverGraphNode) => secondaries.filter((s) => serves(s.id)[0] === primary.id);
  const orphans = secondaries.filter((s) => !primaries.some((p) => p.id === serves(s.id)[0]));
  const lines = [`Aim: ${outlineLabel(graph.aim.label)}.`];
  for (const primary of primaries) lines.push(describe(primary), ...underFirst(primary).map((s) => `  ${describe(s)}`));
  lines.push(...orphans.map(describe));
  return lines.join('\n');
}

/**
 * The diagram as a standalone SVG 1.1 document in four columns, Aim | Primary drivers |
 * Secondary drivers | Change ideas, with a connector from each node to each node it serves.
 * Self-contained: no scripts, no external references, system fonts only.
 */
export function renderDriverDiagramSvg(diagram: DriverDiagramContent, aimStatement: string): string {
  const graph = driverDiagramGraph(diagram, aimStatement);
  const layout = layoutDiagram(graph, diagram.title);
  const title = displayText(diagram.title) || 'Driver diagram';
  const w = num(layout.width);
  const h = num(layout.height);
  const boxes = [renderBox(layout.aim, 'aim'), ...graph.nodes.map((node, i) => renderBox(layout.nodes[i], node.kind))];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" font-family="${FONT_FAMILY}" font-size="${FONT_SIZE}" fill="${TEXT_COLOUR}" style="background-color:#ffffff">`,
    `<title>${escapeXml(title)}</title>`,
    `<desc>${escapeXml(outlineText(graph))}</desc>`,
    `${renderTitle(layout)}${renderHeadings(layout)}`,
    renderConnectors(graph, layout),
    `<g class="nodes">\n${boxes.join('\n')}\n</g>`,
    '</svg>',
    '',
  ].join('\n');
}
