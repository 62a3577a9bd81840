import { api } from '../api.ts';
import { fmt, h, replace, type Child } from '../dom.ts';
import { canDoLearningWork, type PageContext } from '../context.ts';
import { apiForm, area, check, checked, field, noticeAfterRender, PERIOD_FORMAT, showNotice, text, uid, value } from '../learning-ui.ts';
import type { Aim, AimProgress, AimStatus, DriverDiagram, DriverNode, DriverNodeKind, Measure } from '../../../domain/learning/types.ts';

type AimWithProgress = Aim & { progress: AimProgress };

/** The diagram whose add-a-node form stays open after a node was added: nodes come several at a time. */
let keepNodeFormOpen: number | null = null;

/** Each status in words and with a symbol, so colour is never the only sign. */
const STATUS: Record<AimStatus, { symbol: string; words: string; good: boolean | null }> = {
  sustained: { symbol: '✓✓', words: 'Sustained', good: true },
  achieved: { symbol: '✓', words: 'Achieved', good: true },
  on_track: { symbol: '↗', words: 'On track', good: true },
  off_track: { symbol: '⚠', words: 'Off track', good: false },
  no_data: { symbol: '○', words: 'No data yet', good: null },
};

const KIND: Record<DriverNodeKind, string> = { primary: 'Primary driver', secondary: 'Secondary driver', change_idea: 'Change idea' };

/**
 * Aims and their driver diagrams: each aim with its measure, baseline, target and
 * how it is doing, and each of its diagrams as an outline (aim → primary drivers →
 * secondary drivers → change ideas). People who do learning work add aims, diagrams
 * and nodes here.
 */
export async function aimsPage(ctx: PageContext): Promise<void> {
  const base = `/api/communities/${encodeURIComponent(ctx.community.slug)}`;
  const [aims, diagrams, measures] = await Promise.all([
    api.get<AimWithProgress[]>(`${base}/aims`),
    api.get<DriverDiagram[]>(`${base}/driver-diagrams`),
    api.get<Measure[]>(`${base}/measures`),
  ]);
  const editing = canDoLearningWork(ctx.community.role);
  const redraw = () => aimsPage(ctx);
  const page: Page = { ctx, base, measures, editing, redraw };
  replace(
    ctx.main,
    h('h1', { id: 'aims-h' }, 'Aims & drivers'),
    h(
      'p',
      { class: 'note' },
      'Each aim says how much, by when, and is judged from its measure’s chart. Its driver diagrams show what the team believes will get there, and the change ideas it tests in PDSA cycles.',
    ),
    editing ? newAimForm(page, aims.length === 0) : null,
    aims.length === 0 ? h('p', {}, 'No aims yet.') : null,
    aims.map((a) =>
      aimSection(
        page,
        a,
        diagrams.filter((d) => d.aim_id === a.id),
      ),
    ),
  );
  keepNodeFormOpen = null;
  showNotice(ctx.main);
}

interface Page {
  ctx: PageContext;
  base: string;
  measures: Measure[];
  editing: boolean;
  redraw: () => Promise<void>;
}

/** A value as the chart plots it: shares as percentages. */
function valueText(m: Measure | undefined, v: number | null): string {
  if (v === null) return 'hidden or not known';
  if (!m) return fmt(v, 2);
  const d = m.definition;
  if (d.denominator !== null && d.unit === '%') return `${fmt(v * 100, 1)}%`;
  return `${fmt(v, 2)} ${d.unit}`;
}

function aimSection(page: Page, aim: AimWithProgress, diagrams: DriverDiagram[]): HTMLElement {
  const m = page.measures.find((x) => x.slug === aim.measure);
  const st = STATUS[aim.progress.status];
  const headingId = `aim-${aim.id}-h`;
  const p = aim.progress;
  return h(
    'section',
    { class: 'learn-aim', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, h('span', { class: 'learn-tag' }, `Aim ${aim.id}`), ' ', aim.statement),
    h(
      'p',
      { class: 'aim-status' },
      h('strong', { class: st.good === true ? 'reached' : st.good === false ? 'not-reached' : '' }, h('span', { 'aria-hidden': 'true' }, `${st.symbol} `), st.words),
      ' — ',
      p.reason,
    ),
    h(
      'dl',
      { class: 'facts' },
      fact('Measure', h('a', { href: `#/${page.ctx.community.slug}/measures/${encodeURIComponent(aim.measure)}` }, m?.definition.name ?? aim.measure)),
      fact('Baseline', aim.baseline_period ? `${valueText(m, aim.baseline_value)} in ${aim.baseline_period}` : 'none given'),
      fact('Target', `${valueText(m, aim.target_value)} by ${aim.target_date}`),
      fact('Latest', p.latest_period ? `${valueText(m, p.latest_value)} in ${p.latest_period}` : 'no values yet'),
      fact('Periods at target', `${fmt(p.periods_at_target)} in a row (${fmt(aim.sustain_periods)} count as sustained)`),
    ),
    diagrams.map((d) => diagramSection(page, aim, d)),
    diagrams.length === 0 ? h('p', { class: 'note' }, 'No driver diagram for this aim yet.') : null,
    page.editing ? newDiagramForm(page, aim) : null,
  );
}

function fact(term: string, val: Child): Child[] {
  return [h('dt', {}, term), h('dd', {}, val)];
}

// ---------------------------------------------------------------------------------------
// Driver diagrams
// ---------------------------------------------------------------------------------------

function diagramSection(page: Page, aim: AimWithProgress, d: DriverDiagram): HTMLElement {
  const headingId = `diagram-${d.id}-h`;
  const url = `${page.base}/driver-diagrams/${d.id}`;
  const alert = h('p', { class: 'error form-error', role: 'alert' });
  const primaries = d.nodes.filter((n) => n.kind === 'primary');
  const byId = new Map(d.nodes.map((n) => [n.id, n]));
  const serving = (id: string, kind: DriverNodeKind) => d.nodes.filter((n) => n.kind === kind && n.serves.includes(id));

  const remove = (n: DriverNode): HTMLElement | null =>
    page.editing
      ? h(
          'button',
          {
            type: 'button',
            class: 'small',
            'aria-label': `Remove ${KIND[n.kind].toLowerCase()} “${n.label}”`,
            onclick: (e: Event) => {
              const button = e.currentTarget as HTMLButtonElement;
              button.disabled = true;
              alert.textContent = '';
              api
                .del(`${url}/nodes/${encodeURIComponent(n.id)}`)
                .then(() => {
                  noticeAfterRender(headingId, `Removed the ${KIND[n.kind].toLowerCase()} “${n.label}”.`);
                  return page.redraw();
                })
                .catch((err: Error) => {
                  button.disabled = false;
                  alert.textContent = err.message;
                });
            },
          },
          'Remove',
        )
      : null;

  const also = (n: DriverNode, under: string): Child => {
    const others = n.serves.filter((s) => s !== under).map((s) => byId.get(s)?.label ?? s);
    return others.length ? h('span', { class: 'also note' }, `Also serves ${others.map((o) => `“${o}”`).join(', ')}`) : null;
  };
  const nodeId = (n: DriverNode) => h('span', { class: 'node-id' }, `(id ${n.id})`);
  const changeIdea = (n: DriverNode, under: string): HTMLElement =>
    h(
      'li',
      { class: 'node change' },
      h('div', { class: 'node-head' }, h('p', { class: 'node-label' }, h('span', { class: 'kind' }, 'Change idea: '), n.label, ' ', nodeId(n), also(n, under)), remove(n)),
    );
  const secondary = (n: DriverNode, under: string): HTMLElement => {
    const ideas = serving(n.id, 'change_idea');
    return h(
      'li',
      { class: 'node secondary' },
      h('div', { class: 'node-head' }, h('div', {}, h('h5', {}, h('span', { class: 'kind' }, 'Secondary driver: '), n.label, ' ', nodeId(n)), also(n, under)), remove(n)),
      ideas.length ? h('ul', { 'aria-label': `Change ideas for “${n.label}”` }, ideas.map((c) => changeIdea(c, n.id))) : null,
    );
  };
  const primary = (n: DriverNode): HTMLElement => {
    const secondaries = serving(n.id, 'secondary');
    const ideas = serving(n.id, 'change_idea');
    return h(
      'li',
      { class: 'node primary' },
      h('div', { class: 'node-head' }, h('h4', {}, h('span', { class: 'kind' }, 'Primary driver: '), n.label, ' ', nodeId(n)), remove(n)),
      secondaries.length || ideas.length
        ? h('ul', { 'aria-label': `What drives “${n.label}”` }, secondaries.map((s) => secondary(s, n.id)), ideas.map((c) => changeIdea(c, n.id)))
        : null,
    );
  };

  return h(
    'section',
    { class: 'learn-diagram', 'aria-labelledby': headingId },
    h('h3', { id: headingId }, `Driver diagram: ${d.title}`),
    h(
      'p',
      { class: 'downloads-links' },
      h('a', { href: `${url}/svg`, download: `driver-diagram-${d.id}.svg` }, 'Download the diagram (SVG)'),
      h('a', { href: url, download: `driver-diagram-${d.id}.json` }, 'Download as JSON'),
    ),
    h(
      'div',
      { class: 'driver-tree' },
      h('p', { class: 'tree-aim' }, h('span', { class: 'kind' }, 'Aim: '), aim.statement),
      primaries.length
        ? h('ul', { 'aria-label': `Primary drivers of “${d.title}”` }, primaries.map(primary))
        : h('p', { class: 'note' }, 'No drivers yet.'),
    ),
    alert,
    page.editing ? nodeForm(page, d) : null,
  );
}

function nodeForm(page: Page, d: DriverDiagram): HTMLElement {
  const summaryId = `add-node-${d.id}`;
  const drivers = d.nodes.filter((n) => n.kind !== 'change_idea');
  const kind = h(
    'select',
    { name: 'kind' },
    (Object.keys(KIND) as DriverNodeKind[]).map((k) => h('option', { value: k }, KIND[k])),
  );
  const label = text('label', '', { maxlength: 300, autocomplete: 'off' });
  const id = text('id', '', { maxlength: 40, autocomplete: 'off', spellcheck: 'false' });
  let idEdited = false;
  id.addEventListener('input', () => (idEdited = id.value !== ''));
  label.addEventListener('input', () => {
    if (!idEdited) id.value = slugOf(label.value);
  });
  const boxes = drivers.map((n) => ({ node: n, box: h('input', { type: 'checkbox', name: 'serves', value: n.id }) }));
  const servesHint = h('p', { class: 'hint', id: uid('hint') });
  // Only the layers the API allows can be chosen: a secondary driver serves primary
  // drivers, a change idea serves either, a primary driver serves the aim.
  const fitKind = () => {
    const k = kind.value as DriverNodeKind;
    for (const { node, box } of boxes) {
      box.disabled = k === 'primary' || (k === 'secondary' && node.kind !== 'primary');
      if (box.disabled) box.checked = false;
    }
    servesHint.textContent =
      k === 'primary'
        ? 'A primary driver serves the aim directly: nothing to choose.'
        : k === 'secondary'
          ? 'Choose the primary drivers it serves.'
          : 'Choose the drivers (primary or secondary) it serves.';
  };
  kind.addEventListener('change', fitKind);
  fitKind();
  const serves = h(
    'fieldset',
    { class: 'serves', 'aria-describedby': servesHint.id },
    h('legend', {}, 'Serves'),
    servesHint,
    boxes.length ? boxes.map(({ node, box }) => check([node.label, h('span', { class: 'note' }, ` (${KIND[node.kind].toLowerCase()})`)], box)) : h('p', { class: 'note' }, 'No drivers yet: add a primary driver first.'),
  );

  const form = apiForm(
    { label: `Add a node to “${d.title}”` },
    [
      field('Kind', kind),
      field('Label', label),
      field('Id', id, 'Letters, digits, - and _ (up to 40), unique in the diagram; an existing id replaces that node.'),
      serves,
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Add the node')),
    ],
    async (f) => {
      const nodeId = value(f, 'id');
      if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/.test(nodeId))
        throw new Error('The node needs an id: 1 to 40 letters, digits, "-" or "_", starting with a letter or digit.');
      await api.put(`${page.base}/driver-diagrams/${d.id}/nodes/${encodeURIComponent(nodeId)}`, { kind: value(f, 'kind'), label: value(f, 'label'), serves: checked(f, 'serves') });
      noticeAfterRender(summaryId, `Saved the ${KIND[value(f, 'kind') as DriverNodeKind].toLowerCase()} “${value(f, 'label')}”: it is in the outline above. Add another, or close this form.`);
      keepNodeFormOpen = d.id;
      await page.redraw();
    },
  );
  return h('details', { class: 'learn-details', open: keepNodeFormOpen === d.id }, h('summary', { id: summaryId }, `Add a node to “${d.title}”`), form);
}

function slugOf(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

function newDiagramForm(page: Page, aim: AimWithProgress): HTMLElement {
  const form = apiForm({ label: `New driver diagram for aim ${aim.id}` }, [field('Title', text('title', '', { maxlength: 200 })), h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Create the diagram'))], async (f) => {
    const d = await api.post<DriverDiagram>(`${page.base}/driver-diagrams`, { title: value(f, 'title'), aim_id: aim.id });
    noticeAfterRender(`diagram-${d.id}-h`, 'Driver diagram created: add its primary drivers below.');
    await page.redraw();
  });
  return h('details', { class: 'learn-details' }, h('summary', {}, `New driver diagram for aim ${aim.id}`), form);
}

// ---------------------------------------------------------------------------------------
// Aims
// ---------------------------------------------------------------------------------------

function newAimForm(page: Page, open: boolean): HTMLElement {
  const measure = h(
    'select',
    { name: 'measure' },
    h('option', { value: '' }, 'Choose a measure'),
    page.measures.map((m) => h('option', { value: m.slug }, m.definition.name)),
  );
  const periodHint = h('span', {}, 'Optional; its value is taken from the measure.');
  const fitMeasure = () => {
    const m = page.measures.find((x) => x.slug === measure.value);
    periodHint.textContent = `Optional; its value is taken from the measure.${m ? ` As ${PERIOD_FORMAT[m.definition.frequency] ?? m.definition.frequency}.` : ''}`;
  };
  measure.addEventListener('change', fitMeasure);
  const form = apiForm(
    { label: 'New aim' },
    [
      field('Statement', area('statement', '', 3), 'How much, by when, for whom.'),
      field('Measure', measure),
      field('Baseline period', text('baseline_period', '', { autocomplete: 'off' }), periodHint),
      h(
        'div',
        { class: 'field-row' },
        field('Target value', h('input', { type: 'number', name: 'target_value', step: 'any', inputmode: 'decimal' }), 'For a share, a ratio: 0.75 for 75%.'),
        field('Target date', h('input', { type: 'date', name: 'target_date' })),
        field('Sustain periods', h('input', { type: 'number', name: 'sustain_periods', min: 1, max: 120, step: 1, value: 3 }), 'Periods in a row at target that count as sustained.'),
      ),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Create the aim')),
    ],
    async (f) => {
      const body: Record<string, unknown> = { statement: value(f, 'statement'), measure: value(f, 'measure'), target_date: value(f, 'target_date') };
      if (value(f, 'baseline_period')) body.baseline_period = value(f, 'baseline_period');
      if (value(f, 'target_value')) body.target_value = Number(value(f, 'target_value'));
      if (value(f, 'sustain_periods')) body.sustain_periods = Number(value(f, 'sustain_periods'));
      const aim = await api.post<AimWithProgress>(`${page.base}/aims`, body);
      noticeAfterRender(`aim-${aim.id}-h`, `Aim ${aim.id} created.`);
      await page.redraw();
    },
  );
  return h('details', { class: 'learn-details', open }, h('summary', {}, 'New aim'), form);
}
