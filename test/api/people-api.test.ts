import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../helpers/engines.ts';
import { anonymous, makeUser, signedIn, type Client, buildTestServer } from '../helpers/api.ts';
import type { Database } from '../../src/store/database.ts';
import { importBnl } from '../../src/app/import-bnl.ts';
import { resolveCommunity } from '../../src/app/community.ts';
import { loadDemo } from '../../src/app/demo.ts';
import { HISTORY, PERSONS } from '../app/four-people.ts';

/**
 * The four people of four-people.ts, worked by hand, and a fifth: P5, born
 * 1999-03-01, active since 2024-01-10, who turned 25 on 2024-03-01 and so left the
 * youth population (latest youth transition: active → absent) while staying active
 * in `all` and `all-singles`. As of 2024-04-15 (the last change):
 *   P1 housed 2024-03-05, North, veteran, no household
 *   P2 active 2024-04-02 (back from inactive), South, not a veteran, youth (22)
 *   P3 housed 2024-04-15, South, head of H1 (a family)
 *   P4 housed 2024-04-15, South, child in H1, veteran unknown
 *   P5 active 2024-01-10, North, not a veteran
 */
const FIVE_PERSONS = PERSONS + 'P5,1999-03-01,,no,,,,white,man,North\n';
const FIVE_HISTORY = HISTORY + 'P5,2024-01-10,active,outreach,Street Team\n';

const ROWS = {
  P1: { person_id: 'P1', status: 'housed', latest_change: '2024-03-05', locality: 'North', veteran: true, household_id: null },
  P2: { person_id: 'P2', status: 'active', latest_change: '2024-04-02', locality: 'South', veteran: false, household_id: null },
  P3: { person_id: 'P3', status: 'housed', latest_change: '2024-04-15', locality: 'South', veteran: false, household_id: 'H1' },
  P4: { person_id: 'P4', status: 'housed', latest_change: '2024-04-15', locality: 'South', veteran: null, household_id: 'H1' },
  P5: { person_id: 'P5', status: 'active', latest_change: '2024-01-10', locality: 'North', veteran: false, household_id: null },
};
type Id = keyof typeof ROWS;

for (const engine of engines) {
  describe(`the By-Name List API (${engine.name})`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: FastifyInstance;
    let admin: Client;
    let steward: Client;
    let member: Client;
    let viewer: Client;

    beforeAll(async () => {
      ({ db, dispose } = await engine.open());
      const dir = mkdtempSync(join(tmpdir(), 'zl-people-'));
      writeFileSync(join(dir, 'persons.csv'), FIVE_PERSONS);
      writeFileSync(join(dir, 'status-history.csv'), FIVE_HISTORY);
      await importBnl(db, { dir, community: 'five' });
      const five = await resolveCommunity(db, 'five');
      await makeUser(db, 'admin', [[five, 'admin']]);
      await makeUser(db, 'steward', [[five, 'data-steward']]);
      await makeUser(db, 'member', [[five, 'member']]);
      await makeUser(db, 'viewer', [[five, 'viewer']]);
      app = buildTestServer(db, { loading: null, loadError: null });
      admin = await signedIn(app, 'admin');
      steward = await signedIn(app, 'steward');
      member = await signedIn(app, 'member');
      viewer = await signedIn(app, 'viewer');
    }, 120_000);
    afterAll(async () => {
      await app?.close();
      await dispose?.();
    });

    const list = (client: Client, query = '') => client.call('GET', `/api/communities/five/people${query ? `?${query}` : ''}`);
    const ids = async (query: string) => {
      const r = await list(steward, query);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.people.map((p: { person_id: string }) => p.person_id);
    };

    it('should list everyone on the list with their current status, locality, veteran status, household and latest change', async () => {
      const r = await list(admin);
      expect(r.status).toBe(200);
      expect(r.body).toEqual({
        population: { slug: 'all', name: 'All', counts: 'people' },
        as_of: '2024-04-15',
        filters: { status: null, locality: null, q: null },
        page: 1,
        page_size: 50,
        total: 5,
        pages: 1,
        people: (['P1', 'P2', 'P3', 'P4', 'P5'] as Id[]).map((id) => ROWS[id]),
        localities: ['North', 'South'],
      });
    });

    it('should filter by population, status, locality and id prefix, together', async () => {
      expect(await ids('status=active')).toEqual(['P2', 'P5']);
      expect(await ids('status=housed')).toEqual(['P1', 'P3', 'P4']);
      expect(await ids('status=inactive')).toEqual([]);
      expect(await ids('locality=South')).toEqual(['P2', 'P3', 'P4']);
      expect(await ids('locality=North&status=active')).toEqual(['P5']);
      expect(await ids('locality=Nowhere')).toEqual([]);
      expect(await ids('population=veterans')).toEqual(['P1']);
      // Families count households: only the head is on that list.
      expect(await ids('population=families')).toEqual(['P3']);
      expect(await ids('population=all-singles')).toEqual(['P1', 'P2', 'P5']);
      // P5 aged out of youth: their latest youth transition is to `absent`, so they are not listed there.
      expect(await ids('population=youth')).toEqual(['P2']);
      expect(await ids('population=youth&status=active')).toEqual(['P2']);
      expect(await ids('q=P')).toEqual(['P1', 'P2', 'P3', 'P4', 'P5']);
      expect(await ids('q=P3')).toEqual(['P3']);
      expect(await ids('q=p3')).toEqual([]);
      expect(await ids('q=%25')).toEqual([]); // LIKE's wildcards stand for themselves
      expect(await ids('q=_')).toEqual([]);
      expect(await ids('q=%20%20')).toEqual(['P1', 'P2', 'P3', 'P4', 'P5']); // blank: no search
      const housedSouth = await list(steward, 'population=all&status=housed&locality=South&q=P');
      expect([housedSouth.body.total, housedSouth.body.filters]).toEqual([2, { status: 'housed', locality: 'South', q: 'P' }]);
      expect(housedSouth.body.people).toEqual([ROWS.P3, ROWS.P4]);
      const veterans = await list(steward, 'population=veterans');
      expect(veterans.body.population).toEqual({ slug: 'veterans', name: 'Veterans', counts: 'people' });
      expect(veterans.body.people).toEqual([ROWS.P1]);
    });

    it('should page with a total that does not depend on the page', async () => {
      const first = await list(steward, 'page_size=2');
      expect([first.body.total, first.body.pages, first.body.page, first.body.people.map((p: { person_id: string }) => p.person_id)]).toEqual([5, 3, 1, ['P1', 'P2']]);
      expect(await ids('page_size=2&page=2')).toEqual(['P3', 'P4']);
      expect(await ids('page_size=2&page=3')).toEqual(['P5']);
      const past = await list(steward, 'page_size=2&page=9');
      expect([past.status, past.body.total, past.body.people]).toEqual([200, 5, []]);
      expect((await list(steward, 'page_size=200')).status).toBe(200);
    });

    it('should refuse what it cannot answer, in one sentence', async () => {
      for (const q of ['page_size=201', 'page_size=0', 'page=0', 'status=absent', 'status=ACTIVE', 'color=red', 'population=Not%20a%20slug', `q=${'x'.repeat(65)}`]) {
        const r = await list(steward, q);
        expect([q, r.status]).toEqual([q, 400]);
        expect(r.body.error).toMatch(/^Invalid request: /);
      }
      const unknown = await list(steward, 'population=nobody');
      expect([unknown.status, unknown.body.error]).toEqual([404, 'There is no population "nobody" in five.']);
    });

    it('should refuse viewers and members, and send the anonymous to sign in', async () => {
      for (const client of [viewer, member]) {
        const r = await list(client);
        expect([r.status, r.body.error]).toEqual([403, 'Your role does not allow this: it needs the data-steward or admin role.']);
      }
      expect((await list(anonymous(app))).status).toBe(401);
      expect((await anonymous(app).call('GET', '/api/communities/elsewhere/people')).status).toBe(401);
      expect((await steward.call('GET', '/api/communities/elsewhere/people')).status).toBe(404);
    });

    it('should write one person.list audit entry per request, with the filters and no person id', async () => {
      const before = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'person.list'");
      await list(steward, 'population=all&status=housed&locality=South&q=P3&page_size=10');
      await list(viewer, 'q=P3'); // refused: not a view
      const entries = await db.query<{ actor: string; target: string; detail: Record<string, unknown>; community_id: number }>(
        "SELECT actor, target, detail, community_id FROM audit_log WHERE action = 'person.list' ORDER BY entry_id",
      );
      expect(entries.length).toBe(before[0].n + 1);
      const last = entries[entries.length - 1];
      expect(last).toMatchObject({
        actor: 'steward',
        target: 'population:all',
        detail: { status: 'housed', locality: 'South', id_search: true, page: 1, page_size: 10, total: 1, shown: 1 },
      });
      expect(JSON.stringify(last)).not.toMatch(/P\d/);
      // No per-person entries: a list is one view.
      expect(await db.query("SELECT 1 FROM audit_log WHERE action = 'person.view'")).toEqual([]);
    });
  });
}

describe('the By-Name List API on the demo city', () => {
  let db: Database;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;
  let steward: Client;

  beforeAll(async () => {
    ({ db, dispose } = await engines[0].open());
    await loadDemo(db, { size: 'small', seed: 5 });
    await makeUser(db, 'steward', [[await resolveCommunity(db, 'demo'), 'data-steward']]);
    app = buildTestServer(db, { loading: null, loadError: null });
    steward = await signedIn(app, 'steward');
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  it('should count and list, in every population and status, exactly the people whose latest transition ends there', async () => {
    // The reference: each person's latest transition, found the plain way.
    const latest = await db.query<{ population: string; person_id: string; to_status: string; transition_date: string }>(
      `SELECT DISTINCT ON (population, person_id) population, person_id, to_status, transition_date
         FROM bnl_transition ORDER BY population, person_id, transition_date DESC`,
    );
    const populations = [...new Set(latest.map((l) => l.population))];
    expect(populations.length).toBe(6);
    for (const population of populations)
      for (const status of [null, 'active', 'housed', 'inactive']) {
        const expected = latest
          .filter((l) => l.population === population && l.to_status !== 'absent' && (status === null || l.to_status === status))
          .map((l) => `${l.person_id} ${l.to_status} ${l.transition_date}`)
          .sort();
        const got: string[] = [];
        let total = -1;
        for (let page = 1; ; page++) {
          const r = await steward.call('GET', `/api/communities/demo/people?population=${population}&page_size=200&page=${page}${status ? `&status=${status}` : ''}`);
          expect(r.status).toBe(200);
          total = r.body.total;
          got.push(...r.body.people.map((p: { person_id: string; status: string; latest_change: string }) => `${p.person_id} ${p.status} ${p.latest_change}`));
          if (page >= r.body.pages) break;
        }
        expect([population, status, total]).toEqual([population, status, expected.length]);
        expect(got).toEqual(expected);
      }
  }, 120_000);
});
