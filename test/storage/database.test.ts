import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engines } from '../helpers/engines.ts';
import type { Database } from '../../src/store/database.ts';
import { loadMigrations, migrate } from '../../src/store/migrate.ts';
import { copyLine, copyRows } from '../../src/store/copy-csv.ts';

for (const engine of engines) {
  describe(`database adapter on ${engine.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      ({ db, dispose } = await engine.open());
    });
    afterEach(async () => dispose());

    it('should apply no migration twice when migrate runs again', async () => {
      expect(await migrate(db)).toEqual([]);
      const rows = await db.query<{ version: number }>('SELECT version FROM schema_migration ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(loadMigrations().map((m) => m.version));
    });

    it('should parse dates as text and bigints and numerics as numbers on every engine', async () => {
      const [row] = await db.query<{ d: unknown; n: unknown; x: unknown }>("SELECT DATE '2024-02-29' AS d, 9007199254740::int8 AS n, 12.5::numeric AS x");
      expect(row).toEqual({ d: '2024-02-29', n: 9007199254740, x: 12.5 });
    });

    it('should load quoted text, empty strings, nulls and arrays through COPY', async () => {
      await db.exec('CREATE TABLE copy_probe (a text, b text, c integer, d text[])');
      const lines = [
        copyLine(['plain', null, 1, []]),
        copyLine(['comma, "quote"\nnewline', '', 2, ['white', 'asian']]),
        copyLine(['\\.', 'x', null, ['with "quote"', 'back\\slash']]),
      ];
      await db.copyCsv('copy_probe', ['a', 'b', 'c', 'd'], lines);
      const rows = await db.query<{ a: string; b: string | null; c: number | null; d: string[] }>('SELECT a, b, c, d FROM copy_probe ORDER BY c NULLS LAST');
      expect(rows).toEqual([
        { a: 'plain', b: null, c: 1, d: [] },
        { a: 'comma, "quote"\nnewline', b: '', c: 2, d: ['white', 'asian'] },
        { a: '\\.', b: 'x', c: null, d: ['with "quote"', 'back\\slash'] },
      ]);
    });

    it('should load many rows in several COPY pieces when the input is large', async () => {
      await db.exec('CREATE TABLE copy_many (i integer, t text)');
      const filler = 'x'.repeat(200);
      function* rows() {
        for (let i = 0; i < 60_000; i++) yield copyLine([i, filler]);
      }
      await db.copyCsv('copy_many', ['i', 't'], rows());
      const [r] = await db.query<{ n: number; s: number }>('SELECT count(*)::int AS n, sum(i)::int8 AS s FROM copy_many');
      expect(r).toEqual({ n: 60_000, s: (59_999 * 60_000) / 2 });
    });

    it('should store every piece written to one long COPY', async () => {
      await db.exec('CREATE TABLE copy_stream (c integer, a text, b integer, i integer, line integer)');
      const filler = 'y'.repeat(300);
      await db.transaction(async (tx) => {
        const writer = await tx.copyWriter('copy_stream', ['c', 'a', 'b', 'i', 'line']);
        // 40 pieces of 1,000 rows (12 MB): more than one embedded blob and many socket buffers.
        for (let piece = 0; piece < 40; piece++) {
          const rows = Array.from({ length: 1000 }, (_, k) => [`${filler}${piece}`, piece * 1000 + k]);
          const lines = rows.map((r) => r[1] as number);
          const { text, count } = copyRows('7,', rows, ',9,', lines);
          expect(count).toBe(1000);
          await writer.write(text);
        }
        await writer.end();
      });
      const [r] = await db.query<{ n: number; s: number; c: number; i: number }>(
        'SELECT count(*)::int AS n, sum(b)::int8 AS s, min(c) AS c, max(i) AS i FROM copy_stream WHERE line = b',
      );
      expect(r).toEqual({ n: 40_000, s: (39_999 * 40_000) / 2, c: 7, i: 9 });
      const values: (string | number | null)[] = ['comma, "quote"\nnewline', '', null, '\\.', 4.5];
      // Quoted when holding a separator, a quote or a line break, when empty (an empty string, not
      // NULL) and when it is the end-of-data marker; null as nothing; numbers as written.
      expect(copyRows('', [values], ',', [12]).text).toBe('"comma, ""quote""\nnewline","",,"\\.",4.5,12\n');
    });

    it('should keep only the rows whose chosen column is null, or only those where it is set, and count them', async () => {
      const rows = [['a', null], ['b', '2024-01-01'], ['c', null]];
      const unset = copyRows('1,', rows, ',5,', [2, 3, 4], { column: 1, set: false });
      expect(unset).toEqual({ text: '1,a,,5,2\n1,c,,5,4\n', count: 2 });
      const set = copyRows('1,', rows, ',5,', [2, 3, 4], { column: 1, set: true });
      expect(set).toEqual({ text: '1,b,2024-01-01,5,3\n', count: 1 });
    });

    it('should store nothing of a COPY given up, and let the transaction roll back', async () => {
      await db.exec('CREATE TABLE copy_given_up (i integer)');
      await expect(
        db.transaction(async (tx) => {
          const writer = await tx.copyWriter('copy_given_up', ['i']);
          await writer.write('1\n2\n');
          await writer.abort();
          throw new Error('the reader failed');
        }),
      ).rejects.toThrow('the reader failed');
      const [r] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM copy_given_up');
      expect(r.n).toBe(0);
    });

    it('should report a row the server refuses when the COPY ends', async () => {
      await db.exec('CREATE TABLE copy_refused (i integer NOT NULL)');
      await expect(
        db.transaction(async (tx) => {
          const writer = await tx.copyWriter('copy_refused', ['i']);
          await writer.write('1\nnot a number\n');
          await writer.end();
        }),
      ).rejects.toThrow(/integer/);
      const [r] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM copy_refused');
      expect(r.n).toBe(0);
    });

    it('should leave nothing behind when a transaction fails', async () => {
      await db.exec('CREATE TABLE tx_probe (i integer)');
      await expect(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO tx_probe VALUES (1)');
          await tx.copyCsv('tx_probe', ['i'], ['2\n', '3\n']);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      const [r] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM tx_probe');
      expect(r.n).toBe(0);
    });

    it('should lead every community-owned primary key with community_id', async () => {
      const rows = await db.query<{ table_name: string; first_column: string }>(
        `SELECT tc.table_name, kcu.column_name AS first_column
           FROM information_schema.table_constraints tc
           JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_name = tc.table_name
          WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = 'public' AND kcu.ordinal_position = 1
            AND tc.table_name NOT IN ('schema_migration', 'app_user', 'user_session', 'audit_log', 'data_change')`,
      );
      // Deployment-wide by design: an account can hold roles in several communities, its
      // sessions belong to the account, the audit log keeps sign-ins (no community)
      // and outlives purged communities, and data_change holds one row per committed
      // transaction (ADR 8), naming no community and no data. Every other table belongs
      // to one community.
      expect(rows.length).toBeGreaterThan(5);
      for (const r of rows) expect(`${r.table_name}.${r.first_column}`).toBe(`${r.table_name}.community_id`);
    });
  });
}
