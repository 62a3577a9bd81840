export type Cell = string | number | boolean | null | undefined;

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
