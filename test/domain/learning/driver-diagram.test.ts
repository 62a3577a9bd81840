/**
 * Driver diagrams: node validation at each rule's edge, the JSON graph of a small diagram
 * laid out by hand, and the SVG drawing (well-formed, self-contained, accessible, four
 * columns, one connector per edge). Expected values are worked out in the comments.
 */
import { describe, it, expect } from 'vitest';
import { driverDiagramGraph, renderDriverDiagramSvg, validateDriverNodes, wrapText } from '../../../src/domain/learning/driver-diagram.ts';
import type { DriverNode, DriverNodeKind } from '../../../src/domain/learning/types.ts';

const node = (id: string, kind: DriverNodeKind, label: string, serves: string[] = []): DriverNode => ({ id, kind, label, serves });

/**
 * Two primary drivers; s3 serves both; c2 serves two secondaries and a primary; c3 serves a
 * primary directly. Laid out by hand:
 * - primary: p1, p2 (as given);
 * - secondary, by first primary served (p1 = 0, p2 = 1): s1 (0), s3 (0), s2 (1);
 * - outline order of drivers: p1, s1, s3, p2, s2 (ranks 0..4);
 * - change ideas by first driver served: c3 → p1 (0), c1 → s1 (1), c2 → s2 (4).
 */
const SAMPLE: DriverNode[] = [
  node('p1', 'primary', 'Fast housing'),
  node('p2', 'primary', 'Steady income'),
  node('s1', 'secondary', 'Landlord pool', ['p1']),
  node('s2', 'secondary', 'Benefits access', ['p2']),
  node('s3', 'secondary', 'Case conferencing', ['p1', 'p2']),
  node('c1', 'change_idea', 'Risk mitigation fund', ['s1']),
  node('c2', 'change_idea', 'SOAR training', ['s2', 's3', 'p2']),
  node('c3', 'change_idea', 'Weekly by-name meeting', ['p1']),
];
const AIM = 'Reduce the time from identification to housing';
const SAMPLE_DIAGRAM = { title: 'Housing faster', nodes: SAMPLE };

const primaries = (n: number): DriverNode[] => Array.from({ length: n }, (_, i) => node(`p${i}`, 'primary', `Driver ${i}`));

describe('validateDriverNodes', () => {
  it('should find no problem when the diagram follows every rule', () => {
    expect(validateDriverNodes(SAMPLE)).toEqual([]);
  });

  it('should find no problem when the diagram has no nodes', () => {
    expect(validateDriverNodes([])).toEqual([]);
  });

  it('should accept 200 nodes and reject 201 when counting nodes', () => {
    expect(validateDriverNodes(primaries(200))).toEqual([]);
    expect(validateDriverNodes(primaries(201))).toEqual(['The diagram has 201 nodes; expected at most 200.']);
  });

  it('should accept a 40-character id and reject a 41-character one when checking ids', () => {
    expect(validateDriverNodes([node('a'.repeat(40), 'primary', 'Forty')])).toEqual([]);
    const id41 = 'a'.repeat(41);
    expect(validateDriverNodes([node(id41, 'primary', 'Forty-one')])).toEqual([
      `Primary driver "${id41}" has an invalid id; expected 1 to 40 letters, digits, "-" or "_", starting with a letter or digit.`,
    ]);
  });

  it('should accept one-character and dashed ids and reject others when an id starts with "-" or "_" or has other characters', () => {
    expect(validateDriverNodes([node('x', 'primary', 'X'), node('A-b_9', 'primary', 'Y')])).toEqual([]);
    for (const id of ['-a', '_a', 'a b', 'a.b', 'é']) {
      const problems = validateDriverNodes([node(id, 'primary', 'Z')]);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(`"${id}" has an invalid id`);
    }
  });

  it('should name the node by its position when its id is empty', () => {
    expect(validateDriverNodes([node('p1', 'primary', 'A'), node('', 'primary', 'B')])).toEqual([
      'Primary driver at position 2 has an invalid id; expected 1 to 40 letters, digits, "-" or "_", starting with a letter or digit.',
    ]);
  });

  it('should report a duplicate id once when two nodes share it', () => {
    expect(validateDriverNodes([node('p1', 'primary', 'A'), node('p1', 'primary', 'B')])).toEqual([
      'Node id "p1" is used by 2 nodes; expected each id to be unique.',
    ]);
  });

  it('should reject the id "aim" when a node takes it', () => {
    expect(validateDriverNodes([node('aim', 'primary', 'A')])).toEqual([
      'Primary driver "aim" uses the id "aim", which is reserved for the aim; expected another id.',
    ]);
  });

  it('should reject a kind when it is not primary, secondary or change_idea', () => {
    const bad = { id: 't1', kind: 'tertiary', label: 'T', serves: [] } as unknown as DriverNode;
    expect(validateDriverNodes([bad])).toEqual(['Node "t1" has kind "tertiary"; expected one of "primary", "secondary", "change_idea".']);
  });

  it('should accept a 300-character label and reject a 301-character one when checking labels', () => {
    expect(validateDriverNodes([node('p1', 'primary', 'x'.repeat(300))])).toEqual([]);
    expect(validateDriverNodes([node('p1', 'primary', 'x'.repeat(301))])).toEqual([
      'Primary driver "p1" has a label of 301 characters; expected at most 300.',
    ]);
  });

  it('should count characters, not UTF-16 units, when a label has emoji', () => {
    // '🏠' is one character but two UTF-16 units: 300 of them are 600 units.
    expect(validateDriverNodes([node('p1', 'primary', '🏠'.repeat(300))])).toEqual([]);
    expect(validateDriverNodes([node('p1', 'primary', '🏠'.repeat(301))])).toEqual([
      'Primary driver "p1" has a label of 301 characters; expected at most 300.',
    ]);
  });

  it('should reject a label when it is empty, blank or not trimmed', () => {
    expect(validateDriverNodes([node('p1', 'primary', '')])).toEqual(['Primary driver "p1" has an empty label; expected a non-empty text of at most 300 characters.']);
    expect(validateDriverNodes([node('p1', 'primary', '   ')])).toEqual(['Primary driver "p1" has an empty label; expected a non-empty text of at most 300 characters.']);
    expect(validateDriverNodes([node('p1', 'primary', ' Housing')])).toEqual(['Primary driver "p1" has a label with leading or trailing spaces; expected it trimmed.']);
    expect(validateDriverNodes([node('p1', 'primary', 'Housing\n')])).toEqual(['Primary driver "p1" has a label with leading or trailing spaces; expected it trimmed.']);
  });

  it('should reject a serves list when it names the same id twice', () => {
    expect(validateDriverNodes([node('p1', 'primary', 'A'), node('s1', 'secondary', 'B', ['p1', 'p1', 'p1'])])).toEqual([
      'Secondary driver "s1" serves "p1" more than once; expected each id once.',
    ]);
  });

  it('should reject a served id when no node has it', () => {
    expect(validateDriverNodes([node('p1', 'primary', 'A'), node('c1', 'change_idea', 'B', ['p1', 'nope'])])).toEqual([
      'Change idea "c1" serves "nope", which is not a node of the diagram; expected ids of its nodes.',
    ]);
  });

  it('should reject a primary driver when it serves anything', () => {
    expect(validateDriverNodes([node('p1', 'primary', 'A'), node('p2', 'primary', 'B', ['p1'])])).toEqual([
      'Primary driver "p2" serves "p1"; expected it to serve nothing, since a primary driver serves the aim.',
    ]);
  });

  it('should reject a secondary driver when it serves nothing', () => {
    expect(validateDriverNodes([node('s1', 'secondary', 'A')])).toEqual(['Secondary driver "s1" serves nothing; expected it to serve one or more primary drivers.']);
  });

  it('should reject a secondary driver when it serves a change idea', () => {
    const nodes = [node('p1', 'primary', 'A'), node('s1', 'secondary', 'B', ['p1', 'c1']), node('c1', 'change_idea', 'C', ['s1'])];
    expect(validateDriverNodes(nodes)).toEqual(['Secondary driver "s1" serves "c1", a change idea; expected it to serve only primary drivers.']);
  });

  it('should reject both secondary drivers when they serve each other in a would-be cycle', () => {
    const nodes = [node('p1', 'primary', 'A'), node('s1', 'secondary', 'B', ['s2']), node('s2', 'secondary', 'C', ['s1'])];
    expect(validateDriverNodes(nodes)).toEqual([
      'Secondary driver "s1" serves "s2", a secondary driver; expected it to serve only primary drivers.',
      'Secondary driver "s2" serves "s1", a secondary driver; expected it to serve only primary drivers.',
    ]);
  });

  it('should accept a change idea when it serves two secondary drivers and a primary driver', () => {
    const nodes = [
      node('p1', 'primary', 'A'),
      node('s1', 'secondary', 'B', ['p1']),
      node('s2', 'secondary', 'C', ['p1']),
      node('c1', 'change_idea', 'D', ['s1', 's2', 'p1']),
    ];
    expect(validateDriverNodes(nodes)).toEqual([]);
  });

  it('should reject a change idea when it serves nothing or serves a change idea', () => {
    expect(validateDriverNodes([node('c1', 'change_idea', 'A')])).toEqual([
      'Change idea "c1" serves nothing; expected it to serve one or more primary or secondary drivers.',
    ]);
    const nodes = [node('p1', 'primary', 'A'), node('c1', 'change_idea', 'B', ['p1']), node('c2', 'change_idea', 'C', ['c1'])];
    expect(validateDriverNodes(nodes)).toEqual(['Change idea "c2" serves "c1", a change idea; expected it to serve only primary or secondary drivers.']);
  });

  it('should reject a node when it is not an object or its serves is not a list', () => {
    const nodes = [null, { id: 'p1', kind: 'primary', label: 'A', serves: 'p0' }] as unknown as DriverNode[];
    expect(validateDriverNodes(nodes)).toEqual([
      'Node at position 1 is not an object; expected {id, kind, label, serves}.',
      'Primary driver "p1" has "serves" that is not a list; expected a list of node ids.',
    ]);
  });

  it('should report every problem of a node, each naming it, when a node breaks several rules', () => {
    const problems = validateDriverNodes([node('s1', 'secondary', ' x', ['s1', 'zz'])]);
    expect(problems).toEqual([
      'Secondary driver "s1" has a label with leading or trailing spaces; expected it trimmed.',
      'Secondary driver "s1" serves "zz", which is not a node of the diagram; expected ids of its nodes.',
      'Secondary driver "s1" serves "s1", a secondary driver; expected it to serve only primary drivers.',
    ]);
  });
});

describe('driverDiagramGraph', () => {
  it('should list nodes in layout order and an edge per served node when given the sample diagram', () => {
    expect(driverDiagramGraph(SAMPLE_DIAGRAM, AIM)).toEqual({
      aim: { id: 'aim', label: AIM },
      nodes: [
        { id: 'p1', kind: 'primary', label: 'Fast housing' },
        { id: 'p2', kind: 'primary', label: 'Steady income' },
        { id: 's1', kind: 'secondary', label: 'Landlord pool' },
        { id: 's3', kind: 'secondary', label: 'Case conferencing' },
        { id: 's2', kind: 'secondary', label: 'Benefits access' },
        { id: 'c3', kind: 'change_idea', label: 'Weekly by-name meeting' },
        { id: 'c1', kind: 'change_idea', label: 'Risk mitigation fund' },
        { id: 'c2', kind: 'change_idea', label: 'SOAR training' },
      ],
      edges: [
        { from: 'p1', to: 'aim' },
        { from: 'p2', to: 'aim' },
        { from: 's1', to: 'p1' },
        { from: 's3', to: 'p1' },
        { from: 's3', to: 'p2' },
        { from: 's2', to: 'p2' },
        { from: 'c3', to: 'p1' },
        { from: 'c1', to: 's1' },
        { from: 'c2', to: 's2' },
        { from: 'c2', to: 's3' },
        { from: 'c2', to: 'p2' },
      ],
    });
  });

  it('should give only the aim when the diagram has no nodes', () => {
    expect(driverDiagramGraph({ title: 'Empty', nodes: [] }, 'Aim')).toEqual({ aim: { id: 'aim', label: 'Aim' }, nodes: [], edges: [] });
  });
});

describe('wrapText', () => {
  it('should wrap greedily at word boundaries when words fit a line', () => {
    // "Reduce the time from" is 20; adding " identification" makes 35 > 24.
    // "identification to" is 17; adding " housing" makes 25 > 24.
    expect(wrapText(AIM, 24)).toEqual(['Reduce the time from', 'identification to', 'housing']);
  });

  it('should break a word into line-sized pieces when it is longer than a line', () => {
    expect(wrapText('a'.repeat(50), 24)).toEqual(['a'.repeat(24), 'a'.repeat(24), 'aa']);
    expect(wrapText(`ab ${'x'.repeat(30)}`, 24)).toEqual(['ab', 'x'.repeat(24), 'x'.repeat(6)]);
  });

  it('should collapse whitespace and give no line when the text is blank', () => {
    expect(wrapText('  one \n\t two  ', 24)).toEqual(['one two']);
    expect(wrapText('   ', 24)).toEqual([]);
  });
});

// --- SVG helpers (test-only) ---------------------------------------------------------------

/**
 * A small well-formedness check: after the XML declaration, tags must nest and balance with
 * exactly one root, attributes must be double-quoted, and text and attribute values may hold
 * no raw `<` or `>` and no `&` except the five named entities and numeric references.
 */
function wellFormednessProblems(xml: string): string[] {
  const problems: string[] = [];
  const body = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  if (body === xml) problems.push('missing XML declaration');
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g;
  const badAmp = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
  const stack: string[] = [];
  let roots = 0;
  let last = 0;
  for (let m = tag.exec(body); m !== null; m = tag.exec(body)) {
    const text = body.slice(last, m.index);
    if (/[<>]/.test(text)) problems.push(`raw < or > in text before offset ${m.index}`);
    if (badAmp.test(text) || badAmp.test(m[3])) problems.push(`raw & near offset ${m.index}`);
    if (stack.length === 0 && text.trim() !== '') problems.push('text outside the root element');
    last = tag.lastIndex;
    const [, closing, name, , selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open}>`);
    } else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name);
    } else if (stack.length === 0) roots++;
  }
  if (/[<>]/.test(body.slice(last)) || body.slice(last).trim() !== '') problems.push('unparsed text after the last tag');
  if (stack.length > 0) problems.push(`unclosed ${stack.join(', ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}

const count = (text: string, pattern: RegExp): number => (text.match(new RegExp(pattern.source, 'g')) ?? []).length;

interface Rect {
  kind: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

function rectsOf(svg: string): Rect[] {
  const re = /<g class="node ([a-z_]+)"><rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/g;
  return [...svg.matchAll(re)].map((m) => ({ kind: m[1], x: Number(m[2]), y: Number(m[3]), width: Number(m[4]), height: Number(m[5]) }));
}

function rootAttribute(svg: string, name: string): string | undefined {
  return new RegExp(`<svg [^>]*\\b${name}="([^"]*)"`).exec(svg)?.[1];
}

describe('renderDriverDiagramSvg', () => {
  const svg = renderDriverDiagramSvg(SAMPLE_DIAGRAM, AIM);

  it('should give a well-formed SVG 1.1 document when drawing the sample diagram', () => {
    expect(wellFormednessProblems(svg)).toEqual([]);
    expect(rootAttribute(svg, 'xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(rootAttribute(svg, 'version')).toBe('1.1');
    const width = rootAttribute(svg, 'width');
    const height = rootAttribute(svg, 'height');
    expect(Number(width)).toBeGreaterThan(0);
    expect(Number(height)).toBeGreaterThan(0);
    expect(rootAttribute(svg, 'viewBox')).toBe(`0 0 ${width} ${height}`);
  });

  it('should check well-formedness for real when the document is broken', () => {
    expect(wellFormednessProblems(svg.replace('</desc>', ''))).not.toEqual([]);
    expect(wellFormednessProblems(svg.replace('Fast housing', 'Fast & housing'))).not.toEqual([]);
  });

  it('should draw one rounded rect per node plus the aim when drawing the sample diagram', () => {
    const rects = rectsOf(svg);
    expect(count(svg, /<rect\b/)).toBe(SAMPLE.length + 1);
    expect(rects.map((r) => r.kind)).toEqual(['aim', 'primary', 'primary', 'secondary', 'secondary', 'secondary', 'change_idea', 'change_idea', 'change_idea']);
    expect(count(svg, /<rect [^>]*rx="\d+"/)).toBe(SAMPLE.length + 1);
  });

  it('should show every label, the aim and the four column headings when drawing the sample diagram', () => {
    // The sample labels fit one line (23 characters a line); the aim wraps as in wrapText.
    for (const n of SAMPLE) expect(svg).toContain(`>${n.label}</tspan>`);
    for (const line of ['Reduce the time from', 'identification to', 'housing']) expect(svg).toContain(`>${line}</tspan>`);
    for (const heading of ['Aim', 'Primary drivers', 'Secondary drivers', 'Change ideas']) expect(svg).toContain(`>${heading}</text>`);
  });

  it('should place the columns left to right as aim, primary, secondary, change idea', () => {
    const xOf = (kind: string) => new Set(rectsOf(svg).filter((r) => r.kind === kind).map((r) => r.x));
    const columns = ['aim', 'primary', 'secondary', 'change_idea'].map(xOf);
    for (const xs of columns) expect(xs.size).toBe(1);
    const [aim, primary, secondary, change] = columns.map((xs) => [...xs][0]);
    expect(aim).toBeLessThan(primary);
    expect(primary).toBeLessThan(secondary);
    expect(secondary).toBeLessThan(change);
    const headingX = [...svg.matchAll(/<text x="([\d.]+)" y="[\d.]+" text-anchor="middle">([A-Za-z ]+)<\/text>/g)].map((m) => [m[2], Number(m[1])]);
    expect(headingX.map(([h]) => h)).toEqual(['Aim', 'Primary drivers', 'Secondary drivers', 'Change ideas']);
  });

  it('should stack each column without overlap and centre the aim vertically when drawing the sample diagram', () => {
    const rects = rectsOf(svg);
    for (const kind of ['primary', 'secondary', 'change_idea']) {
      const column = rects.filter((r) => r.kind === kind);
      for (let i = 1; i < column.length; i++) expect(column[i].y).toBeGreaterThan(column[i - 1].y + column[i - 1].height);
    }
    const top = Math.min(...rects.map((r) => r.y));
    const bottom = Math.max(...rects.map((r) => r.y + r.height));
    const aim = rects[0];
    expect(aim.y + aim.height / 2).toBeCloseTo((top + bottom) / 2, 0);
  });

  it('should draw one connector per graph edge, dashed when it skips a column', () => {
    const edges = driverDiagramGraph(SAMPLE_DIAGRAM, AIM).edges;
    expect(count(svg, /<path\b/)).toBe(edges.length);
    // 9 edges join neighbouring columns: one S-curve each.
    expect(count(svg, /<path d="M[\d.]+ [\d.]+ C[\d.]+ [\d.]+ [\d.]+ [\d.]+ [\d.]+ [\d.]+"\/>/)).toBe(9);
    // c3 → p1 and c2 → p2 skip the secondary column: curve, straight run, curve; dashed.
    expect(count(svg, /<path d="M[^"]+ L[^"]+ C[^"]+" stroke-dasharray="5 4"\/>/)).toBe(2);
  });

  it('should run a column-skipping connector through a gap of the skipped column when a change idea serves a primary driver', () => {
    const secondaries = rectsOf(svg).filter((r) => r.kind === 'secondary');
    const runs = [...svg.matchAll(/ C[\d.]+ [\d.]+ [\d.]+ [\d.]+ ([\d.]+) ([\d.]+) L([\d.]+) ([\d.]+) C/g)].map((m) => m.slice(1).map(Number));
    expect(runs).toHaveLength(2);
    for (const [xa, ya, xb, yb] of runs) {
      expect(ya).toBe(yb);
      expect(xa).toBe(secondaries[0].x);
      expect(xb).toBe(secondaries[0].x + secondaries[0].width);
      for (const r of secondaries) expect(ya < r.y || ya > r.y + r.height).toBe(true);
    }
  });

  it('should draw a plain curve when a change idea serves a primary driver and there is no secondary driver', () => {
    const out = renderDriverDiagramSvg({ title: 'T', nodes: [node('p1', 'primary', 'A'), node('c1', 'change_idea', 'B', ['p1'])] }, 'Aim');
    expect(count(out, /<path\b/)).toBe(2);
    expect(out).not.toContain(' L');
  });

  it('should run a connector from the right edge of the served box to the left edge of the serving box', () => {
    // The first edge is p1 → aim: from the aim's right edge to p1's left edge.
    const [aim, p1] = rectsOf(svg);
    const first = /<path d="M([\d.]+) ([\d.]+) C[\d.]+ [\d.]+ [\d.]+ [\d.]+ ([\d.]+) ([\d.]+)"/.exec(svg);
    expect(first).not.toBeNull();
    const [, x1, y1, x2, y2] = (first as RegExpExecArray).map(Number);
    expect(x1).toBeCloseTo(aim.x + aim.width, 0);
    expect(y1).toBeCloseTo(aim.y + aim.height / 2, 0);
    expect(x2).toBeCloseTo(p1.x, 0);
    expect(y2).toBeCloseTo(p1.y + p1.height / 2, 0);
  });

  it('should carry the title and a plain-text outline when read by assistive technology', () => {
    expect(rootAttribute(svg, 'role')).toBe('img');
    expect(svg).toContain('<title>Housing faster</title>');
    const desc = /<desc>([\s\S]*)<\/desc>/.exec(svg)?.[1] ?? '';
    expect(desc.split('\n')).toEqual([
      `Aim: “${AIM}”.`,
      'Primary driver: “Fast housing”. Served by: secondary driver “Landlord pool”; secondary driver “Case conferencing”; change idea “Weekly by-name meeting”.',
      '  Secondary driver: “Landlord pool” (serves “Fast housing”). Served by: change idea “Risk mitigation fund”.',
      '  Secondary driver: “Case conferencing” (serves “Fast housing”; “Steady income”). Served by: change idea “SOAR training”.',
      'Primary driver: “Steady income”. Served by: secondary driver “Case conferencing”; secondary driver “Benefits access”; change idea “SOAR training”.',
      '  Secondary driver: “Benefits access” (serves “Steady income”). Served by: change idea “SOAR training”.',
    ]);
  });

  it('should escape a label and never include it raw when it holds markup characters', () => {
    const label = `Tom's <b>&"x"`;
    const out = renderDriverDiagramSvg({ title: 'A <t> & "q"', nodes: [node('p1', 'primary', label)] }, 'Aim & <goal>');
    expect(out).toContain('>Tom&apos;s &lt;b&gt;&amp;&quot;x&quot;</tspan>');
    expect(out).not.toContain('<b>');
    expect(out).not.toContain(label);
    expect(out).toContain('<title>A &lt;t&gt; &amp; &quot;q&quot;</title>');
    expect(out).toContain('Aim &amp; &lt;goal&gt;');
    expect(wellFormednessProblems(out)).toEqual([]);
  });

  it('should stay well-formed when a label holds characters XML forbids', () => {
    const out = renderDriverDiagramSvg({ title: 'T', nodes: [node('p1', 'primary', 'Bell\u0007 and \uD800 lone')] }, 'Aim');
    expect(out).toContain('>Bell and lone</tspan>');
    expect(out).not.toMatch(/[\u0007\uD800]/);
  });

  it('should keep every text line within the box width when a label is one 300-character word', () => {
    const out = renderDriverDiagramSvg({ title: 'T', nodes: [node('p1', 'primary', 'x'.repeat(300))] }, 'Aim');
    const lines = [...out.matchAll(/<tspan [^>]*>(x+)<\/tspan>/g)].map((m) => m[1]);
    expect(lines.join('')).toBe('x'.repeat(300));
    // A box is 200 wide with 10 of padding each side: 180 / (13 × 0.6) → 23 characters a line,
    // so 300 characters make 13 lines of 23 and one of 1; 2 × 10 + 14 × 17 = 258 high.
    expect(lines).toHaveLength(14);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(23);
    const [, p1] = rectsOf(out);
    expect(p1.height).toBe(258);
  });

  it('should reference nothing outside the document and hold no script when drawing', () => {
    expect(svg.replace('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/http/i);
    expect(svg).not.toMatch(/<script|foreignObject|href|url\(|@import|@font-face/i);
    expect(rootAttribute(svg, 'font-family')).toBe("system-ui, -apple-system, 'Segoe UI', sans-serif");
  });

  it('should give the same document when drawing the same diagram twice', () => {
    expect(renderDriverDiagramSvg(SAMPLE_DIAGRAM, AIM)).toBe(svg);
  });

  it('should draw the aim and the headings alone when the diagram has no nodes', () => {
    const out = renderDriverDiagramSvg({ title: 'Empty', nodes: [] }, 'Aim');
    expect(wellFormednessProblems(out)).toEqual([]);
    expect(count(out, /<rect\b/)).toBe(1);
    expect(count(out, /<path\b/)).toBe(0);
    expect(out).toContain('>Change ideas</text>');
  });
});
