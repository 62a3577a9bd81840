import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engines } from '../helpers/engines.ts';
import type { Database } from '../../src/store/database.ts';
import type { Community } from '../../src/store/communities.ts';
import { importBnl } from '../../src/app/import-bnl.ts';
import { resolveCommunity } from '../../src/app/community.ts';
import { monthlyMetrics } from '../../src/app/metrics.ts';
import { personRef, readAudit, recordAudit } from '../../src/store/audit-log.ts';
import { communityTables } from '../../src/store/community-tables.ts';
import { exportCommunity, type ExportManifest } from '../../src/app/lifecycle/export-community.ts';
import { purgeCommunity, purgePerson } from '../../src/app/lifecycle/purge.ts';
import type { MonthlyFigures } from '../../src/domain/bnl/types.ts';
import { HISTORY, PERSONS } from './four-people.ts';

const actor = { name: 'cli:tester', ip: 'cli' };
const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

/** The four-person list, with a provider a spreadsheet would run as a formula. */
function folder(): string {
  const dir = tmp('zl-life-bnl-');
  writeFileSync(join(dir, 'persons.csv'), PERSONS);
  writeFileSync(join(dir, 'status-history.csv'), HISTORY.replace('P1,2024-01-10,active,outreach,Street Team', 'P1,2024-01-10,active,outreach,=HYPERLINK("http://x")'));
  return dir;
}

type Row = Omit<MonthlyFigures, 'population' | 'balanced'>;
const z = { newly_identified: 0, returned_from_housing: 0, returned_from_inactive: 0, housing_placements: 0, moved_to_inactive: 0, no_longer_meets_criteria: 0, avg_days_to_housing: null };
const m = (month: string, active: number, flows: Partial<Row> = {}): Row => ({ month, actively_homeless: active, ...z, ...flows });

/** The hand-worked figures of four-people.ts, and the same with P1 (the veteran housed in March) gone. */
const ALL_FOUR = [
  m('2024-01', 2, { newly_identified: 2 }),
  m('2024-02', 3, { newly_identified: 2, moved_to_inactive: 1 }),
  m('2024-03', 2, { housing_placements: 1, avg_days_to_housing: 55 }),
  m('2024-04', 1, { returned_from_inactive: 1, housing_placements: 2, avg_days_to_housing: 74 }),
];
const ALL_WITHOUT_P1 = [
  m('2024-01', 1, { newly_identified: 1 }), // P2 only
  m('2024-02', 2, { newly_identified: 2, moved_to_inactive: 1 }), // P3 and P4 arrive, P2 goes inactive
  m('2024-03', 2),
  m('2024-04', 1, { returned_from_inactive: 1, housing_placements: 2, avg_days_to_housing: 74 }),
];

for (const engine of engines) {
  describe(`the data lifecycle on ${engine.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let north: Community;
    let south: Community;

    beforeEach(async () => {
      ({ db, dispose } = await engine.open());
      await importBnl(db, { dir: folder(), community: 'north' });
      await importBnl(db, { dir: folder(), community: 'south' });
      north = await resolveCommunity(db, 'north');
      south = await resolveCommunity(db, 'south');
      for (const c of [north, south]) {
        const id = c.communityId;
        // HMIS records of P1 (the same id in both communities), learning work whose
        // foreign keys do not cascade, a table added later with no key at all, and an audit entry.
        await db.query("INSERT INTO hmis_client (community_id, personalid, firstname, import_id, source_line) VALUES ($1, 'P1', '@Ann', 1, 2), ($1, 'P2', 'Bo', 1, 3)", [id]);
        await db.query("INSERT INTO hmis_enrollment (community_id, enrollmentid, personalid, import_id, source_line) VALUES ($1, 'E1', 'P1', 1, 2), ($1, 'E2', 'P2', 1, 3)", [id]);
        await db.query("INSERT INTO hmis_services (community_id, servicesid, enrollmentid, personalid, import_id, source_line) VALUES ($1, 'S1', 'E1', 'P1', 1, 2)", [id]);
        await db.query("INSERT INTO measure (community_id, slug, current_version) VALUES ($1, 'm1', 1)", [id]);
        await db.query("INSERT INTO measure_version (community_id, slug, version, definition, changed_by, reason) VALUES ($1, 'm1', 1, '{}', 'a', 'r')", [id]);
        await db.query(
          "INSERT INTO aim (community_id, aim_id, statement, measure, target_value, target_date, sustain_periods, created_by) VALUES ($1, 1, 'fewer', 'm1', 0, '2025-01', 3, 'a')",
          [id],
        );
        await db.query("INSERT INTO driver_diagram (community_id, diagram_id, title, aim_id, created_by) VALUES ($1, 1, 'd', 1, 'a')", [id]);
        await db.query("INSERT INTO pdsa_cycle (community_id, pdsa_id, status, start_date, worksheet, created_by) VALUES ($1, 1, 'planned', '2024-01-01', '{}', 'a')", [id]);
        await db.query("INSERT INTO pdsa_measure (community_id, pdsa_id, slug) VALUES ($1, 1, 'm1')", [id]);
        await recordAudit(db, { communityId: id, actor: 'someone', action: 'person.view', target: await personRef(db, id, 'P2'), ip: '10.0.0.1' });
      }
      await db.exec('CREATE TABLE zz_added_later (community_id integer NOT NULL, note text)');
      await db.query("INSERT INTO zz_added_later VALUES ($1, 'north note'), ($2, 'south note')", [north.communityId, south.communityId]);
    });
    afterEach(async () => dispose());

    /** Every row a community has in every table with a community_id column. */
    async function rowsOf(communityId: number): Promise<Record<string, unknown[]>> {
      const out: Record<string, unknown[]> = {};
      for (const t of await communityTables(db)) {
        out[t.name] = await db.query(`SELECT to_jsonb(t) AS r FROM "${t.name}" t WHERE community_id = $1 ORDER BY to_jsonb(t)::text`, [communityId]);
      }
      return out;
    }
    const figures = async (c: Community, population: string) =>
      (await monthlyMetrics(db, c, { population })).map(({ population: _p, balanced, ...rest }) => {
        expect(balanced).toBe(true);
        return rest;
      });

    it("should remove a person from every table of their community only, re-derive the figures without them, and audit it without their id", async () => {
      expect(await figures(north, 'all')).toEqual(ALL_FOUR);
      const southBefore = await rowsOf(south.communityId);

      const result = await purgePerson(db, north, 'P1', { reason: 'asked to be removed', actor });
      expect(result.rowsRemoved).toMatchObject({ bnl_person: 1, bnl_status_change: 2, hmis_client: 1, hmis_enrollment: 1, hmis_services: 1 });
      expect(result.rowsRemoved.bnl_transition).toBeGreaterThan(0);
      expect(result.peopleAfter).toBe(3);

      const personTables = (await communityTables(db)).filter((t) => t.personColumn);
      expect(personTables.map((t) => t.name)).toEqual(expect.arrayContaining(['bnl_person', 'bnl_status_change', 'bnl_transition', 'hmis_client', 'hmis_enrollment', 'hmis_exit']));
      for (const t of personTables) {
        const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${t.name}" WHERE community_id = $1 AND "${t.personColumn}" = 'P1'`, [north.communityId]);
        expect(n, t.name).toBe(0);
      }
      // Everyone else stays; the figures no longer count P1.
      expect((await db.query("SELECT personalid FROM hmis_client WHERE community_id = $1", [north.communityId])).map((r) => (r as { personalid: string }).personalid)).toEqual(['P2']);
      expect(await figures(north, 'all')).toEqual(ALL_WITHOUT_P1);
      expect((await figures(north, 'veterans')).every((r) => r.actively_homeless === 0 && r.newly_identified === 0 && r.housing_placements === 0)).toBe(true);
      const [derivation] = await db.query<{ person_count: number }>('SELECT person_count FROM bnl_derivation WHERE community_id = $1', [north.communityId]);
      expect(derivation.person_count).toBe(3);

      // The other community, P1 included, is untouched.
      expect(await rowsOf(south.communityId)).toEqual(southBefore);
      expect(await figures(south, 'all')).toEqual(ALL_FOUR);

      const [entry] = (await readAudit(db, north.communityId)).filter((e) => e.action === 'person.purge');
      expect(entry).toMatchObject({ actor: 'cli:tester', ip: 'cli', target: await personRef(db, north.communityId, 'P1') });
      expect(entry.detail).toEqual({ reason: 'asked to be removed', rows_removed: result.rowsRemoved });
      expect(JSON.stringify(entry)).not.toContain('P1');
    });

    it('should refuse an unknown person and change nothing', async () => {
      const before = await rowsOf(north.communityId);
      await expect(purgePerson(db, north, 'P9', { reason: 'asked', actor })).rejects.toThrow('There is no person "P9" in the community "north"');
      await expect(purgePerson(db, north, 'P1', { reason: ' ', actor })).rejects.toThrow(/--reason/);
      expect(await rowsOf(north.communityId)).toEqual(before);
    });

    it('should purge a whole community, foreign keys and tables added later included, and leave the other intact', async () => {
      const northBefore = await rowsOf(north.communityId);
      await expect(purgeCommunity(db, 'south', { confirm: 'north', actor })).rejects.toThrow('--confirm south');
      const result = await purgeCommunity(db, 'south', { confirm: 'south', actor });
      expect(result.rowsRemoved).toMatchObject({ community: 1, bnl_person: 4, aim: 1, driver_diagram: 1, pdsa_measure: 1, zz_added_later: 1, hmis_client: 2 });

      const left = await rowsOf(south.communityId);
      for (const [table, rows] of Object.entries(left)) if (table !== 'audit_log') expect(rows, table).toEqual([]);
      expect(await db.query('SELECT 1 FROM community WHERE slug = $1', ['south'])).toEqual([]);
      // The audit log keeps the community's entries, and says it was purged.
      const audit = await readAudit(db, south.communityId);
      expect(audit.map((e) => e.action)).toEqual(['community.purge', 'person.view']);
      expect(audit[0].detail).toMatchObject({ community_id: south.communityId, slug: 'south' });

      expect(await rowsOf(north.communityId)).toEqual(northBefore);
      expect(await figures(north, 'all')).toEqual(ALL_FOUR);
      await expect(purgeCommunity(db, 'south', { confirm: 'south', actor })).rejects.toThrow('no community "south"');
    });

    it("should export exactly one community's rows from every table, formulas neutralised, with a manifest", async () => {
      const out = join(tmp('zl-life-export-'), 'north');
      const manifest = await exportCommunity(db, north, { outDir: out, actor });
      const tables = (await communityTables(db)).map((t) => t.name).sort();
      expect(manifest.tables.map((t) => t.table)).toEqual(tables);
      expect(tables).toEqual(expect.arrayContaining(['audit_log', 'bnl_person', 'community', 'hmis_client', 'zz_added_later']));
      expect(readdirSync(out).sort()).toEqual([...tables.map((t) => `${t}.csv`), 'manifest.json'].sort());
      expect(statSync(out).mode & 0o777).toBe(0o700);
      expect(statSync(join(out, 'bnl_person.csv')).mode & 0o777).toBe(0o600);

      const written = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as ExportManifest;
      expect(written).toMatchObject({ community: { slug: 'north', community_id: north.communityId }, schema_version: expect.any(Number) });
      expect(written.schema_version).toBeGreaterThanOrEqual(5);
      expect(Date.parse(written.exported_at)).not.toBeNaN();

      for (const t of written.tables) {
        const rows = parse(readFileSync(join(out, t.file), 'utf8'), { columns: true }) as Record<string, string>[];
        const [{ n: now }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${t.table}" WHERE community_id = $1`, [north.communityId]);
        const n = t.table === 'audit_log' ? now - 1 : now; // the export's own entry comes after it
        expect(rows.length, t.table).toBe(n);
        expect(t.rows, t.table).toBe(n);
        for (const r of rows) expect(r.community_id, t.table).toBe(String(north.communityId));
      }
      const changes = parse(readFileSync(join(out, 'bnl_status_change.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
      expect(changes.find((c) => c.person_id === 'P1' && c.change_date === '2024-01-10')?.provider).toBe(`'=HYPERLINK("http://x")`);
      const clients = parse(readFileSync(join(out, 'hmis_client.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
      expect(clients.map((c) => c.firstname)).toEqual(["'@Ann", 'Bo']);
      expect(readFileSync(join(out, 'zz_added_later.csv'), 'utf8')).toBe('community_id,note\n' + `${north.communityId},north note\n`);
      // The audit log: this community's entries only. The community's audit key is a key, not data.
      expect(parse(readFileSync(join(out, 'audit_log.csv'), 'utf8'), { columns: true })).toHaveLength(1);
      expect(readFileSync(join(out, 'community.csv'), 'utf8')).not.toContain('audit_key');

      const [entry] = (await readAudit(db, north.communityId)).filter((e) => e.action === 'community.export');
      expect(entry).toMatchObject({ actor: 'cli:tester', target: 'community:north' });
      await expect(exportCommunity(db, north, { outDir: out, actor })).rejects.toThrow('is not empty');
    });
  });
}
