import { esc, layout } from './pages.ts';

/**
 * The browsable API reference (/api/docs): the OpenAPI document rendered on the server
 * as one page, routes grouped by tag, each a <details> that opens without scripts.
 */

type Json = Record<string, unknown>;

interface Operation {
  summary: string;
  description: string;
  tags: string[];
  'x-access': string;
  parameters: { name: string; in: string; required: boolean; description?: string; schema: Json }[];
  requestBody?: { content: Record<string, { schema: Json }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Json }> }>;
}

const MAX_DEPTH = 8;

/** A schema's type in a few words: `integer or null`, `one of: a, b`, `array of object`. */
function typeWords(s: Json): string {
  if (s.const !== undefined) return `"${String(s.const)}"`;
  if (Array.isArray(s.enum)) return `one of: ${(s.enum as unknown[]).map((v) => (v === null ? 'null' : `"${String(v)}"`)).join(', ')}`;
  const alternatives = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (alternatives) return alternatives.map(typeWords).join(' or ');
  const type = Array.isArray(s.type) ? (s.type as string[]).join(' or ') : (s.type as string | undefined);
  if (type === 'array') return `array of ${typeWords((s.items as Json | undefined) ?? {})}`;
  if (type === undefined) return 'any';
  const limits: string[] = [];
  if (s.pattern) limits.push(`pattern ${String(s.pattern)}`);
  if (s.minimum !== undefined) limits.push(`≥ ${String(s.minimum)}`);
  if (s.maximum !== undefined) limits.push(`≤ ${String(s.maximum)}`);
  if (s.maxLength !== undefined) limits.push(`at most ${String(s.maxLength)} characters`);
  if (s.format) limits.push(String(s.format));
  return limits.length > 0 ? `${type} (${limits.join(', ')})` : type;
}

/** The object (or objects) whose fields a schema's reader needs to see: its own, its items', its alternatives'. */
function objectsIn(s: Json): Json[] {
  if (s.properties || s.additionalProperties) return [s];
  if (s.items) return objectsIn(s.items as Json);
  return (((s.anyOf ?? s.oneOf) as Json[] | undefined) ?? []).flatMap(objectsIn);
}

/** A schema as a nested list of fields with their types. */
function schemaHtml(s: Json, depth = 0): string {
  if (depth > MAX_DEPTH) return '';
  const parts: string[] = [];
  for (const o of objectsIn(s)) {
    const required = new Set((o.required as string[] | undefined) ?? []);
    const items = Object.entries((o.properties as Record<string, Json> | undefined) ?? {}).map(([name, p]) => {
      const note = p.description ? ` — ${esc(String(p.description))}` : '';
      return `<li><code>${esc(name)}</code> <span class="type">${esc(typeWords(p))}</span>${required.has(name) ? '' : ' <span class="optional">optional</span>'}${note}${schemaHtml(p, depth + 1)}</li>`;
    });
    if (o.additionalProperties && typeof o.additionalProperties === 'object') items.push(`<li><em>any name</em> <span class="type">${esc(typeWords(o.additionalProperties as Json))}</span></li>`);
    else if (o.additionalProperties !== false && o.type === 'object' && items.length > 0) items.push('<li><em>other fields may be present</em></li>');
    if (items.length > 0) parts.push(`<ul class="fields">${items.join('')}</ul>`);
  }
  return parts.join('');
}

function contentHtml(content: Record<string, { schema: Json }>): string {
  return Object.entries(content)
    .map(([type, { schema }]) => `<p><code>${esc(type)}</code>: <span class="type">${esc(typeWords(schema))}</span>${schema.description ? ` — ${esc(String(schema.description))}` : ''}</p>${schemaHtml(schema)}`)
    .join('');
}

/** The common `{error}` body, shown in one line rather than field by field. */
function isError(content: Record<string, { schema: Json }>): boolean {
  const types = Object.keys(content);
  const schema = content['application/json']?.schema;
  return types.length === 1 && schema !== undefined && Object.keys((schema.properties as Json | undefined) ?? {}).join() === 'error';
}

/** Markdown's **bold** and `code` in the descriptions, nothing else. */
const inline = (text: string): string =>
  esc(text)
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/`([^`]+)`/g, '<code>$1</code>');

function operationHtml(method: string, path: string, op: Operation): string {
  const params = op.parameters.length
    ? `<h4>Parameters</h4><ul class="fields">${op.parameters
        .map((p) => `<li><code>${esc(p.name)}</code> <span class="type">${esc(p.in)}, ${esc(typeWords(p.schema))}</span>${p.required ? '' : ' <span class="optional">optional</span>'}${p.description ? ` — ${esc(p.description)}` : ''}</li>`)
        .join('')}</ul>`
    : '';
  const body = op.requestBody ? `<h4>Request body</h4>${contentHtml(op.requestBody.content)}` : '';
  const responses = Object.entries(op.responses)
    .map(([code, r]) => `<li><strong>${esc(code)}</strong> ${esc(r.description)}${r.content ? (isError(r.content) ? ' <code>{"error": "…"}</code>' : contentHtml(r.content)) : ''}</li>`)
    .join('');
  const id = `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-');
  return `<details class="operation" id="${esc(id)}">
<summary><span class="method">${esc(method.toUpperCase())}</span> <code class="path">${esc(path)}</code> <span class="what">${esc(op.summary)}</span> <span class="access">${esc(op['x-access'])}</span></summary>
<p>${op.description.split('\n\n').map(inline).join('</p><p>')}</p>
${params}${body}<h4>Responses</h4><ul class="responses">${responses}</ul>
</details>`;
}

/** The whole reference page from the OpenAPI document. */
export function renderApiReference(doc: Json): string {
  const info = doc.info as { title: string; version: string; description: string };
  const tags = doc.tags as { name: string; description: string }[];
  const byTag = new Map<string, string[]>(tags.map((t) => [t.name, []]));
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Operation>>))
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags[0] ?? 'other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)!.push(operationHtml(method, path, op));
    }
  const sections = [...byTag]
    .filter(([, ops]) => ops.length > 0)
    .map(([name, ops]) => {
      const description = tags.find((t) => t.name === name)?.description;
      return `<section id="tag-${esc(name.replace(/\W+/g, '-'))}"><h2>${esc(name[0].toUpperCase() + name.slice(1))}</h2>${description ? `<p class="note">${esc(description)}</p>` : ''}${ops.join('\n')}</section>`;
    });
  const contents = [...byTag].filter(([, ops]) => ops.length > 0).map(([name]) => `<li><a href="#tag-${esc(name.replace(/\W+/g, '-'))}">${esc(name)}</a></li>`);
  return layout(
    `${info.title} reference`,
    `<h2>${esc(info.title)} ${esc(info.version)}</h2>
<p>The machine-readable document: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${esc(String(doc.openapi))}).</p>
<div class="api-intro"><p>${info.description.split('\n\n').map(inline).join('</p><p>')}</p></div>
<nav aria-label="Groups"><ul class="contents">${contents.join('')}</ul></nav>
${sections.join('\n')}`,
  );
}
