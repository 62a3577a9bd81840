import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../helpers/engines.ts';
import { anonymous, buildTestServer, makeUser, signedIn, TEST_PASSWORD, type Client, type Method } from '../helpers/api.ts';
import type { Database } from '../../src/store/database.ts';
import { importBnl } from '../../src/app/import-bnl.ts';
import { resolveCommunity } from '../../src/app/community.ts';
import { createShareLink } from '../../src/app/auth/accounts.ts';
import { createMeasure, putMeasureValues } from '../../src/app/learning/measures.ts';
import { createAim } from '../../src/app/learning/aims.ts';
import { createDiagram } from '../../src/app/learning/driver-diagrams.ts';
import { createCycle } from '../../src/app/learning/pdsa.ts';
import { recordDecision } from '../../src/app/learning/decisions.ts';

/** A request: by the community's admin unless `as` says otherwise. */
interface Req {
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
  /** A fresh session of this user (for routes that end or change it). */
  as?: string;
  anonymous?: boolean;
}

interface Case {
  /** A request the route accepts, and the status it answers with. */
  valid: (Req & { status: number[] }) | { elsewhere: string };
  /** A request the route refuses with a 400 because of its parameters, query or body; null for a route that takes no input at all. */
  invalid: Req | null;
}

const PERSONS = 'person_id,birth_date,veteran\nA,1970-01-01,yes\nB,1985-06-01,no\n';
const STATUS = 'person_id,date,status\nA,2024-01-05,active\nA,2024-02-10,housed\nB,2024-02-01,active\n';
const c = '/api/communities/north';
const bnlForm = () => {
  const form = new FormData();
  form.set('persons', new Blob([PERSONS]), 'persons.csv');
  form.set('status_history', new Blob([STATUS]), 'status-history.csv');
  return form;
};

/**
 * Every route with a valid and an invalid request, in the order they run (a removal
 * after what it removes). Written from the routes' documented inputs: a route missing
 * here, or listed and not registered, fails the suite.
 */
const CASES: Record<string, Case> = {
  'GET /api/health': { valid: { url: '/api/health', status: [200] }, invalid: { url: '/api/health?verbose=1' } },
  'GET /api/openapi.json': { valid: { url: '/api/openapi.json', status: [200] }, invalid: { url: '/api/openapi.json?v=2' } },
  'GET /api/docs': { valid: { url: '/api/docs', status: [200] }, invalid: { url: '/api/docs?tag=figures' } },
  'GET /api/communities': { valid: { url: '/api/communities', status: [200] }, invalid: { url: '/api/communities?all=1' } },
  'POST /api/session': { valid: { url: '/api/session', payload: { username: 'admin-n', password: TEST_PASSWORD }, anonymous: true, status: [200] }, invalid: { url: '/api/session', payload: { username: 'admin-n' }, anonymous: true } },
  'POST /login': { valid: { url: '/login', payload: { username: 'admin-n', password: TEST_PASSWORD }, anonymous: true, status: [303] }, invalid: { url: '/login', payload: { password: 'x' }, anonymous: true } },
  'POST /api/session/sign-out': { valid: { url: '/api/session/sign-out', as: 'admin-n', status: [204] }, invalid: { url: '/api/session/sign-out?everywhere=1', as: 'admin-n' } },
  'POST /logout': { valid: { url: '/logout', as: 'admin-n', status: [303] }, invalid: null },
  'POST /api/session/sign-out-everywhere': { valid: { url: '/api/session/sign-out-everywhere', as: 'leaver', status: [200] }, invalid: { url: '/api/session/sign-out-everywhere?now=1', as: 'leaver' } },
  'GET /api/me': { valid: { url: '/api/me', status: [200] }, invalid: { url: '/api/me?fields=all' } },
  'POST /api/me/password': {
    valid: { url: '/api/me/password', payload: { current_password: TEST_PASSWORD, new_password: 'a brand new passphrase 42' }, as: 'changer', status: [204] },
    invalid: { url: '/api/me/password', payload: { current_password: TEST_PASSWORD }, as: 'admin-n' },
  },
  'GET /share/:token': { valid: { url: '/share/TOKEN', anonymous: true, status: [303] }, invalid: { url: '/share/too-short', anonymous: true } },
  'GET /api/share': { valid: { url: '/api/share', status: [200] }, invalid: { url: '/api/share?link=1' } },
  'GET /api/communities/:slug/metrics': { valid: { url: `${c}/metrics?population=all&from=2024-01`, status: [200] }, invalid: { url: `${c}/metrics?from=2024-13` } },
  'GET /api/communities/:slug/functional-zero': { valid: { url: `${c}/functional-zero`, status: [200] }, invalid: { url: `${c}/functional-zero?population=all` } },
  'GET /api/communities/:slug/populations/:population/breakdown': { valid: { url: `${c}/populations/all/breakdown?month=2024-02`, status: [200] }, invalid: { url: `${c}/populations/all/breakdown?month=February` } },
  'GET /api/communities/:slug/populations': { valid: { url: `${c}/populations`, status: [200] }, invalid: { url: `${c}/populations?built_in=1` } },
  'GET /api/communities/:slug/populations/:population/chart': { valid: { url: `${c}/populations/all/chart?figure=inflow&chart=run`, status: [200] }, invalid: { url: `${c}/populations/all/chart?figure=everything` } },
  'GET /api/communities/:slug/overview': { valid: { url: `${c}/overview`, status: [200] }, invalid: { url: `${c}/overview?month=2024-02` } },
  'GET /api/communities/:slug/measures': { valid: { url: `${c}/measures?format=csv`, status: [200] }, invalid: { url: `${c}/measures?format=xml` } },
  'POST /api/communities/:slug/measures': {
    valid: { url: `${c}/measures`, payload: { slug: 'm2', name: 'Beds', type: 'process', source: 'csv', description: 'Open beds', numerator: 'Beds', unit: 'beds', by: 'x' }, status: [201] },
    invalid: { url: `${c}/measures`, payload: [1, 2] },
  },
  'GET /api/communities/:slug/measures/:measure': { valid: { url: `${c}/measures/m1`, status: [200] }, invalid: { url: `${c}/measures/NOT_A_SLUG` } },
  'PATCH /api/communities/:slug/measures/:measure': { valid: { url: `${c}/measures/m1`, payload: { name: 'Contacts', type: 'process', source: 'manual', description: 'Contacts made', numerator: 'n', unit: 'u', reason: 'clearer', by: 'x' }, status: [200] }, invalid: { url: `${c}/measures/m1`, payload: ['text'] } },
  'GET /api/communities/:slug/measures/:measure/values': { valid: { url: `${c}/measures/m1/values`, status: [200] }, invalid: { url: `${c}/measures/m1/values?format=pdf` } },
  'PUT /api/communities/:slug/measures/:measure/values': { valid: { url: `${c}/measures/m1/values`, payload: { by: 'x', values: [{ period: '2024-04', value: 31 }] }, status: [200] }, invalid: { url: `${c}/measures/M1/values`, payload: { by: 'x', values: [] } } },
  'DELETE /api/communities/:slug/measures/:measure/values/:period': { valid: { url: `${c}/measures/m1/values/2024-04`, status: [204] }, invalid: { url: `${c}/measures/m1/values/April` } },
  'POST /api/communities/:slug/measures/:measure/values.csv': {
    valid: { url: `${c}/measures/m2/values.csv`, payload: 'period,value\n2024-01,5\n2024-02,6\n', headers: { 'content-type': 'text/csv' }, status: [200] },
    invalid: { url: `${c}/measures/m2/values.csv?replace=1`, payload: 'period,value\n2024-01,5\n', headers: { 'content-type': 'text/csv' } },
  },
  'GET /api/communities/:slug/measures/:measure/chart': { valid: { url: `${c}/measures/m1/chart?rules=ihi&freeze=2`, status: [200] }, invalid: { url: `${c}/measures/m1/chart?rules=six-sigma` } },
  'POST /api/communities/:slug/measures/:measure/phases': { valid: { url: `${c}/measures/m1/phases`, payload: { starts: '2024-02', reason: 'A new rota', by: 'x' }, status: [201] }, invalid: { url: `${c}/measures/m1/phases`, payload: [] } },
  'DELETE /api/communities/:slug/measures/:measure/phases/:starts': { valid: { url: `${c}/measures/m1/phases/2024-02`, status: [204] }, invalid: { url: `${c}/measures/m1/phases/next-month` } },
  'GET /api/communities/:slug/aims': { valid: { url: `${c}/aims`, status: [200] }, invalid: { url: `${c}/aims?format=html` } },
  'POST /api/communities/:slug/aims': {
    valid: { url: `${c}/aims`, payload: { statement: 'Forty', measure: 'm1', baseline_period: '2024-01', target_value: 40, target_date: '2025-06-30', by: 'x' }, status: [201] },
    invalid: { url: `${c}/aims`, payload: ['Forty'] },
  },
  'GET /api/communities/:slug/aims/:id': { valid: { url: `${c}/aims/1`, status: [200] }, invalid: { url: `${c}/aims/0` } },
  'PATCH /api/communities/:slug/aims/:id': { valid: { url: `${c}/aims/1`, payload: { statement: 'Forty a month', by: 'x' }, status: [200] }, invalid: { url: `${c}/aims/first`, payload: { by: 'x' } } },
  'GET /api/communities/:slug/driver-diagrams': { valid: { url: `${c}/driver-diagrams`, status: [200] }, invalid: { url: `${c}/driver-diagrams?aim=1` } },
  'POST /api/communities/:slug/driver-diagrams': {
    valid: { url: `${c}/driver-diagrams`, payload: { title: 'E', aim_id: 1, by: 'x', nodes: [{ id: 'p', kind: 'primary', label: 'P' }] }, status: [201] },
    invalid: { url: `${c}/driver-diagrams`, payload: [{ title: 'E' }] },
  },
  'GET /api/communities/:slug/driver-diagrams/:id': { valid: { url: `${c}/driver-diagrams/1`, status: [200] }, invalid: { url: `${c}/driver-diagrams/-1` } },
  'PATCH /api/communities/:slug/driver-diagrams/:id': { valid: { url: `${c}/driver-diagrams/1`, payload: { title: 'Drivers', by: 'x' }, status: [200] }, invalid: { url: `${c}/driver-diagrams/1.5`, payload: { title: 'x' } } },
  'PUT /api/communities/:slug/driver-diagrams/:id/nodes/:node': {
    valid: { url: `${c}/driver-diagrams/1/nodes/n2`, payload: { kind: 'change_idea', label: 'Night shifts', serves: ['p1'], by: 'x' }, status: [200] },
    invalid: { url: `${c}/driver-diagrams/1/nodes/-n2`, payload: { kind: 'change_idea', label: 'x', serves: ['p1'] } },
  },
  'DELETE /api/communities/:slug/driver-diagrams/:id/nodes/:node': { valid: { url: `${c}/driver-diagrams/1/nodes/n2`, status: [200] }, invalid: { url: `${c}/driver-diagrams/1/nodes/${'n'.repeat(41)}` } },
  'GET /api/communities/:slug/driver-diagrams/:id/svg': { valid: { url: `${c}/driver-diagrams/1/svg`, status: [200] }, invalid: { url: `${c}/driver-diagrams/one/svg` } },
  'GET /api/communities/:slug/pdsa': { valid: { url: `${c}/pdsa?status=planning&measure=m1`, status: [200] }, invalid: { url: `${c}/pdsa?status=dreaming` } },
  'POST /api/communities/:slug/pdsa': {
    valid: { url: `${c}/pdsa`, payload: { title: 'U', owner: 'O', objective: 'Y', start_date: '2024-03-01', previous_id: 1, measures: ['m1'], by: 'x' }, status: [201] },
    invalid: { url: `${c}/pdsa`, payload: ['a cycle'] },
  },
  'GET /api/communities/:slug/pdsa/:id': { valid: { url: `${c}/pdsa/1`, status: [200] }, invalid: { url: `${c}/pdsa/0` } },
  'PATCH /api/communities/:slug/pdsa/:id': { valid: { url: `${c}/pdsa/1`, payload: { status: 'doing', by: 'x' }, status: [200] }, invalid: { url: `${c}/pdsa/99999999999`, payload: { status: 'doing' } } },
  'GET /api/communities/:slug/decisions': { valid: { url: `${c}/decisions?measure=m1&pdsa=1`, status: [200] }, invalid: { url: `${c}/decisions?pdsa=first` } },
  'POST /api/communities/:slug/decisions': {
    valid: { url: `${c}/decisions`, payload: { title: 'Keep going', decided_on: '2024-03-02', decided_by: 'Board', rationale: 'It works', measures: ['m1'], pdsa_id: 1, by: 'x' }, status: [201] },
    invalid: { url: `${c}/decisions`, payload: ['a decision'] },
  },
  'GET /api/communities/:slug/decisions/:id': { valid: { url: `${c}/decisions/1`, status: [200] }, invalid: { url: `${c}/decisions/0` } },
  'PATCH /api/communities/:slug/decisions/:id': { valid: { url: `${c}/decisions/1`, payload: { revisit_on: '2025-01-01', by: 'x' }, status: [200] }, invalid: { url: `${c}/decisions/1?x=1`, payload: { revisit_on: null } } },
  'GET /api/communities/:slug/people': { valid: { url: `${c}/people?status=active&page=1&page_size=10`, status: [200] }, invalid: { url: `${c}/people?page=0` } },
  'GET /api/communities/:slug/people/:person': { valid: { url: `${c}/people/A`, status: [200] }, invalid: { url: `${c}/people/${'A'.repeat(65)}` } },
  'GET /api/communities/:slug/imports': { valid: { url: `${c}/imports`, status: [200] }, invalid: { url: `${c}/imports?kind=bnl` } },
  'POST /api/communities/:slug/imports/hmis': {
    // An HMIS export zip big enough to import is HUD's sample: test/api/hmis-upload.test.ts sends it.
    valid: { elsewhere: 'test/api/hmis-upload.test.ts' },
    invalid: { url: `${c}/imports/hmis`, payload: { zip: 'no' } },
  },
  'POST /api/communities/:slug/imports/bnl': { valid: { url: `${c}/imports/bnl?replace=true`, payload: 'FORM', status: [200] }, invalid: { url: `${c}/imports/bnl?replace=maybe`, payload: 'FORM' } },
  'GET /api/communities/:slug/imports/:id': { valid: { url: `${c}/imports/1`, status: [200] }, invalid: { url: `${c}/imports/latest` } },
  'GET /api/communities/:slug/users': { valid: { url: `${c}/users`, status: [200] }, invalid: { url: `${c}/users?role=admin` } },
  'POST /api/communities/:slug/users': { valid: { url: `${c}/users`, payload: { username: 'newbie', display_name: 'New', role: 'viewer' }, status: [201] }, invalid: { url: `${c}/users`, payload: { username: 'newbie', role: 'king' } } },
  'PATCH /api/communities/:slug/users/:username': { valid: { url: `${c}/users/newbie`, payload: { role: 'member' }, status: [200] }, invalid: { url: `${c}/users/New%20Bie`, payload: { role: 'member' } } },
  'POST /api/communities/:slug/users/:username/reset-password': { valid: { url: `${c}/users/newbie/reset-password`, status: [200] }, invalid: { url: `${c}/users/N/reset-password` } },
  'GET /api/communities/:slug/share-links': { valid: { url: `${c}/share-links`, status: [200] }, invalid: { url: `${c}/share-links?active=1` } },
  'POST /api/communities/:slug/share-links': { valid: { url: `${c}/share-links`, payload: { label: 'Board', days: 7 }, status: [201] }, invalid: { url: `${c}/share-links`, payload: { label: 'Board', days: 0 } } },
  'DELETE /api/communities/:slug/share-links/:id': { valid: { url: `${c}/share-links/1`, status: [204] }, invalid: { url: `${c}/share-links/all` } },
  'GET /api/communities/:slug/audit': { valid: { url: `${c}/audit?limit=5`, status: [200] }, invalid: { url: `${c}/audit?limit=0` } },
  'GET /api/communities/:slug/settings': { valid: { url: `${c}/settings`, status: [200] }, invalid: { url: `${c}/settings?key=name` } },
  'PATCH /api/communities/:slug/settings': { valid: { url: `${c}/settings`, payload: { pit_count: 120 }, status: [200] }, invalid: { url: `${c}/settings`, payload: {} } },
  'GET /static/app.css': { valid: { url: '/static/app.css', status: [200] }, invalid: null },
  'GET /login': { valid: { url: '/login?next=/summary', anonymous: true, status: [200] }, invalid: { url: `/login?failed=${'x'.repeat(301)}`, anonymous: true } },
  'GET /': { valid: { url: '/', status: [200] }, invalid: null },
  'GET /summary': { valid: { url: '/summary', status: [200] }, invalid: null },
  // 404 only when the browser app is not built in this checkout (`npm run build`).
  'GET /static/:file': { valid: { url: '/static/web.css', status: [200, 404] }, invalid: { url: '/static/evil.js' } },
  'GET /c/:slug/report': { valid: { url: '/c/north/report', status: [200] }, invalid: { url: '/c/north/report?month=2024-03&extra=1' } },
  'GET /account': { valid: { url: '/account?done=Saved', status: [200] }, invalid: { url: `/account?done=${'x'.repeat(201)}` } },
  'POST /account/password': {
    valid: { url: '/account/password', payload: { current_password: TEST_PASSWORD, new_password: 'another new passphrase 7' }, as: 'changer2', status: [303] },
    invalid: { url: '/account/password', payload: { new_password: 'x' } },
  },
  'POST /account/sign-out-everywhere': { valid: { url: '/account/sign-out-everywhere', as: 'leaver2', status: [303] }, invalid: null },
};

const engine = engines[0];

describe('the API contract', () => {
  let db: Database;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;
  let admin: Client;
  let doc: { openapi: string; paths: Record<string, Record<string, any>>; tags: { name: string }[]; components: { securitySchemes: Record<string, unknown> } };
  let shareToken: string;

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
    const dir = mkdtempSync(join(tmpdir(), 'zl-contract-'));
    writeFileSync(join(dir, 'persons.csv'), PERSONS);
    writeFileSync(join(dir, 'status-history.csv'), STATUS);
    await importBnl(db, { dir, community: 'north' });
    const north = await resolveCommunity(db, 'north');
    await createMeasure(db, north, { slug: 'm1', name: 'Contacts', type: 'process', source: 'manual', description: 'd', numerator: 'n', unit: 'u', by: 'seed' });
    await putMeasureValues(db, north, 'm1', { by: 'seed', values: ['2024-01', '2024-02', '2024-03'].map((period, i) => ({ period, value: [20, 25, 30][i] })) });
    const aim = await createAim(db, north, { statement: 'S', measure: 'm1', target_value: 40, target_date: '2025-01-01', baseline_period: '2024-01', by: 'seed' });
    await createDiagram(db, north, { title: 'D', aim_id: aim.id, by: 'seed', nodes: [{ id: 'p1', kind: 'primary', label: 'P' }, { id: 'n1', kind: 'change_idea', label: 'C', serves: ['p1'] }] });
    await createCycle(db, north, { title: 'T', owner: 'O', objective: 'X', start_date: '2024-01-02', measures: ['m1'], by: 'seed' });
    await recordDecision(db, north, { title: 'Decided', decided_on: '2024-02-10', decided_by: 'Board', rationale: 'R', measures: ['m1'], pdsa_id: 1, by: 'seed' });
    await createShareLink(db, north, 'to be revoked', 5, { name: 'seed', ip: null });
    shareToken = (await createShareLink(db, north, 'opened', 5, { name: 'seed', ip: null })).token;
    for (const name of ['admin-n', 'leaver', 'leaver2', 'changer', 'changer2']) await makeUser(db, name, [[north, 'admin']]);
    app = buildTestServer(db, { loading: null, loadError: null }, { expensivePerMinute: 100_000, signInPerMinute: 100_000 });
    await app.ready();
    admin = await signedIn(app, 'admin-n');
    doc = (await admin.call('GET', '/api/openapi.json')).body;
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  const routes = () => app.accessTable.filter((r) => r.method !== 'HEAD');

  it('should describe every registered route in the OpenAPI document, with its access level, and nothing else', () => {
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const registered = routes().map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(documented.sort()).toEqual([...registered].sort());
    for (const r of routes()) {
      const op = doc.paths[r.url.replace(/:(\w+)/g, '{$1}')][r.method.toLowerCase()];
      expect([r.method, r.url, op['x-access']]).toEqual([r.method, r.url, r.access]);
    }
  });

  it('should give every operation a summary, a known tag, its path parameters, security and a successful response', () => {
    const tags = new Set(doc.tags.map((t) => t.name));
    const schemes = new Set(Object.keys(doc.components.securitySchemes));
    for (const [path, ops] of Object.entries(doc.paths)) {
      expect(Object.keys(ops).length, path).toBeGreaterThan(0);
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method} ${path}`;
        expect(op.summary, where).toMatch(/^\S.{10,}/);
        expect(op.tags.every((t: string) => tags.has(t)), where).toBe(true);
        const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        expect(op.parameters.filter((p: { in: string }) => p.in === 'path').map((p: { name: string }) => p.name), where).toEqual(inPath);
        expect(Object.keys(op.responses).some((code) => /^[23]\d\d$/.test(code)), where).toBe(true);
        expect(Object.keys(op.responses), where).toEqual(expect.arrayContaining(['4XX', '5XX']));
        // Public routes need nothing; every other one names schemes the document defines.
        if (op['x-access'] === 'public') expect(op.security, where).toEqual([]);
        else for (const alternative of op.security) for (const name of Object.keys(alternative)) expect(schemes.has(name), `${where}: ${name}`).toBe(true);
        // A change needs the CSRF token beside the session.
        if (op['x-access'] !== 'public' && method !== 'get') expect(op.security, where).toEqual([{ session: [], csrfToken: [] }]);
        // Only aggregates may be read with a public link.
        expect(JSON.stringify(op.security).includes('shareLink'), where).toBe(op['x-access'] === 'aggregates');
      }
    }
  });

  it('should hold only schemas that compile (JSON Schema 2020-12 as OpenAPI 3.1 takes it)', () => {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true, formats: { binary: true } });
    let compiled = 0;
    for (const ops of Object.values(doc.paths))
      for (const op of Object.values(ops)) {
        const schemas = [
          ...op.parameters.map((p: { schema: object }) => p.schema),
          ...Object.values(op.requestBody?.content ?? {}).map((m: any) => m.schema),
          ...Object.values(op.responses).flatMap((r: any) => Object.values(r.content ?? {}).map((m: any) => m.schema)),
        ];
        for (const s of schemas) {
          ajv.compile(s);
          compiled++;
        }
      }
    expect(compiled).toBeGreaterThan(routes().length);
  });

  it('should serve the reference as a page without scripts, listing every route with its access level', async () => {
    const r = await anonymous(app).call('GET', '/api/docs');
    expect([r.status, r.type]).toEqual([200, 'text/html; charset=utf-8']);
    expect(r.body).not.toMatch(/<script/i);
    expect(r.body).toContain('href="/api/openapi.json"');
    expect(r.body).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops)) {
        const escaped = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
        expect(r.body).toContain(`<span class="method">${method.toUpperCase()}</span> <code class="path">${escaped(path)}</code> <span class="what">${escaped(op.summary)}</span> <span class="access">${op['x-access']}</span>`);
      }
  });

  it('should have a valid and an invalid request for every route', () => {
    const registered = routes().map((r) => `${r.method} ${r.url}`);
    expect(Object.keys(CASES).sort()).toEqual([...registered].sort());
    // A route with no invalid request takes no input at all: no parameters, query or body to get wrong.
    for (const r of routes()) {
      if (CASES[`${r.method} ${r.url}`].invalid !== null) continue;
      const op = doc.paths[r.url.replace(/:(\w+)/g, '{$1}')][r.method.toLowerCase()];
      expect([r.method, r.url, op.parameters, op.requestBody]).toEqual([r.method, r.url, [], undefined]);
    }
  });

  it('should answer an import refused for a bad row with a 422, its sentence and its report (checked against the declared 422)', async () => {
    const form = new FormData();
    form.set('persons', new Blob([PERSONS]), 'persons.csv');
    form.set('status_history', new Blob(['person_id,date,status\nA,2024-01-05,active\nB,2024-02-31,active\n']), 'status-history.csv');
    const res = new Response(form);
    const r = await admin.call('POST', `${c}/imports/bnl`, Buffer.from(await res.arrayBuffer()), { 'content-type': res.headers.get('content-type')! });
    expect([r.status, typeof r.body.error, r.body.report?.status]).toEqual([422, 'string', 'failed']);
    expect(r.body.error).toMatch(/line 3/);
  });

  it('should refuse every invalid request with a 400 and one sentence, and answer every valid one', async () => {
    const failures: string[] = [];
    const clientFor = async (req: Req) => (req.anonymous ? anonymous(app) : req.as ? await signedIn(app, req.as) : admin);
    const send = async (method: string, req: Req) => {
      const client = await clientFor(req);
      if (req.payload === 'FORM') {
        const res = new Response(bnlForm());
        const body = Buffer.from(await res.arrayBuffer());
        return client.call(method as Method, req.url, body, { 'content-type': res.headers.get('content-type')! });
      }
      return client.call(method as Method, req.url.replace('TOKEN', shareToken), req.payload, req.headers);
    };
    for (const [key, { valid, invalid }] of Object.entries(CASES)) {
      const method = key.split(' ')[0];
      if (invalid) {
        const r = await send(method, invalid);
        if (r.status !== 400 || typeof r.body?.error !== 'string' || !/^[A-Z][^\n]+[.]$/.test(r.body.error))
          failures.push(`${key} invalid ${invalid.url}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
      }
      if ('url' in valid) {
        const r = await send(method, valid);
        const ok = valid.status.includes(r.status) && (r.status !== 404 || r.body?.error === 'The browser app is not built: run `npm run build`.');
        if (!ok) failures.push(`${key} valid ${valid.url}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
