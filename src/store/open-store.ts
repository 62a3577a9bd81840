import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { openPglite, openPostgres, type Database } from './database.ts';
import { DataDirLock } from './data-dir-lock.ts';
import { migrate } from './migrate.ts';

export interface StoreOptions {
  /** `postgres://…`: use that server instead of the embedded database. */
  databaseUrl?: string | null;
  /** The embedded database's folder (ignored with a databaseUrl). */
  dataDir: string;
  /** What this process is, for the lock file's message to others. */
  purpose: string;
}

export interface Store {
  readonly db: Database;
  /** Where the data lives, for messages (the folder, or the server without its password). */
  readonly location: string;
  close(): Promise<void>;
}

export const DEFAULT_DATA_DIR = '.zeroloop';

/** Opens the database (locking an embedded folder) and brings its schema up to date. */
export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.databaseUrl) {
    const db = await openPostgres(options.databaseUrl);
    try {
      await migrate(db);
    } catch (e) {
      await db.close();
      throw e;
    }
    return { db, location: redactUrl(options.databaseUrl), close: () => db.close() };
  }
  const dataDir = resolve(options.dataDir);
  // The lock goes beside the database files. A folder made here is the owner's alone;
  // an existing one keeps its permissions (it may be the user's own folder), while the
  // database inside it is made owner-only by openPglite.
  if (!existsSync(dataDir)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    chmodSync(dataDir, 0o700);
  }
  const lock = DataDirLock.acquire(dataDir, options.purpose);
  let db: Database;
  try {
    db = await openPglite(`${dataDir}/pgdata`);
    await migrate(db);
  } catch (e) {
    lock.release();
    throw e;
  }
  let closed = false;
  return {
    db,
    location: dataDir,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await db.close();
      } finally {
        lock.release();
      }
    },
  };
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the configured database';
  }
}
