import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engines } from '../helpers/engines.ts';
import type { Database } from '../../src/store/database.ts';
import { importBnl, ImportRejectedError } from '../../src/app/import-bnl.ts';
import { monthlyMetrics } from '../../src/app/metrics.ts';
import { resolveCommunity } from '../../src/app/community.ts';
import { personTimeline } from '../../src/app/person.ts';
import { communityPopulations, removeCustomPopulation, saveCustomPopulation } from '../../src/app/populations.ts';
import { deriveCommunity } from '../../src/app/derive.ts';
import { ImportLog } from '../../src/store/imports.ts';
import type { MonthlyFigures } from '../../src/domain/bnl/types.ts';

import { HISTORY, PERSONS } from './four-people.ts';

function folder(persons = PERSONS, history = HISTORY): string {
  const dir = mkdtempSync(join(tmpdir(), 'zl-bnl-'));
  writeFileSync(join(dir, 'persons.csv'), persons);
  writeFileSync(join(dir, 'status-history.csv'), history);
  return dir;
}

type Row = Omit<MonthlyFigures, 'population' | 'balanced'>;
const z = { newly_identified: 0, returned_from_housing: 0, returned_from_inactive: 0, housing_placements: 0, moved_to_inactive: 0, no_longer_meets_criteria: 0, avg_days_to_housing: null };
const m = (month: string, active: number, flows: Partial<Row> = {}): Row => ({ month, actively_homeless: active, ...z, ...flows });

const EXPECTED: Record<string, Row[]> = {
  all: [
    m('2024-01', 2, { newly_identified: 2 }),
    m('2024-02', 3, { newly_identified: 2, moved_to_inactive: 1 }),
    m('2024-03', 2, { housing_placements: 1, avg_days_to_housing: 55 }),
    m('2024-04', 1, { returned_from_inactive: 1, housing_placements: 2, avg_days_to_housing: 74 }),
  ],
  'all-singles': [
    m('2024-01', 2, { newly_identified: 2 }),
    m('2024-02', 1, { moved_to_inactive: 1 }),
    m('2024-03', 0, { housing_placements: 1, avg_days_to_housing: 55 }),
    m('2024-04', 1, { returned_from_inactive: 1 }),
  ],
  veterans: [m('2024-01', 1, { newly_identified: 1 }), m('2024-02', 1), m('2024-03', 0, { housing_placements: 1, avg_days_to_housing: 55 }), m('2024-04', 0)],
  chronic: [m('2024-01', 0), m('2024-02', 0), m('2024-03', 0), m('2024-04', 0)],
  youth: [m('2024-01', 1, { newly_identified: 1 }), m('2024-02', 0, { moved_to_inactive: 1 }), m('2024-03', 0), m('2024-04', 1, { returned_from_inactive: 1 })],
  families: [m('2024-01', 0), m('2024-02', 1, { newly_identified: 1 }), m('2024-03', 1), m('2024-04', 0, { housing_placements: 1, avg_days_to_housing: 74 })],
};

for (const engine of engines) {
  describe(`importing a By-Name List on ${engine.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      ({ db, dispose } = await engine.open());
    });
    afterEach(async () => dispose());

    const snapshot = async () => ({
      persons: await db.query('SELECT * FROM bnl_person ORDER BY community_id, person_id'),
      changes: await db.query('SELECT * FROM bnl_status_change ORDER BY community_id, person_id, change_date'),
      months: await db.query('SELECT * FROM bnl_month ORDER BY community_id, population, month'),
    });

    it('should produce the hand-worked monthly figures for every built-in population', async () => {
      const report = await importBnl(db, { dir: folder(), community: 'test-city' });
      expect(report.status).toBe('succeeded');
      expect(report.merged).toMatchObject({ personsAdded: 4, changesAdded: 9 });
      const community = await resolveCommunity(db, 'test-city');
      const rows = await monthlyMetrics(db, community);
      for (const [population, expected] of Object.entries(EXPECTED)) {
        const got = rows.filter((r) => r.population === population).map(({ population: _p, balanced, ...rest }) => {
          expect(balanced).toBe(true);
          return rest;
        });
        expect(got, population).toEqual(expected);
      }
    });

    it('should change nothing when the same files are imported again', async () => {
      const dir = folder();
      await importBnl(db, { dir, community: 'test-city' });
      const before = await snapshot();
      const again = await importBnl(db, { dir, community: 'test-city' });
      expect(again.merged).toEqual({ personsAdded: 0, personsChanged: 0, changesAdded: 0, changesChanged: 0, personsRemoved: 0 });
      expect(again.summary).toContain('nothing changed');
      const after = await snapshot();
      expect(after.persons.map(({ import_id: _i, ...r }: Record<string, unknown>) => r)).toEqual(before.persons.map(({ import_id: _i, ...r }: Record<string, unknown>) => r));
      expect(after.months).toEqual(before.months);
    });

    it('should import nothing and keep the stored data when a row has an error', async () => {
      await importBnl(db, { dir: folder(), community: 'test-city' });
      const before = await snapshot();
      const bad = folder(PERSONS + 'P5,1970-01-01,,no,,,,,,\n', HISTORY + 'P5,2024-04-01,active,,\nP1,2024-13-01,housed,,\n');
      const error = await importBnl(db, { dir: bad, community: 'test-city' }).catch((e) => e);
      expect(error).toBeInstanceOf(ImportRejectedError);
      const report = (error as ImportRejectedError).report;
      const history = report.files.find((f) => f.file === 'status-history.csv')!;
      expect(history.rowsRejected).toBe(1);
      expect(history.problems[0]).toMatchObject({ severity: 'error', file: 'status-history.csv', line: 12, column: 'date', value: '2024-13-01' });
      expect(await snapshot()).toEqual(before);
      const community = await resolveCommunity(db, 'test-city');
      const runs = await new ImportLog(db, community.communityId).list();
      expect(runs.map((r) => r.status)).toEqual(['failed', 'succeeded']);
    });

    it('should load the good rows and write the rejected ones with reasons when partial imports are accepted', async () => {
      const bad = folder(PERSONS, HISTORY + 'P1,2024-04-10,sleeping,,\n');
      const rejectsFile = join(mkdtempSync(join(tmpdir(), 'zl-rej-')), 'rejects.csv');
      const report = await importBnl(db, { dir: bad, community: 'test-city', acceptPartial: true, rejectsFile });
      expect(report.status).toBe('succeeded');
      expect(report.rejectsFile).toBe(rejectsFile);
      const text = readFileSync(rejectsFile, 'utf8').trim().split('\n');
      expect(text[0]).toBe('file,line,reasons,record');
      expect(text).toHaveLength(2);
      expect(text[1]).toMatch(/^status-history\.csv,11,.*status.*,"P1,2024-04-10,sleeping,,"$/);
      expect(report.merged?.changesAdded).toBe(9);
    });

    it('should keep each community to its own people and figures', async () => {
      await importBnl(db, { dir: folder(), community: 'north' });
      await importBnl(db, { dir: folder(PERSONS.split('\n').slice(0, 2).join('\n') + '\n', 'person_id,date,status\nP1,2024-01-10,active\n'), community: 'south' });
      const north = await resolveCommunity(db, 'north');
      const south = await resolveCommunity(db, 'south');
      const southAll = (await monthlyMetrics(db, south, { population: 'all' })).map((r) => r.actively_homeless);
      expect(southAll).toEqual([1]);
      const northAll = (await monthlyMetrics(db, north, { population: 'all' })).map((r) => r.actively_homeless);
      expect(northAll).toEqual([2, 3, 2, 1]);
      const p1South = await personTimeline(db, south, 'P1');
      expect(p1South.status_changes.map((c) => c.status)).toEqual(['active']);
      await expect(personTimeline(db, south, 'P3')).rejects.toThrow(/no person "P3"/);
    });

    it('should count only heads of household when a custom population counts households', async () => {
      await importBnl(db, { dir: folder(), community: 'test-city' });
      const community = await resolveCommunity(db, 'test-city');
      await db.transaction(async (tx) => {
        await saveCustomPopulation(tx, community.communityId, { slug: 'family-households', name: 'Family households', rule: { attr: 'household', is: 'family' }, countsHouseholds: true });
        await deriveCommunity(tx, community);
      });
      const counted = (await monthlyMetrics(db, community, { population: 'family-households' })).map(({ population: _p, ...r }) => r);
      const families = (await monthlyMetrics(db, community, { population: 'families' })).map(({ population: _p, ...r }) => r);
      expect(counted).toEqual(families); // P3 (head) only, not P4 (child): 0, 1, 1, 0 active
      expect(counted.map((r) => r.actively_homeless)).toEqual([0, 1, 1, 0]);
    });

    it('should refuse to remove a population that another refers to, and keep both', async () => {
      await importBnl(db, { dir: folder(), community: 'test-city' });
      const community = await resolveCommunity(db, 'test-city');
      await saveCustomPopulation(db, community.communityId, { slug: 'vets2', name: 'V2', rule: { population: 'veterans' } });
      await saveCustomPopulation(db, community.communityId, { slug: 'vets3', name: 'V3', rule: { population: 'vets2' } });
      await expect(removeCustomPopulation(db, community.communityId, 'vets2')).rejects.toThrow('"vets3" refers to it');
      expect((await communityPopulations(db, community.communityId)).map((p) => p.slug)).toContain('vets2');
    });

    it("should explain a person's events with the file and line they came from", async () => {
      const dir = folder();
      await importBnl(db, { dir, community: 'test-city' });
      const view = await personTimeline(db, await resolveCommunity(db, 'test-city'), 'P1');
      const veterans = view.populations.find((p) => p.population === 'veterans')!;
      expect(veterans.events).toEqual([
        { date: '2024-01-10', from: 'absent', to: 'active', counts_as: 'newly_identified', days_to_housing: null, source: { source: 'status-history.csv', record: '2', provider: 'Street Team' } },
        { date: '2024-03-05', from: 'active', to: 'housed', counts_as: 'housing_placements', days_to_housing: 55, source: { source: 'status-history.csv', record: '3', provider: 'Housing Co' } },
      ]);
      expect(existsSync(dir)).toBe(true);
    });
  });
}
