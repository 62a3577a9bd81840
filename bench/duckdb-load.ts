/**
 * The DuckDB baseline of the HMIS import benchmark (bench/hmis-import.ts runs it in its own
 * process, so that its time and peak memory are its own):
 *
 *   node bin/run-ts.mjs bench/duckdb-load.ts DB_FILE CSV_FILE…
 *
 * Creates DB_FILE (it must not exist), loads every CSV file into a table of the file's name
 * with `CREATE TABLE … AS SELECT * FROM read_csv(…)` (header, types detected), closes the
 * database (its checkpoint included), and prints one JSON line: rows per table, seconds
 * per file and in all, DuckDB's version and settings, and the process's peak RSS.
 */
import { basename } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export interface DuckDbLoadReport {
  version: string;
  threads: number;
  memoryLimit: string;
  files: { file: string; rows: number; seconds: number }[];
  /** From opening the database to closing it. */
  seconds: number;
  maxRssKb: number;
}

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

async function main(): Promise<void> {
  const [dbFile, ...csvFiles] = process.argv.slice(2);
  if (!dbFile || csvFiles.length === 0) throw new Error('usage: duckdb-load.ts DB_FILE CSV_FILE…');
  const started = performance.now();
  const instance = await DuckDBInstance.create(dbFile);
  const connection = await instance.connect();
  const [settings] = (
    await connection.runAndReadAll(`SELECT version() AS version, current_setting('threads')::INTEGER AS threads, current_setting('memory_limit') AS memory_limit`)
  ).getRowObjectsJS() as { version: string; threads: number; memory_limit: string }[];
  const files: DuckDbLoadReport['files'] = [];
  for (const path of csvFiles) {
    const table = basename(path, '.csv');
    const t = performance.now();
    await connection.run(`CREATE TABLE "${table}" AS SELECT * FROM read_csv(${sqlString(path)}, header = true, all_varchar = false)`);
    const [{ n }] = (await connection.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM "${table}"`)).getRowObjectsJS() as { n: bigint }[];
    files.push({ file: `${table}.csv`, rows: Number(n), seconds: (performance.now() - t) / 1000 });
  }
  connection.closeSync();
  instance.closeSync();
  const report: DuckDbLoadReport = {
    version: settings.version,
    threads: settings.threads,
    memoryLimit: settings.memory_limit,
    files,
    seconds: (performance.now() - started) / 1000,
    maxRssKb: process.resourceUsage().maxRSS,
  };
  process.stdout.write(`duckdb-load ${JSON.stringify(report)}\n`);
}

await main();
