import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Database } from '../../store/database.ts';
import type { Community } from '../../store/communities.ts';
import { communityTables, quoteIdent, schemaVersion } from '../../store/community-tables.ts';
import { recordAudit } from '../../store/audit-log.ts';
import { toCsv, type Cell } from '../../domain/text/csv.ts';
import { UserError } from '../errors.ts';
import type { Actor } from './backup.ts';

/** Keys, not data: left out of an export (each lets its holder do something the data does not). */
const SECRET_COLUMNS: Record<string, readonly string[]> = {
  community: ['audit_key'],
  share_link: ['token_hash'],
};
const BATCH = 5000;

export interface ExportManifest {
  format: 'zeroloop-community-export';
  community: { community_id: number; slug: string; name: string };
  exported_at: string;
  schema_version: number;
  tables: { table: string; file: string; rows: number }[];
}

/**
 * Writes every row of one community, from every table that has a community_id
 * column (its audit-log entries included), as one CSV per table plus manifest.json.
 * The rows come from one snapshot; cells a spreadsheet would run as formulas are
 * neutralised. The files hold person-level records and are readable by the owner alone.
 */
export async function exportCommunity(db: Database, community: Community, options: { outDir: string; actor: Actor }): Promise<ExportManifest & { outDir: string }> {
  const outDir = resolve(options.outDir);
  if (existsSync(outDir)) {
    if (!statSync(outDir).isDirectory()) throw new UserError(`${outDir} exists and is not a folder.`);
    if (readdirSync(outDir).length > 0) throw new UserError(`${outDir} is not empty: export into a new or empty folder.`);
  }
  const created = !existsSync(outDir);
  if (created) mkdirSync(outDir, { recursive: true, mode: 0o700 });
  chmodSync(outDir, 0o700);
  try {
    return await writeExport(db, community, outDir, options.actor);
  } catch (e) {
    // Half an export is no export: take back what was written (the folder was empty).
    if (created) rmSync(outDir, { recursive: true, force: true });
    else for (const f of readdirSync(outDir)) rmSync(join(outDir, f), { recursive: true, force: true });
    throw e;
  }
}

async function writeExport(db: Database, community: Community, outDir: string, actor: Actor): Promise<ExportManifest & { outDir: string }> {
  const manifest = await db.transaction(async (tx) => {
    if (tx.dialect === 'postgres') await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const tables = (await communityTables(tx)).sort((a, b) => a.name.localeCompare(b.name));
    const written: ExportManifest['tables'] = [];
    for (const table of tables) {
      const columns = table.columns.filter((c) => !(SECRET_COLUMNS[table.name] ?? []).includes(c));
      const file = `${table.name}.csv`;
      const rows = await writeTable(tx, table.name, table.primaryKey, columns, community.communityId, join(outDir, file));
      written.push({ table: table.name, file, rows });
    }
    const m: ExportManifest = {
      format: 'zeroloop-community-export',
      community: { community_id: community.communityId, slug: community.slug, name: community.name },
      exported_at: new Date().toISOString(),
      schema_version: await schemaVersion(tx),
      tables: written,
    };
    return m;
  });
  writeFile(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  await recordAudit(db, {
    communityId: community.communityId,
    actor: actor.name,
    action: 'community.export',
    target: `community:${community.slug}`,
    detail: { out: outDir, tables: manifest.tables.length, rows: manifest.tables.reduce((n, t) => n + t.rows, 0) },
    ip: actor.ip,
  });
  return { ...manifest, outDir };
}

/** One table's rows of the community, read through a cursor in batches, as CSV. */
async function writeTable(db: Database, table: string, primaryKey: string[], columns: string[], communityId: number, path: string): Promise<number> {
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, toCsv([], columns));
    const order = primaryKey.length > 0 ? ` ORDER BY ${primaryKey.map((c) => `t.${quoteIdent(c)}`).join(', ')}` : '';
    // The id is an integer of our own; a cursor statement takes no parameters.
    await db.exec(`DECLARE zl_export NO SCROLL CURSOR FOR SELECT to_jsonb(t) AS r FROM ${quoteIdent(table)} t WHERE t.community_id = ${Math.trunc(communityId)}${order}`);
    let count = 0;
    for (;;) {
      const batch = await db.query<{ r: Record<string, unknown> }>(`FETCH ${BATCH} FROM zl_export`);
      if (batch.length === 0) break;
      const csv = toCsv(batch.map((b) => cells(b.r, columns)), columns);
      writeSync(fd, csv.slice(csv.indexOf('\n') + 1)); // without its header line
      count += batch.length;
    }
    await db.exec('CLOSE zl_export');
    return count;
  } finally {
    closeSync(fd);
  }
}

/** A row as CSV cells: JSON values as they are, objects and arrays as JSON text. */
function cells(row: Record<string, unknown>, columns: string[]): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  for (const c of columns) {
    const v = row[c];
    out[c] = v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : (v as Cell);
  }
  return out;
}

function writeFile(path: string, text: string): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}
