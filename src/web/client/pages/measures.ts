import { api, ApiError } from '../api.ts';
import { fmt, h, replace } from '../dom.ts';
import { canDoLearningWork, type PageContext } from '../context.ts';
import { chartWidget } from '../chart-widget.ts';
import { chartDataCsv, spcChartOptions } from '../../charts/spc-chart-options.ts';

interface Definition {
  name: string;
  type: string;
  description: string;
  numerator: string;
  denominator: string | null;
  population: string | null;
  source: { kind: 'bnl'; figure: string } | { kind: 'manual' } | { kind: 'csv' };
  frequency: string;
  unit: string;
  improvement: 'up' | 'down' | null;
  owner: string | null;
  target: number | null;
  chart: string;
  rules: string;
}
interface Measure {
  slug: string;
  version: number;
  definition: Definition;
  versions?: { version: number; changed_by: string; changed_at: string; reason: string; agreed_by: string[] }[];
}
type ChartJson = Parameters<typeof spcChartOptions>[0] & {
  suppressed: string | null;
  rules: string;
  chart: string;
  points: { x: string | number }[];
  annotations: { kind: string; period: string; until: string | null; pdsa_id: number | null; decision_id: number | null; label: string; status: string | null; decision: string | null }[];
  phases: { starts: string; reason: string; pdsa_id: number | null; first_point: number }[];
};

const FIGURES = [
  ['actively_homeless', 'Actively homeless'],
  ['inflow', 'Inflow (all three)'],
  ['newly_identified', 'Newly identified'],
  ['returned_from_housing', 'Returned from housing'],
  ['returned_from_inactive', 'Returned from inactive'],
  ['outflow', 'Outflow (all three)'],
  ['housing_placements', 'Housing placements'],
  ['moved_to_inactive', 'Moved to inactive'],
  ['no_longer_meets_criteria', 'No longer meets criteria'],
  ['avg_days_to_housing', 'Average days to housing'],
  ['returns_within_6_months', 'Returns within 6 months of placement'],
  ['returns_within_12_months', 'Returns within 12 months of placement'],
  ['share_inactive', 'Share of the list inactive'],
] as const;
const CHARTS = ['run', 'i', 'mr', 'p', 'pp', 'u', 'up', 'c'];
const RULES = [
  ['anhoej', 'Anhøj (default)'],
  ['ihi', 'IHI'],
  ['nhs', 'NHS Making Data Count'],
] as const;

/** A form control with its label, for the forms on this page. */
function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  return h('label', { class: 'field' }, h('span', {}, label), control, hint ? h('small', { class: 'note' }, hint) : null);
}

/** Submits a form's values as JSON; the API's one-sentence refusal is shown beside it. */
function jsonForm(submitLabel: string, fields: HTMLElement[], send: (data: Record<string, string>) => Promise<unknown>, done: () => void): HTMLFormElement {
  const status = h('p', { role: 'alert', class: 'error' });
  const form = h('form', { class: 'stack' }, fields, h('button', { type: 'submit' }, submitLabel), status);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data: Record<string, string> = {};
    for (const [k, v] of new FormData(form).entries()) data[k] = String(v);
    status.textContent = '';
    send(data).then(done, (err: Error) => (status.textContent = err instanceof ApiError ? err.message : `Something went wrong: ${err.message}`));
  });
  return form;
}

const text = (name: string, value = '', attrs: Record<string, string | boolean> = {}) => h('input', { type: 'text', name, value, ...attrs });
const select = (name: string, options: readonly (readonly [string, string])[], value = '') =>
  h('select', { name }, options.map(([v, l]) => h('option', { value: v, selected: v === value }, l)));
const orNull = (s: string | undefined) => (s === undefined || s.trim() === '' ? null : s.trim());
const numberOrNull = (s: string | undefined) => (s === undefined || s.trim() === '' ? null : Number(s));

/** Measures: the list, and one measure's chart, definition, versions, values and phases. */
export async function measuresPage(ctx: PageContext): Promise<void> {
  if (ctx.args[0]) return measurePage(ctx, ctx.args[0]);
  const base = `/api/communities/${encodeURIComponent(ctx.community.slug)}`;
  const [measures, populations] = await Promise.all([api.get<Measure[]>(`${base}/measures`), api.get<{ slug: string; name: string }[]>(`${base}/populations`)]);
  const rerender = () => void measuresPage(ctx);
  replace(
    ctx.main,
    h('h1', {}, 'Measures'),
    h('p', { class: 'note' }, 'Outcome, process and balancing measures with shared definitions. Each chart shows its signals, the phases adopted changes started, and the PDSA cycles that tested them.'),
    measures.length
      ? h(
          'div',
          { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Measures' },
          h(
            'table',
            {},
            h('caption', { class: 'note' }, `${measures.length} measures`),
            h('thead', {}, h('tr', {}, ['Measure', 'Type', 'Population', 'Source', 'Unit', 'Target', 'Version'].map((c) => h('th', { scope: 'col' }, c)))),
            h(
              'tbody',
              {},
              measures.map((m) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row' }, h('a', { href: `#/${ctx.community.slug}/measures/${m.slug}` }, m.definition.name)),
                  h('td', {}, m.definition.type),
                  h('td', {}, m.definition.population ?? '—'),
                  h('td', {}, m.definition.source.kind === 'bnl' ? 'By-Name List' : m.definition.source.kind === 'manual' ? 'entered by hand' : 'imported CSV'),
                  h('td', {}, m.definition.unit),
                  h('td', { class: 'num' }, m.definition.target === null ? '—' : fmt(m.definition.target, 2)),
                  h('td', { class: 'num' }, m.version),
                ),
              ),
            ),
          ),
        )
      : h('p', {}, 'No measures yet.'),
    canDoLearningWork(ctx.community.role)
      ? h(
          'section',
          { 'aria-labelledby': 'new-measure' },
          h('h2', { id: 'new-measure' }, 'Add a measure'),
          h('p', { class: 'note' }, 'A figure of the By-Name List brings its own definition; a measure entered by hand needs one written out.'),
          jsonForm(
            'Add the measure',
            [
              field('Source', select('source', [...FIGURES.map(([f, l]) => [`bnl:${f}`, `By-Name List: ${l}`] as const), ['manual', 'Entered by hand each month'] as const])),
              field('Population', select('population', populations.map((p) => [p.slug, p.name] as const), 'all')),
              field('Name', text('name'), 'Leave empty to use the figure’s name.'),
              field('Type', select('type', [['', 'from the figure'], ['outcome', 'Outcome'], ['process', 'Process'], ['balancing', 'Balancing']] as const)),
              field('What is counted', text('description'), 'Required for a measure entered by hand.'),
              field('Numerator', text('numerator')),
              field('Unit', text('unit')),
              field('Target', h('input', { type: 'number', name: 'target', step: 'any' })),
              field('Organizations that agreed', text('agreed_by'), 'Separated by commas.'),
            ],
            (d) => {
              const manual = d.source === 'manual';
              return api.post(`${base}/measures`, {
                source: d.source,
                population: manual ? orNull(d.population) : d.population,
                name: orNull(d.name) ?? undefined,
                type: orNull(d.type) ?? (manual ? 'process' : undefined),
                description: orNull(d.description) ?? undefined,
                numerator: orNull(d.numerator) ?? undefined,
                unit: orNull(d.unit) ?? undefined,
                target: numberOrNull(d.target) ?? undefined,
                agreed_by: (d.agreed_by ?? '').split(',').map((s) => s.trim()).filter(Boolean),
              });
            },
            rerender,
          ),
        )
      : null,
  );
}

async function measurePage(ctx: PageContext, slug: string): Promise<void> {
  const base = `/api/communities/${encodeURIComponent(ctx.community.slug)}/measures/${encodeURIComponent(slug)}`;
  const measure = await api.get<Measure>(base);
  const d = measure.definition;
  const may = canDoLearningWork(ctx.community.role);
  const chartSlot = h('div', { class: 'chart-slot' });
  const signalsSlot = h('div', {});
  const controls = {
    rules: select('rules', RULES, d.rules),
    chart: select('chart', CHARTS.map((c) => [c, c.toUpperCase() === 'RUN' ? 'Run chart' : `${c.toUpperCase()} chart`] as const), d.chart),
    freeze: h('input', { type: 'number', name: 'freeze', min: '1', step: '1', inputmode: 'numeric' }),
  };

  const draw = async () => {
    const q = new URLSearchParams({ rules: controls.rules.value, chart: controls.chart.value });
    if (controls.freeze.value) q.set('freeze', controls.freeze.value);
    replace(chartSlot, h('p', { class: 'loading', role: 'status' }, 'Drawing the chart…'));
    try {
      const chart = await api.get<ChartJson>(`${base}/chart?${q}`);
      // A pattern marks every point it spans: list it once, with its span.
      const seen = new Set<string>();
      const signals = (chart.signals as unknown as { point: number; rule: string; from: number; to: number; message: string; classification: string | null }[]).filter((s) => {
        const key = `${s.rule}:${s.from}:${s.to}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      const span = (s: { from: number; to: number }) => (s.from === s.to ? String(chart.points[s.from - 1]?.x) : `${chart.points[s.from - 1]?.x} to ${chart.points[s.to - 1]?.x}`);
      replace(
        chartSlot,
        chartWidget({
          title: d.name,
          description: `${chart.chart === 'run' ? 'Run' : 'Control'} chart of ${d.unit} by ${d.frequency === 'monthly' ? 'month' : d.frequency === 'weekly' ? 'week' : 'quarter'}, with the signals of the ${RULES.find((r) => r[0] === chart.rules)?.[1] ?? chart.rules} rules, the phases adopted changes started, and the PDSA cycles and decisions on the time axis.`,
          filename: `${ctx.community.slug}-${slug}`,
          option: (compact) => spcChartOptions(chart, { title: d.name, unit: d.unit, compact }),
          csv: () => chartDataCsv(chart),
        }),
      );
      replace(
        signalsSlot,
        h('h2', {}, 'What the chart says'),
        chart.suppressed ? h('p', { class: 'note' }, chart.suppressed) : null,
        signals.length
          ? h('ul', {}, signals.slice(0, 30).map((s) => h('li', {}, `${span(s)}: ${s.message}${s.classification && s.classification !== 'neutral' ? ` (${s.classification})` : ''}`)))
          : chart.suppressed
            ? null
            : h('p', {}, 'No signal: the variation is what this process usually produces.'),
        signals.length > 30 ? h('p', { class: 'note' }, `and ${signals.length - 30} more signals (all in the CSV).`) : null,
        h('h3', {}, 'Changes tested, adopted and decided'),
        chart.annotations.length
          ? h(
              'ul',
              {},
              chart.annotations.map((a) =>
                h(
                  'li',
                  {},
                  a.kind === 'pdsa'
                    ? [h('a', { href: `#/${ctx.community.slug}/pdsa/${a.pdsa_id}` }, `PDSA ${a.pdsa_id}: ${a.label}`), ` — ${a.period}${a.until && a.until !== a.period ? ` to ${a.until}` : ''}, ${a.status}${a.decision ? `, ${a.decision}` : ''}`]
                    : a.kind === 'decision'
                      ? [h('a', { href: `#/${ctx.community.slug}/decisions/${a.decision_id}` }, `Decision ${a.decision_id} (D${a.decision_id} on the chart): ${a.label}`), ` — ${a.period}`]
                      : `New phase from ${a.period}: ${a.label}`,
                ),
              ),
            )
          : h('p', { class: 'note' }, 'No PDSA cycle or decision names this measure yet.'),
      );
    } catch (e) {
      replace(chartSlot, h('p', { class: 'error', role: 'alert' }, (e as Error).message));
    }
  };

  const rerender = () => void measurePage(ctx, slug);
  const manual = d.source.kind !== 'bnl';
  replace(
    ctx.main,
    h('p', {}, h('a', { href: `#/${ctx.community.slug}/measures` }, '← All measures')),
    h('h1', {}, d.name),
    h(
      'form',
      { class: 'chart-controls', onsubmit: (e: Event) => (e.preventDefault(), void draw()) },
      field('Signal rules', controls.rules),
      field('Chart', controls.chart),
      field('Baseline: first N points', controls.freeze, 'Empty: every point of each phase.'),
      h('button', { type: 'submit' }, 'Redraw'),
    ),
    chartSlot,
    signalsSlot,
    h('h2', {}, 'Definition'),
    h(
      'dl',
      { class: 'facts' },
      [
        ['Type', d.type],
        ['What is counted', d.description],
        ['Numerator', d.numerator],
        ['Denominator', d.denominator ?? '—'],
        ['Population', d.population ?? '—'],
        ['Source', d.source.kind === 'bnl' ? `By-Name List: ${d.source.figure}` : d.source.kind === 'manual' ? 'entered by hand' : 'imported CSV'],
        ['Frequency', d.frequency],
        ['Unit', d.unit],
        ['Better when', d.improvement === 'up' ? 'higher' : d.improvement === 'down' ? 'lower' : 'neither'],
        ['Owner', d.owner ?? '—'],
        ['Target', d.target === null ? '—' : fmt(d.target, 2)],
      ].map(([t, v]) => [h('dt', {}, t), h('dd', {}, v)]),
    ),
    h('h3', {}, `Versions (current: ${measure.version})`),
    h(
      'div',
      { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Versions of the definition' },
      h(
        'table',
        {},
        h('thead', {}, h('tr', {}, ['Version', 'When', 'Who', 'Why', 'Agreed by'].map((c) => h('th', { scope: 'col' }, c)))),
        h(
          'tbody',
          {},
          (measure.versions ?? []).map((v) =>
            h('tr', {}, h('td', { class: 'num' }, v.version), h('td', {}, v.changed_at.slice(0, 10)), h('td', {}, v.changed_by), h('td', {}, v.reason), h('td', {}, v.agreed_by.join(', ') || '—')),
          ),
        ),
      ),
    ),
    may && manual
      ? h(
          'section',
          { 'aria-labelledby': 'add-value' },
          h('h2', { id: 'add-value' }, 'Add or correct a value'),
          jsonForm(
            'Save the value',
            [
              field('Period', text('period', '', { placeholder: d.frequency === 'monthly' ? 'YYYY-MM' : d.frequency === 'weekly' ? 'YYYY-Www' : 'YYYY-Qn', required: true })),
              field('Value', h('input', { type: 'number', name: 'value', step: 'any', required: true })),
              d.denominator ? field(`Denominator (${d.denominator})`, h('input', { type: 'number', name: 'denominator', step: 'any', required: true })) : h('span', {}),
              field('Note', text('note')),
            ],
            (v) => api.put(`${base}/values`, { values: [{ period: v.period, value: Number(v.value), denominator: d.denominator ? Number(v.denominator) : undefined, note: orNull(v.note) ?? undefined }] }),
            rerender,
          ),
        )
      : null,
    may
      ? h(
          'section',
          { 'aria-labelledby': 'new-phase' },
          h('h2', { id: 'new-phase' }, 'Start a new phase'),
          h('p', { class: 'note' }, 'When the process changed for good — usually a change adopted after PDSA cycles — the chart gets new centre and limits from that period on.'),
          jsonForm(
            'Start the phase',
            [field('From period', text('starts', '', { required: true, placeholder: 'YYYY-MM' })), field('Why', text('reason', '', { required: true }))],
            (v) => api.post(`${base}/phases`, { starts: v.starts, reason: v.reason }),
            rerender,
          ),
        )
      : null,
    may
      ? h(
          'section',
          { 'aria-labelledby': 'edit-definition' },
          h('h2', { id: 'edit-definition' }, 'Change the definition'),
          h('p', { class: 'note' }, 'A change adds a version; earlier versions stay. Say why, and which organizations agreed.'),
          jsonForm(
            'Save a new version',
            [
              field('Name', text('name', d.name)),
              field('What is counted', h('textarea', { name: 'description', rows: '3' }, d.description)),
              field('Numerator', text('numerator', d.numerator)),
              field('Unit', text('unit', d.unit)),
              field('Better when', select('improvement', [['down', 'lower'], ['up', 'higher'], ['none', 'neither']] as const, d.improvement ?? 'none')),
              field('Target', h('input', { type: 'number', name: 'target', step: 'any', value: d.target === null ? '' : String(d.target) })),
              field('Owner', text('owner', d.owner ?? '')),
              field('Default chart', select('chart', CHARTS.map((c) => [c, c] as const), d.chart)),
              field('Default rules', select('rules', RULES, d.rules)),
              field('Why it changes', text('reason', '', { required: true })),
              field('Organizations that agreed', text('agreed_by'), 'Separated by commas.'),
            ],
            (v) =>
              api.patch(base, {
                name: v.name,
                description: v.description,
                numerator: v.numerator,
                unit: v.unit,
                improvement: v.improvement,
                target: numberOrNull(v.target),
                owner: orNull(v.owner),
                chart: v.chart,
                rules: v.rules,
                reason: v.reason,
                agreed_by: (v.agreed_by ?? '').split(',').map((s) => s.trim()).filter(Boolean),
              }),
            rerender,
          ),
        )
      : null,
  );
  await draw();
}
