import type { Database } from './database.ts';

export interface ImportRun {
  importId: number;
  kind: string;
  source: string;
  status: 'running' | 'succeeded' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  summary: string | null;
  report: unknown;
}

interface ImportRow {
  import_id: number;
  kind: string;
  source: string;
  status: ImportRun['status'];
  started_at: Date | string;
  finished_at: Date | string | null;
  summary: string | null;
  report: unknown;
}

const iso = (v: Date | string | null): string | null => (v === null ? null : v instanceof Date ? v.toISOString() : String(v));

function toRun(r: ImportRow): ImportRun {
  return {
    importId: r.import_id,
    kind: r.kind,
    source: r.source,
    status: r.status,
    startedAt: iso(r.started_at)!,
    finishedAt: iso(r.finished_at),
    summary: r.summary,
    report: r.report,
  };
}

/** Import runs are recorded outside the import's own transaction, so a failed one is still reported. */
export class ImportLog {
  constructor(
    private readonly db: Database,
    private readonly communityId: number,
  ) {}

  async start(kind: string, source: string): Promise<number> {
    const rows = await this.db.query<{ import_id: number }>(
      `INSERT INTO import_run (community_id, kind, source, status) VALUES ($1, $2, $3, 'running') RETURNING import_id`,
      [this.communityId, kind, source],
    );
    return rows[0].import_id;
  }

  async finish(importId: number, status: 'succeeded' | 'failed', summary: string, report: unknown): Promise<void> {
    await this.db.query(
      `UPDATE import_run SET status = $3, summary = $4, report = $5, finished_at = now() WHERE community_id = $1 AND import_id = $2`,
      [this.communityId, importId, status, summary, JSON.stringify(report)],
    );
  }

  async list(): Promise<ImportRun[]> {
    const rows = await this.db.query<ImportRow>(
      `SELECT import_id, kind, source, status, started_at, finished_at, summary, '{}'::jsonb AS report
         FROM import_run WHERE community_id = $1 ORDER BY import_id DESC`,
      [this.communityId],
    );
    return rows.map(toRun);
  }

  async get(importId: number): Promise<ImportRun | null> {
    const rows = await this.db.query<ImportRow>(
      `SELECT import_id, kind, source, status, started_at, finished_at, summary, report
         FROM import_run WHERE community_id = $1 AND import_id = $2`,
      [this.communityId, importId],
    );
    return rows[0] ? toRun(rows[0]) : null;
  }
}
