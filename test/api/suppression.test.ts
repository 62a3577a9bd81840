import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../helpers/engines.ts';
import { anonymous, makeUser, signedIn, type Client, buildTestServer } from '../helpers/api.ts';
import type { Database } from '../../src/store/database.ts';
import { loadDemo } from '../../src/app/demo.ts';
import { resolveCommunity } from '../../src/app/community.ts';
import { createShareLink } from '../../src/app/auth/accounts.ts';
import { disclosedCells, type Cell, type Constraint } from '../../src/domain/privacy/suppression.ts';

const COUNTS = ['actively_homeless', 'newly_identified', 'returned_from_housing', 'returned_from_inactive', 'housing_placements', 'moved_to_inactive', 'no_longer_meets_criteria'] as const;
type Row = Record<string, number | string | null | boolean | string[]> & { month: string; population: string };

const engine = engines[0];

describe('aggregates shown to viewers and public links', () => {
  let db: Database;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;
  let viewer: Client;
  let member: Client;
  let link: Client;

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
    await loadDemo(db, { size: 'small', seed: 3 });
    const demo = await resolveCommunity(db, 'demo');
    await makeUser(db, 'viewer', [[demo, 'viewer']]);
    await makeUser(db, 'member', [[demo, 'member']]);
    const token = (await createShareLink(db, demo, 'council', 3, { name: 'test', ip: null })).token;
    app = buildTestServer(db, { loading: null, loadError: null }, { expensivePerMinute: 10_000 });
    viewer = await signedIn(app, 'viewer');
    member = await signedIn(app, 'member');
    link = anonymous(app, { 'x-share-token': token });
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  it('should hide every count from 1 to 10, and enough others that no published relation gives one back', async () => {
    const full: Row[] = (await member.call('GET', '/api/communities/demo/metrics')).body;
    for (const reader of [viewer, link]) {
      const shown: Row[] = (await reader.call('GET', '/api/communities/demo/metrics')).body;
      expect(shown.map((r) => [r.month, r.population])).toEqual(full.map((r) => [r.month, r.population]));
      let hidden = 0;
      shown.forEach((r, i) => {
        for (const k of COUNTS) {
          const truth = full[i][k] as number;
          if (truth > 0 && truth < 11) expect(r[k], `${r.population} ${r.month} ${k} = ${truth}`).toBeNull();
          if (r[k] === null) hidden++;
          else expect(r[k]).toBe(truth);
        }
        if ((full[i].housing_placements as number) < 11 && (full[i].housing_placements as number) > 0) expect(r.avg_days_to_housing).toBeNull();
      });
      expect(hidden).toBeGreaterThan(0);
      // The reader knows the balance identity of every population's months: with the
      // true values behind the hidden cells, none of them is determined by what is shown.
      for (const population of new Set(shown.map((r) => r.population))) {
        const rows = shown.map((r, i) => [r, full[i]] as const).filter(([r]) => r.population === population);
        const cells: Cell[] = [];
        const suppressed = new Set<string>();
        const constraints: Constraint[] = [];
        rows.forEach(([r, truth], j) => {
          for (const k of COUNTS) {
            cells.push({ id: `${r.month}:${k}`, value: truth[k] as number });
            if (r[k] === null) suppressed.add(`${r.month}:${k}`);
          }
          if (j > 0)
            constraints.push({
              plus: [`${r.month}:actively_homeless`, `${r.month}:housing_placements`, `${r.month}:moved_to_inactive`, `${r.month}:no_longer_meets_criteria`],
              minus: [`${rows[j - 1][0].month}:actively_homeless`, `${r.month}:newly_identified`, `${r.month}:returned_from_housing`, `${r.month}:returned_from_inactive`],
            });
        });
        expect(disclosedCells(cells, constraints, suppressed), population).toEqual([]);
      }
    }
  }, 120_000);

  it('should show functional-zero status to viewers without the small counts or what reveals them', async () => {
    const full = (await member.call('GET', '/api/communities/demo/functional-zero')).body as { population: string; actively_homeless: number; reached: boolean }[];
    const shown = (await viewer.call('GET', '/api/communities/demo/functional-zero')).body as { population: string; actively_homeless: number | null; distance: number | null; reached: boolean; criteria: { explanation: string }[] }[];
    shown.forEach((s, i) => {
      expect(s.reached).toBe(full[i].reached);
      if (full[i].actively_homeless > 0 && full[i].actively_homeless < 11) expect([s.actively_homeless, s.distance]).toEqual([null, null]);
      for (const c of s.criteria) expect(c.explanation).toMatch(/^(Met|Not met)\.$/);
    });
  });

  it('should withhold a measure chart with values below the threshold from viewers, and show it to members', async () => {
    const url = '/api/communities/demo/measures/actively-homeless-veterans/chart';
    const forMember = (await member.call('GET', url)).body;
    expect(forMember.points.some((p: { y: number }) => p.y > 0 && p.y < 11)).toBe(true);
    for (const reader of [viewer, link]) {
      const r = (await reader.call('GET', url)).body;
      expect(r.suppressed).toMatch(/below 11/);
      expect(r.points.every((p: { y: null; cl: null; ucl: null }) => p.y === null && p.cl === null && p.ucl === null)).toBe(true);
      expect(r.signals).toEqual([]);
    }
    // A large count is shown to everyone.
    const all = (await viewer.call('GET', '/api/communities/demo/measures/actively-homeless/chart')).body;
    expect(all.suppressed).toBeNull();
    expect(all.points.map((p: { y: number }) => p.y)).toEqual((await member.call('GET', '/api/communities/demo/measures/actively-homeless/chart')).body.points.map((p: { y: number }) => p.y));
  });

  it('should keep public links to aggregates: no person, no import report, no change', async () => {
    expect((await link.call('GET', '/api/communities/demo/people/P1')).status).toBe(403);
    expect((await link.call('GET', '/api/communities/demo/imports')).status).toBe(403);
    expect((await link.call('POST', '/api/communities/demo/measures', { source: 'manual' })).status).toBe(403);
  });
});
