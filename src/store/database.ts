import { chmodSync, mkdirSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { finished, pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { once } from 'node:events';

// The engine's driver is loaded when a database of that kind is opened: a command
// pays for one driver, not both (short commands feel the difference).

/**
 * The one interface the rest of ZeroLoop uses to talk to PostgreSQL, whether
 * embedded (PGlite, data in a folder) or a server (`DATABASE_URL`). Both speak the
 * same SQL; the adapters pin type parsing so rows look identical: int8 and numeric
 * as numbers, `date` as `YYYY-MM-DD` text.
 */
export interface Database {
  readonly dialect: 'pglite' | 'postgres';
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs one or more statements without parameters. */
  exec(sql: string): Promise<void>;
  /**
   * Bulk-loads CSV text (no header) into `table(columns)` with COPY. `chunks` may be
   * large: the embedded adapter sends them in pieces of a few megabytes.
   */
  copyCsv(table: string, columns: readonly string[], chunks: AsyncIterable<string> | Iterable<string>): Promise<void>;
  /**
   * Opens one long COPY into `table(columns)` that the caller feeds piece by piece, so a
   * reader can parse the next rows while the server stores the last ones. Nothing else may
   * run on this connection until the writer is ended or aborted.
   */
  copyWriter(table: string, columns: readonly string[]): Promise<CopyWriter>;
  /** Runs `fn` in one transaction: all of it or none of it. */
  transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A COPY in progress (see `Database.copyWriter`). */
export interface CopyWriter {
  /** Sends CSV text (whole lines); resolves at once unless the server has fallen behind. */
  write(text: string): Promise<void>;
  /** Ends the COPY and waits until the server has stored every row (or refused them). */
  end(): Promise<void>;
  /** Gives the COPY up (the transaction is failing); never throws. */
  abort(): Promise<void>;
}

const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;
/** PGlite sends COPY data as one blob; a few MB at a time keeps memory flat. */
const PGLITE_COPY_CHUNK = 8 * 1024 * 1024;

function copySql(table: string, columns: readonly string[]): string {
  return `COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`;
}

/** Groups small CSV pieces into pieces of about `size` characters. */
async function* regroup(chunks: AsyncIterable<string> | Iterable<string>, size: number): AsyncGenerator<string> {
  let buffer: string[] = [];
  let length = 0;
  for await (const c of chunks) {
    buffer.push(c);
    length += c.length;
    if (length >= size) {
      yield buffer.join('');
      buffer = [];
      length = 0;
    }
  }
  if (length > 0) yield buffer.join('');
}

type PgliteQueryable = Pick<PGlite, 'query' | 'exec'>;

class PgliteDatabase implements Database {
  readonly dialect = 'pglite' as const;
  constructor(
    private readonly conn: PgliteQueryable,
    private readonly owner: PGlite | null,
  ) {}

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const r = await this.conn.query<T>(sql, params);
    return r.rows;
  }

  async exec(sql: string): Promise<void> {
    await this.conn.exec(sql);
  }

  async copyCsv(table: string, columns: readonly string[], chunks: AsyncIterable<string> | Iterable<string>): Promise<void> {
    const sql = `COPY ${table} (${columns.join(', ')}) FROM '/dev/blob' WITH (FORMAT csv)`;
    for await (const piece of regroup(chunks, PGLITE_COPY_CHUNK)) {
      await this.conn.query(sql, [], { blob: new Blob([piece]) });
    }
  }

  async copyWriter(table: string, columns: readonly string[]): Promise<CopyWriter> {
    // The embedded engine runs on this thread, so there is nothing to overlap: pieces are
    // gathered to a few megabytes and stored as one COPY each.
    const sql = `COPY ${table} (${columns.join(', ')}) FROM '/dev/blob' WITH (FORMAT csv)`;
    let pieces: string[] = [];
    let length = 0;
    const flush = async () => {
      if (length === 0) return;
      const blob = new Blob(pieces);
      pieces = [];
      length = 0;
      await this.conn.query(sql, [], { blob });
    };
    return {
      write: async (text) => {
        pieces.push(text);
        length += text.length;
        if (length >= PGLITE_COPY_CHUNK) await flush();
      },
      end: flush,
      abort: async () => {
        pieces = [];
        length = 0;
      },
    };
  }

  async transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
    if (!this.owner) return fn(this); // already inside one: PGlite has no nested transactions
    return this.owner.transaction(async (tx) => fn(new PgliteDatabase(tx as unknown as PgliteQueryable, null)));
  }

  async close(): Promise<void> {
    if (this.owner && !this.owner.closed) await this.owner.close();
  }

  /** The PGlite instance itself, when this is not a transaction's view of it. */
  get pglite(): PGlite | null {
    return this.owner;
  }
}

export async function openPglite(dataDir: string | null): Promise<Database> {
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    chmodSync(dataDir, 0o700); // person-level records: the owner's alone
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(dataDir ?? undefined, {
    parsers: {
      [DATE_OID]: (v: string) => v,
      [INT8_OID]: (v: string) => Number(v),
      [NUMERIC_OID]: (v: string) => Number(v),
    },
  });
  await tuneEmbeddedServer(db);
  return new PgliteDatabase(db, db);
}

/**
 * A consistent copy of an embedded database's folder, as PGlite's data-folder dump
 * (a tar archive, gzip-compressed): written after a checkpoint, with no other query
 * running meanwhile. Only for the embedded database, and not inside a transaction.
 */
export async function dumpEmbeddedDatabase(db: Database): Promise<Blob> {
  if (!(db instanceof PgliteDatabase) || !db.pglite) throw new Error('Only the embedded database (outside a transaction) can be dumped.');
  await db.pglite.exec('CHECKPOINT');
  return db.pglite.dumpDataDir('gzip');
}

/**
 * PGlite starts a whole PostgreSQL at every open, and most of that time is spent
 * preparing the shared buffers (128 MB by default). 32 MB keeps a short command
 * quick (measured: open ~1.1 s → ~0.75 s on this kind of machine) without slowing
 * bulk loads, whose pages live in the operating system's file cache anyway.
 * ALTER SYSTEM keeps every other setting (time zone, date style) as it is; the
 * change applies from the next open.
 */
const EMBEDDED_SHARED_BUFFERS = '32MB';

async function tuneEmbeddedServer(db: PGlite): Promise<void> {
  const r = await db.query<{ v: string }>("SELECT current_setting('shared_buffers') AS v");
  if (r.rows[0]?.v !== EMBEDDED_SHARED_BUFFERS) await db.exec(`ALTER SYSTEM SET shared_buffers = '${EMBEDDED_SHARED_BUFFERS}'`);
}

type PgQueryable = pg.Pool | pg.PoolClient;

function pinnedTypes(driver: typeof pg) {
  return {
    getTypeParser(oid: number, format?: string) {
      if (oid === DATE_OID) return (v: string) => v;
      if (oid === INT8_OID || oid === NUMERIC_OID) return (v: string) => Number(v);
      return driver.types.getTypeParser(oid, format as 'text');
    },
  };
}

interface PgDriver {
  types: ReturnType<typeof pinnedTypes>;
  copyFrom: (sql: string) => NodeJS.WritableStream & { on: (...a: never[]) => unknown };
}

class PostgresDatabase implements Database {
  readonly dialect = 'postgres' as const;
  constructor(
    private readonly conn: PgQueryable,
    private readonly pool: pg.Pool | null,
    private readonly driver: PgDriver,
  ) {}

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const r = await this.conn.query({ text: sql, values: params, types: this.driver.types } as pg.QueryConfig);
    return r.rows as T[];
  }

  async exec(sql: string): Promise<void> {
    await this.conn.query(sql);
  }

  async copyCsv(table: string, columns: readonly string[], chunks: AsyncIterable<string> | Iterable<string>): Promise<void> {
    const client = this.pool ? await this.pool.connect() : (this.conn as pg.PoolClient);
    try {
      const stream = client.query(this.driver.copyFrom(copySql(table, columns)) as never) as unknown as NodeJS.WritableStream;
      await pipeline(Readable.from(regroup(chunks, 256 * 1024)), stream);
    } finally {
      if (this.pool) client.release();
    }
  }

  async copyWriter(table: string, columns: readonly string[]): Promise<CopyWriter> {
    const client = this.pool ? await this.pool.connect() : (this.conn as pg.PoolClient);
    const release = () => {
      if (this.pool) client.release();
    };
    const stream = client.query(this.driver.copyFrom(copySql(table, columns)) as never) as unknown as NodeJS.WritableStream & {
      destroy(err?: Error): void;
      writableNeedDrain: boolean;
    };
    let failure: unknown = null;
    stream.on('error', (e: unknown) => (failure ??= e));
    const done = finished(stream as never);
    done.catch(() => undefined); // observed through `failure` and `end`
    return {
      write: async (text) => {
        if (failure) throw failure;
        if (!stream.write(text)) await once(stream as never, 'drain');
      },
      end: async () => {
        try {
          if (failure) throw failure;
          stream.end();
          await done;
        } finally {
          release();
        }
      },
      abort: async () => {
        if (!failure) stream.destroy(new Error('the import stopped before this file was read to its end'));
        await done.catch(() => undefined);
        release();
      },
    };
  }

  async transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
    if (!this.pool) return fn(this);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(new PostgresDatabase(client, null, this.driver));
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    if (this.pool) await this.pool.end();
  }
}

export async function openPostgres(url: string): Promise<Database> {
  const { default: driver } = await import('pg');
  const { from: copyFrom } = await import('pg-copy-streams');
  const pool = new driver.Pool({ connectionString: url, max: 8 });
  pool.on('error', () => undefined); // idle-client errors surface on the next query instead
  const db = new PostgresDatabase(pool, pool, { types: pinnedTypes(driver), copyFrom: copyFrom as unknown as PgDriver['copyFrom'] });
  await db.query('select 1');
  return db;
}
