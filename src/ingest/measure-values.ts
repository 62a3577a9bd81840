import type { Readable } from 'node:stream';
import { readCsvRecords } from './csv.ts';
import { InputError } from './problems.ts';
import { describePeriodFormat, parsePeriod } from '../domain/learning/periods.ts';
import type { Frequency } from '../domain/learning/types.ts';

export interface MeasureValueRow {
  period: string;
  value: number;
  denominator: number | null;
  note: string | null;
}

const COLUMNS = ['period', 'value', 'denominator', 'note'] as const;
/** A measure has at most a few hundred periods; a file far longer is not a measure's values. */
const MAX_ROWS = 10_000;

/**
 * Reads a measure's values from a CSV with the header `period,value` plus, in any
 * order, optional `denominator` and `note` columns. The whole file is checked before
 * anything is returned: the first problem stops the read with one sentence naming
 * the file, line, column and what was expected.
 */
export async function readMeasureValues(
  source: string | (() => Readable | Promise<Readable>),
  file: string,
  options: { frequency: Frequency; needsDenominator: boolean },
): Promise<MeasureValueRow[]> {
  let header: string[] | null = null;
  const rows: MeasureValueRow[] = [];
  const seen = new Map<string, number>();
  for await (const batch of readCsvRecords(source, file)) {
    for (const record of batch) {
      const fields = record.fields.map((f) => f.trim());
      if (fields.every((f) => f === '')) continue;
      const at = (column: string) => `${file}, line ${record.line}, column ${column}`;
      if (!header) {
        header = fields.map((f) => f.replace(/^\uFEFF/, '').toLowerCase());
        const unknown = header.find((h) => !(COLUMNS as readonly string[]).includes(h));
        if (unknown !== undefined || !header.includes('period') || !header.includes('value') || new Set(header).size !== header.length)
          throw new InputError(`${file}, line ${record.line}: the header is "${fields.join(',')}"; expected period,value and optionally denominator and note.`);
        if (options.needsDenominator && !header.includes('denominator'))
          throw new InputError(`${file}, line ${record.line}: this measure is a share, so the file needs a denominator column (period,value,denominator).`);
        continue;
      }
      if (fields.length !== header.length) throw new InputError(`${file}, line ${record.line}: expected ${header.length} fields (${header.join(',')}), found ${fields.length}.`);
      const get = (column: string) => {
        const i = header!.indexOf(column);
        return i < 0 ? '' : fields[i];
      };
      const period = get('period');
      if (parsePeriod(options.frequency, period) === null)
        throw new InputError(`${at('period')}: "${period}" is not a ${options.frequency} period; expected ${describePeriodFormat(options.frequency)}.`);
      if (seen.has(period)) throw new InputError(`${at('period')}: ${period} is given twice (first on line ${seen.get(period)}).`);
      seen.set(period, record.line);
      const value = number(get('value'), at('value'));
      if (value === null) throw new InputError(`${at('value')}: the value is empty; expected a number.`);
      const denominator = number(get('denominator'), at('denominator'));
      if (options.needsDenominator) {
        if (denominator === null || denominator <= 0) throw new InputError(`${at('denominator')}: expected a number greater than 0.`);
        if (value < 0 || value > denominator) throw new InputError(`${at('value')}: ${value} must be from 0 to the denominator ${denominator}.`);
      }
      rows.push({ period, value, denominator: options.needsDenominator ? denominator : null, note: get('note') || null });
      if (rows.length > MAX_ROWS) throw new InputError(`${file}: more than ${MAX_ROWS.toLocaleString('en-US')} rows; a measure's values file has one row per period.`);
    }
  }
  if (!header) throw new InputError(`${file}: the file is empty; expected a header period,value and one row per period.`);
  if (rows.length === 0) throw new InputError(`${file}: there are no rows after the header; expected one row per period.`);
  return rows.sort((a, b) => (a.period < b.period ? -1 : 1));
}

function number(text: string, where: string): number | null {
  if (text === '') return null;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new InputError(`${where}: "${text}" is not a number.`);
  return Number(text);
}
