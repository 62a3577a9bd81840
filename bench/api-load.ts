/**
 * The web issue's load benchmark: the `city` demo served by `zeroloop serve` in its
 * own process, and 20 clients on loopback driving the API calls the overview page and
 * a population page make, for 30 s. Reports p95 latency (target under 100 ms) and
 * errors (target none).
 *
 *   npm run bench -- --only api          # embedded database
 *   BENCH_DATABASE_URL=postgres://… npm run bench -- --only api   # also PostgreSQL
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { BIN, freshServerDatabase } from './common.ts';
import type { Engine } from './hmis-import.ts';

export interface ApiLoadResult {
  engine: Engine;
  /** Whether the server cached figure responses (ZEROLOOP_RESPONSE_CACHE_MB=0 turns it off). */
  cached: boolean;
  /** The first request of each path after the server started: what the first reader after an import waits. */
  firstViewMs: { path: string; ms: number }[];
  connections: number;
  seconds: number;
  requests: number;
  errors: number;
  non2xx: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  rps: number;
}

const CONNECTIONS = 20;
const DURATION = 30;

/** The API calls of the overview and the veterans page, in the order the pages make them. */
const PATHS = [
  '/api/share',
  '/api/me',
  '/api/communities/demo/overview',
  '/api/communities/demo/metrics',
  ...['all', 'all-singles', 'veterans', 'chronic', 'youth', 'families'].map((p) => `/api/communities/demo/populations/${p}/chart?figure=actively_homeless&chart=run`),
  '/api/communities/demo/populations',
  '/api/communities/demo/populations/veterans/breakdown',
  '/api/communities/demo/metrics?population=veterans',
  '/api/communities/demo/populations/veterans/chart?figure=actively_homeless&chart=run',
];

function runCli(args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`zeroloop ${args.join(' ')}: ${err.slice(-400)}`))));
  });
}

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--no-demo', '--port', '0'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /serving (http:\/\/[^/\s]+)\//.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.on('close', (code) => reject(new Error(`zeroloop serve exited ${code}: ${out.slice(-400)}`)));
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export async function benchApiLoad(engine: Engine, options: { cached: boolean; serverUrl?: string }): Promise<ApiLoadResult> {
  const { cached, serverUrl } = options;
  const dataDir = mkdtempSync(join(tmpdir(), 'zl-bench-api-'));
  const db = engine === 'postgres' ? await freshServerDatabase(serverUrl!) : null;
  const env: Record<string, string> = { ZEROLOOP_DATA_DIR: join(dataDir, 'db'), DATABASE_URL: db?.url ?? '', ZEROLOOP_EXPENSIVE_PER_MINUTE: '1000000', ZEROLOOP_RESPONSE_CACHE_MB: cached ? '64' : '0' };
  let server: ChildProcess | null = null;
  try {
    await runCli(['demo', '--size', 'city', '--seed', '1'], env);
    const created = await runCli(['user', 'add', 'bench', '--role', 'admin'], env);
    const password = /\n\s+(\S+)\s*$/.exec(created)![1];
    const started = await startServer(env);
    server = started.child;
    const signIn = await fetch(`${started.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password }) });
    if (signIn.status !== 200) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
    const cookie = signIn.headers.getSetCookie()[0].split(';')[0];
    // The account's one-time password must be changed before the API answers.
    const csrf = ((await signIn.json()) as { csrf_token: string }).csrf_token;
    const changed = await fetch(`${started.url}/api/me/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
      body: JSON.stringify({ current_password: password, new_password: 'a long load-test passphrase' }),
    });
    if (changed.status !== 204) throw new Error(`password change failed: ${changed.status}`);
    // One pass to warm caches and the query planner, as a page view before the crowd would;
    // timed, since it is what the first reader after an import waits.
    const firstViewMs: { path: string; ms: number }[] = [];
    for (const path of PATHS) {
      const t0 = performance.now();
      const res = await fetch(started.url + path, { headers: { cookie } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      firstViewMs.push({ path, ms: performance.now() - t0 });
    }

    const latencies: number[] = [];
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        { url: started.url, connections: CONNECTIONS, duration: DURATION, headers: { cookie }, requests: PATHS.map((path) => ({ method: 'GET' as const, path })) },
        (err, res) => (err ? reject(err) : resolve(res)),
      );
      instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
    });
    latencies.sort((a, b) => a - b);
    return {
      engine,
      cached,
      firstViewMs,
      connections: CONNECTIONS,
      seconds: DURATION,
      requests: result.requests.total,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: latencies[latencies.length - 1] ?? 0,
      rps: result.requests.average,
    };
  } finally {
    server?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    rmSync(dataDir, { recursive: true, force: true });
    await db?.drop();
  }
}

export function apiLoadMarkdown(results: ApiLoadResult[]): string {
  return [
    `API load: the \`city\` demo, ${CONNECTIONS} clients on loopback for ${DURATION} s, cycling through the ${PATHS.length} API calls of the overview and the veterans page (target: p95 under 100 ms, no errors).`,
    '',
    '| engine | response cache | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | non-2xx | p95 / target |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.map((r) => `| ${r.engine} | ${r.cached ? 'on' : 'off'} | ${r.requests} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(0)} | ${r.errors} | ${r.non2xx} | ${(r.p95 / 100).toFixed(2)} |`),
    '',
    'The first request of each call after the server started (what the first reader after an import waits, before anything is cached), in ms:',
    '',
    `| engine | response cache | ${PATHS.map((p) => `\`${p.replace('/api/communities/demo', '…')}\``).join(' | ')} |`,
    `| --- | --- | ${PATHS.map(() => '---').join(' | ')} |`,
    ...results.map((r) => `| ${r.engine} | ${r.cached ? 'on' : 'off'} | ${r.firstViewMs.map((f) => f.ms.toFixed(0)).join(' | ')} |`),
  ].join('\n');
}
