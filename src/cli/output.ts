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

type Cell = string | number | boolean | null | undefined;

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

/**
 * CSV with every cell that a spreadsheet would run as a formula (= + - @, tab, CR)
 * prefixed by an apostrophe, so an exported file cannot carry a formula.
 */
export function toCsv(rows: readonly Record<string, Cell>[], columns?: readonly string[]): string {
  const cols = columns ?? (rows[0] ? Object.keys(rows[0]) : []);
  const cell = (v: Cell): string => {
    if (v === null || v === undefined) return '';
    let s = typeof v === 'boolean' ? String(v) : String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}
