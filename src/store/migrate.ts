import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { Database } from './database.ts';

/**
 * src/store/migrations, found from wherever this module runs: beside it in src/,
 * or from the compiled build in dist/ (whose folders differ) by walking up to the
 * package root.
 */
function migrationsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    for (const candidate of [join(dir, 'migrations'), join(dir, 'src', 'store', 'migrations')]) {
      if (existsSync(join(candidate, '0001_foundation.sql'))) return candidate;
    }
    dir = dirname(dir);
  }
  throw new Error('The migrations folder (src/store/migrations) is missing from this installation.');
}

const MIGRATIONS_DIR = migrationsDir();

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The migrations folder, in order: files named `NNNN_name.sql`. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 4)), name: f.slice(5, -4), sql: readFileSync(join(dir, f), 'utf8') }));
}

/**
 * Applies the migrations not yet applied, each in its own transaction, on either
 * engine. On a server an advisory lock keeps two starting processes from racing.
 * Returns the versions applied.
 */
export async function migrate(db: Database, migrations = loadMigrations()): Promise<number[]> {
  // Every command opens the database: when the schema is current, one query says so.
  const current = await db
    .query<{ version: number }>('SELECT version FROM schema_migration')
    .then((rows) => new Set(rows.map((r) => r.version)))
    .catch(() => null);
  if (current && migrations.every((m) => current.has(m.version))) return [];
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: number[] = [];
  for (const m of migrations) {
    const done = await db.transaction(async (tx) => {
      if (tx.dialect === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(7320451)');
      const rows = await tx.query<{ version: number }>('SELECT version FROM schema_migration WHERE version = $1', [m.version]);
      if (rows.length > 0) return false;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migration (version, name) VALUES ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}
