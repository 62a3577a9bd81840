import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openPglite, type Database } from '../../store/database.ts';
import { DataDirLock } from '../../store/data-dir-lock.ts';
import { loadMigrations, migrate } from '../../store/migrate.ts';
import { schemaVersion } from '../../store/community-tables.ts';
import { recordAudit } from '../../store/audit-log.ts';
import { UserError } from '../errors.ts';
import type { Actor } from './backup.ts';
import { extractDataDirDump, readDataDirDump } from './dump-file.ts';

export interface RestoreResult {
  dataDir: string;
  communities: number;
  schemaVersion: number;
  /** Where the database that was there went (with `replace`), else null. */
  movedAside: string | null;
}

/** `20260314T091500Z`: a UTC time that sorts and fits in a folder name. */
export function utcStamp(at = new Date()): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/**
 * Restores a backup into the embedded database's folder. Nothing there changes until
 * the backup has been checked whole, loaded into a new folder beside it, opened,
 * recognised as a ZeroLoop database and migrated; only then does it take the place
 * of the folder's database, which (with `replace`) is moved aside, never deleted.
 * Holds the folder's lock throughout, so it refuses while another process uses it.
 */
export async function restoreDatabase(options: { file: string; dataDir: string; replace?: boolean; actor: Actor; now?: Date }): Promise<RestoreResult> {
  const file = resolve(options.file);
  const dataDir = resolve(options.dataDir);
  if (!existsSync(file)) throw new UserError(`${file} does not exist.`);
  if (existsSync(dataDir) && !statSync(dataDir).isDirectory()) throw new UserError(`${dataDir} is not a folder.`);
  const created = !existsSync(dataDir);
  if (created) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    chmodSync(dataDir, 0o700);
  }
  let lock: DataDirLock;
  try {
    lock = DataDirLock.acquire(dataDir, 'zeroloop restore');
  } catch (e) {
    if (created) rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  let succeeded = false;
  try {
    const pgdata = join(dataDir, 'pgdata');
    const holdsDatabase = existsSync(pgdata) && readdirSync(pgdata).length > 0;
    if (holdsDatabase && !options.replace)
      throw new UserError(`${dataDir} already holds a database: add --replace to move it aside (to ${dataDir}.before-restore-<time>) and restore this backup in its place.`);

    const tar = readDataDirDump(file);
    const stamp = utcStamp(options.now);
    const staging = `${dataDir}.restoring-${stamp}-${process.pid}`;
    mkdirSync(staging, { mode: 0o700 });
    let result: Omit<RestoreResult, 'movedAside'>;
    try {
      result = await loadAndCheck(file, join(staging, 'pgdata'), tar, { dataDir, replacing: holdsDatabase, actor: options.actor });
    } catch (e) {
      rmSync(staging, { recursive: true, force: true });
      throw e;
    }

    let movedAside: string | null = null;
    try {
      if (holdsDatabase) {
        movedAside = freeName(`${dataDir}.before-restore-${stamp}`);
        mkdirSync(movedAside, { mode: 0o700 });
        renameSync(pgdata, join(movedAside, 'pgdata'));
        try {
          renameSync(join(staging, 'pgdata'), pgdata);
        } catch (e) {
          renameSync(join(movedAside, 'pgdata'), pgdata); // put it back as it was
          rmdirSync(movedAside);
          throw e;
        }
      } else {
        if (existsSync(pgdata)) rmdirSync(pgdata); // an empty folder
        renameSync(join(staging, 'pgdata'), pgdata);
      }
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
    succeeded = true;
    return { ...result, movedAside };
  } finally {
    lock.release();
    if (created && !succeeded) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Loads the archive into a new folder and proves it is a ZeroLoop database this version can run. */
async function loadAndCheck(
  file: string,
  folder: string,
  tar: Uint8Array,
  context: { dataDir: string; replacing: boolean; actor: Actor },
): Promise<Omit<RestoreResult, 'movedAside'>> {
  let db: Database | null = null;
  try {
    try {
      extractDataDirDump(tar, folder);
      db = await openPglite(folder);
      await db.query('SELECT 1');
    } catch (e) {
      throw new UserError(`${file} is not a ZeroLoop backup: the embedded database could not start from it (${firstLine(e)}).`);
    }
    const [{ t }] = await db.query<{ t: string | null }>("SELECT to_regclass('schema_migration')::text AS t");
    if (t === null) throw new UserError(`${file} is a PGlite database but not a ZeroLoop one (it has no schema_migration table).`);
    const known = new Set(loadMigrations().map((m) => m.version));
    const stored = await db.query<{ version: number }>('SELECT version FROM schema_migration ORDER BY version');
    const unknown = stored.filter((r) => !known.has(r.version));
    if (unknown.length > 0)
      throw new UserError(`${file} was made by a newer ZeroLoop (schema version ${unknown[unknown.length - 1].version}): upgrade ZeroLoop before restoring it.`);
    await migrate(db);
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM community');
    const version = await schemaVersion(db);
    await recordAudit(db, {
      communityId: null,
      actor: context.actor.name,
      action: 'database.restore',
      target: 'database',
      detail: { file, replaced: context.replacing },
      ip: context.actor.ip,
    });
    return { dataDir: context.dataDir, communities: n, schemaVersion: version };
  } finally {
    await db?.close().catch(() => undefined);
  }
}

function freeName(base: string): string {
  if (!existsSync(base)) return base;
  for (let i = 2; ; i++) if (!existsSync(`${base}-${i}`)) return `${base}-${i}`;
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0].replace(/[.\s]+$/, '');
}
