/**
 * The engine floor of the HMIS import benchmark: the least any import into ZeroLoop's
 * database engine can take, run in its own process (bench/hmis-import.ts):
 *
 *   node bin/run-ts.mjs bench/engine-floor.ts pglite DATA_DIR CSV_FILE…
 *   node bin/run-ts.mjs bench/engine-floor.ts postgres DATABASE_URL CSV_FILE…
 *
 * With `typed-pglite` or `typed-postgres` instead, ZeroLoop's migrations are applied first
 * and each file goes, the same way, into a copy of its own `hmis_*` table (`LIKE … INCLUDING
 * ALL`: HUD's types, the primary key, the indexes, the checks; community, import and line
 * filled by column defaults): the floor of loading the typed tables issue #3 asks for, still
 * with no check in Node and no derivation.
 *
 * Each file goes into a table of its own whose columns are all `text`, with no key, no
 * index, no check and no derivation, by COPY of the file's bytes as they are (its header
 * skipped): what the engine costs before ZeroLoop types, checks, indexes or derives a single
 * value. The embedded database is opened as ZeroLoop opens it; its bytes go in pieces of
 * whole lines, as ZeroLoop sends them (the generated exports have no line break inside a
 * quoted field; a piece cutting one would make COPY fail, not load wrong rows). Prints one JSON line: rows and seconds per file, and
 * seconds in all, from opening the database to closing it.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openPglite, openPostgres, type Database } from '../src/store/database.ts';
import { migrate } from '../src/store/migrate.ts';

export interface EngineFloorReport {
  files: { file: string; rows: number; seconds: number }[];
  seconds: number;
}

/** PGlite takes COPY data as a blob; pieces of about this many bytes, cut at line ends. */
const PIECE = 8 * 1024 * 1024;

/** The file's column names, made safe as SQL names (`c0_personalid`, …). */
function header(file: string): string[] {
  const buf = Buffer.alloc(64 * 1024);
  const fd = openSync(file, 'r');
  try {
    const text = buf.subarray(0, readSync(fd, buf, 0, buf.length, 0)).toString('utf8');
    const first = text.slice(0, text.search(/\r?\n/));
    return first.replace(/^\uFEFF/, '').split(',').map((c, i) => `c${i}_${c.trim().toLowerCase().replace(/[^a-z0-9_]/g, '')}`);
  } finally {
    closeSync(fd);
  }
}

/** Creates the table a file goes into and returns its name and the columns the file fills. */
async function tableFor(db: Database, file: string, typed: boolean): Promise<{ table: string; columns: string[] }> {
  const name = basename(file, '.csv').toLowerCase();
  const table = `floor_${name}`;
  if (!typed) {
    const columns = header(file);
    await db.exec(`CREATE TABLE ${table} (${columns.map((c) => `${c} text`).join(', ')})`);
    return { table, columns };
  }
  await db.exec(
    `CREATE TABLE ${table} (LIKE hmis_${name} INCLUDING ALL);
     ALTER TABLE ${table} ALTER community_id SET DEFAULT 1, ALTER import_id SET DEFAULT 1, ALTER source_line SET DEFAULT 0`,
  );
  return { table, columns: header(file).map((c) => c.replace(/^c\d+_/, '')) };
}

async function main(): Promise<void> {
  const [mode, target, ...files] = process.argv.slice(2);
  const engine = mode?.replace(/^typed-/, '');
  const typed = mode?.startsWith('typed-') ?? false;
  if ((engine !== 'pglite' && engine !== 'postgres') || !target || files.length === 0) {
    throw new Error('usage: engine-floor.ts [typed-]pglite|[typed-]postgres DATA_DIR|DATABASE_URL CSV_FILE…');
  }
  const started = performance.now();
  const report: EngineFloorReport = { files: [], seconds: 0 };
  const db = engine === 'postgres' ? await openPostgres(target) : await openPglite(target);
  try {
    if (typed) await migrate(db);
    // A server gets the file's bytes straight from the file; PGlite in pieces of whole lines.
    const client = engine === 'postgres' ? new pg.Client({ connectionString: target }) : null;
    await client?.connect();
    try {
      for (const file of files) {
        const t0 = performance.now();
        const { table, columns } = await tableFor(db, file, typed);
        if (client) {
          await pipeline(createReadStream(file), client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv, HEADER true)`)));
        } else {
          const writer = await db.copyWriter(table, columns);
          let rest = '';
          let first = true;
          for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: PIECE })) {
            let text = rest + (chunk as string);
            if (first) {
              text = text.slice(text.indexOf('\n') + 1); // the header line
              first = false;
            }
            const end = text.lastIndexOf('\n') + 1;
            rest = text.slice(end);
            if (end > 0) await writer.write(text.slice(0, end));
          }
          if (rest.length > 0) await writer.write(`${rest}\n`);
          await writer.end();
        }
        const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
        report.files.push({ file: basename(file), rows: n, seconds: (performance.now() - t0) / 1000 });
      }
    } finally {
      await client?.end();
    }
  } finally {
    await db.close();
  }
  report.seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

await main();
