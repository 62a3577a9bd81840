import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../helpers/engines.ts';
import { makeUser, signedIn, type Client, buildTestServer } from '../helpers/api.ts';
import type { Database } from '../../src/store/database.ts';
import { importBnl } from '../../src/app/import-bnl.ts';
import { resolveCommunity } from '../../src/app/community.ts';
import { ResponseCache } from '../../src/api/response-cache.ts';

function bnlFiles(statusLines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'zl-cache-'));
  writeFileSync(join(dir, 'persons.csv'), 'person_id,birth_date,veteran\nA,1970-01-01,yes\nB,1985-06-01,no\nC,1990-03-01,no\n');
  writeFileSync(join(dir, 'status-history.csv'), ['person_id,date,status', ...statusLines].join('\n') + '\n');
  return dir;
}

const february = (rows: { month: string; population: string; actively_homeless: number | null }[]) =>
  rows.find((r) => r.month === '2024-02' && r.population === 'all')!.actively_homeless;

describe.each(engines)('figure responses cached by data revision ($name)', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;
  let member: Client;
  let viewer: Client;
  let admin: Client;

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
    // A is housed on 10 February; B stays active: one person actively homeless at February's end.
    await importBnl(db, { dir: bnlFiles(['A,2024-01-05,active', 'A,2024-02-10,housed', 'B,2024-02-01,active']), community: 'town' });
    const town = await resolveCommunity(db, 'town');
    await makeUser(db, 'member', [[town, 'member']]);
    await makeUser(db, 'viewer', [[town, 'viewer']]);
    await makeUser(db, 'admin', [[town, 'admin']]);
    app = buildTestServer(db, { loading: null, loadError: null }, { expensivePerMinute: 10_000 });
    member = await signedIn(app, 'member');
    viewer = await signedIn(app, 'viewer');
    admin = await signedIn(app, 'admin');
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  it('should answer a repeated request from the cache with the same body', async () => {
    const first = await member.call('GET', '/api/communities/town/metrics');
    const second = await member.call('GET', '/api/communities/town/metrics');
    expect(first.headers['x-cache']).toBe('miss');
    expect(second.headers['x-cache']).toBe('hit');
    expect(second.body).toEqual(first.body);
    expect(february(second.body)).toBe(1);
  });

  it('should never give a viewer the counts cached for a member', async () => {
    await member.call('GET', '/api/communities/town/metrics');
    const shown = await viewer.call('GET', '/api/communities/town/metrics');
    // 1 is below the default threshold of 11: hidden from viewers.
    expect(february(shown.body)).toBeNull();
  });

  it('should answer 304 when the browser already holds the current version', async () => {
    const first = await member.call('GET', '/api/communities/town/overview');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/"/);
    const again = await member.call('GET', '/api/communities/town/overview', undefined, { 'if-none-match': etag });
    expect(again.status).toBe(304);
  });

  it('should compute afresh after an import changes the figures', async () => {
    await member.call('GET', '/api/communities/town/metrics');
    // C becomes active on 15 February: two people actively homeless at February's end.
    await importBnl(db, { dir: bnlFiles(['A,2024-01-05,active', 'A,2024-02-10,housed', 'B,2024-02-01,active', 'C,2024-02-15,active']), community: 'town' });
    const after = await member.call('GET', '/api/communities/town/metrics');
    expect(after.headers['x-cache']).toBe('miss');
    expect(february(after.body)).toBe(2);
  });

  it('should compute afresh after the suppression threshold changes', async () => {
    expect(february((await viewer.call('GET', '/api/communities/town/metrics')).body)).toBeNull();
    const changed = await admin.call('PATCH', '/api/communities/town/settings', { suppression_threshold: 1 });
    expect(changed.status).toBe(200);
    // With a threshold of 1 no positive count is small.
    expect(february((await viewer.call('GET', '/api/communities/town/metrics')).body)).toBe(2);
  });

  it('should keep the revision when a change is rolled back', async () => {
    const town = await resolveCommunity(db, 'town');
    await expect(
      db.transaction(async (tx) => {
        await tx.query("UPDATE bnl_month SET actively_homeless = actively_homeless + 1 WHERE community_id = $1", [town.communityId]);
        throw new Error('abandoned');
      }),
    ).rejects.toThrow('abandoned');
    expect((await resolveCommunity(db, 'town')).dataRevision).toBe(town.dataRevision);
    await db.query('UPDATE bnl_month SET actively_homeless = actively_homeless WHERE community_id = $1', [town.communityId]);
    expect((await resolveCommunity(db, 'town')).dataRevision).not.toBe(town.dataRevision);
  });
});

describe('ResponseCache', () => {
  const entry = (payload: string) => ({ payload, contentType: 'application/json', etag: 'W/"x"' });

  it('should drop the least recently used entries once over its size', () => {
    const cache = new ResponseCache(10);
    cache.set('a', entry('aaaa'));
    cache.set('b', entry('bbbb'));
    cache.get('a'); // a is now the most recently used
    cache.set('c', entry('cccc')); // 12 bytes: b goes
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.payload).toBe('aaaa');
    expect(cache.get('c')?.payload).toBe('cccc');
    expect(cache.size).toBe(2);
  });

  it('should not keep a response larger than the whole cache', () => {
    const cache = new ResponseCache(3);
    cache.set('big', entry('four'));
    expect(cache.size).toBe(0);
  });
});
