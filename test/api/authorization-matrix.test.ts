import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../helpers/engines.ts';
import { anonymous, makeUser, signedIn, type Client, type Method, buildTestServer } from '../helpers/api.ts';
import type { Database } from '../../src/store/database.ts';
import { importBnl } from '../../src/app/import-bnl.ts';
import { resolveCommunity } from '../../src/app/community.ts';
import { createShareLink } from '../../src/app/auth/accounts.ts';
import { createMeasure, putMeasureValues } from '../../src/app/learning/measures.ts';
import { createAim } from '../../src/app/learning/aims.ts';
import { createDiagram } from '../../src/app/learning/driver-diagrams.ts';
import { createCycle } from '../../src/app/learning/pdsa.ts';
import { recordDecision } from '../../src/app/learning/decisions.ts';
import type { Community } from '../../src/store/communities.ts';

/**
 * Who may reach what, written here independently of the routes' own declarations:
 * a route missing from this table, or declaring another level, fails the suite.
 */
const EXPECTED: Record<string, 'public' | 'signed-in' | 'aggregates' | 'learning' | 'person-level' | 'admin'> = {
  'GET /api/health': 'public',
  // The API's description holds no data: anyone may read it (docs/adr/0006-api-schemas.md).
  'GET /api/openapi.json': 'public',
  'GET /api/docs': 'public',
  'GET /api/communities': 'signed-in',
  'POST /api/session': 'public',
  'POST /login': 'public',
  'POST /api/session/sign-out': 'signed-in',
  'POST /logout': 'signed-in',
  'POST /api/session/sign-out-everywhere': 'signed-in',
  'GET /api/me': 'signed-in',
  'POST /api/me/password': 'signed-in',
  'GET /share/:token': 'public',
  'GET /api/share': 'public',
  'GET /api/communities/:slug/metrics': 'aggregates',
  'GET /api/communities/:slug/functional-zero': 'aggregates',
  'GET /api/communities/:slug/populations/:population/breakdown': 'aggregates',
  'GET /api/communities/:slug/populations': 'aggregates',
  'GET /api/communities/:slug/populations/:population/chart': 'aggregates',
  'GET /api/communities/:slug/overview': 'aggregates',
  'GET /api/communities/:slug/measures': 'aggregates',
  'POST /api/communities/:slug/measures': 'learning',
  'GET /api/communities/:slug/measures/:measure': 'aggregates',
  'PATCH /api/communities/:slug/measures/:measure': 'learning',
  'GET /api/communities/:slug/measures/:measure/values': 'aggregates',
  'PUT /api/communities/:slug/measures/:measure/values': 'learning',
  'DELETE /api/communities/:slug/measures/:measure/values/:period': 'learning',
  'POST /api/communities/:slug/measures/:measure/values.csv': 'learning',
  'GET /api/communities/:slug/measures/:measure/chart': 'aggregates',
  'POST /api/communities/:slug/measures/:measure/phases': 'learning',
  'DELETE /api/communities/:slug/measures/:measure/phases/:starts': 'learning',
  'GET /api/communities/:slug/aims': 'aggregates',
  'POST /api/communities/:slug/aims': 'learning',
  'GET /api/communities/:slug/aims/:id': 'aggregates',
  'PATCH /api/communities/:slug/aims/:id': 'learning',
  'GET /api/communities/:slug/driver-diagrams': 'aggregates',
  'POST /api/communities/:slug/driver-diagrams': 'learning',
  'GET /api/communities/:slug/driver-diagrams/:id': 'aggregates',
  'PATCH /api/communities/:slug/driver-diagrams/:id': 'learning',
  'PUT /api/communities/:slug/driver-diagrams/:id/nodes/:node': 'learning',
  'DELETE /api/communities/:slug/driver-diagrams/:id/nodes/:node': 'learning',
  'GET /api/communities/:slug/driver-diagrams/:id/svg': 'aggregates',
  'GET /api/communities/:slug/pdsa': 'aggregates',
  'POST /api/communities/:slug/pdsa': 'learning',
  'GET /api/communities/:slug/pdsa/:id': 'aggregates',
  'PATCH /api/communities/:slug/pdsa/:id': 'learning',
  'GET /api/communities/:slug/decisions': 'aggregates',
  'POST /api/communities/:slug/decisions': 'learning',
  'GET /api/communities/:slug/decisions/:id': 'aggregates',
  'PATCH /api/communities/:slug/decisions/:id': 'learning',
  'GET /api/communities/:slug/people': 'person-level',
  'GET /api/communities/:slug/people/:person': 'person-level',
  'GET /api/communities/:slug/imports': 'person-level',
  'POST /api/communities/:slug/imports/hmis': 'person-level',
  'POST /api/communities/:slug/imports/bnl': 'person-level',
  'GET /api/communities/:slug/imports/:id': 'person-level',
  'GET /api/communities/:slug/users': 'admin',
  'POST /api/communities/:slug/users': 'admin',
  'PATCH /api/communities/:slug/users/:username': 'admin',
  'POST /api/communities/:slug/users/:username/reset-password': 'admin',
  'GET /api/communities/:slug/share-links': 'admin',
  'POST /api/communities/:slug/share-links': 'admin',
  'DELETE /api/communities/:slug/share-links/:id': 'admin',
  'GET /api/communities/:slug/audit': 'admin',
  'GET /api/communities/:slug/settings': 'admin',
  'PATCH /api/communities/:slug/settings': 'admin',
  'GET /static/app.css': 'public',
  'GET /login': 'public',
  'GET /': 'public',
  'GET /summary': 'public',
  'GET /static/:file': 'public',
  'GET /account': 'signed-in',
  'POST /account/password': 'signed-in',
  'POST /account/sign-out-everywhere': 'signed-in',
  'GET /c/:slug/report': 'aggregates',
};

type Who = 'anonymous' | 'viewer' | 'member' | 'steward' | 'admin' | 'share-link' | 'other-admin' | 'other-share-link';
const WHO: Who[] = ['anonymous', 'other-share-link', 'other-admin', 'share-link', 'viewer', 'member', 'steward', 'admin'];

/** What each principal may reach in the community "north". */
function allowed(level: string, who: Who): boolean {
  switch (level) {
    case 'public':
      return true;
    case 'signed-in':
      return ['viewer', 'member', 'steward', 'admin', 'other-admin'].includes(who);
    case 'aggregates':
      return ['share-link', 'viewer', 'member', 'steward', 'admin'].includes(who);
    case 'learning':
      return ['member', 'steward', 'admin'].includes(who);
    case 'person-level':
      return ['steward', 'admin'].includes(who);
    case 'admin':
      return who === 'admin';
  }
  throw new Error(level);
}

/** Routes that end the caller's session: each call gets a fresh one. */
const ENDS_SESSION = new Set(['POST /api/session/sign-out', 'POST /logout', 'POST /api/session/sign-out-everywhere', 'POST /account/sign-out-everywhere']);

const engine = engines[0];

describe('the authorization matrix', () => {
  let db: Database;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;
  let north: Community;
  let south: Community;
  const clients = new Map<Who, Client>();
  const tokens: Record<string, string> = {};

  const seed = async (c: Community) => {
    await createMeasure(db, c, { slug: 'm1', name: 'Contacts', type: 'process', source: 'manual', description: 'd', numerator: 'n', unit: 'u', by: 'seed' });
    await putMeasureValues(db, c, 'm1', { by: 'seed', values: [{ period: '2024-01', value: 20 }, { period: '2024-02', value: 25 }, { period: '2024-03', value: 30 }] });
    const aim = await createAim(db, c, { statement: 'S', measure: 'm1', target_value: 40, target_date: '2025-01-01', baseline_period: '2024-01', by: 'seed' });
    await createDiagram(db, c, { title: 'D', aim_id: aim.id, by: 'seed', nodes: [{ id: 'p1', kind: 'primary', label: 'P' }, { id: 'n1', kind: 'change_idea', label: 'C', serves: ['p1'] }] });
    await createCycle(db, c, { title: 'T', owner: 'O', objective: 'X', start_date: '2024-01-02', measures: ['m1'], by: 'seed' });
    await recordDecision(db, c, { title: 'Decided', decided_on: '2024-02-10', decided_by: 'Steering committee', rationale: 'R', measures: ['m1'], by: 'seed' });
  };

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
    for (const slug of ['north', 'south']) {
      const dir = mkdtempSync(join(tmpdir(), 'zl-matrix-'));
      writeFileSync(join(dir, 'persons.csv'), 'person_id,birth_date,veteran\nA,1970-01-01,yes\nB,1985-06-01,no\n');
      writeFileSync(join(dir, 'status-history.csv'), 'person_id,date,status\nA,2024-01-05,active\nA,2024-02-10,housed\nB,2024-02-01,active\n');
      await importBnl(db, { dir, community: slug });
    }
    north = await resolveCommunity(db, 'north');
    south = await resolveCommunity(db, 'south');
    await seed(north);
    await seed(south);
    await makeUser(db, 'viewer-n', [[north, 'viewer']]);
    await makeUser(db, 'member-n', [[north, 'member']]);
    await makeUser(db, 'steward-n', [[north, 'data-steward']]);
    await makeUser(db, 'admin-n', [[north, 'admin']]);
    await makeUser(db, 'target-n', [[north, 'viewer']]);
    await makeUser(db, 'admin-s', [[south, 'admin']]);
    // Link 1 is the one the matrix revokes (DELETE …/share-links/1); the principal holds link 2.
    await createShareLink(db, north, 'to be revoked', 5, { name: 'seed', ip: null });
    tokens.north = (await createShareLink(db, north, 'matrix', 5, { name: 'seed', ip: null })).token;
    tokens.south = (await createShareLink(db, south, 'matrix', 5, { name: 'seed', ip: null })).token;
    app = buildTestServer(db, { loading: null, loadError: null }, { expensivePerMinute: 100_000, signInPerMinute: 100_000 });
    await app.ready();
    clients.set('anonymous', anonymous(app));
    clients.set('share-link', anonymous(app, { 'x-share-token': tokens.north }));
    clients.set('other-share-link', anonymous(app, { 'x-share-token': tokens.south }));
    clients.set('viewer', await signedIn(app, 'viewer-n'));
    clients.set('member', await signedIn(app, 'member-n'));
    clients.set('steward', await signedIn(app, 'steward-n'));
    clients.set('admin', await signedIn(app, 'admin-n'));
    clients.set('other-admin', await signedIn(app, 'admin-s'));
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  const concrete = (url: string, slug = 'north') =>
    url
      .replace(':slug', slug)
      .replace(':measure', 'm1')
      .replace(':population', 'all')
      .replace(':period', '2024-03')
      .replace(':starts', '2024-02')
      .replace(':node', 'n1')
      .replace(':person', 'A')
      .replace(':username', 'target-n')
      .replace(':token', tokens.north)
      .replace(':file', 'web.css')
      .replace(':id', '1');

  it('should declare an access level for every route, the one this table expects', () => {
    const routes = app.accessTable.filter((r) => r.method !== 'HEAD');
    const missing = routes.filter((r) => !(`${r.method} ${r.url}` in EXPECTED)).map((r) => `${r.method} ${r.url}`);
    expect(missing, 'routes with no row in the matrix').toEqual([]);
    for (const r of routes) expect([`${r.method} ${r.url}`, r.access]).toEqual([`${r.method} ${r.url}`, EXPECTED[`${r.method} ${r.url}`]]);
    expect(Object.keys(EXPECTED).filter((k) => !routes.some((r) => `${r.method} ${r.url}` === k)), 'rows for routes that do not exist').toEqual([]);
  });

  it('should refuse to start a server with a route that declares no access level', async () => {
    const { default: Fastify } = await import('fastify');
    const { installAccessControl } = await import('../../src/api/access-control.ts');
    const bare = Fastify();
    installAccessControl(bare, db);
    expect(() => bare.get('/api/forgotten', async () => 'x')).toThrow(/declares no access level/);
    await bare.close();
  });

  it('should give every principal exactly what its role allows on every route', async () => {
    const failures: string[] = [];
    for (const route of app.accessTable.filter((r) => r.method !== 'HEAD')) {
      const key = `${route.method} ${route.url}`;
      for (const who of WHO) {
        let client = clients.get(who)!;
        const fresh = ENDS_SESSION.has(key) && !['anonymous', 'share-link', 'other-share-link'].includes(who);
        if (fresh) client = await signedIn(app, { viewer: 'viewer-n', member: 'member-n', steward: 'steward-n', admin: 'admin-n', 'other-admin': 'admin-s' }[who as 'viewer']);
        const payload = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
        const r = await client.call(route.method as Method, concrete(route.url), payload);
        const ok = allowed(route.access, who);
        const deniedStatus = r.status === 401 || r.status === 403 || (r.status === 404 && r.body?.error === 'There is no community "north".');
        if (ok && deniedStatus) failures.push(`${who} was refused ${key}: ${r.status} ${JSON.stringify(r.body).slice(0, 120)}`);
        if (!ok && !deniedStatus) failures.push(`${who} reached ${key}: ${r.status}`);
        if (!ok && route.access !== 'public' && route.access !== 'signed-in') {
          // Strangers to "north" cannot tell it from a community that does not exist.
          const stranger = who === 'other-admin' || who === 'other-share-link';
          if (stranger) {
            const ghost = await client.call(route.method as Method, concrete(route.url, 'nowhere'), payload);
            if (ghost.status !== r.status || JSON.stringify(ghost.body).replace('nowhere', 'north') !== JSON.stringify(r.body))
              failures.push(`${who} can tell "north" exists through ${key}: ${r.status} vs ${ghost.status}`);
          } else if (who === 'anonymous' && r.status !== 401) failures.push(`anonymous got ${r.status} on ${key}, expected 401`);
          else if (!stranger && who !== 'anonymous' && r.status !== 403) failures.push(`${who} got ${r.status} on ${key}, expected 403`);
        }
      }
      // Signing out everywhere ends the shared clients' sessions too: sign them in again.
      if (ENDS_SESSION.has(key))
        for (const [who, username] of [['viewer', 'viewer-n'], ['member', 'member-n'], ['steward', 'steward-n'], ['admin', 'admin-n'], ['other-admin', 'admin-s']] as const)
          clients.set(who, await signedIn(app, username));
    }
    expect(failures).toEqual([]);
  });

  it('should refuse a signed-in change without the CSRF token, and one from another site', async () => {
    const member = await signedIn(app, 'member-n');
    const noToken = await member.call('POST', '/api/communities/north/measures', { source: 'manual' }, { 'x-csrf-token': 'forged' });
    expect([noToken.status, noToken.body.error]).toEqual([403, expect.stringMatching(/CSRF/)]);
    const crossSite = await member.call('POST', '/api/communities/north/measures', { source: 'manual' }, { origin: 'https://evil.example' });
    expect([crossSite.status, crossSite.body.error]).toEqual([403, 'The request comes from another site.']);
  });

  it('should not let another community’s admin read, write or infer north’s data', async () => {
    const other = clients.get('other-admin')!;
    for (const [method, url] of [
      ['GET', '/api/communities/north/measures/m1/chart'],
      ['GET', '/api/communities/north/people/A'],
      ['PATCH', '/api/communities/north/pdsa/1'],
      ['GET', '/api/communities/north/audit'],
    ] as const) {
      const r = await other.call(method, url, method === 'PATCH' ? { title: 'hijacked' } : undefined);
      expect([url, r.status, r.body.error]).toEqual([url, 404, 'There is no community "north".']);
    }
    // Its own community's records with the same ids are its own.
    expect((await other.call('GET', '/api/communities/south/pdsa/1')).body.title).toBe('T');
    const mine = await other.call('GET', '/api/communities');
    expect(mine.body.map((c: { slug: string }) => c.slug)).toEqual(['south']);
  });
});
