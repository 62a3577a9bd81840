import type { CopyWriter, Database } from './database.ts';
import { copyRows } from './copy-csv.ts';

/** The table that holds one HMIS CSV file (`Enrollment` → `hmis_enrollment`). */
export function hmisTable(file: string): string {
  if (!/^[A-Za-z]+$/.test(file)) throw new Error(`not an HMIS file name: ${file}`);
  return `hmis_${file.toLowerCase()}`;
}

/** What follows a row's values on its COPY line: the import's id, then (after it) the row's line in the file. */
export const copyMiddle = (importId: number): string => `,${importId},`;

/** Column names are HUD's, in lower case (`PersonalID` → `personalid`). */
export const hmisColumn = (hudName: string): string => hudName.toLowerCase();

export interface HmisMergeCounts {
  file: string;
  added: number;
  changed: number;
  deleted: number;
  unchanged: number;
}

/**
 * Columns that say where a copy of a record came from, not what it says: every export
 * stamps its own ExportID on every row, so comparing it would call every record changed.
 */
const NOT_COMPARED = new Set(['community_id', 'import_id', 'source_line', 'exportid']);

/**
 * An HMIS export's records for one community: staged in temporary tables while
 * an import reads them, then merged by their HMIS IDs (new records added, changed
 * ones replaced whole, `DateDeleted` records removed, identical ones left alone).
 */
export class HmisRepository {
  private readonly columnsCache = new Map<string, string[]>();
  private readonly staged = new Set<string>();
  /** Files copied straight into their empty tables, with the number of records loaded. */
  private readonly direct = new Map<string, number>();
  private loadDirectly = false;
  /** The file whose COPY is open (see `stage`). */
  private open: { file: string; direct: boolean; writer: CopyWriter } | null = null;

  constructor(
    private readonly db: Database,
    readonly communityId: number,
  ) {}

  /**
   * A community's first export: nothing to merge with, so each file's records go
   * straight into their table (checked empty first) instead of through a staging table
   * and an upsert — half the writing, and no conflict checks. Records marked
   * `DateDeleted` are left out, as a merge would leave them out.
   */
  firstImport(): void {
    this.loadDirectly = true;
  }

  /** The table's columns in order (the first after community_id is the file's ID). */
  async columns(file: string): Promise<string[]> {
    const cached = this.columnsCache.get(file);
    if (cached) return cached;
    const rows = await this.db.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
      [hmisTable(file)],
    );
    if (rows.length === 0) throw new Error(`no table for HMIS file ${file}`);
    const cols = rows.map((r) => r.column_name);
    this.columnsCache.set(file, cols);
    return cols;
  }

  /**
   * Adds rows of one file: each file is one COPY, fed batch by batch while the reader goes
   * on parsing (the server stores one batch while the next is read). A file's COPY ends
   * when the next file begins or at `finishLoading`; `abandonLoading` gives it up.
   */
  async stage(file: string, hudColumns: readonly string[], rows: readonly (string | number | null)[][], lines: readonly number[], importId: number): Promise<void> {
    if (this.open?.file !== file) await this.openFile(file, hudColumns);
    // Straight into the table: records marked deleted are left out (see firstImport).
    const only = this.open!.direct ? { column: hudColumns.indexOf('DateDeleted'), set: false } : undefined;
    const { text, count } = copyRows(this.copyPrefix, rows, copyMiddle(importId), lines, only);
    await this.write(file, text, count);
  }

  /**
   * The same as `stage` for rows a reader already encoded with `copyPrefix` and
   * `copyMiddle(importId)`, those with a DateDeleted apart (read-in-worker.ts).
   */
  async stageEncoded(file: string, hudColumns: readonly string[], live: { text: string; count: number }, deleted: { text: string; count: number }): Promise<void> {
    if (this.open?.file !== file) await this.openFile(file, hudColumns);
    await this.write(file, live.text, live.count);
    if (!this.open!.direct) await this.write(file, deleted.text, deleted.count);
  }

  /** What each COPY line of this community starts with: its community_id. */
  get copyPrefix(): string {
    return `${this.communityId},`;
  }

  private async write(file: string, text: string, count: number): Promise<void> {
    const open = this.open!;
    if (count > 0) await open.writer.write(text);
    if (open.direct) this.direct.set(file, this.direct.get(file)! + count);
  }

  private async openFile(file: string, hudColumns: readonly string[]): Promise<void> {
    await this.finishLoading();
    const table = hmisTable(file);
    let direct = this.direct.has(file);
    if (!this.staged.has(file) && !direct) {
      direct = this.loadDirectly && (await this.db.query(`SELECT 1 FROM ${table} WHERE community_id = $1 LIMIT 1`, [this.communityId])).length === 0;
      if (direct) this.direct.set(file, 0);
      else {
        await this.db.exec(`CREATE TEMP TABLE stage_${table} ON COMMIT DROP AS SELECT * FROM ${table} WITH NO DATA`);
        this.staged.add(file);
      }
    }
    const cols = ['community_id', ...hudColumns.map(hmisColumn), 'import_id', 'source_line'];
    this.open = { file, direct, writer: await this.db.copyWriter(direct ? table : `stage_${table}`, cols) };
  }

  /** Ends the last file's COPY: call once the reader is done, before any other query. */
  async finishLoading(): Promise<void> {
    const open = this.open;
    this.open = null;
    if (open) await open.writer.end();
  }

  /** Gives up a COPY still open (the import failed), so the transaction can roll back. */
  async abandonLoading(): Promise<void> {
    const open = this.open;
    this.open = null;
    if (open) await open.writer.abort();
  }

  /** Files read so far in this transaction, staged or loaded directly. */
  get stagedFiles(): string[] {
    return [...this.staged, ...this.direct.keys()];
  }

  /**
   * Merges one staged file into its table. People whose records were added,
   * changed or deleted are added to the temporary table `touched_person`.
   */
  async merge(file: string): Promise<HmisMergeCounts> {
    const loaded = this.direct.get(file);
    if (loaded !== undefined) return { file, added: loaded, changed: 0, deleted: 0, unchanged: 0 };
    const table = hmisTable(file);
    const stage = `stage_${table}`;
    const cols = await this.columns(file);
    const key = cols[1];
    const compared = cols.filter((c) => !NOT_COMPARED.has(c) && c !== key);
    const hasPerson = cols.includes('personalid');
    const c = this.communityId;
    await this.db.exec('CREATE TEMP TABLE IF NOT EXISTS touched_person (person_id text PRIMARY KEY) ON COMMIT DROP');
    const personOut = hasPerson ? 'personalid' : 'NULL::text';
    // Export.csv has no DateDeleted: its records are never deletions.
    const live = cols.includes('datedeleted') ? 'datedeleted IS NULL' : 'true';
    const deleted = !cols.includes('datedeleted')
      ? [{ n: 0 }]
      : await this.db.query<{ n: number }>(
      `WITH gone AS (
         DELETE FROM ${table} t USING ${stage} s
          WHERE t.community_id = $1 AND s.datedeleted IS NOT NULL AND t.${key} = s.${key}
          RETURNING t.${hasPerson ? 'personalid' : key} AS person),
       noted AS (INSERT INTO touched_person SELECT DISTINCT person FROM gone WHERE ${hasPerson ? 'person IS NOT NULL' : 'false'} ON CONFLICT DO NOTHING)
       SELECT count(*)::int AS n FROM gone`,
      [c],
    );
    const merged = await this.db.query<{ added: number; changed: number }>(
      `WITH up AS (
         INSERT INTO ${table} (${cols.join(', ')})
         SELECT ${cols.map((col) => (col === 'community_id' ? '$1' : col)).join(', ')} FROM ${stage} WHERE ${live}
         ON CONFLICT (community_id, ${key}) DO UPDATE SET ${cols.filter((col) => col !== 'community_id' && col !== key).map((col) => `${col} = EXCLUDED.${col}`).join(', ')}
         WHERE (${compared.map((col) => `${table}.${col}`).join(', ')}) IS DISTINCT FROM (${compared.map((col) => `EXCLUDED.${col}`).join(', ')})
         RETURNING (xmax = 0) AS inserted, ${personOut} AS person),
       noted AS (INSERT INTO touched_person SELECT DISTINCT person FROM up WHERE person IS NOT NULL ON CONFLICT DO NOTHING)
       SELECT (count(*) FILTER (WHERE inserted))::int AS added, (count(*) FILTER (WHERE NOT inserted))::int AS changed FROM up`,
      [c],
    );
    const [{ n: total }] = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${stage} WHERE ${live}`);
    return {
      file,
      added: merged[0].added,
      changed: merged[0].changed,
      deleted: deleted[0].n,
      unchanged: total - merged[0].added - merged[0].changed,
    };
  }

  /**
   * After a bulk merge the planner knows nothing of the new rows: without fresh
   * statistics it scans millions of services for every batch of people it derives.
   * On the embedded engine a checkpoint first lets it recycle the write-ahead log,
   * which PGlite (no background checkpointer) otherwise grows for the whole import.
   */
  async refreshStatistics(files: readonly string[]): Promise<void> {
    if (this.db.dialect === 'pglite') await this.db.exec('CHECKPOINT');
    for (const file of files) await this.db.exec(`ANALYZE ${hmisTable(file)}`);
  }

  /** People touched by the merges of this transaction (see `merge`). */
  async touchedPeople(): Promise<string[]> {
    // This session's temporary table only (another connection may have one of the same name).
    const exists = await this.db.query<{ t: string | null }>(`SELECT to_regclass('pg_temp.touched_person')::text AS t`);
    if (exists[0].t === null) return [];
    const rows = await this.db.query<{ person_id: string }>('SELECT person_id FROM touched_person ORDER BY person_id');
    return rows.map((r) => r.person_id);
  }

  /** Whether this community has any HMIS records yet. */
  async hasRecords(): Promise<boolean> {
    const rows = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM hmis_export WHERE community_id = $1', [this.communityId]);
    return rows[0].n > 0;
  }
}
