import type { FastifyInstance } from 'fastify';
import type { AccessLevel } from '../domain/auth/access.ts';
import { SESSION_COOKIE, SHARE_COOKIE } from './access-control.ts';
import type { Schema } from './schemas.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its schema and configuration, as registered (for the OpenAPI document). */
    apiRoutes: RouteRecord[];
  }
}

export interface RouteRecord {
  method: string;
  url: string;
  access: AccessLevel;
  schema: Record<string, unknown>;
  requestContent: Record<string, Schema> | undefined;
}

/** Groups of routes, in the order the reference lists them. */
export const TAGS: { name: string; description: string }[] = [
  { name: 'server', description: 'The server itself and this reference.' },
  { name: 'account', description: 'Signing in and out, one’s own account, public share links.' },
  { name: 'figures', description: 'The By-Name List’s monthly figures, functional zero, charts and breakdowns. Small counts are hidden from viewers and public links.' },
  { name: 'measures', description: 'The learning engine’s measures: versioned definitions, values, phases and charts (docs/learning.md).' },
  { name: 'aims', description: 'Aims judged from their measure’s chart.' },
  { name: 'driver diagrams', description: 'Driver diagrams: the aim, primary and secondary drivers, change ideas.' },
  { name: 'PDSA cycles', description: 'PDSA worksheets, chained into ramps of tests.' },
  { name: 'decisions', description: 'The decision log: what was decided, when, why, on what data and by whom; marked on the charts of the measures it names.' },
  { name: 'people', description: 'Person-level data: the By-Name List and one person’s timeline. Every view is in the audit log.' },
  { name: 'imports', description: 'Loading an HMIS export or By-Name List files, and the import history.' },
  { name: 'admin', description: 'A community’s accounts, share links, settings and audit log.' },
  { name: 'pages', description: 'Server-rendered pages, forms and the browser app’s files (HTML, not JSON).' },
];

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Who may call a route of each access level (src/domain/auth/access.ts, docs/security.md). */
export const ACCESS_WORDS: Record<AccessLevel, string> = {
  public: 'anyone, signed in or not',
  'signed-in': 'any signed-in account',
  aggregates: 'any role in this community, or its public share link; viewers and share links see small counts hidden',
  learning: 'the member, data-steward or admin role in this community',
  'person-level': 'the data-steward or admin role in this community; every view is in the audit log',
  admin: 'the admin role in this community',
};

/** Records every route as it is registered (install before the routes). */
export function collectRoutes(app: FastifyInstance): void {
  const routes: RouteRecord[] = [];
  app.decorate('apiRoutes', routes);
  app.addHook('onRoute', (route) => {
    for (const method of ([] as string[]).concat(route.method as string | string[])) {
      if (method === 'HEAD') continue;
      routes.push({
        method,
        url: route.url,
        access: route.config!.access!,
        schema: (route.schema ?? {}) as Record<string, unknown>,
        requestContent: route.config?.requestContent,
      });
    }
  });
}

const DESCRIPTION = `The ZeroLoop API: JSON over HTTP, served by the same process as the web app.

**Signing in.** \`POST /api/session {username, password}\` sets the session cookie (\`${SESSION_COOKIE}\`, HttpOnly, SameSite=Lax) and returns a \`csrf_token\`. Send the cookie with every request, and the token as the \`x-csrf-token\` header with every change (POST, PUT, PATCH, DELETE); changes from another site's page (an \`Origin\` other than this server) are refused.

**Public share links.** An admin can create a read-only link to a community's aggregates. Opening \`/share/{token}\` remembers it in the \`${SHARE_COOKIE}\` cookie; a client can instead send the token as the \`x-share-token\` header. A share link reaches only the routes whose access is \`aggregates\`, with small counts hidden.

**Access levels.** Every route declares one (\`x-access\` on each operation): \`public\` (anyone), \`signed-in\` (any account), \`aggregates\` (a role in the community, or its share link), \`learning\` (member, data-steward or admin), \`person-level\` (data-steward or admin), \`admin\`. Someone without access to a community gets the same 404 as for a community that does not exist. Who may call what: docs/security.md.

**Errors.** Every refusal is JSON \`{"error": "<one sentence>"}\`: 400 for a request that does not match the route's schema (the sentence names the field), 401 to sign in first, 403 for a role that does not allow it, 404, 413, 422 for an import refused with its report, 429 for too many requests.

**Schemas.** Request parameters and bodies are validated against the schemas below; unknown fields are refused, not dropped. Response schemas describe what each route answers; they never change a response (docs/adr/0006-api-schemas.md).`;

/** The OpenAPI path of a Fastify route: `:slug` becomes `{slug}`. */
export const openApiPath = (url: string): string => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function operationId(method: string, url: string): string {
  const words = `${method.toLowerCase()} ${url}`.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return words.map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join('');
}

function security(access: AccessLevel, method: string): Record<string, string[]>[] {
  if (access === 'public') return [];
  const session: Record<string, string[]> = SAFE.has(method) ? { session: [] } : { session: [], csrfToken: [] };
  if (access === 'aggregates') return [session, { shareLinkHeader: [] }, { shareLinkCookie: [] }];
  return [session];
}

/** The JSON Schema of one value, without the description (that goes on the parameter). */
function parameters(schema: Record<string, unknown>): object[] {
  const out: object[] = [];
  for (const [where, key] of [['path', 'params'], ['query', 'querystring']] as const) {
    const s = schema[key] as { properties?: Record<string, Schema>; required?: string[] } | undefined;
    for (const [name, value] of Object.entries(s?.properties ?? {})) {
      const { description, ...rest } = value as Schema;
      out.push({ name, in: where, required: where === 'path' || (s?.required ?? []).includes(name), ...(description ? { description } : {}), schema: rest });
    }
  }
  return out;
}

const STATUS_WORDS: Record<string, string> = { '200': 'OK', '201': 'Created', '204': 'No content', '303': 'See other', '304': 'Not modified', '4XX': 'Refused: the sentence says why', '5XX': 'Failed on the server' };

function responses(response: Record<string, Schema> | undefined): Record<string, object> {
  const out: Record<string, object> = {};
  const entries = Object.entries(response ?? {}).map(([code, def]) => [code.replace(/xx$/, 'XX'), def] as const);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [code, def] of entries) {
    const description = (def.description as string | undefined) ?? STATUS_WORDS[code] ?? `Status ${code}`;
    if (def.content) out[code] = { description, content: def.content };
    else if (def.type === 'null') out[code] = { description };
    else out[code] = { description, content: { 'application/json': { schema: def } } };
  }
  return out;
}

function requestBody(route: RouteRecord): object | undefined {
  const content: Record<string, { schema: Schema }> = {};
  const body = route.schema.body as Schema | undefined;
  if (body) {
    content['application/json'] = { schema: body };
    // The server-rendered pages' forms post the same fields.
    if (!route.url.startsWith('/api/')) content['application/x-www-form-urlencoded'] = { schema: body };
  }
  for (const [type, schema] of Object.entries(route.requestContent ?? {})) content[type] = { schema };
  return Object.keys(content).length > 0 ? { required: true, content } : undefined;
}

/** The OpenAPI 3.1 document of the routes (JSON Schema 2020-12, so the schemas go in as they are). */
export function openApiDocument(routes: readonly RouteRecord[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of routes) {
    const path = openApiPath(route.url);
    const s = route.schema;
    const access = route.access;
    const operation = {
      operationId: operationId(route.method, route.url),
      summary: (s.summary as string | undefined) ?? `${route.method} ${route.url}`,
      description: [s.description, `Access: **${access}** — ${ACCESS_WORDS[access]}.`].filter(Boolean).join('\n\n'),
      tags: (s.tags as string[] | undefined) ?? ['other'],
      'x-access': access,
      security: security(access, route.method),
      parameters: parameters(s),
      ...(requestBody(route) ? { requestBody: requestBody(route) } : {}),
      responses: responses(s.response as Record<string, Schema> | undefined),
    };
    (paths[path] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'ZeroLoop API', version, description: DESCRIPTION, license: { name: 'Apache-2.0', identifier: 'Apache-2.0' } },
    tags: TAGS,
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'The session cookie set by POST /api/session.' },
        csrfToken: { type: 'apiKey', in: 'header', name: 'x-csrf-token', description: 'The csrf_token from POST /api/session or GET /api/me; required with the session on every change.' },
        shareLinkHeader: { type: 'apiKey', in: 'header', name: 'x-share-token', description: 'A public share link’s token: aggregates of one community, small counts hidden.' },
        shareLinkCookie: { type: 'apiKey', in: 'cookie', name: SHARE_COOKIE, description: 'The share link remembered by opening /share/{token}.' },
      },
    },
  };
}
