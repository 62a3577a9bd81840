/**
 * What the benchmark scripts share: running a `zeroloop` command in its own process and
 * timing it, a fresh PostgreSQL database per run, and the machine's description.
 */
import { spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const BIN = fileURLToPath(new URL('../bin/zeroloop.mjs', import.meta.url));
export const RUN_TS = fileURLToPath(new URL('../bin/run-ts.mjs', import.meta.url));
export const OUT = fileURLToPath(new URL('./out/', import.meta.url));

export interface Run {
  seconds: number;
  maxRssMb: number | null;
  /** CPU time of the command's own process (user + system, every thread), from the same line. */
  cpuSeconds?: number | null;
}

/** One stretch of a command's progress bar: a phase, when it was first and last drawn. */
export interface PhaseMark {
  phase: string;
  /** Seconds since the process started. */
  at: number;
  last: number;
}

export interface RunOutput extends Run {
  stdout: string;
  /**
   * Progress phases in the order drawn (with `phases: true`). The bar draws at most every
   * 100 ms, so a phase announced just after another and silent after that is never drawn:
   * the time between one stretch's last draw and the next one's first is work that showed
   * no progress.
   */
  phases: PhaseMark[];
}

/**
 * Makes the command believe stderr is a terminal, so that its progress bar (src/cli/progress-bar.ts)
 * draws and its phases can be timed from the pipe. Costs a write every 100 ms at most.
 */
const FAKE_TTY = `data:text/javascript,${encodeURIComponent('process.stderr.isTTY = true; process.stderr.columns = 240;')}`;

/** Draws `[###---]  40% reading Services.csv 12.0 MB of 30.0 MB` → `reading Services.csv`. */
function phaseOf(line: string): string | null {
  const m = /^\[[#.-]+\](?:\s+\d+%)?\s+(.*?)\s*$/.exec(line);
  if (!m) return null;
  return m[1].replace(/\s+[\d,.]+ (?:GB|MB|rows|people|bytes|files)(?: of [\d,.]+ (?:GB|MB|rows|people|bytes|files))?$/, '').trim() || null;
}

/**
 * Runs `zeroloop ARGS` as a user would, in its own process, and times it (wall clock, whole
 * command). Peak RSS comes from the command's own `process.resourceUsage()` at exit
 * (ZEROLOOP_REPORT_RUSAGE). `phases` also records when each progress phase was first drawn.
 */
export function runZeroloop(args: string[], env: Record<string, string>, options: { phases?: boolean } = {}): Promise<RunOutput> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const since = () => Number(process.hrtime.bigint() - started) / 1e9;
    const nodeArgs = options.phases ? ['--import', FAKE_TTY, BIN, ...args] : [BIN, ...args];
    const child = spawn(process.execPath, nodeArgs, {
      env: { ...process.env, ...env, ZEROLOOP_REPORT_RUSAGE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const phases: PhaseMark[] = [];
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => {
      const text = d.toString();
      stderr = (stderr + text).slice(-20_000);
      if (!options.phases) return;
      for (const piece of text.split('\r')) {
        const phase = phaseOf(piece);
        if (!phase) continue;
        const at = since();
        const current = phases[phases.length - 1];
        if (current?.phase === phase) current.last = at;
        else phases.push({ phase, at, last: at });
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = since();
      if (code !== 0) return reject(new Error(`zeroloop ${args.join(' ')} exited ${code}: ${stderr.slice(-500)}`));
      const m = /zeroloop-rusage (\{.*\})/.exec(stderr);
      resolve({ seconds, maxRssMb: m ? JSON.parse(m[1]).maxRssKb / 1024 : null, cpuSeconds: m ? (JSON.parse(m[1]).cpuSeconds ?? null) : null, stdout, phases });
    });
  });
}

/**
 * `bin/zeroloop.mjs` rebuilds dist/ when a file under src/ is newer than it: run it once,
 * untimed, so that a rebuild is not counted in the next timed command.
 */
export async function warmUp(): Promise<void> {
  await runZeroloop(['--help'], {});
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A new database on the server at `url`, dropped (with its connections) by `drop`. */
export async function freshServerDatabase(url: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `zl_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    name,
    async drop() {
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** The server's version, e.g. "PostgreSQL 15.18". */
export async function serverVersion(url: string): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    return `PostgreSQL ${rows[0].v.split(' ')[0]}`;
  } finally {
    await c.end();
  }
}

export function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
}
