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
