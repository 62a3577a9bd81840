import { mkdtempSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DataDirBusyError, DataDirLock } from '../../src/store/data-dir-lock.ts';
import { openStore } from '../../src/store/open-store.ts';

describe('the data folder lock', () => {
  it('should refuse a second holder and name the first one when the holder is alive', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zl-lock-'));
    // A live process other than this one holds the lock.
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(join(dir, 'zeroloop.lock'), JSON.stringify({ pid: sleeper.pid, purpose: 'zeroloop serve', since: '2026-01-01T00:00:00Z' }));
      let error: unknown;
      try {
        DataDirLock.acquire(dir, 'zeroloop metrics');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DataDirBusyError);
      expect((error as Error).message).toContain(`process ${sleeper.pid}`);
      expect((error as Error).message).toContain('zeroloop serve');
    } finally {
      sleeper.kill();
    }
  });

  it('should take over a lock when its holder is gone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zl-lock-'));
    writeFileSync(join(dir, 'zeroloop.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, purpose: 'killed', since: 'x' }));
    const lock = DataDirLock.acquire(dir, 'test');
    lock.release();
    expect(existsSync(join(dir, 'zeroloop.lock'))).toBe(false);
  });

  it('should refuse to open a data folder that another store holds, and free it on close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zl-lock-'));
    const first = await openStore({ dataDir: dir, purpose: 'first' });
    try {
      await expect(openStore({ dataDir: dir, purpose: 'second' })).rejects.toThrow(`in use by process ${process.pid} (first`);
    } finally {
      await first.close();
    }
    expect(existsSync(join(dir, 'zeroloop.lock'))).toBe(false);
    // The database folder holds person-level records: the owner's alone.
    expect(statSync(join(dir, 'pgdata')).mode & 0o777).toBe(0o700);
    const again = await openStore({ dataDir: dir, purpose: 'again' });
    await again.close();
  });
});
