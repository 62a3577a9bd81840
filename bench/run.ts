/**
 * `npm run bench`: times ZeroLoop's commands as a user runs them, each in its own
 * process, and prints Markdown tables for BENCHMARKS.md with the machine it ran on.
 *
 *   npm run bench                       # the embedded database
 *   BENCH_DATABASE_URL=postgres://… npm run bench   # also a PostgreSQL server
 *   npm run bench -- --only demo,metrics
 *   npm run bench -- --only hmis --size city        # the HMIS import against DuckDB (default: metro)
 *   npm run bench -- --only api                     # 20 clients on the overview and a population page
 *
 * Benchmarks: `demo` (load the city demo), `metrics` (read its figures), `hmis` (import the
 * synthetic city's HMIS export, against DuckDB loading the same files; bench/hmis-import.ts),
 * `api` (20 clients on the city demo's overview and population page, with the response
 * cache on and, for comparison, off; bench/api-load.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCitySize } from '../src/synth/sizes.ts';
import { freshServerDatabase, machine, median, OUT, runZeroloop, warmUp, type Run } from './common.ts';
import { benchHmisImport, hmisMarkdown, type Engine, type HmisBenchResult } from './hmis-import.ts';
import { apiLoadMarkdown, benchApiLoad, type ApiLoadResult } from './api-load.ts';

interface Result {
  name: string;
  engine: string;
  command: string;
  runs: Run[];
  target: string;
  targetSeconds: number;
}

const run = (args: string[], env: Record<string, string>): Promise<Run> => runZeroloop(args, env).then(({ seconds, maxRssMb }) => ({ seconds, maxRssMb }));

async function benchEngine(engine: Engine, only: Set<string> | null): Promise<Result[]> {
  const results: Result[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'zl-bench-'));
  const server = engine === 'postgres' ? await freshServerDatabase(process.env.BENCH_DATABASE_URL!) : null;
  const env: Record<string, string> = { DATABASE_URL: server ? server.url : '' };
  const where = ['--data-dir', dataDir];
  try {
    await warmUp();
    const demoArgs = ['demo', '--size', 'city', '--seed', '1', ...where];
    if (!only || only.has('demo') || only.has('metrics')) {
      process.stderr.write(`[${engine}] zeroloop demo --size city …\n`);
      const demo = await run(demoArgs, env);
      if (!only || only.has('demo'))
        results.push({ name: 'load the city demo', engine, command: `zeroloop ${demoArgs.slice(0, 5).join(' ')}`, runs: [demo], target: 'under 60 s', targetSeconds: 60 });
    }
    if (!only || only.has('metrics')) {
      const args = ['metrics', '--format', 'json', ...where];
      const runs: Run[] = [];
      for (let i = 0; i < 5; i++) {
        process.stderr.write(`[${engine}] zeroloop metrics --format json (${i + 1}/5) …\n`);
        runs.push(await run(args, env));
      }
      results.push({ name: 'metrics, all populations, 60 months', engine, command: 'zeroloop metrics --format json', runs, target: 'under 2 s', targetSeconds: 2 });
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await server?.drop();
  }
  return results;
}

function option(name: string): string | null {
  const at = process.argv.indexOf(name);
  if (at < 0) return null;
  const v = process.argv[at + 1];
  if (v === undefined) throw new Error(`${name} needs a value`);
  return v;
}

const only = option('--only') === null ? null : new Set(option('--only')!.split(','));
const size = option('--size') ?? 'metro';
if (!isCitySize(size)) throw new Error(`--size: unknown size ${size} (small, city or metro)`);
const engines: Engine[] = ['pglite'];
if (process.env.BENCH_DATABASE_URL) engines.push('postgres');

const all: Result[] = [];
if (!only || only.has('demo') || only.has('metrics')) for (const e of engines) all.push(...(await benchEngine(e, only)));
const api: ApiLoadResult[] = [];
if (!only || only.has('api'))
  for (const e of engines)
    for (const cached of [true, false]) {
      process.stderr.write(`[${e}] API load, response cache ${cached ? 'on' : 'off'} …\n`);
      api.push(await benchApiLoad(e, { cached, serverUrl: process.env.BENCH_DATABASE_URL }));
    }
const hmis: HmisBenchResult | null =
  !only || only.has('hmis') ? await benchHmisImport({ size, seed: 1, engines, serverUrl: process.env.BENCH_DATABASE_URL }) : null;

const lines = [`Machine: ${machine()}; ${new Date().toISOString().slice(0, 10)}.`];
if (all.length > 0) {
  lines.push(
    '',
    '| what | engine | command | runs | median s | min–max s | peak RSS MB | target | ratio to target |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...all.map((r) => {
      const secs = r.runs.map((x) => x.seconds);
      const med = median(secs);
      const rss = Math.max(...r.runs.map((x) => x.maxRssMb ?? 0));
      return `| ${r.name} | ${r.engine} | \`${r.command}\` | ${r.runs.length} | ${med.toFixed(2)} | ${Math.min(...secs).toFixed(2)}–${Math.max(...secs).toFixed(2)} | ${rss.toFixed(0)} | ${r.target} | ${(med / r.targetSeconds).toFixed(2)} |`;
    }),
  );
}
if (api.length > 0) lines.push('', apiLoadMarkdown(api));
if (hmis) lines.push('', hmisMarkdown(hmis));
console.log(lines.join('\n'));
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'latest.json'), JSON.stringify({ machine: machine(), results: all, api, hmis }, null, 2));
