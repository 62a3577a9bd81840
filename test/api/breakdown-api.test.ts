import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../helpers/engines.ts';
import { anonymous, makeUser, signedIn, type Client, buildTestServer } from '../helpers/api.ts';
import type { Database } from '../../src/store/database.ts';
import { loadDemo } from '../../src/app/demo.ts';
import { importBnl } from '../../src/app/import-bnl.ts';
import { resolveCommunity } from '../../src/app/community.ts';
import { createShareLink } from '../../src/app/auth/accounts.ts';
import { disclosedCells, type Cell, type Constraint } from '../../src/domain/privacy/suppression.ts';
import { HISTORY, PERSONS } from '../app/four-people.ts';

const DIMENSIONS = ['locality', 'provider', 'household_type', 'race'] as const;
const COUNTS = ['actively_homeless', 'inflow', 'returned_from_housing', 'placements'] as const;
const MONTHLY = ['actively_homeless', 'newly_identified', 'returned_from_housing', 'returned_from_inactive', 'housing_placements', 'moved_to_inactive', 'no_longer_meets_criteria'] as const;

interface Row {
  group: string;
  actively_homeless: number | null;
  share: number | null;
  representation_ratio: number | null;
  inflow: number | null;
  returned_from_housing: number | null;
  placements: number | null;
  avg_days_to_housing: number | null;
}
interface Breakdown {
  month: string;
  population: string;
  total: Record<(typeof COUNTS)[number] | 'avg_days_to_housing', number | null> & { suppressed: string[] };
  dimensions: Record<(typeof DIMENSIONS)[number], { rows: Row[]; suppressed: string[] }>;
  suppression_threshold: number | null;
}

const engine = engines[0];

describe('the population breakdown API', () => {
  let db: Database;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;
  let viewer: Client;
  let member: Client;
  let link: Client;
  let stranger: Client;

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
    await loadDemo(db, { size: 'small', seed: 3 });
    const demo = await resolveCommunity(db, 'demo');
    const dir = mkdtempSync(join(tmpdir(), 'zl-other-'));
    writeFileSync(join(dir, 'persons.csv'), PERSONS);
    writeFileSync(join(dir, 'status-history.csv'), HISTORY);
    await importBnl(db, { dir, community: 'elsewhere' });
    const elsewhere = await resolveCommunity(db, 'elsewhere');
    await makeUser(db, 'viewer', [[demo, 'viewer']]);
    await makeUser(db, 'member', [[demo, 'member']]);
    await makeUser(db, 'stranger', [[elsewhere, 'admin']]);
    const token = (await createShareLink(db, demo, 'council', 3, { name: 'test', ip: null })).token;
    app = buildTestServer(db, { loading: null, loadError: null }, { expensivePerMinute: 10_000 });
    viewer = await signedIn(app, 'viewer');
    member = await signedIn(app, 'member');
    stranger = await signedIn(app, 'stranger');
    link = anonymous(app, { 'x-share-token': token });
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  const url = (population: string, month?: string) => `/api/communities/demo/populations/${population}/breakdown${month ? `?month=${month}` : ''}`;

  it('should show members every count, adding up to the total in every dimension', async () => {
    const r = await member.call('GET', url('all'));
    expect(r.status).toBe(200);
    const b = r.body as Breakdown;
    expect(b.suppression_threshold).toBeNull();
    const metrics = (await member.call('GET', '/api/communities/demo/metrics?population=all')).body as Record<string, number>[];
    const last = metrics[metrics.length - 1];
    expect(b.month).toBe(last.month);
    expect(b.total).toMatchObject({
      actively_homeless: last.actively_homeless,
      inflow: last.newly_identified + last.returned_from_housing + last.returned_from_inactive,
      returned_from_housing: last.returned_from_housing,
      placements: last.housing_placements,
      suppressed: [],
    });
    for (const d of DIMENSIONS) {
      expect(b.dimensions[d].suppressed).toEqual([]);
      for (const c of COUNTS) expect([d, c, b.dimensions[d].rows.reduce((s, row) => s + (row[c] as number), 0)]).toEqual([d, c, b.total[c]]);
    }
    // Small groups exist, so the suppressed view below has something to hide.
    expect(DIMENSIONS.some((d) => b.dimensions[d].rows.some((row) => COUNTS.some((c) => (row[c] as number) > 0 && (row[c] as number) < 11)))).toBe(true);
  });

  it('should hide from viewers and public links every count from 1 to 10, and whatever would give one back', async () => {
    // 2024-10 and 2021-11: /metrics hides youth's active count (25, 19) to protect other cells.
    for (const [population, month] of [['all', undefined], ['veterans', undefined], ['families', undefined], ['all', '2023-06'], ['all', '2024-10'], ['all', '2021-11'], ['youth', '2024-10']] as const) {
      const full = (await member.call('GET', url(population, month))).body as Breakdown;
      for (const reader of [viewer, link]) {
        const r = await reader.call('GET', url(population, month));
        expect(r.status).toBe(200);
        const shown = r.body as Breakdown;
        expect([shown.month, shown.suppression_threshold]).toEqual([full.month, 11]);
        const cells: Cell[] = [];
        const hidden = new Set<string>();
        const constraints: Constraint[] = [];
        for (const c of COUNTS) {
          cells.push({ id: `total:${c}`, value: full.total[c] as number });
          if (shown.total[c] === null) hidden.add(`total:${c}`);
          else expect(shown.total[c]).toBe(full.total[c]);
        }
        for (const d of DIMENSIONS) {
          expect(shown.dimensions[d].rows.map((x) => x.group)).toEqual(full.dimensions[d].rows.map((x) => x.group));
          shown.dimensions[d].rows.forEach((row, i) => {
            const truth = full.dimensions[d].rows[i];
            for (const c of COUNTS) {
              const v = row[c];
              const what = `${population} ${shown.month} ${d} ${row.group} ${c} = ${truth[c]}`;
              if ((truth[c] as number) > 0 && (truth[c] as number) < 11) expect(v, what).toBeNull();
              if (v === null) hidden.add(`${d}:${row.group}:${c}`);
              else expect(v, what).toBe(truth[c]);
              cells.push({ id: `${d}:${row.group}:${c}`, value: truth[c] as number });
            }
            // Shares and ratios come only from shown counts (a zero is zero over anything).
            if (row.share !== null) expect(row.share).toBe(truth.share);
            if (row.share) expect([row.actively_homeless, shown.total.actively_homeless]).toEqual([truth.actively_homeless, full.total.actively_homeless]);
            if (row.representation_ratio !== null) expect(row.representation_ratio).toBe(truth.representation_ratio);
            if (row.representation_ratio) expect([row.placements, row.actively_homeless, shown.total.placements]).toEqual([truth.placements, truth.actively_homeless, full.total.placements]);
            if (row.avg_days_to_housing !== null) expect(row.avg_days_to_housing).toBe(truth.avg_days_to_housing);
          });
          for (const c of COUNTS) constraints.push({ plus: [`total:${c}`], minus: full.dimensions[d].rows.map((x) => `${d}:${x.group}:${c}`) });
        }
        expect(hidden.size).toBeGreaterThan(0);
        // Every dimension partitions the same total: with the true values behind the hidden
        // cells, none of them follows from what is shown.
        expect(disclosedCells(cells, constraints, hidden), `${population} ${shown.month}`).toEqual([]);

        // Nor with the monthly figures the same reader gets from /metrics (every month, with its
        // balance): each total is the month's figure (inflow: the sum of the three), and in `all`
        // the youth household type is the `youth` population (active, placements).
        const ties: [string, string[]][] = [
          ['total:actively_homeless', [`${population}/${shown.month}:actively_homeless`]],
          ['total:inflow', ['newly_identified', 'returned_from_housing', 'returned_from_inactive'].map((k) => `${population}/${shown.month}:${k}`)],
          ['total:returned_from_housing', [`${population}/${shown.month}:returned_from_housing`]],
          ['total:placements', [`${population}/${shown.month}:housing_placements`]],
        ];
        if (population === 'all')
          ties.push(['household_type:youth:actively_homeless', [`youth/${shown.month}:actively_homeless`]], ['household_type:youth:placements', [`youth/${shown.month}:housing_placements`]]);
        const monthlyCells: Cell[] = [];
        const monthlyRelations: Constraint[] = [];
        const monthlyHidden = new Set<string>();
        for (const p of new Set([population, 'youth'])) {
          const truth = (await member.call('GET', `/api/communities/demo/metrics?population=${p}`)).body as Record<string, number | string>[];
          const seen = (await reader.call('GET', `/api/communities/demo/metrics?population=${p}`)).body as Record<string, number | string | null>[];
          truth.forEach((r, i) => {
            for (const k of MONTHLY) {
              monthlyCells.push({ id: `${p}/${r.month}:${k}`, value: r[k] as number });
              if (seen[i][k] === null) monthlyHidden.add(`${p}/${r.month}:${k}`);
            }
            if (i > 0)
              monthlyRelations.push({
                plus: [`${p}/${r.month}:actively_homeless`, `${p}/${r.month}:housing_placements`, `${p}/${r.month}:moved_to_inactive`, `${p}/${r.month}:no_longer_meets_criteria`],
                minus: [`${p}/${truth[i - 1].month}:actively_homeless`, `${p}/${r.month}:newly_identified`, `${p}/${r.month}:returned_from_housing`, `${p}/${r.month}:returned_from_inactive`],
              });
          });
        }
        // A tied cell the monthly figures shown already give is known, even if printed as null.
        const known = ties
          .filter(([, figures]) => disclosedCells([...monthlyCells, { id: 'x', value: 0 }], [...monthlyRelations, { plus: ['x'], minus: figures }], new Set([...monthlyHidden, 'x'])).includes('x'))
          .map(([cell]) => cell);
        const together = disclosedCells(
          [...cells, ...monthlyCells],
          [...constraints, ...monthlyRelations, ...ties.map(([cell, figures]) => ({ plus: [cell], minus: figures }))],
          new Set([...hidden, ...monthlyHidden].filter((id) => !known.includes(id))),
        );
        expect(together, `${population} ${shown.month} with /metrics`).toEqual([]);
      }
    }
  }, 240_000);

  it('should answer an unknown population, a month without figures and another community with a 404', async () => {
    const unknown = await member.call('GET', url('nobody'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatch(/^There is no population "nobody" in [^.]*\.$/);
    expect((await viewer.call('GET', url('all', '2001-01'))).status).toBe(404);
    expect((await viewer.call('GET', url('all', '2024-13'))).status).toBe(400);
    expect((await viewer.call('GET', `${url('all')}?month=2024-01&extra=1`)).status).toBe(400);
    const other = await stranger.call('GET', url('all'));
    expect([other.status, other.body.error]).toEqual([404, 'There is no community "demo".']);
    expect((await stranger.call('GET', '/api/communities/elsewhere/populations/all/breakdown')).body.total.actively_homeless).toBe(1);
    expect((await anonymous(app).call('GET', url('all'))).status).toBe(401);
  });
});
