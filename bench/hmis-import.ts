/**
 * The HMIS import benchmark (issue 3), run by `npm run bench` (bench/run.ts):
 *
 * 1. the synthetic city's HMIS export, generated once per size and seed with
 *    `zeroloop generate --format hmis` into bench/out/hmis-SIZE-seedN/ (kept for later runs);
 * 2. the baseline: DuckDB loading the same CSV files into tables with `read_csv`, in its own
 *    process (bench/duckdb-load.ts), a new database file each time, three runs;
 * 3. `zeroloop import hmis DIR --community bench` (load, derivation, monthly figures of every
 *    population) into a new embedded data folder and, with BENCH_DATABASE_URL, a new
 *    PostgreSQL database; one run each (metro takes many minutes), its progress phases timed.
 *
 * Targets, as ratios of wall-clock times ZeroLoop / DuckDB: ≤ 3 embedded, ≤ 1.5 PostgreSQL.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { READ_ORDER } from '../src/ingest/hmis/rules.ts';
import type { HmisImportReport } from '../src/app/import-hmis.ts';
import { freshServerDatabase, median, OUT, RUN_TS, runZeroloop, serverVersion, warmUp, type PhaseMark, type Run } from './common.ts';
import type { DuckDbLoadReport } from './duckdb-load.ts';
import type { EngineFloorReport } from './engine-floor.ts';

const DUCKDB_LOAD = fileURLToPath(new URL('./duckdb-load.ts', import.meta.url));
const ENGINE_FLOOR = fileURLToPath(new URL('./engine-floor.ts', import.meta.url));
const DUCKDB_RUNS = 3;
const TARGETS = { pglite: 3, postgres: 1.5 } as const;

export type Engine = 'pglite' | 'postgres';

export interface HmisBenchOptions {
  size: string;
  seed: number;
  engines: Engine[];
  /** A PostgreSQL server for the `postgres` engine (BENCH_DATABASE_URL). */
  serverUrl?: string;
}

export interface ZeroloopImportRun extends Run {
  engine: Engine;
  engineLabel: string;
  command: string;
  /** Rows loaded, per file, as the import reported them. */
  rows: Record<string, { read: number; loaded: number }>;
  summary: string;
  phases: { phase: string; seconds: number }[];
  /** CPU seconds of the zeroloop process (GC and other helper threads included; the server's not). */
  cpuSeconds: number | null;
  /** PostgreSQL only: seconds per kind of statement the server was running (sampled). */
  statements: { what: string; seconds: number }[] | null;
  databaseBytes: number | null;
  ratio: number;
  target: number;
}

export interface HmisBenchResult {
  size: string;
  seed: number;
  exportDir: string;
  exportBytes: number;
  exportRows: number;
  files: string[];
  duckdb: { runs: Run[]; seconds: number; maxRssMb: number; loadSeconds: number[]; report: DuckDbLoadReport; databaseBytes: number };
  zeroloop: ZeroloopImportRun[];
  /**
   * Per engine (bench/engine-floor.ts): COPY of the raw files into all-text tables (`raw`), and
   * into copies of ZeroLoop's typed, keyed, indexed hmis_* tables (`typed`); nothing else.
   */
  floors: { engine: Engine; kind: 'raw' | 'typed'; seconds: number; ratio: number; rows: number }[];
  /** Files whose row counts differ between DuckDB and ZeroLoop (none expected). */
  mismatches: string[];
}

const log = (s: string) => process.stderr.write(`${s}\n`);

/** The export of this size and seed, generated unless a complete one is under bench/out/. */
async function exportFor(size: string, seed: number): Promise<string> {
  const dir = join(OUT, `hmis-${size}-seed${seed}`);
  const done = join(dir, '.complete');
  if (existsSync(done)) {
    log(`[hmis] using the ${size} export in ${dir} (delete it to generate anew)`);
    return dir;
  }
  rmSync(dir, { recursive: true, force: true });
  log(`[hmis] zeroloop generate --size ${size} --seed ${seed} --format hmis …`);
  const gen = await runZeroloop(['generate', '--size', size, '--seed', String(seed), '--format', 'hmis', '--out', dir], {});
  log(`[hmis] generated in ${gen.seconds.toFixed(1)} s, peak RSS ${gen.maxRssMb?.toFixed(0)} MB`);
  writeFileSync(done, JSON.stringify({ size, seed, seconds: gen.seconds, maxRssMb: gen.maxRssMb }) + '\n');
  return dir;
}

/** The export's HMIS files as ZeroLoop reads them: in its order, without missing or 0-byte (empty) files. */
function hmisFiles(dir: string): string[] {
  return READ_ORDER.map((name) => join(dir, `${name}.csv`)).filter((p) => existsSync(p) && statSync(p).size > 0);
}

function bytesUnder(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.size;
  return readdirSync(path).reduce((n, e) => n + bytesUnder(join(path, e)), 0);
}

/** Runs a benchmark script in its own process; its stdout, and its wall time from spawn to exit. */
function runScript(script: string, args: string[], what: string): Promise<{ stdout: string; seconds: number }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [RUN_TS, script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-5000)));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${what} exited ${code}: ${stderr.slice(-1000)}`));
      resolve({ stdout, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
    });
  });
}

/** The engine floor (bench/engine-floor.ts) in its own process, on a new database of that engine. */
async function engineFloor(engine: Engine, kind: 'raw' | 'typed', files: string[], options: HmisBenchOptions): Promise<{ seconds: number; rows: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zl-bench-floor-'));
  const server = engine === 'postgres' ? await freshServerDatabase(options.serverUrl!) : null;
  try {
    const target = server ? server.url : join(dataDir, 'pgdata');
    const nonEmpty = files.filter((f) => statSync(f).size > 0);
    const mode = kind === 'typed' ? `typed-${engine}` : engine;
    const { stdout } = await runScript(ENGINE_FLOOR, [mode, target, ...nonEmpty], `the ${engine} engine floor`);
    const report = JSON.parse(stdout.trim().split('\n').pop()!) as EngineFloorReport;
    return { seconds: report.seconds, rows: report.files.reduce((n, f) => n + f.rows, 0) };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await server?.drop();
  }
}

async function runDuckDb(dbFile: string, files: string[]): Promise<Run & { report: DuckDbLoadReport }> {
  const { stdout, seconds } = await runScript(DUCKDB_LOAD, [dbFile, ...files], 'the DuckDB baseline');
  const m = /duckdb-load (\{.*\})/.exec(stdout);
  if (!m) throw new Error(`the DuckDB baseline printed no report: ${stdout.slice(-1000)}`);
  const report = JSON.parse(m[1]) as DuckDbLoadReport;
  return { seconds, maxRssMb: report.maxRssKb / 1024, report };
}

/**
 * Seconds per phase of the progress bar. Before the first draw: start-up; between a stretch's
 * last draw and the next one's first (when over a second): work that showed no progress, named
 * from import-hmis.ts (after the files are read it merges them, then refreshes statistics).
 */
function phaseSeconds(marks: PhaseMark[], total: number): { phase: string; seconds: number }[] {
  const out = new Map<string, number>();
  const add = (phase: string, s: number) => out.set(phase, (out.get(phase) ?? 0) + s);
  // Files are read twice: their headers first (a moment), then their rows.
  const READING = 'reading, checking and staging the files (COPY into temporary tables)';
  const MERGING = 'merging the staged records into their tables, refreshing statistics (no progress shown)';
  const name = (p: string) => (/^reading /.test(p) ? READING : p === 'merging records' ? MERGING : p);
  add('start-up, opening (creating) the database, checking headers', marks[0]?.at ?? total);
  marks.forEach((m, i) => {
    const next = marks[i + 1];
    const end = next?.at ?? total;
    const silent = end - m.last;
    if (silent < 1) return add(name(m.phase), end - m.at);
    add(name(m.phase), m.last - m.at);
    // 'merging records' is announced once, right after the last file, and is often not drawn.
    const between =
      next === undefined
        ? 'after the last progress: the figures, commit and close'
        : name(m.phase) === MERGING || (name(m.phase) === READING && name(next.phase) !== READING)
          ? MERGING
          : `no progress shown, before ${name(next.phase)}`;
    add(between, silent);
  });
  return [...out].map(([phase, seconds]) => ({ phase, seconds }));
}

/** What a statement does, in a few words (for the server sampler). */
function statementKind(query: string): string {
  const q = query.replace(/\s+/g, ' ').trim();
  let m: RegExpExecArray | null;
  if ((m = /^COPY (stage_hmis_\w+|\w+)/i.exec(q))) return /^stage_/.test(m[1]) ? 'COPY into the staging tables' : `COPY into ${m[1]}`;
  if ((m = /^WITH up AS \( ?INSERT INTO (hmis_\w+)/i.exec(q))) return `merge (upsert) into ${m[1]}`;
  if ((m = /^WITH gone AS \( ?DELETE FROM (hmis_\w+)/i.exec(q))) return `merge (deletions) in ${m[1]}`;
  if (/^ANALYZE /i.test(q)) return 'ANALYZE';
  if (/^(COMMIT|CHECKPOINT)/i.test(q)) return q.split(' ')[0].toUpperCase();
  return q.slice(0, 100);
}

/**
 * Samples what the import's connections are doing on the PostgreSQL server, every half
 * second: the statements running, or none (then the time is the client's: parsing CSV,
 * building batches, deriving in Node). Returns seconds per kind of statement.
 */
function sampleServer(url: string, database: string): { stop(): Promise<{ what: string; seconds: number }[]> } {
  const every = 0.5;
  const seen = new Map<string, number>();
  let running = true;
  const done = (async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      while (running) {
        const { rows } = await c.query<{ query: string }>(
          `SELECT query FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
          [database],
        );
        const kinds = rows.length === 0 ? ['no statement running (the client: reading CSV, batches, derivation in Node)'] : [...new Set(rows.map((r) => statementKind(r.query)))];
        for (const k of kinds) seen.set(k, (seen.get(k) ?? 0) + every / kinds.length);
        await new Promise((r) => setTimeout(r, every * 1000));
      }
    } finally {
      await c.end();
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      return [...seen].map(([what, seconds]) => ({ what, seconds })).sort((a, b) => b.seconds - a.seconds);
    },
  };
}

async function serverDatabaseBytes(url: string, name: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ n: string }>('SELECT pg_database_size($1)::text AS n', [name]);
    return Number(rows[0].n);
  } finally {
    await c.end();
  }
}

async function importOnce(engine: Engine, dir: string, options: HmisBenchOptions, duckdbSeconds: number): Promise<ZeroloopImportRun> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zl-bench-hmis-'));
  const server = engine === 'postgres' ? await freshServerDatabase(options.serverUrl!) : null;
  try {
    const args = ['import', 'hmis', dir, '--community', 'bench', '--format', 'json', '--data-dir', dataDir];
    const engineLabel = server ? await serverVersion(options.serverUrl!) : 'PGlite (embedded)';
    await warmUp();
    log(`[hmis/${engine}] zeroloop import hmis ${options.size} export … (started ${new Date().toTimeString().slice(0, 8)})`);
    const sampler = server ? sampleServer(options.serverUrl!, server.name) : null;
    const run = await runZeroloop(args, { DATABASE_URL: server ? server.url : '' }, { phases: true }).finally(() => sampler?.stop());
    const statements = sampler ? await sampler.stop() : null;
    const report = JSON.parse(run.stdout) as HmisImportReport;
    if (report.status !== 'succeeded') throw new Error(`the import ${report.status}: ${report.summary}`);
    const rows: ZeroloopImportRun['rows'] = {};
    for (const f of report.files) rows[f.file] = { read: f.rowsRead, loaded: f.rowsLoaded };
    const databaseBytes = server ? await serverDatabaseBytes(options.serverUrl!, server.name) : bytesUnder(dataDir);
    log(`[hmis/${engine}] ${run.seconds.toFixed(1)} s (process CPU ${run.cpuSeconds?.toFixed(1)} s), peak RSS ${run.maxRssMb?.toFixed(0)} MB: ${report.summary}`);
    return {
      engine,
      engineLabel,
      command: `zeroloop import hmis <export> --community bench`,
      seconds: run.seconds,
      maxRssMb: run.maxRssMb,
      rows,
      summary: report.summary,
      phases: phaseSeconds(run.phases, run.seconds),
      cpuSeconds: run.cpuSeconds ?? null,
      statements,
      databaseBytes,
      ratio: run.seconds / duckdbSeconds,
      target: TARGETS[engine],
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await server?.drop();
  }
}

export async function benchHmisImport(options: HmisBenchOptions): Promise<HmisBenchResult> {
  const dir = await exportFor(options.size, options.seed);
  const files = hmisFiles(dir);
  const exportBytes = files.reduce((n, f) => n + statSync(f).size, 0);

  const runs: (Run & { report: DuckDbLoadReport })[] = [];
  const dbDir = mkdtempSync(join(tmpdir(), 'zl-bench-duckdb-'));
  let databaseBytes = 0;
  try {
    for (let i = 0; i < DUCKDB_RUNS; i++) {
      const dbFile = join(dbDir, `run${i}.duckdb`);
      log(`[hmis/duckdb] read_csv of ${files.length} files (${i + 1}/${DUCKDB_RUNS}) …`);
      const r = await runDuckDb(dbFile, files);
      databaseBytes = readdirSync(dbDir).filter((f) => f.startsWith(`run${i}.`)).reduce((n, f) => n + statSync(join(dbDir, f)).size, 0);
      rmSync(dbFile, { force: true });
      rmSync(`${dbFile}.wal`, { force: true });
      log(`[hmis/duckdb] ${r.seconds.toFixed(2)} s (load ${r.report.seconds.toFixed(2)} s), peak RSS ${r.maxRssMb!.toFixed(0)} MB`);
      runs.push(r);
    }
  } finally {
    rmSync(dbDir, { recursive: true, force: true });
  }
  const duckSeconds = median(runs.map((r) => r.seconds));
  const report = runs.find((r) => r.seconds === duckSeconds)!.report;

  const floors: HmisBenchResult['floors'] = [];
  for (const engine of options.engines) {
    for (const kind of ['raw', 'typed'] as const) {
      log(`[hmis/floor-${engine}] COPY of the files as they are into ${kind === 'raw' ? 'all-text tables' : 'the typed hmis_* tables'} …`);
      const f = await engineFloor(engine, kind, files, options);
      log(`[hmis/floor-${engine}] ${f.seconds.toFixed(1)} s, ${f.rows} rows`);
      floors.push({ engine, kind, seconds: f.seconds, ratio: f.seconds / duckSeconds, rows: f.rows });
    }
  }

  const zeroloop: ZeroloopImportRun[] = [];
  for (const engine of options.engines) zeroloop.push(await importOnce(engine, dir, options, duckSeconds));

  const mismatches: string[] = [];
  for (const z of zeroloop) {
    for (const f of report.files) {
      const zl = z.rows[f.file];
      if (!zl || zl.loaded !== f.rows) mismatches.push(`${f.file}: DuckDB ${f.rows} rows, ZeroLoop (${z.engine}) read ${zl?.read ?? '—'}, loaded ${zl?.loaded ?? '—'}`);
    }
  }
  return {
    size: options.size,
    seed: options.seed,
    exportDir: dir,
    exportBytes,
    exportRows: report.files.reduce((n, f) => n + f.rows, 0),
    files: files.map((f) => f.slice(dir.length + 1)),
    duckdb: {
      runs: runs.map(({ seconds, maxRssMb }) => ({ seconds, maxRssMb })),
      seconds: duckSeconds,
      maxRssMb: Math.max(...runs.map((r) => r.maxRssMb ?? 0)),
      loadSeconds: runs.map((r) => r.report.seconds),
      report,
      databaseBytes,
    },
    zeroloop,
    floors,
    mismatches,
  };
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/** The result as Markdown for BENCHMARKS.md. */
export function hmisMarkdown(r: HmisBenchResult): string {
  const d = r.duckdb;
  const secs = d.runs.map((x) => x.seconds);
  const lines = [
    `HMIS import, ${r.size} export (seed ${r.seed}): ${r.files.length} files, ${r.exportRows.toLocaleString('en-US')} rows, ${mb(r.exportBytes)}; ` +
      `DuckDB ${d.report.version} (${d.report.threads} threads, memory limit ${d.report.memoryLimit}).`,
    '',
    '| what | engine | runs | wall s | peak RSS MB | database | ratio to DuckDB | target | met |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    `| DuckDB \`read_csv\` of every file (baseline) | DuckDB ${d.report.version} | ${d.runs.length} | ${d.seconds.toFixed(2)} (${Math.min(...secs).toFixed(2)}–${Math.max(...secs).toFixed(2)}; load alone ${median(d.loadSeconds).toFixed(2)}) | ${d.maxRssMb.toFixed(0)} | ${mb(d.databaseBytes)} | 1 | | |`,
    ...r.zeroloop.map(
      (z) =>
        `| \`zeroloop import hmis\` (load, derivation, figures) | ${z.engineLabel} | 1 | ${z.seconds.toFixed(2)} | ${(z.maxRssMb ?? 0).toFixed(0)} | ${z.databaseBytes === null ? '—' : mb(z.databaseBytes)} | ${z.ratio.toFixed(2)} | ≤ ${z.target} | ${z.ratio <= z.target ? 'yes' : `no (${(z.ratio / z.target).toFixed(1)}× over)`} |`,
    ),
    '',
    'The engine floors, for comparison (`bench/engine-floor.ts`, each in its own process on a new database): COPY of the same files, as they are, (raw) into tables of `text` columns with no key or index, and (typed) into copies of ZeroLoop\'s `hmis_*` tables with their types, keys and indexes; no check in Node, no derivation:',
    '',
    ...r.floors.map((f) => `- ${f.engine === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL'}, ${f.kind}: ${f.seconds.toFixed(2)} s, ratio ${f.ratio.toFixed(2)} to DuckDB (${f.rows.toLocaleString('en-US')} rows)`),
    '',
    r.mismatches.length === 0
      ? `Rows per file: DuckDB loaded the same ${r.exportRows.toLocaleString('en-US')} rows that ZeroLoop reports loading, file by file.`
      : `Rows per file differ:\n${r.mismatches.map((m) => `- ${m}`).join('\n')}`,
  ];
  for (const z of r.zeroloop) {
    lines.push('', `Where ZeroLoop's time went (${z.engineLabel}, from its progress bar; the zeroloop process used ${z.cpuSeconds?.toFixed(1) ?? '?'} s of CPU):`, '');
    for (const p of z.phases) lines.push(`- ${p.phase}: ${p.seconds.toFixed(1)} s (${((p.seconds / z.seconds) * 100).toFixed(0)}%)`);
    if (z.statements) {
      lines.push('', `What the server was running (${z.engineLabel}, sampled every 0.5 s; the ten largest):`, '');
      for (const st of z.statements.slice(0, 10)) lines.push(`- ${st.seconds.toFixed(1)} s: ${st.what.length > 90 ? `\`${st.what.slice(0, 90)}…\`` : st.what}`);
    }
  }
  lines.push('', 'DuckDB per file (median run):', '', r.duckdb.report.files.map((f) => `${f.file} ${f.rows.toLocaleString('en-US')} rows ${f.seconds.toFixed(2)} s`).join('; '));
  return lines.join('\n');
}
