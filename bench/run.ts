/**
 * `npm run bench`: times ZeroLoop's commands as a user runs them, each in its own
 * process, and prints a Markdown table for BENCHMARKS.md with the machine it ran on.
 *
 *   npm run bench                       # the embedded database
 *   BENCH_DATABASE_URL=postgres://… npm run bench   # also a PostgreSQL server
 *   npm run bench -- --only demo,metrics
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const BIN = fileURLToPath(new URL('../bin/zeroloop.mjs', import.meta.url));
const OUT = fileURLToPath(new URL('./out/', import.meta.url));

interface Run {
  seconds: number;
  maxRssMb: number | null;
}

interface Result {
  name: string;
  engine: string;
  command: string;
  runs: Run[];
  target: string;
  targetSeconds: number;
}

function run(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env, ZEROLOOP_REPORT_RUSAGE: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) return reject(new Error(`zeroloop ${args.join(' ')} exited ${code}: ${stderr.slice(-500)}`));
      const m = /zeroloop-rusage (\{.*\})/.exec(stderr);
      resolve({ seconds, maxRssMb: m ? JSON.parse(m[1]).maxRssKb / 1024 : null });
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function freshServerDatabase(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `zl_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

async function benchEngine(engine: 'pglite' | 'postgres', only: Set<string> | null): Promise<Result[]> {
  const results: Result[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'zl-bench-'));
  const server = engine === 'postgres' ? await freshServerDatabase(process.env.BENCH_DATABASE_URL!) : null;
  const env: Record<string, string> = { DATABASE_URL: server ? server.url : '' };
  const where = ['--data-dir', dataDir];
  try {
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

function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
}

const onlyArg = process.argv.indexOf('--only');
const only = onlyArg > 0 ? new Set(process.argv[onlyArg + 1].split(',')) : null;
const engines: ('pglite' | 'postgres')[] = ['pglite'];
if (process.env.BENCH_DATABASE_URL) engines.push('postgres');

const all: Result[] = [];
for (const e of engines) all.push(...(await benchEngine(e, only)));

const lines = [
  `Machine: ${machine()}; ${new Date().toISOString().slice(0, 10)}.`,
  '',
  '| what | engine | command | runs | median s | min–max s | peak RSS MB | target | ratio to target |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...all.map((r) => {
    const secs = r.runs.map((x) => x.seconds);
    const med = median(secs);
    const rss = Math.max(...r.runs.map((x) => x.maxRssMb ?? 0));
    return `| ${r.name} | ${r.engine} | \`${r.command}\` | ${r.runs.length} | ${med.toFixed(2)} | ${Math.min(...secs).toFixed(2)}–${Math.max(...secs).toFixed(2)} | ${rss.toFixed(0)} | ${r.target} | ${(med / r.targetSeconds).toFixed(2)} |`;
  }),
];
console.log(lines.join('\n'));
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'latest.json'), JSON.stringify({ machine: machine(), results: all }, null, 2));
