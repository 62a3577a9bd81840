import { cpSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPglite, openPostgres, type Database } from '../../src/store/database.ts';
import { loadMigrations, migrate } from '../../src/store/migrate.ts';

/**
 * A migrated, empty PGlite folder made once per schema version and copied for each
 * test: creating a PGlite cluster takes seconds, copying one takes milliseconds.
 */
async function pgliteTemplate(): Promise<string> {
  const hash = createHash('sha256').update(loadMigrations().map((m) => m.sql).join('\n')).digest('hex').slice(0, 16);
  const template = join(tmpdir(), `zl-pglite-template-${hash}`);
  if (existsSync(template)) return template;
  const staging = mkdtempSync(join(tmpdir(), 'zl-pglite-staging-'));
  const db = await openPglite(join(staging, 'pgdata'));
  await migrate(db);
  await db.close();
  try {
    renameSync(staging, template);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another worker made it first
  }
  return template;
}

/**
 * The storage suite runs on every engine available: always the embedded one, and
 * a PostgreSQL server when ZEROLOOP_TEST_DATABASE_URL names one (CI starts it).
 * Each test database is new and removed afterwards.
 */
export interface TestEngine {
  name: 'pglite' | 'postgres';
  open(): Promise<{ db: Database; dispose(): Promise<void> }>;
}

export const serverUrl = process.env.ZEROLOOP_TEST_DATABASE_URL || null;

export const engines: TestEngine[] = [
  {
    name: 'pglite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'zl-test-'));
      cpSync(await pgliteTemplate(), dir, { recursive: true });
      const db = await openPglite(join(dir, 'pgdata'));
      return {
        db,
        async dispose() {
          await db.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
];

if (serverUrl) {
  engines.push({
    name: 'postgres',
    async open() {
      const name = `zl_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      const db = await openPostgres(url.toString());
      await migrate(db);
      return {
        db,
        async dispose() {
          await db.close();
          const a = new pg.Client({ connectionString: serverUrl });
          await a.connect();
          await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await a.end();
        },
      };
    },
  });
}
