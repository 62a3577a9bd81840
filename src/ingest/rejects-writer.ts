import { createWriteStream, rmSync, type WriteStream } from 'node:fs';
import type { RejectedRow } from './problems.ts';

/**
 * Writes rejected rows to a CSV file as they are found: where each came from,
 * why it was rejected, and the row as it was read, so it can be fixed and loaded
 * again. Cells a spreadsheet would run as formulas are prefixed with an apostrophe.
 */
export class RejectsWriter {
  private stream: WriteStream | null = null;
  private count = 0;

  constructor(readonly path: string) {}

  add(row: RejectedRow): void {
    if (!this.stream) {
      this.stream = createWriteStream(this.path, { encoding: 'utf8', mode: 0o600 });
      this.stream.write('file,line,reasons,record\n');
    }
    this.count += 1;
    const reasons = row.problems.filter((p) => p.severity === 'error').map((p) => `${p.column ? `${p.column}: ` : ''}${p.message} [${p.rule}]`).join(' | ');
    const record = row.fields.map(csvCell).join(',');
    this.stream.write(`${csvCell(row.file)},${row.line},${csvCell(reasons)},${csvCell(record)}\n`);
  }

  /** Finishes the file; returns its path, or null when no row was rejected. */
  async close(): Promise<string | null> {
    if (!this.stream) return null;
    const s = this.stream;
    await new Promise<void>((resolve, reject) => s.end((err?: Error | null) => (err ? reject(err) : resolve())));
    return this.path;
  }

  /** Removes a half-written file (the import failed). */
  async discard(): Promise<void> {
    if (!this.stream) return;
    await this.close().catch(() => undefined);
    rmSync(this.path, { force: true });
  }
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
