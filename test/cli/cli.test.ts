import { mkdtempSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, zeroloop } from '../helpers/cli.ts';

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

function bnlFolder(history: string): string {
  const dir = tmp('zl-cli-bnl-');
  writeFileSync(join(dir, 'persons.csv'), 'person_id,birth_date,veteran\nA,1970-01-01,yes\nB,1985-06-01,no\n');
  writeFileSync(join(dir, 'status-history.csv'), history);
  return dir;
}

describe('the zeroloop command', () => {
  it('should import a list and print its figures as JSON, CSV and a table', async () => {
    const data = tmp('zl-cli-data-');
    // A: active 2024-01-05, housed 2024-02-10 (36 days: 26 + 10). B: active 2024-02-01.
    const dir = bnlFolder('person_id,date,status\nA,2024-01-05,active\nA,2024-02-10,housed\nB,2024-02-01,active\n');
    const imported = await zeroloop(['import', 'bnl', dir, '--data-dir', data, '--community', 'river-city']);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('2 people added');

    const json = await zeroloop(['metrics', '--format', 'json', '--population', 'veterans', '--data-dir', data]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([
      { month: '2024-01', population: 'veterans', actively_homeless: 1, newly_identified: 1, returned_from_housing: 0, returned_from_inactive: 0, housing_placements: 0, moved_to_inactive: 0, no_longer_meets_criteria: 0, avg_days_to_housing: null, balanced: true },
      { month: '2024-02', population: 'veterans', actively_homeless: 0, newly_identified: 0, returned_from_housing: 0, returned_from_inactive: 0, housing_placements: 1, moved_to_inactive: 0, no_longer_meets_criteria: 0, avg_days_to_housing: 36, balanced: true },
    ]);
    const csv = await zeroloop(['metrics', '--format', 'csv', '--population', 'all', '--from', '2024-02', '--data-dir', data]);
    expect(csv.stdout.trim().split('\n')).toEqual([
      'month,population,actively_homeless,newly_identified,returned_from_housing,returned_from_inactive,housing_placements,moved_to_inactive,no_longer_meets_criteria,avg_days_to_housing,balanced',
      '2024-02,all,1,1,0,0,1,0,0,36,true',
    ]);
    const table = await zeroloop(['fz', '--data-dir', data]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/veterans\s+2024-02\s+0\s+3\s+yes/);
    const imports = await zeroloop(['imports', '--format', 'json', '--data-dir', data]);
    const runs = JSON.parse(imports.stdout);
    expect(runs).toHaveLength(1);
    const report = await zeroloop(['import-report', String(runs[0].id), '--format', 'json', '--data-dir', data]);
    expect(JSON.parse(report.stdout).files.map((f: { file: string; rowsLoaded: number }) => [f.file, f.rowsLoaded])).toEqual([
      ['persons.csv', 2],
      ['status-history.csv', 3],
    ]);
  });

  it('should exit 1 with one sentence naming the file, line and field when a row is bad', async () => {
    const data = tmp('zl-cli-data-');
    const dir = bnlFolder('person_id,date,status\nA,2024-01-05,active\nA,05/02/2024,housed\n');
    const r = await zeroloop(['import', 'bnl', dir, '--data-dir', data]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/line 3, date = "05\/02\/2024"/);
    expect(r.stderr).toMatch(/^error: Nothing was imported: 1 row has errors/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const metrics = await zeroloop(['metrics', '--data-dir', data, '--format', 'json']);
    expect(JSON.parse(metrics.stdout)).toEqual([]);
  });

  it('should exit 1 with a clear sentence when the folder or a value is wrong', async () => {
    const data = tmp('zl-cli-data-');
    const missing = await zeroloop(['import', 'bnl', join(data, 'nope'), '--data-dir', data]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/the folder does not exist/);
    const dir = bnlFolder('person_id,date,status\nA,2024-01-05,active\n');
    await zeroloop(['import', 'bnl', dir, '--data-dir', data]);
    const month = await zeroloop(['metrics', '--from', '2024-13', '--data-dir', data]);
    expect(month.code).toBe(1);
    expect(month.stderr.trim()).toBe('error: --from "2024-13" is not a month: expected YYYY-MM, e.g. 2024-03.');
    const population = await zeroloop(['metrics', '--population', 'martians', '--data-dir', data]);
    expect(population.code).toBe(1);
    expect(population.stderr).toContain('There is no population "martians"');
    const person = await zeroloop(['person', 'Z', '--data-dir', data]);
    expect(person.code).toBe(1);
  });

  it('should exit 2 on a usage error', async () => {
    expect((await zeroloop(['frobnicate'])).code).toBe(2);
    expect((await zeroloop(['metrics', '--format', 'xml', '--data-dir', tmp('zl-cli-')])).code).toBe(2);
    expect((await zeroloop(['demo', '--size', 'huge', '--data-dir', tmp('zl-cli-')])).code).toBe(2);
    expect((await zeroloop(['--help'])).code).toBe(0);
  });

  it('should refuse a second process on a data folder, name the first one, and free the folder when it stops', async () => {
    const data = tmp('zl-cli-data-');
    const server = spawn(process.execPath, [BIN, 'serve', '--no-demo', '--port', '0', '--data-dir', data], { env: { ...process.env, DATABASE_URL: '' } });
    let out = '';
    server.stdout.on('data', (d) => (out += d));
    try {
      for (let i = 0; i < 600 && !out.includes('serving'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(out).toContain('ZeroLoop is serving');
      const second = await zeroloop(['metrics', '--data-dir', data]);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`is in use by process ${server.pid} (zeroloop serve`);
      const lock = JSON.parse(readFileSync(join(data, 'zeroloop.lock'), 'utf8'));
      expect(lock.pid).toBe(server.pid);
    } finally {
      const exited = new Promise((r) => server.on('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    expect(existsSync(join(data, 'zeroloop.lock'))).toBe(false);
    const after = await zeroloop(['metrics', '--data-dir', data]);
    expect(after.stderr).toContain('holds no community yet');
  });
});
