import { closeSync, existsSync, fsyncSync, linkSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { dumpEmbeddedDatabase, type Database } from '../../store/database.ts';
import { recordAudit } from '../../store/audit-log.ts';
import { UserError } from '../errors.ts';

/** Who does it, for the audit log (the CLI: `cli:<login name>` from `cli`). */
export interface Actor {
  name: string;
  ip: string | null;
}

/** What to say when backup or restore is asked of a PostgreSQL server. */
export const POSTGRES_BACKUP_GUIDANCE =
  'ZeroLoop backs up only its embedded database; with DATABASE_URL set, back up the server with pg_dump -Fc (restore with pg_restore) or your managed service\'s backups.';

export interface BackupResult {
  file: string;
  bytes: number;
  millis: number;
}

/**
 * Writes a consistent copy of the embedded database to `out`: PGlite's dump of the
 * data folder (a gzip-compressed tar archive), readable by the owner alone. The file
 * appears whole or not at all, and an existing file is kept unless `force`.
 */
export async function backupDatabase(db: Database, options: { out: string; force?: boolean; actor: Actor }): Promise<BackupResult> {
  if (db.dialect !== 'pglite') throw new UserError(POSTGRES_BACKUP_GUIDANCE);
  const out = resolve(options.out);
  const folder = dirname(out);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UserError(`Cannot write the backup to ${out}: the folder ${folder} does not exist.`);
  if (existsSync(out) && !options.force) throw new UserError(`${out} already exists: choose another file, or add --force to overwrite it.`);

  const started = Date.now();
  const dump = Buffer.from(await (await dumpEmbeddedDatabase(db)).arrayBuffer());
  const staged = join(folder, `.${basename(out)}.${process.pid}.partial`);
  const fd = openSync(staged, 'wx', 0o600);
  try {
    for (let at = 0; at < dump.length; ) at += writeSync(fd, dump, at);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(staged, { force: true });
    throw e;
  }
  closeSync(fd);
  try {
    if (options.force) renameSync(staged, out);
    else placeWithoutOverwriting(staged, out);
  } finally {
    rmSync(staged, { force: true });
  }
  const millis = Date.now() - started;
  await recordAudit(db, {
    communityId: null,
    actor: options.actor.name,
    action: 'database.backup',
    target: 'database',
    detail: { file: out, bytes: dump.length },
    ip: options.actor.ip,
  });
  return { file: out, bytes: dump.length, millis };
}

/** Moves `staged` to `out` unless `out` exists, atomically where the file system can link. */
function placeWithoutOverwriting(staged: string, out: string): void {
  try {
    linkSync(staged, out);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UserError(`${out} already exists: choose another file, or add --force to overwrite it.`);
    if (existsSync(out)) throw new UserError(`${out} already exists: choose another file, or add --force to overwrite it.`);
    renameSync(staged, out); // a file system without hard links
  }
}
