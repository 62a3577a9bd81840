/**
 * What changed in a population's latest month, in plain sentences for a steering
 * committee: the count and its change, what came in and what went out, whether
 * homelessness shrank, and whether the figures balance. Counts hidden for small-cell
 * readers (null) are said as "a small number", and sums that would need them are
 * left out rather than guessed.
 */
export interface MonthRow {
  month: string;
  actively_homeless: number | null;
  newly_identified: number | null;
  returned_from_housing: number | null;
  returned_from_inactive: number | null;
  housing_placements: number | null;
  moved_to_inactive: number | null;
  no_longer_meets_criteria: number | null;
  balanced: boolean;
}

const sum = (xs: (number | null)[]): number | null => (xs.some((x) => x === null) ? null : xs.reduce<number>((a, b) => a + (b as number), 0));
const fmt = (n: number) => n.toLocaleString('en-US');

export function describeLatestMonth(rows: readonly MonthRow[], noun: { one: string; many: string }): string[] {
  if (rows.length === 0) return ['There are no months to describe yet.'];
  const last = rows[rows.length - 1];
  const prev = rows.length > 1 ? rows[rows.length - 2] : null;
  const count = (n: number | null, many = noun.many) => (n === null ? `a small number of ${many}` : `${fmt(n)} ${n === 1 ? noun.one : many}`);
  const out: string[] = [];

  let first = `At the end of ${last.month}, ${count(last.actively_homeless)} ${last.actively_homeless === 1 ? 'was' : 'were'} actively homeless`;
  if (prev && last.actively_homeless !== null && prev.actively_homeless !== null) {
    const d = last.actively_homeless - prev.actively_homeless;
    first += d === 0 ? `, the same as in ${prev.month}` : `, ${fmt(Math.abs(d))} ${d < 0 ? 'fewer' : 'more'} than in ${prev.month}`;
  }
  out.push(first + '.');

  const inflow = sum([last.newly_identified, last.returned_from_housing, last.returned_from_inactive]);
  const outflow = sum([last.housing_placements, last.moved_to_inactive, last.no_longer_meets_criteria]);
  const part = (n: number | null, what: string) => (n === 0 ? null : `${n === null ? 'a small number' : fmt(n)} ${what}`);
  const ins = [part(last.newly_identified, 'newly identified'), part(last.returned_from_housing, 'returned from housing'), part(last.returned_from_inactive, 'returned from inactive')].filter(Boolean);
  const outs = [part(last.housing_placements, 'moved into housing'), part(last.moved_to_inactive, 'became inactive'), part(last.no_longer_meets_criteria, 'no longer met the population’s criteria')].filter(Boolean);
  const side = (total: number | null, parts: (string | null)[], verb: string) =>
    total === 0 ? `none ${verb}` : `${total === null ? 'some' : fmt(total)} ${verb}${parts.length ? ` (${parts.join(', ')})` : ''}`;
  out.push(`${capital(side(inflow, ins, 'came onto the list'))}, and ${side(outflow, outs, 'left it')}.`);

  if (inflow !== null && outflow !== null) {
    if (outflow > inflow) out.push(`More left than came in: homelessness shrank by ${fmt(outflow - inflow)} this month.`);
    else if (inflow > outflow) out.push(`More came in than left: homelessness grew by ${fmt(inflow - outflow)} this month.`);
    else out.push('As many came in as left: the count held steady.');
  }
  out.push(last.balanced ? 'The figures balance: last month’s count plus what came in, minus what left, gives this month’s.' : 'The figures do not balance this month: check the data before drawing conclusions.');
  return out;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
