/**
 * Encodes values as one line of COPY ... WITH (FORMAT csv): null becomes an
 * unquoted empty field (NULL), text is quoted only when it must be, and an empty
 * string is quoted so it stays an empty string.
 */
export function copyLine(values: readonly unknown[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    out += copyField(values[i]);
  }
  return out + '\n';
}

function copyField(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (Array.isArray(v)) return quote(`{${v.map((x) => arrayElement(String(x))).join(',')}}`);
  const s = String(v);
  if (s === '' || /[",\n\r]/.test(s) || s === '\\.') return quote(s);
  return s;
}

function quote(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/** A PostgreSQL array literal element, always double-quoted. */
function arrayElement(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Encodes many rows at once for a COPY: each line is `prefix`, the row's values,
 * `middle`, the row's number from `tails`, and a line break. With `only`, just the rows whose
 * value in that column is set (not null), or just those where it is null (a column of -1: every
 * row). Written for bulk loads of millions of rows: no array is built per row, and most values
 * (numbers, dates, IDs) need no quoting.
 */
export function copyRows(
  prefix: string,
  rows: readonly (readonly (string | number | null)[])[],
  middle: string,
  tails: readonly number[],
  only?: { column: number; set: boolean },
): { text: string; count: number } {
  const column = only?.column ?? -1;
  const wantSet = only?.set ?? false;
  let text = '';
  let count = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (column >= 0 && (row[column] !== null) !== wantSet) continue;
    let line = prefix;
    for (let j = 0; j < row.length; j++) {
      const v = row[j];
      if (j > 0) line += ',';
      if (v === null) continue;
      line += typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : plainOrQuoted(v);
    }
    text += line + middle + tails[i] + '\n';
    count++;
  }
  return { text, count };
}

/** A text value as a COPY csv field: as it is unless it holds a separator, a quote or a line break. */
function plainOrQuoted(s: string): string {
  if (s.length === 0 || s === '\\.') return quote(s);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 44 || c === 34 || c === 10 || c === 13) return quote(s);
  }
  return s;
}
