import { api } from '../api.ts';
import { h, replace, type Child } from '../dom.ts';
import { canDoLearningWork, type PageContext } from '../context.ts';
import { apiForm, area, checked, field, measureChoices, noticeAfterRender, showNotice, text, today, value } from '../learning-ui.ts';
import type { Decision, DecisionParticipant, Measure, PdsaCycle } from '../../../domain/learning/types.ts';

interface Ctx {
  ctx: PageContext;
  base: string;
  slug: string;
  editing: boolean;
  measures: Measure[];
  cycles: PdsaCycle[];
}

/**
 * The decision log: `#/{c}/decisions` lists what the team decided, newest first, with a
 * form to record a decision; `#/{c}/decisions/{id}` shows one in full, with a form to
 * correct it. Decisions naming a measure appear on its chart as "D<n>".
 */
export async function decisionsPage(ctx: PageContext): Promise<void> {
  const slug = ctx.community.slug;
  const base = `/api/communities/${encodeURIComponent(slug)}`;
  const [measures, cycles] = await Promise.all([api.get<Measure[]>(`${base}/measures`), api.get<PdsaCycle[]>(`${base}/pdsa`)]);
  const p: Ctx = { ctx, base, slug, editing: canDoLearningWork(ctx.community.role), measures, cycles };
  const [first] = ctx.args;
  if (first && /^\d+$/.test(first)) await decisionPage(p, Number(first));
  else await logPage(p, first === 'new');
  showNotice(ctx.main);
}

const decisionHref = (p: Ctx, id: number) => `#/${p.slug}/decisions/${id}`;

function measureLinks(p: Ctx, slugs: string[]): Child {
  if (slugs.length === 0) return 'none';
  return slugs.map((s, i) => [i > 0 ? ', ' : '', h('a', { href: `#/${p.slug}/measures/${encodeURIComponent(s)}`, class: 'raised' }, p.measures.find((m) => m.slug === s)?.definition.name ?? s)]);
}

function cycleLink(p: Ctx, id: number | null): Child {
  if (id === null) return 'none';
  const c = p.cycles.find((x) => x.id === id);
  return h('a', { href: `#/${p.slug}/pdsa/${id}`, class: 'raised' }, `#${id}${c ? ` ${c.title}` : ''}`);
}

const participantText = (m: DecisionParticipant) => `${m.name}${m.role ? `, ${m.role}` : ''}${m.lived_experience ? ' (lived experience)' : ''}`;

/** "Name, role (lived experience)" per line, as the form's hint explains. */
function participantsFrom(lines: string): DecisionParticipant[] {
  return lines
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => {
      const lived = /\(lived experience\)\s*$/i.test(l);
      const rest = l.replace(/\(lived experience\)\s*$/i, '').trim();
      const comma = rest.indexOf(',');
      return comma < 0 ? { name: rest, role: null, lived_experience: lived } : { name: rest.slice(0, comma).trim(), role: rest.slice(comma + 1).trim() || null, lived_experience: lived };
    });
}

async function logPage(p: Ctx, openNew: boolean): Promise<void> {
  const decisions = (await api.get<Decision[]>(`${p.base}/decisions`)).slice().reverse();
  replace(
    p.ctx.main,
    h('h1', { id: 'decisions-h' }, 'Decisions'),
    h(
      'p',
      { class: 'note' },
      'What the team decided, why, on what data, and who made each decision. Decisions that name a measure are marked on its chart (D1, D2, …).',
    ),
    h('p', {}, h('a', { href: `${p.base}/decisions?format=csv`, download: 'decisions.csv' }, 'Download the log as CSV')),
    p.editing ? h('details', { class: 'learn-details', open: openNew || decisions.length === 0, id: 'new-decision' }, h('summary', {}, 'Record a decision'), decisionForm(p, null)) : null,
    decisions.length
      ? h('ul', { class: 'decision-log', 'aria-labelledby': 'decisions-h' }, decisions.map((d) => card(p, d)))
      : h('p', { class: 'note' }, 'No decision recorded yet.'),
  );
}

function card(p: Ctx, d: Decision): HTMLElement {
  return h(
    'li',
    { class: 'pdsa-card' },
    h('h2', { class: 'card-title' }, h('a', { href: decisionHref(p, d.id), class: 'card-link' }, h('span', { class: 'learn-tag' }, `D${d.id}`), ' ', d.title)),
    h(
      'dl',
      { class: 'card-facts' },
      pair('Decided', `${d.decided_on} by ${d.decided_by}`),
      d.measures.length ? pair('Measures', measureLinks(p, d.measures)) : null,
      d.pdsa_id !== null ? pair('From PDSA cycle', cycleLink(p, d.pdsa_id)) : null,
      d.revisit_on ? pair('Revisit', d.revisit_on) : null,
    ),
    d.participants.some((m) => m.lived_experience) ? h('p', { class: 'lived' }, h('span', { 'aria-hidden': 'true' }, '◆ '), 'Lived experience in the decision') : null,
  );
}

function pair(term: string, val: Child): HTMLElement {
  return h('div', {}, h('dt', {}, term), ' ', h('dd', {}, val));
}

async function decisionPage(p: Ctx, id: number): Promise<void> {
  const d = await api.get<Decision>(`${p.base}/decisions/${id}`);
  document.title = `D${d.id} ${d.title} — Decisions — ${p.ctx.community.name} — ZeroLoop`;
  const row = (term: string, val: Child) => [h('dt', {}, term), h('dd', {}, val)];
  replace(
    p.ctx.main,
    h('p', { class: 'back' }, h('a', { href: `#/${p.slug}/decisions` }, '← All decisions')),
    h('h1', { id: 'decision-h' }, h('span', { class: 'learn-tag' }, `D${d.id}`), ' ', d.title),
    h(
      'dl',
      { class: 'worksheet' },
      row('Decided on', d.decided_on),
      row('Decided by', d.decided_by),
      row(
        'Participants',
        d.participants.length
          ? h(
              'ul',
              {},
              d.participants.map((m) => h('li', {}, m.name, m.role ? ` (${m.role})` : '', m.lived_experience ? [' — ', h('span', { class: 'lived' }, h('span', { 'aria-hidden': 'true' }, '◆ '), 'lived experience')] : '')),
            )
          : 'not recorded',
      ),
      row('Why', d.rationale),
      row('Data looked at', d.evidence ?? 'not recorded'),
      row('Measures', measureLinks(p, d.measures)),
      row('From PDSA cycle', cycleLink(p, d.pdsa_id)),
      row('Revisit on', d.revisit_on ?? 'not set'),
      row('Recorded by', `${d.created_by}; last changed ${d.updated_at.slice(0, 10)}`),
    ),
    p.editing ? h('details', { class: 'learn-details', id: 'edit-decision' }, h('summary', {}, 'Correct this record'), decisionForm(p, d)) : null,
  );
}

/** Records a new decision, or corrects `current`. */
function decisionForm(p: Ctx, current: Decision | null): HTMLFormElement {
  const measures = measureChoices('Measures it concerns (marked on their charts)', p.measures, current?.measures ?? []);
  const cycle = h(
    'select',
    { name: 'pdsa_id' },
    h('option', { value: '' }, 'None'),
    [...p.cycles].sort((a, b) => b.id - a.id).map((c) => h('option', { value: c.id, selected: c.id === current?.pdsa_id }, `#${c.id} ${c.title} (${c.status})`)),
  );
  return apiForm(
    { label: current ? `Correct decision D${current.id}` : 'Record a decision' },
    [
      field('What was decided', text('title', current?.title ?? '', { maxlength: 200 }), 'In a line.'),
      h(
        'div',
        { class: 'field-row' },
        field('Decided on', h('input', { type: 'date', name: 'decided_on', value: current?.decided_on ?? today() })),
        field('Decided by', text('decided_by', current?.decided_by ?? ''), 'The person or group with the authority.'),
      ),
      field('Participants', area('participants', current ? current.participants.map(participantText).join('\n') : '', 3), 'One per line: a name, then a comma and their role if you like. End with “(lived experience)” for someone who brings lived experience of homelessness.'),
      field('Why', area('rationale', current?.rationale ?? '', 3), 'The reasoning, and what else was considered.'),
      field('Data looked at', area('evidence', current?.evidence ?? '', 2), 'A chart, a figure, a report.'),
      measures,
      h(
        'div',
        { class: 'field-row' },
        field('From PDSA cycle', cycle, 'The test whose learning led to it.'),
        field('Revisit on', h('input', { type: 'date', name: 'revisit_on', value: current?.revisit_on ?? '' }), 'Optional.'),
      ),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, current ? 'Save the correction' : 'Record the decision')),
    ],
    async (f) => {
      const body = {
        title: value(f, 'title'),
        decided_on: value(f, 'decided_on'),
        decided_by: value(f, 'decided_by'),
        participants: participantsFrom(value(f, 'participants')),
        rationale: value(f, 'rationale'),
        evidence: value(f, 'evidence') || null,
        measures: checked(f, 'measures'),
        pdsa_id: value(f, 'pdsa_id') ? Number(value(f, 'pdsa_id')) : null,
        revisit_on: value(f, 'revisit_on') || null,
      };
      if (current) {
        await api.patch<Decision>(`${p.base}/decisions/${current.id}`, body);
        noticeAfterRender('decision-h', 'Correction saved.');
        await decisionsPage(p.ctx);
      } else {
        const d = await api.post<Decision>(`${p.base}/decisions`, body);
        noticeAfterRender('decision-h', `Decision D${d.id} recorded.`);
        location.hash = decisionHref(p, d.id);
      }
    },
  );
}
