import type { Database } from './database.ts';

/**
 * A table that holds a community's rows: one with a `community_id` column. Found
 * from the database's own catalogue, so a table a later migration adds is exported
 * and purged without anyone remembering to list it here.
 */
export interface CommunityTable {
  name: string;
  /** Every column, in the table's order. */
  columns: string[];
  /** The primary key's columns, in key order (empty when it has none). */
  primaryKey: string[];
  /** The column naming a person (`person_id`, or HMIS's `personalid`), when it holds person-level rows. */
  personColumn: string | null;
}

/** The columns that name a person in ZeroLoop's tables (its own, and HUD's). */
const PERSON_COLUMNS = ['person_id', 'personalid'];

/**
 * Every base table of the current schema with a `community_id` column, ordered so
 * that a table comes before the tables it references: deleting in this order never
 * trips a foreign key, and rows reached by ON DELETE CASCADE are counted in their
 * own table rather than vanishing with their parent.
 */
export async function communityTables(db: Database): Promise<CommunityTable[]> {
  const columns = await db.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
        AND c.table_name IN (SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'community_id')
      ORDER BY c.table_name, c.ordinal_position`,
  );
  const keys = await db.query<{ table_name: string; column_name: string }>(
    `SELECT k.table_name, k.column_name
       FROM information_schema.table_constraints tc
       JOIN information_schema.key_column_usage k
         ON k.constraint_schema = tc.constraint_schema AND k.constraint_name = tc.constraint_name AND k.table_name = tc.table_name
      WHERE tc.table_schema = current_schema() AND tc.constraint_type = 'PRIMARY KEY'
      ORDER BY k.table_name, k.ordinal_position`,
  );
  const references = await db.query<{ child: string; parent: string }>(
    `SELECT c.relname AS child, p.relname AS parent
       FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid
       JOIN pg_class p ON p.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE k.contype = 'f' AND n.nspname = current_schema() AND k.conrelid <> k.confrelid`,
  );

  const tables = new Map<string, CommunityTable>();
  for (const c of columns) {
    let t = tables.get(c.table_name);
    if (!t) tables.set(c.table_name, (t = { name: c.table_name, columns: [], primaryKey: [], personColumn: null }));
    t.columns.push(c.column_name);
    if (t.personColumn === null && PERSON_COLUMNS.includes(c.column_name)) t.personColumn = c.column_name;
  }
  for (const k of keys) tables.get(k.table_name)?.primaryKey.push(k.column_name);

  // Referencing tables first (a depth-first walk over "is referenced by").
  const referencedBy = new Map<string, string[]>();
  for (const r of references) {
    if (!tables.has(r.child) || !tables.has(r.parent)) continue;
    referencedBy.set(r.parent, [...(referencedBy.get(r.parent) ?? []), r.child]);
  }
  const ordered: CommunityTable[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string): void => {
    if (state.has(name)) return; // done, or a cycle: no order satisfies it, the database will say so
    state.set(name, 'visiting');
    for (const child of (referencedBy.get(name) ?? []).sort()) visit(child);
    state.set(name, 'done');
    ordered.push(tables.get(name)!);
  };
  for (const name of [...tables.keys()].sort()) visit(name);
  return ordered;
}

/** A table name as an SQL identifier (names come from the catalogue; quoted all the same). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The schema version: the newest migration applied. */
export async function schemaVersion(db: Database): Promise<number> {
  const rows = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migration');
  return rows[0]?.v ?? 0;
}
