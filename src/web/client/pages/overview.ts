import { api } from '../api.ts';
import { fmt, h, replace } from '../dom.ts';
import type { PageContext } from '../context.ts';
import { chartWidget } from '../chart-widget.ts';
import { chartDataCsv, flowChartOptions, flowDataCsv, spcChartOptions } from '../../charts/spc-chart-options.ts';

interface FzStatus {
  population: string;
  month: string;
  actively_homeless: number | null;
  threshold: number;
  threshold_basis: string;
  reached: boolean;
  distance: number | null;
  months_sustained: number;
  trend: 'falling' | 'rising' | 'flat' | 'unknown';
  change_6_months: number | null;
  criteria: { criterion: string; met: boolean; explanation: string }[];
}

interface MonthRow {
  month: string;
  population: string;
  actively_homeless: number | null;
  newly_identified: number | null;
  returned_from_housing: number | null;
  returned_from_inactive: number | null;
  housing_placements: number | null;
  moved_to_inactive: number | null;
  no_longer_meets_criteria: number | null;
  balanced: boolean;
}

interface Overview {
  community: { slug: string; name: string };
  small_counts_hidden: boolean;
  populations: {
    slug: string;
    name: string;
    counts: string;
    functional_zero: FzStatus | null;
    latest: MonthRow | null;
    balanced_months: number;
    months: number;
    last_month: string[];
  }[];
}

const TREND = { falling: 'falling', rising: 'rising', flat: 'flat', unknown: 'not enough history yet' };
const CRITERIA: Record<string, string> = { rare: 'rare', brief: 'brief', non_recurring: 'non-recurring' };

/**
 * The overview: for every population, where functional zero stands, the count over
 * time with its signals, what came in and went out, whether the figures balance, and
 * the last month in sentences.
 */
export async function overviewPage(ctx: PageContext): Promise<void> {
  const base = `/api/communities/${encodeURIComponent(ctx.community.slug)}`;
  const [overview, rows] = await Promise.all([api.get<Overview>(`${base}/overview`), api.get<MonthRow[]>(`${base}/metrics`)]);
  const month = overview.populations.find((p) => p.functional_zero)?.functional_zero?.month ?? '';
  replace(
    ctx.main,
    h('h1', {}, `${overview.community.name}: where we stand in ${month}`),
    month
      ? h(
          'p',
          { class: 'actions' },
          // A server-rendered page that prints well to PDF: what a coach brings to the monthly meeting.
          h('a', { class: 'button-link', href: `/c/${encodeURIComponent(ctx.community.slug)}/report?month=${encodeURIComponent(month)}` }, 'Monthly report'),
          h('span', { class: 'note' }, ` ${month}, ready to print or save as PDF`),
        )
      : null,
    overview.small_counts_hidden ? h('p', { class: 'note' }, 'Counts below the community’s small-number threshold are hidden (shown as “hidden”), with any figure that would reveal them.') : null,
    h(
      'ul',
      { class: 'summary-list', 'aria-label': 'Functional zero by population' },
      overview.populations.map((p) => {
        const fz = p.functional_zero;
        return h(
          'li',
          {},
          h('a', { href: `#pop-${p.slug}` }, p.name),
          ': ',
          fz ? h('strong', { class: fz.reached ? 'reached' : 'not-reached' }, fz.reached ? '✓ functional zero' : '✗ not yet') : 'no data',
          fz ? ` — ${count(fz.actively_homeless)} actively homeless, threshold ${fmt(fz.threshold)}` : '',
        );
      }),
    ),
    overview.populations.map((p) => populationSection(ctx, base, p, rows.filter((r) => r.population === p.slug))),
  );
}

function count(n: number | null): string {
  return n === null ? 'hidden' : fmt(n);
}

function populationSection(ctx: PageContext, base: string, p: Overview['populations'][number], rows: MonthRow[]): HTMLElement {
  const fz = p.functional_zero;
  const chartHolder = h('div', { class: 'chart-slot' }, h('p', { class: 'loading' }, 'Loading the chart…'));
  void api
    .get<Parameters<typeof spcChartOptions>[0] & { suppressed: string | null }>(`${base}/populations/${encodeURIComponent(p.slug)}/chart?figure=actively_homeless&chart=run`)
    .then((chart) =>
      replace(
        chartHolder,
        chartWidget({
          title: `Actively homeless — ${p.name}`,
          description: `Run chart of ${p.counts} actively homeless at the end of each month, with the signals of the Anhøj rules.`,
          filename: `${ctx.community.slug}-${p.slug}-actively-homeless`,
          option: (compact) => spcChartOptions(chart, { title: `Actively homeless — ${p.name}`, unit: p.counts, compact }),
          csv: () => chartDataCsv(chart),
        }),
      ),
    )
    .catch((e: Error) => replace(chartHolder, h('p', { class: 'error' }, `The chart could not be drawn: ${e.message}`)));

  return h(
    'section',
    { id: `pop-${p.slug}`, class: 'population', 'aria-labelledby': `h-${p.slug}` },
    h('h2', { id: `h-${p.slug}` }, h('a', { href: `#/${ctx.community.slug}/population/${p.slug}` }, p.name)),
    fz
      ? h(
          'dl',
          { class: 'facts' },
          fact('Functional zero', h('span', { class: fz.reached ? 'reached' : 'not-reached' }, fz.reached ? '✓ Reached' : '✗ Not yet')),
          fact('Actively homeless', `${count(fz.actively_homeless)} ${p.counts}`),
          fact('Threshold', `${fmt(fz.threshold)} (${fz.threshold_basis})`),
          fact('Distance to zero', fz.reached ? '0' : count(fz.distance)),
          fact('Months sustained', fmt(fz.months_sustained)),
          fact('Trend over 6 months', `${TREND[fz.trend]}${fz.change_6_months !== null ? ` (${fz.change_6_months > 0 ? '+' : ''}${fmt(fz.change_6_months)})` : ''}`),
          fact('Criteria', fz.criteria.map((c) => `${CRITERIA[c.criterion] ?? c.criterion} ${c.met ? '✓ met' : '✗ not met'}`).join(', ')),
          fact('Balance check', `${fmt(p.balanced_months)} of ${fmt(p.months)} months balance`),
        )
      : h('p', {}, 'No figures yet.'),
    h('h3', {}, 'What changed last month'),
    h('ul', { class: 'sentences' }, p.last_month.map((s) => h('li', {}, s))),
    chartHolder,
    rows.length
      ? chartWidget({
          title: `Inflow and outflow — ${p.name}`,
          description: `Each month, ${p.counts} coming onto the list (newly identified, returned from housing, returned from inactive) against those leaving it (moved into housing, became inactive, no longer meeting the criteria).`,
          filename: `${ctx.community.slug}-${p.slug}-flows`,
          option: (compact) => flowChartOptions(rows, { title: `Inflow and outflow — ${p.name}`, unit: p.counts, compact }),
          csv: () => flowDataCsv(rows),
        })
      : null,
  );
}

function fact(term: string, value: string | HTMLElement): HTMLElement[] {
  return [h('dt', {}, term), h('dd', {}, value)] as unknown as HTMLElement[];
}
