import { basename } from 'node:path';
import { readCsvRecords } from './csv.ts';
import { InputError } from './problems.ts';

export interface SpcSeries {
  x: string[];
  y: (number | null)[];
  /** Denominators (p, p′) or exposures (u, u′) when the file has an `n` column. */
  n: (number | null)[] | null;
}

/**
 * Reads a series for a chart: a CSV with the header `x,y` or `x,y,n`. A blank y is
 * a missing value (shown, not used); anything else that is not a number stops the
 * read with one sentence naming the file, line and column.
 */
export async function readSpcSeries(path: string): Promise<SpcSeries> {
  const file = basename(path);
  const series: SpcSeries = { x: [], y: [], n: null };
  let header: string[] | null = null;
  for await (const batch of readCsvRecords(path, file)) {
    for (const record of batch) {
      const fields = record.fields.map((f) => f.trim());
      if (fields.every((f) => f === '')) continue;
      if (!header) {
        header = fields.map((f) => f.toLowerCase());
        if (!(header.length === 2 && header[0] === 'x' && header[1] === 'y') && !(header.length === 3 && header.join(',') === 'x,y,n'))
          throw new InputError(`${file}, line ${record.line}: the header is "${fields.join(',')}"; expected x,y or x,y,n.`);
        if (header.length === 3) series.n = [];
        continue;
      }
      if (fields.length !== header.length)
        throw new InputError(`${file}, line ${record.line}: expected ${header.length} fields (${header.join(',')}), found ${fields.length}.`);
      series.x.push(fields[0]);
      series.y.push(number(fields[1], file, record.line, 'y'));
      if (series.n) series.n.push(number(fields[2], file, record.line, 'n'));
    }
  }
  if (!header) throw new InputError(`${file}: the file is empty; expected a header x,y or x,y,n and one row per point.`);
  if (series.x.length === 0) throw new InputError(`${file}: there are no data rows after the header; expected one row per point.`);
  return series;
}

function number(text: string, file: string, line: number, column: string): number | null {
  if (text === '') return null;
  const v = Number(text);
  if (!Number.isFinite(v) || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text))
    throw new InputError(`${file}, line ${line}, column ${column}: "${text}" is not a number.`);
  return v;
}
