import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { zeroloop } from '../helpers/cli.ts';
import { HISTORY, PERSONS } from '../app/four-people.ts';

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

let template: string | null = null;

/**
 * A data folder (in a folder of its own, so what lands beside it can be seen) holding
 * the four-person list: imported once, then copied (a closed PGlite folder copies whole).
 */
async function loadedDataDir(): Promise<{ parent: string; data: string }> {
  if (!template) {
    const dir = tmp('zl-life-bnl-');
    writeFileSync(join(dir, 'persons.csv'), PERSONS);
    writeFileSync(join(dir, 'status-history.csv'), HISTORY);
    const data = join(tmp('zl-life-template-'), 'data');
    const r = await zeroloop(['import', 'bnl', dir, '--data-dir', data, '--community', 'river-city']);
    expect(r.code, r.stderr).toBe(0);
    template = data;
  }
  const parent = tmp('zl-life-cli-');
  const data = join(parent, 'data');
  cpSync(template, data, { recursive: true });
  return { parent, data };
}

async function metrics(data: string): Promise<unknown> {
  const r = await zeroloop(['metrics', '--format', 'json', '--data-dir', data]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

async function backup(data: string, out: string): Promise<void> {
  const r = await zeroloop(['backup', '--out', out, '--data-dir', data]);
  expect(r.code, r.stderr).toBe(0);
}

// Each test runs several commands, each opening the embedded database: minutes on a busy machine.
describe('zeroloop backup and restore', { timeout: 240_000 }, () => {
  it('should back up to an owner-only file and restore the same data into a new folder', async () => {
    const { parent, data } = await loadedDataDir();
    const before = await metrics(data);
    expect((before as unknown[]).length).toBeGreaterThan(0);
    const out = join(parent, 'backup.tar.gz');
    const r = await zeroloop(['backup', '--out', out, '--data-dir', data]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Backed up .* to .*backup\.tar\.gz: [\d.]+ (KB|MB)/);
    expect(statSync(out).mode & 0o777).toBe(0o600);

    const again = await zeroloop(['backup', '--out', out, '--data-dir', data]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists: choose another file, or add --force/);
    const forced = await zeroloop(['backup', '--out', out, '--force', '--data-dir', data]);
    expect(forced.code, forced.stderr).toBe(0);

    const restored = join(parent, 'restored');
    const back = await zeroloop(['restore', out, '--data-dir', restored]);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toContain(`into ${restored}: 1 community`);
    expect(await metrics(restored)).toEqual(before);
    expect(statSync(join(restored, 'pgdata')).mode & 0o777).toBe(0o700);
    // Nothing left behind: no staging folder beside it.
    expect(readdirSync(parent).sort()).toEqual(['backup.tar.gz', 'data', 'restored']);
  });

  it('should leave the folder untouched when the file is not a backup, or a backup cut short', async () => {
    const { parent, data } = await loadedDataDir();
    const before = await metrics(data);
    const out = join(parent, 'good.tar.gz');
    await backup(data, out);
    const garbage = join(parent, 'garbage.tar.gz');
    writeFileSync(garbage, 'person_id,date,status\nA,2024-01-05,active\n');
    const good = readFileSync(out);
    const cut = join(parent, 'cut.tar.gz');
    writeFileSync(cut, good.subarray(0, Math.floor(good.length / 2)));
    // A complete gzip stream around a tar archive cut in the middle.
    const tar = gunzipSync(good);
    const cutTar = join(parent, 'cut-tar.tar.gz');
    writeFileSync(cutTar, gzipSync(tar.subarray(0, Math.floor(tar.length / 1024) * 512 + 100)));
    const listing = readdirSync(parent).sort();

    for (const file of [garbage, cut, cutTar]) {
      const r = await zeroloop(['restore', file, '--replace', '--data-dir', data]);
      expect(r.code, file).toBe(1);
      expect(r.stderr.trim().split('\n'), file).toHaveLength(1);
      expect(r.stderr).toContain(`error: ${file} is not a ZeroLoop backup:`);
      expect(r.stderr).toContain('expected a .tar.gz file written by `zeroloop backup`');
      expect(readdirSync(parent).sort(), file).toEqual(listing);
    }
    const missing = await zeroloop(['restore', join(parent, 'nope.tar.gz'), '--data-dir', join(parent, 'new')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.tar.gz does not exist');
    expect(existsSync(join(parent, 'new'))).toBe(false);
    expect(await metrics(data)).toEqual(before);
  });

  it('should restore over a database only with --replace, moving the old one aside', async () => {
    const { parent, data } = await loadedDataDir();
    const backedUp = await metrics(data);
    const out = join(parent, 'backup.tar.gz');
    await backup(data, out);
    // The database moves on after the backup.
    const purged = await zeroloop(['purge', 'person', 'P1', '--reason', 'asked', '--data-dir', data]);
    expect(purged.code, purged.stderr).toBe(0);
    const later = await metrics(data);
    expect(later).not.toEqual(backedUp);

    const refused = await zeroloop(['restore', out, '--data-dir', data]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already holds a database: add --replace/);
    expect(await metrics(data)).toEqual(later);

    const r = await zeroloop(['restore', out, '--replace', '--data-dir', data]);
    expect(r.code, r.stderr).toBe(0);
    const aside = readdirSync(parent).find((f) => f.startsWith('data.before-restore-'))!;
    expect(aside).toMatch(/^data\.before-restore-\d{8}T\d{6}Z$/);
    expect(r.stdout).toContain(`is now in ${join(parent, aside)}`);
    expect(statSync(join(parent, aside)).mode & 0o777).toBe(0o700);
    expect(await metrics(data)).toEqual(backedUp);
    expect(await metrics(join(parent, aside))).toEqual(later);
  });

  it('should refuse to restore while another process holds the folder', async () => {
    const { parent, data } = await loadedDataDir();
    const out = join(parent, 'backup.tar.gz');
    await backup(data, out);
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      writeFileSync(join(data, 'zeroloop.lock'), JSON.stringify({ pid: sleeper.pid, purpose: 'zeroloop serve', since: '2026-01-01T00:00:00Z' }));
      const r = await zeroloop(['restore', out, '--replace', '--data-dir', data]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`in use by process ${sleeper.pid} (zeroloop serve`);
      expect(readdirSync(parent).some((f) => f.includes('before-restore') || f.includes('restoring'))).toBe(false);
    } finally {
      sleeper.kill();
    }
  });

  it('should send a PostgreSQL user to pg_dump', async () => {
    const r = await zeroloop(['backup', '--out', join(tmp('zl-life-pg-'), 'b.tar.gz')], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^error: .*pg_dump -Fc .*pg_restore.*managed service's backups\.$/);
  });
});

describe('the embedded database folder', () => {
  it('should be created owner-only, and tightened when it was not', async () => {
    const parent = tmp('zl-life-fresh-');
    const data = join(parent, '.zeroloop');
    // Any command starts the database: a backup of an empty one will do.
    const r = await zeroloop(['backup', '--out', join(parent, 'empty.tar.gz'), '--data-dir', data]);
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(data).mode & 0o777).toBe(0o700);
    expect(statSync(join(data, 'pgdata')).mode & 0o777).toBe(0o700);
    chmodSync(join(data, 'pgdata'), 0o755);
    expect((await zeroloop(['backup', '--out', join(parent, 'empty.tar.gz'), '--force', '--data-dir', data])).code).toBe(0);
    expect(statSync(join(data, 'pgdata')).mode & 0o777).toBe(0o700);
  });
});
