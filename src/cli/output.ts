import type { Cell } from '../domain/text/csv.ts';

/** Output formats shared by the commands: aligned text, CSV and JSON. */
export type OutputFormat = 'table' | 'csv' | 'json';

export function parseFormat(value: string, allowed: readonly OutputFormat[]): OutputFormat {
  if ((allowed as readonly string[]).includes(value)) return value as OutputFormat;
  throw new UsageError(`--format "${value}" is not one of ${allowed.join(', ')}.`);
}

/** Wrong words on the command line: exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}


export function toTable(rows: readonly Record<string, Cell>[], columns?: readonly string[]): string {
  if (rows.length === 0) return '(none)\n';
  const cols = columns ?? Object.keys(rows[0]);
  const text = (v: Cell): string => (v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v));
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => text(r[c]).length)));
  const numeric = cols.map((c) => rows.every((r) => r[c] === null || r[c] === undefined || typeof r[c] === 'number'));
  const line = (cells: string[]): string =>
    cells.map((s, i) => (numeric[i] ? s.padStart(widths[i]) : s.padEnd(widths[i]))).join('  ').trimEnd() + '\n';
  return line([...cols]) + line(widths.map((w) => '-'.repeat(w))) + rows.map((r) => line(cols.map((c) => text(r[c])))).join('');
}

export { toCsv } from '../domain/text/csv.ts';
