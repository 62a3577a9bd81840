import { api } from '../api.ts';
import { h, replace, type Child } from '../dom.ts';
import { canDoLearningWork, type PageContext } from '../context.ts';
import { apiForm, area, check, checked, field, lines, measureChoices, noticeAfterRender, PERIOD_FORMAT, run, showNotice, text, today, value } from '../learning-ui.ts';
import type { DriverDiagram, Measure, PdsaCycle, PdsaStatus } from '../../../domain/learning/types.ts';

type CycleDetail = PdsaCycle & { ramp: number[]; followed_by: number[] };

const STATUSES: PdsaStatus[] = ['planning', 'doing', 'studying', 'acting', 'completed', 'abandoned'];
const STAGES: PdsaStatus[] = ['planning', 'doing', 'studying', 'acting', 'completed'];
const STATUS_NAME: Record<PdsaStatus, string> = {
  planning: 'Planning',
  doing: 'Doing',
  studying: 'Studying',
  acting: 'Acting',
  completed: 'Completed',
  abandoned: 'Abandoned',
};
/** The worksheet section each open stage records. */
const SECTION_OF: Partial<Record<PdsaStatus, 'plan' | 'do' | 'study' | 'act'>> = { planning: 'plan', doing: 'do', studying: 'study', acting: 'act' };
/** Cards a column shows before the rest go behind "n earlier". */
const SHOWN = 5;
const DECISION: Record<string, string> = { adopt: 'Adopt', adapt: 'Adapt', abandon: 'Abandon' };

interface Ctx {
  ctx: PageContext;
  base: string;
  slug: string;
  editing: boolean;
  measures: Measure[];
  diagrams: DriverDiagram[];
  cycles: PdsaCycle[];
  redraw: () => Promise<void>;
}

/**
 * PDSA cycles: a board with a column per status, and each cycle's IHI worksheet
 * (`#/{c}/pdsa/{id}`), where the team records the current stage and moves it on.
 * `#/{c}/pdsa/new[/{id}]` opens the new-cycle form, following cycle {id}.
 */
export async function pdsaPage(ctx: PageContext): Promise<void> {
  const slug = ctx.community.slug;
  const base = `/api/communities/${encodeURIComponent(slug)}`;
  const [cycles, measures, diagrams] = await Promise.all([
    api.get<PdsaCycle[]>(`${base}/pdsa`),
    api.get<Measure[]>(`${base}/measures`),
    api.get<DriverDiagram[]>(`${base}/driver-diagrams`),
  ]);
  const page: Ctx = { ctx, base, slug, editing: canDoLearningWork(ctx.community.role), measures, diagrams, cycles, redraw: () => pdsaPage(ctx) };
  const [first, second] = ctx.args;
  if (first && /^\d+$/.test(first)) {
    await cyclePage(page, Number(first));
  } else {
    board(page, first === 'new', second && /^\d+$/.test(second) ? Number(second) : null);
  }
  showNotice(ctx.main);
}

const cycleHref = (p: Ctx, id: number) => `#/${p.slug}/pdsa/${id}`;
const measureHref = (p: Ctx, slug: string) => `#/${p.slug}/measures/${encodeURIComponent(slug)}`;

function measureLinks(p: Ctx, slugs: string[]): Child {
  if (slugs.length === 0) return 'none';
  return slugs.map((s, i) => [i > 0 ? ', ' : '', h('a', { href: measureHref(p, s), class: 'raised' }, p.measures.find((m) => m.slug === s)?.definition.name ?? s)]);
}

/** The change ideas of every diagram, as `diagram:node` references. */
function changeIdeas(p: Ctx): { ref: string; label: string; diagram: DriverDiagram }[] {
  return p.diagrams.flatMap((d) => d.nodes.filter((n) => n.kind === 'change_idea').map((n) => ({ ref: `${d.id}:${n.id}`, label: n.label, diagram: d })));
}

function changeIdeaText(p: Ctx, ref: string | null): string {
  if (ref === null) return 'none named';
  const idea = changeIdeas(p).find((c) => c.ref === ref);
  return idea ? idea.label : ref;
}

const livedExperience = (c: PdsaCycle) => c.team.some((m) => m.lived_experience);

// ---------------------------------------------------------------------------------------
// The board
// ---------------------------------------------------------------------------------------

function board(p: Ctx, openNew: boolean, follows: number | null): void {
  replace(
    p.ctx.main,
    h('h1', { id: 'pdsa-h' }, 'PDSA cycles'),
    h(
      'p',
      { class: 'note' },
      'Each cycle tests one change: plan, do, study, act. A cycle moves one stage at a time and may be abandoned; completed and abandoned cycles are closed, and the next test follows them in a ramp.',
    ),
    p.editing ? newCycleForm(p, openNew || p.cycles.length === 0, follows) : null,
    h(
      'div',
      { class: 'pdsa-board' },
      STATUSES.map((status) => {
        const cards = p.cycles.filter((c) => c.status === status).sort((a, b) => b.start_date.localeCompare(a.start_date) || b.id - a.id);
        const headingId = `col-${status}`;
        return h(
          'section',
          { class: `pdsa-column status-${status}`, 'aria-labelledby': headingId },
          h('h2', { id: headingId }, STATUS_NAME[status], ' ', h('span', { class: 'count' }, `(${cards.length})`)),
          cards.length ? h('ul', { class: 'pdsa-cards' }, cards.slice(0, SHOWN).map((c) => card(p, c))) : h('p', { class: 'note' }, 'None.'),
          cards.length > SHOWN
            ? h(
                'details',
                { class: 'more-cards' },
                h('summary', {}, `${cards.length - SHOWN} earlier ${STATUS_NAME[status].toLowerCase()}`),
                h('ul', { class: 'pdsa-cards' }, cards.slice(SHOWN).map((c) => card(p, c))),
              )
            : null,
        );
      }),
    ),
  );
}

function card(p: Ctx, c: PdsaCycle): HTMLElement {
  return h(
    'li',
    { class: 'pdsa-card' },
    h('h3', {}, h('a', { href: cycleHref(p, c.id), class: 'card-link' }, h('span', { class: 'learn-tag' }, `#${c.id}`), ' ', c.title)),
    h(
      'dl',
      { class: 'card-facts' },
      pair('Owner', c.owner),
      pair('Dates', c.end_date ? `${c.start_date} to ${c.end_date}` : `from ${c.start_date}`),
      pair('Measures', measureLinks(p, c.measures)),
      pair('Change idea', changeIdeaText(p, c.change_idea)),
      c.previous_id !== null ? pair('Ramp', `follows #${c.previous_id}`) : null,
      c.act.decision ? pair('Decision', DECISION[c.act.decision]) : null,
    ),
    livedExperience(c) ? h('p', { class: 'lived' }, h('span', { 'aria-hidden': 'true' }, '◆ '), 'Lived experience on the team') : null,
  );
}

function row(term: string, val: Child): Child[] {
  return [h('dt', {}, term), h('dd', {}, val)];
}

/** A term and its value grouped in a div, so a card can set each pair on its own line. */
function pair(term: string, val: Child): HTMLElement {
  return h('div', {}, h('dt', {}, term), ' ', h('dd', {}, val));
}

function newCycleForm(p: Ctx, open: boolean, follows: number | null): HTMLElement {
  const ideas = changeIdeas(p);
  const byDiagram = p.diagrams.filter((d) => d.nodes.some((n) => n.kind === 'change_idea'));
  const previous = follows !== null ? p.cycles.find((c) => c.id === follows) : undefined;
  const changeIdea = h(
    'select',
    { name: 'change_idea' },
    h('option', { value: '' }, 'None'),
    byDiagram.map((d) =>
      h(
        'optgroup',
        { label: d.title },
        ideas.filter((i) => i.diagram === d).map((i) => h('option', { value: i.ref, selected: previous?.change_idea === i.ref }, i.label)),
      ),
    ),
  );
  const followsSelect = h(
    'select',
    { name: 'previous_id' },
    h('option', { value: '' }, 'None: the first test of this change'),
    [...p.cycles].sort((a, b) => b.id - a.id).map((c) => h('option', { value: c.id, selected: c.id === follows }, `#${c.id} ${c.title} (${c.status})`)),
  );
  const measures = measureChoices('Measures it should move', p.measures, previous?.measures ?? []);
  const form = apiForm(
    { label: 'New cycle' },
    [
      field('Title', text('title', previous ? `${previous.title}: next test` : '', { maxlength: 200 }), 'The change being tested.'),
      h('div', { class: 'field-row' }, field('Owner', text('owner', p.ctx.viewer.name)), field('Start date', h('input', { type: 'date', name: 'start_date', value: today() }))),
      field('Objective', area('objective', '', 2), 'What this cycle is for.'),
      measures,
      h('div', { class: 'field-row' }, field('Change idea', changeIdea, 'From the driver diagrams.'), field('Follows cycle', followsSelect, 'For a ramp of tests.')),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Create the cycle')),
    ],
    async (f) => {
      const body: Record<string, unknown> = {
        title: value(f, 'title'),
        owner: value(f, 'owner'),
        objective: value(f, 'objective'),
        start_date: value(f, 'start_date'),
        measures: checked(f, 'measures'),
        change_idea: value(f, 'change_idea') || null,
      };
      if (value(f, 'previous_id')) body.previous_id = Number(value(f, 'previous_id'));
      const c = await api.post<CycleDetail>(`${p.base}/pdsa`, body);
      noticeAfterRender('cycle-h', `Cycle #${c.id} created, in planning: record its plan below.`);
      location.hash = cycleHref(p, c.id);
    },
  );
  return h('details', { class: 'learn-details', open, id: 'new-cycle' }, h('summary', {}, 'New cycle'), form);
}

// ---------------------------------------------------------------------------------------
// One cycle's worksheet
// ---------------------------------------------------------------------------------------

async function cyclePage(p: Ctx, id: number): Promise<void> {
  const c = await api.get<CycleDetail>(`${p.base}/pdsa/${id}`);
  const open = c.status !== 'completed' && c.status !== 'abandoned';
  const periods = p.editing && c.status === 'acting' ? await phasePeriods(p, c.measures) : null;
  document.title = `#${c.id} ${c.title} — PDSA cycles — ${p.ctx.community.name} — ZeroLoop`;
  replace(
    p.ctx.main,
    h('p', { class: 'back' }, h('a', { href: `#/${p.slug}/pdsa` }, '← All PDSA cycles')),
    h('h1', { id: 'cycle-h' }, h('span', { class: 'learn-tag' }, `#${c.id}`), ' ', c.title),
    stages(c),
    p.editing && open
      ? h(
          'p',
          { class: 'jump' },
          h(
            'button',
            {
              type: 'button',
              class: 'small',
              onclick: () => {
                const target = document.getElementById('stage-h');
                target?.scrollIntoView({ block: 'start' });
                target?.focus();
              },
            },
            'Go to the form for this stage',
          ),
        )
      : null,
    h(
      'div',
      { class: 'pdsa-detail' },
      worksheet(p, c),
      h(
        'div',
        { class: 'pdsa-side' },
        p.editing && open ? stageForm(p, c, periods) : null,
        p.editing && open ? teamForm(p, c) : null,
        p.editing
          ? h('p', { class: 'next-cycle' }, h('a', { href: `#/${p.slug}/pdsa/new/${c.id}` }, `Start a new cycle that follows #${c.id}`))
          : null,
      ),
    ),
  );
}

function stages(c: CycleDetail): HTMLElement {
  const at = STAGES.indexOf(c.status);
  const items = STAGES.map((s, i) => {
    const done = c.status === 'abandoned' ? false : i < at;
    const now = s === c.status;
    return h(
      'li',
      { class: now ? 'now' : done ? 'done' : 'todo', 'aria-current': now ? 'step' : null },
      h('span', { 'aria-hidden': 'true' }, now ? '● ' : done ? '✓ ' : '○ '),
      STATUS_NAME[s],
      now ? ' (now)' : done ? ' (done)' : '',
    );
  });
  if (c.status === 'abandoned') items.push(h('li', { class: 'now abandoned', 'aria-current': 'step' }, h('span', { 'aria-hidden': 'true' }, '✗ '), 'Abandoned (now)'));
  return h('ol', { class: 'pdsa-stages', 'aria-label': 'Stages of the cycle' }, items);
}

const said = (v: string | null): Child => (v === null || v === '' ? h('span', { class: 'note' }, 'not recorded yet') : v);

function list(items: string[]): Child {
  return items.length ? h('ul', {}, items.map((i) => h('li', {}, i))) : h('span', { class: 'note' }, 'none yet');
}

function nested(rows: [string, Child][]): HTMLElement {
  return h('dl', { class: 'nested' }, rows.map(([t, v]) => row(t, v)));
}

function worksheet(p: Ctx, c: CycleDetail): HTMLElement {
  const idea = changeIdeas(p).find((i) => i.ref === c.change_idea);
  const ramp = c.ramp.length > 1 || c.followed_by.length > 0;
  return h(
    'section',
    { class: 'pdsa-worksheet', 'aria-labelledby': 'ws-h' },
    h('h2', { id: 'ws-h' }, 'Worksheet'),
    h(
      'dl',
      { class: 'worksheet' },
      row('Status', STATUS_NAME[c.status]),
      row('Owner', c.owner),
      row('Dates', c.end_date ? `${c.start_date} to ${c.end_date}` : `from ${c.start_date}, not ended`),
      row('Change idea', idea ? [idea.label, h('span', { class: 'note' }, ` (${idea.diagram.title})`)] : changeIdeaText(p, c.change_idea)),
      row('Measures', measureLinks(p, c.measures)),
      ramp
        ? row('Ramp of tests', [
            h(
              'ol',
              { class: 'ramp' },
              c.ramp.map((n) => h('li', {}, n === c.id ? `#${n} (this cycle)` : h('a', { href: cycleHref(p, n) }, `#${n} ${p.cycles.find((x) => x.id === n)?.title ?? ''}`.trim()))),
            ),
            c.followed_by.length ? h('p', {}, 'Followed by ', c.followed_by.map((n, i) => [i ? ', ' : '', h('a', { href: cycleHref(p, n) }, `#${n}`)])) : null,
          ])
        : row('Ramp of tests', 'the first test; nothing follows it yet'),
      row('Objective', c.objective),
      row('Questions', list(c.questions)),
      row('Predictions', list(c.predictions)),
      row('Plan', nested([['Who', said(c.plan.who)], ['What', said(c.plan.what)], ['When', said(c.plan.when)], ['Where', said(c.plan.where)], ['Data to collect', said(c.plan.data_to_collect)]])),
      row(
        'Do',
        nested([
          ['Carried out as planned', c.do.as_planned === null ? said(null) : c.do.as_planned ? 'Yes' : 'No'],
          ['Observations', said(c.do.observations)],
          ['Problems', said(c.do.problems)],
        ]),
      ),
      row('Study', nested([['Results against the predictions', said(c.study.results)], ['What was learned', said(c.study.learned)]])),
      row(
        'Act',
        nested([
          ['Decision', c.act.decision ? DECISION[c.act.decision] : said(null)],
          ['Next steps', said(c.act.next)],
          ['New chart phase', c.act.new_phase_from ? `from ${c.act.new_phase_from}: ${c.act.new_phase_reason ?? ''}` : h('span', { class: 'note' }, 'none')],
        ]),
      ),
      row(
        'Team',
        c.team.length
          ? h(
              'ul',
              {},
              c.team.map((m) => h('li', {}, m.name, m.role ? ` — ${m.role}` : '', m.lived_experience ? h('span', { class: 'lived' }, ' ◆ lived experience of homelessness') : null)),
            )
          : h('span', { class: 'note' }, 'no one named yet'),
      ),
    ),
  );
}

/**
 * Periods a new chart phase can start at on every one of the measures, latest first;
 * null when a chart cannot be read. A phase at the first point splits nothing, and on
 * a control chart a new part needs two values to draw its limits: the API stores a
 * phase from the latest period, but the measure's chart (and every aim on it) then
 * cannot be drawn until the next value arrives, so such periods are not offered.
 */
async function phasePeriods(p: Ctx, slugs: string[]): Promise<string[] | null> {
  if (slugs.length === 0) return null;
  try {
    const charts = await Promise.all(
      slugs.map((s) => api.get<{ chart: string; points: { x: string | number; y: number | null }[] }>(`${p.base}/measures/${encodeURIComponent(s)}/chart`)),
    );
    const sets = charts.map((ch) => {
      const need = ch.chart === 'run' || ch.chart === 'mr' ? 1 : 2;
      const ok = new Set<string>();
      ch.points.forEach((pt, i) => {
        if (i > 0 && ch.points.slice(i).filter((q) => q.y !== null).length >= need) ok.add(String(pt.x));
      });
      return ok;
    });
    return [...sets[0]].filter((x) => sets.every((s) => s.has(x))).sort().reverse();
  } catch {
    return null;
  }
}

function radios(legend: string, name: string, options: [string, string][], current: string): HTMLElement {
  return h(
    'fieldset',
    { class: 'choices inline' },
    h('legend', {}, legend),
    options.map(([v, label]) => check(label, h('input', { type: 'radio', name, value: v, checked: v === current }))),
  );
}

/** The form for the worksheet section of the current stage, with the buttons that move the cycle. */
function stageForm(p: Ctx, c: CycleDetail, periods: string[] | null): HTMLElement {
  const section = SECTION_OF[c.status]!;
  const at = STAGES.indexOf(c.status);
  const next = STAGES[at + 1];
  const prev = at > 0 ? STAGES[at - 1] : null;
  const url = `${p.base}/pdsa/${c.id}`;
  const headingId = 'stage-h';
  let controls: Child[];
  let body: (f: HTMLFormElement) => Record<string, unknown>;
  let title: string;
  let heading: string;

  if (section === 'plan') {
    title = 'Plan';
    heading = 'Planning: the plan';
    controls = [
      field('Questions', area('questions', c.questions.join('\n'), 3), 'What the test should answer; one per line.'),
      field('Predictions', area('predictions', c.predictions.join('\n'), 3), 'What you expect to happen; one per line.'),
      field('Who', text('who', c.plan.who)),
      field('What', area('what', c.plan.what, 2)),
      h('div', { class: 'field-row' }, field('When', text('when', c.plan.when)), field('Where', text('where', c.plan.where))),
      field('Data to collect', area('data_to_collect', c.plan.data_to_collect, 2)),
    ];
    body = (f) => ({
      questions: lines(f, 'questions'),
      predictions: lines(f, 'predictions'),
      plan: { who: value(f, 'who'), what: value(f, 'what'), when: value(f, 'when'), where: value(f, 'where'), data_to_collect: value(f, 'data_to_collect') },
    });
  } else if (section === 'do') {
    title = 'Do';
    heading = 'Doing: what happened';
    controls = [
      radios('Carried out as planned?', 'as_planned', [['yes', 'Yes'], ['no', 'No'], ['', 'Not recorded']], c.do.as_planned === null ? '' : c.do.as_planned ? 'yes' : 'no'),
      field('Observations', area('observations', c.do.observations, 3)),
      field('Problems', area('problems', c.do.problems, 3)),
    ];
    body = (f) => ({ do: { as_planned: value(f, 'as_planned') === '' ? null : value(f, 'as_planned') === 'yes', observations: value(f, 'observations'), problems: value(f, 'problems') } });
  } else if (section === 'study') {
    title = 'Study';
    heading = 'Studying: what the data say';
    controls = [field('Results against the predictions', area('results', c.study.results, 3)), field('What was learned', area('learned', c.study.learned, 3))];
    body = (f) => ({ study: { results: value(f, 'results'), learned: value(f, 'learned') } });
  } else {
    title = 'Act';
    heading = 'Acting: the decision';
    const frequency = p.measures.find((m) => m.slug === c.measures[0])?.definition.frequency ?? 'monthly';
    const from = periods
      ? h(
          'select',
          { name: 'new_phase_from' },
          h('option', { value: '' }, 'No new phase'),
          [...new Set([...(c.act.new_phase_from ? [c.act.new_phase_from] : []), ...periods])].map((x) =>
            h('option', { value: x, selected: x === c.act.new_phase_from }, x),
          ),
        )
      : text('new_phase_from', c.act.new_phase_from, { autocomplete: 'off' });
    const phase = h(
      'fieldset',
      { class: 'phase' },
      h('legend', {}, 'New chart phase (optional)'),
      h('p', { class: 'hint' }, 'From this period, the chart of each of the cycle’s measures starts a new part with its own centre line; recorded when the cycle is completed.'),
      field(
        'New chart phase from',
        from,
        periods
          ? 'Latest first. A control chart needs two values in a new phase, so the latest period is offered once the next one is in.'
          : `As ${PERIOD_FORMAT[frequency] ?? frequency}; leave empty for none.`,
      ),
      field('Reason for the new phase', text('new_phase_reason', c.act.new_phase_reason ?? `Adopted: ${c.title}`)),
    );
    const decision = radios('Decision', 'decision', [['', 'Not decided yet'], ['adopt', 'Adopt'], ['adapt', 'Adapt'], ['abandon', 'Abandon']], c.act.decision ?? '');
    const fit = () => {
      phase.hidden = (decision.querySelector<HTMLInputElement>('input:checked')?.value ?? '') !== 'adopt';
    };
    decision.addEventListener('change', fit);
    fit();
    controls = [
      decision,
      field('Next steps', area('next', c.act.next, 3), 'What happens next: the next cycle, or how the change becomes standard work.'),
      phase,
      field('End date of the test', h('input', { type: 'date', name: 'end_date', value: c.end_date ?? '' }), 'Optional.'),
    ];
    body = (f) => {
      const d = value(f, 'decision');
      const adopt = d === 'adopt';
      const newFrom = adopt ? value(f, 'new_phase_from') : '';
      return {
        act: { decision: d || null, next: value(f, 'next'), new_phase_from: newFrom || null, new_phase_reason: newFrom ? value(f, 'new_phase_reason') : null },
        end_date: value(f, 'end_date') || null,
      };
    };
  }

  const moveLabel = next === 'completed' ? 'Save and complete the cycle' : `Save and move to ${STATUS_NAME[next].toLowerCase()}`;
  const form = apiForm(
    { label: `${title} section` },
    [
      controls,
      h('div', { class: 'actions' }, h('button', { type: 'submit', name: 'action', value: 'save' }, 'Save'), h('button', { type: 'submit', name: 'action', value: 'move' }, moveLabel)),
    ],
    async (f, submitter) => {
      const move = submitter?.value === 'move';
      await api.patch(url, { ...body(f), ...(move ? { status: next } : {}) });
      noticeAfterRender(move ? 'cycle-h' : headingId, move ? `Saved; the cycle is now ${next === 'completed' ? 'completed' : `in ${next}`}.` : `Saved the ${title.toLowerCase()} section.`);
      await p.redraw();
    },
  );

  // Back one stage, or abandon: status changes only.
  const alert = h('p', { class: 'error form-error', role: 'alert' });
  const moveGroup: HTMLElement = h('div', { class: 'actions secondary-actions', role: 'group', 'aria-label': 'Other moves' });
  const change = (status: PdsaStatus, extra: Record<string, unknown>, message: string) => () =>
    void run(moveGroup, alert, async () => {
      await api.patch(url, { status, ...extra });
      noticeAfterRender('cycle-h', message);
      await p.redraw();
    });
  if (prev) {
    // A decision belongs to the acting stage: going back clears it (the API refuses a decision before acting).
    const clear = c.status === 'acting' && c.act.decision !== null ? { act: { decision: null, new_phase_from: null, new_phase_reason: null } } : {};
    moveGroup.append(
      h('button', { type: 'button', class: 'small', onclick: change(prev, clear, `The cycle is back in ${prev}.`) }, `Back to ${STATUS_NAME[prev].toLowerCase()}${'act' in clear ? ' (clears the decision)' : ''}`),
    );
  }
  moveGroup.append(
    h(
      'button',
      {
        type: 'button',
        class: 'small danger',
        onclick: (e: Event) => {
          if (!confirm(`Abandon cycle #${c.id}? An abandoned cycle is closed: to test again, start a new cycle that follows it.`)) return;
          change('abandoned', {}, 'The cycle is abandoned.')();
          (e.currentTarget as HTMLElement | null)?.blur();
        },
      },
      'Abandon the cycle',
    ),
  );

  return h(
    'section',
    { class: 'pdsa-stage', 'aria-labelledby': headingId },
    h('h2', { id: headingId, tabindex: -1 }, heading),
    form,
    h('h3', {}, 'Other moves'),
    moveGroup,
    alert,
  );
}

/** The team: names, roles, and who brings lived experience of homelessness. */
function teamForm(p: Ctx, c: CycleDetail): HTMLElement {
  const rows = h('div', { class: 'team-rows' });
  let n = 0;
  const addRow = (m: { name: string; role: string | null; lived_experience: boolean } | null) => {
    n += 1;
    const legend = `Member ${n}`;
    const set: HTMLFieldSetElement = h(
      'fieldset',
      { class: 'team-member' },
      h('legend', {}, legend),
      h('div', { class: 'field-row' }, field('Name', text('member_name', m?.name ?? '')), field('Role', text('member_role', m?.role ?? ''))),
      check('Brings lived experience of homelessness', h('input', { type: 'checkbox', name: 'member_lived', checked: m?.lived_experience ?? false })),
      h('button', { type: 'button', class: 'small', onclick: () => set.remove() }, `Remove ${legend.toLowerCase()}`),
    );
    rows.append(set);
    return set;
  };
  c.team.forEach(addRow);
  const form = apiForm(
    { label: 'Team' },
    [
      rows,
      h(
        'div',
        { class: 'actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'small',
            onclick: () => addRow(null).querySelector('input')?.focus(),
          },
          'Add a member',
        ),
        h('button', { type: 'submit' }, 'Save the team'),
      ),
    ],
    async (f) => {
      const team = [...f.querySelectorAll<HTMLFieldSetElement>('fieldset.team-member')]
        .map((s) => ({
          name: (s.querySelector<HTMLInputElement>('[name=member_name]')!.value ?? '').trim(),
          role: (s.querySelector<HTMLInputElement>('[name=member_role]')!.value ?? '').trim() || null,
          lived_experience: s.querySelector<HTMLInputElement>('[name=member_lived]')!.checked,
        }))
        .filter((m) => m.name !== '' || m.role !== null);
      await api.patch(`${p.base}/pdsa/${c.id}`, { team });
      noticeAfterRender('team-h', 'Saved the team.');
      await p.redraw();
    },
  );
  return h(
    'section',
    { class: 'pdsa-team', 'aria-labelledby': 'team-h' },
    h('h2', { id: 'team-h' }, 'Team'),
    h('details', { class: 'learn-details' }, h('summary', {}, `Edit the team (${c.team.length} ${c.team.length === 1 ? 'member' : 'members'})`), form),
  );
}

