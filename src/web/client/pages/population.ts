import { api } from '../api.ts';
import { fmt, h, replace } from '../dom.ts';
import type { PageContext } from '../context.ts';
import { chartWidget } from '../chart-widget.ts';
import { chartDataCsv, flowChartOptions, flowDataCsv, spcChartOptions } from '../../charts/spc-chart-options.ts';

interface Row {
  group: string;
  label: string;
  actively_homeless: number | null;
  share: number | null;
  representation_ratio: number | null;
  inflow: number | null;
  returned_from_housing: number | null;
  placements: number | null;
  avg_days_to_housing: number | null;
}
interface Breakdown {
  month: string;
  population: string;
  total: { actively_homeless: number | null; inflow: number | null; returned_from_housing: number | null; placements: number | null; avg_days_to_housing: number | null; suppressed: string[] };
  dimensions: Record<'locality' | 'provider' | 'household_type' | 'race', { rows: Row[]; suppressed: string[] }>;
  outcome_window: { from: string; to: string };
  suppression_threshold: number | null;
  definitions: Record<string, string>;
}

const DIMENSIONS = [
  ['race', 'Race and ethnicity'],
  ['locality', 'Locality'],
  ['household_type', 'Household type'],
  ['provider', 'Provider that identified them'],
] as const;

/** A value as shown: "hidden" when suppressed for this reader, a dash when there is none. */
const shown = (v: number | null, hidden: boolean, digits = 0) => (hidden ? 'hidden' : v === null ? '—' : fmt(v, digits));

/** The ratio in words as well as a number: colour and arrows are never the only carriers. */
function ratioWords(r: number | null): string {
  if (r === null) return '—';
  if (r >= 1.2) return `${r.toFixed(2)} (placed more than its share)`;
  if (r <= 0.8) return `${r.toFixed(2)} (placed less than its share)`;
  return `${r.toFixed(2)} (about its share)`;
}

/**
 * One population in depth: its count and flows over time, and the month broken down
 * by race and ethnicity, locality, household type and provider, with how each group's
 * share of placements compares with its share of the list.
 */
export async function populationPage(ctx: PageContext): Promise<void> {
  const slug = ctx.args[0] ?? 'all';
  const base = `/api/communities/${encodeURIComponent(ctx.community.slug)}`;
  const [populations, breakdown, rows] = await Promise.all([
    api.get<{ slug: string; name: string; counts: string }[]>(`${base}/populations`),
    api.get<Breakdown>(`${base}/populations/${encodeURIComponent(slug)}/breakdown`),
    api.get<Parameters<typeof flowChartOptions>[0][number][]>(`${base}/metrics?population=${encodeURIComponent(slug)}`),
  ]);
  const population = populations.find((p) => p.slug === slug)!;
  const chartSlot = h('div', { class: 'chart-slot' }, h('p', { class: 'loading' }, 'Loading the chart…'));
  void api
    .get<Parameters<typeof spcChartOptions>[0]>(`${base}/populations/${encodeURIComponent(slug)}/chart?figure=actively_homeless&chart=run`)
    .then((chart) =>
      replace(
        chartSlot,
        chartWidget({
          title: `Actively homeless — ${population.name}`,
          description: `Run chart of ${population.counts} actively homeless at the end of each month, with its signals.`,
          filename: `${ctx.community.slug}-${slug}-actively-homeless`,
          option: (compact) => spcChartOptions(chart, { title: `Actively homeless — ${population.name}`, unit: population.counts, compact }),
          csv: () => chartDataCsv(chart),
        }),
      ),
    )
    .catch((e: Error) => replace(chartSlot, h('p', { class: 'error' }, `The chart could not be drawn: ${e.message}`)));

  const t = breakdown.total;
  const total = (field: keyof Breakdown['total'], digits = 0) => shown(t[field] as number | null, t.suppressed.includes(field), digits);
  replace(
    ctx.main,
    h('p', {}, h('a', { href: `#/${ctx.community.slug}/overview` }, '← Overview')),
    h('h1', {}, `${population.name}: ${breakdown.month}`),
    h(
      'label',
      { class: 'field inline' },
      h('span', {}, 'Population '),
      h(
        'select',
        { onchange: (e: Event) => (location.hash = `#/${ctx.community.slug}/population/${(e.target as HTMLSelectElement).value}`) },
        populations.map((p) => h('option', { value: p.slug, selected: p.slug === slug }, p.name)),
      ),
    ),
    breakdown.suppression_threshold ? h('p', { class: 'note' }, `Counts from 1 to ${breakdown.suppression_threshold - 1} are hidden, with any figure that would reveal them.`) : null,
    h(
      'dl',
      { class: 'facts' },
      [
        ['Actively homeless', `${total('actively_homeless')} ${population.counts}`],
        ['Came onto the list this month', total('inflow')],
        ['Returned from housing this month', total('returned_from_housing')],
        ['Moved into housing this month', total('placements')],
        [`Average days to housing, ${breakdown.outcome_window.from} to ${breakdown.outcome_window.to}`, total('avg_days_to_housing', 1)],
      ].map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
    ),
    chartSlot,
    rows.length
      ? chartWidget({
          title: `Inflow and outflow — ${population.name}`,
          description: `Each month, ${population.counts} coming onto the list against those leaving it.`,
          filename: `${ctx.community.slug}-${slug}-flows`,
          option: (compact) => flowChartOptions(rows, { title: `Inflow and outflow — ${population.name}`, unit: population.counts, compact }),
          csv: () => flowDataCsv(rows),
        })
      : null,
    DIMENSIONS.map(([key, title]) => dimensionTable(key, title, breakdown)),
    h(
      'section',
      { 'aria-labelledby': 'defs' },
      h('h2', { id: 'defs' }, 'What the columns mean'),
      h('dl', { class: 'definitions' }, Object.entries(breakdown.definitions).map(([k, v]) => [h('dt', {}, k.replace(/_/g, ' ')), h('dd', {}, v)])),
    ),
  );
}

function dimensionTable(key: keyof Breakdown['dimensions'], title: string, b: Breakdown): HTMLElement {
  const d = b.dimensions[key];
  const id = `dim-${key}`;
  const cell = (r: Row, field: keyof Row, digits = 0) => shown(r[field] as number | null, d.suppressed.includes(`${r.group}:${field}`), digits);
  return h(
    'section',
    { class: 'dimension', 'aria-labelledby': id },
    h('h2', { id }, title),
    h(
      'div',
      { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': id },
      h(
        'table',
        {},
        h('caption', { class: 'note' }, `${b.population}, ${b.month}: actively homeless at the month’s end, the month’s flows, and placements against each group’s share of the list.`),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Group'),
            ['Actively homeless', 'Share', 'Came onto the list', 'Returned from housing', 'Moved into housing', 'Average days to housing', 'Representation ratio'].map((c) =>
              h('th', { scope: 'col', class: c === 'Representation ratio' ? '' : 'num' }, c),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          d.rows.map((r) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, r.label),
              h('td', { class: 'num' }, cell(r, 'actively_homeless')),
              h('td', { class: 'num' }, r.share === null ? (d.suppressed.includes(`${r.group}:share`) ? 'hidden' : '—') : `${(r.share * 100).toFixed(1)}%`),
              h('td', { class: 'num' }, cell(r, 'inflow')),
              h('td', { class: 'num' }, cell(r, 'returned_from_housing')),
              h('td', { class: 'num' }, cell(r, 'placements')),
              h('td', { class: 'num' }, cell(r, 'avg_days_to_housing', 1)),
              h('td', {}, d.suppressed.includes(`${r.group}:representation_ratio`) ? 'hidden' : ratioWords(r.representation_ratio)),
            ),
          ),
        ),
      ),
    ),
  );
}
