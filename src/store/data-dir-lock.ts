import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PGlite takes no lock on its folder, and two processes writing one folder corrupt
 * it. ZeroLoop owns a lock file there: created exclusively, naming its holder; a
 * lock whose holder is gone (killed) is taken over.
 */
export class DataDirLock {
  private released = false;
  private constructor(readonly path: string) {}

  static acquire(dataDir: string, purpose: string): DataDirLock {
    const path = join(dataDir, 'zeroloop.lock');
    const content = JSON.stringify({ pid: process.pid, purpose, since: new Date().toISOString() });
    for (let attempt = 0; attempt < 3; attempt++) {
      // Written aside, then linked into place: the lock appears whole or not at all.
      const staged = `${path}.${process.pid}`;
      writeFileSync(staged, content, { mode: 0o600 });
      try {
        linkSync(staged, path);
        return new DataDirLock(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const holder = readHolder(path);
        if (holder && isAlive(holder.pid)) throw busy(dataDir, holder);
        // Stale: its holder is gone. Move it aside under a name of our own and look at what
        // we moved: if another process replaced the stale lock with its live one meanwhile,
        // put that back and give way.
        const aside = `${path}.stale-${process.pid}`;
        try {
          renameSync(path, aside);
        } catch (moveError) {
          if ((moveError as NodeJS.ErrnoException).code === 'ENOENT') continue; // someone else moved it
          throw moveError;
        }
        const moved = readHolder(aside);
        if (moved && isAlive(moved.pid)) {
          try {
            linkSync(aside, path);
          } catch {
            /* a third process holds it now; either way the folder is busy */
          }
          rmSync(aside, { force: true });
          throw busy(dataDir, moved);
        }
        rmSync(aside, { force: true });
      } finally {
        rmSync(staged, { force: true });
      }
    }
    throw new DataDirBusyError(`Could not lock the data folder ${dataDir}: another process keeps taking it.`);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    rmSync(this.path, { force: true });
  }
}

function busy(dataDir: string, holder: { pid: number; purpose: string; since: string }): DataDirBusyError {
  return new DataDirBusyError(
    `The data folder ${dataDir} is in use by process ${holder.pid} (${holder.purpose}, since ${holder.since}); stop it first or point this command at another folder with --data-dir.`,
  );
}

export class DataDirBusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirBusyError';
  }
}

function readHolder(path: string): { pid: number; purpose: string; since: string } | null {
  try {
    const o = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown; purpose?: unknown; since?: unknown };
    if (typeof o.pid !== 'number') return null;
    return { pid: o.pid, purpose: String(o.purpose ?? 'unknown'), since: String(o.since ?? 'unknown') };
  } catch {
    return null; // unreadable or half-written: treat as stale
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
