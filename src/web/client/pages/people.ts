import { api } from '../api.ts';
import { fmt, h, replace } from '../dom.ts';
import { canSeePeople, type PageContext } from '../context.ts';

type Status = 'active' | 'housed' | 'inactive';
type PopulationStatus = Status | 'absent';

interface Provenance {
  source: string;
  record: string;
  provider: string | null;
}

interface PeopleList {
  population: { slug: string; name: string; counts: 'people' | 'households' };
  as_of: string | null;
  filters: { status: Status | null; locality: string | null; q: string | null };
  page: number;
  page_size: number;
  total: number;
  pages: number;
  people: { person_id: string; status: Status; latest_change: string; locality: string | null; veteran: boolean | null; household_id: string | null }[];
  localities: string[];
}

/** src/app/person.ts PersonTimelineView */
interface Timeline {
  person_id: string;
  as_of: string;
  attributes: {
    birth_date: string | null;
    veteran: boolean | null;
    chronic_since: string | null;
    household_id: string | null;
    head_of_household: boolean;
    race: string[];
    gender: string | null;
    locality: string | null;
  };
  status_changes: { date: string; status: Status; reason: string | null; source: Provenance }[];
  populations: {
    population: string;
    current_status: PopulationStatus;
    events: { date: string; from: PopulationStatus; to: PopulationStatus; counts_as: string | null; days_to_housing: number | null; source: Provenance | null }[];
  }[];
}

interface Population {
  slug: string;
  name: string;
  counts: 'people' | 'households';
}

const STATUS_WORD: Record<PopulationStatus, string> = { active: 'Active', housed: 'Housed', inactive: 'Inactive', absent: 'Not in this population' };
const FLOW_WORD: Record<string, string> = {
  newly_identified: 'Newly identified',
  returned_from_housing: 'Returned from housing',
  returned_from_inactive: 'Returned from inactive',
  housing_placements: 'Housing placement',
  moved_to_inactive: 'Moved to inactive',
  no_longer_meets_criteria: 'No longer meets the criteria',
};
const RACE_WORD: Record<string, string> = {
  am_ind_ak_native: 'American Indian, Alaska Native, or Indigenous',
  asian: 'Asian or Asian American',
  black_af_american: 'Black, African American, or African',
  hispanic_latinaeo: 'Hispanic/Latina/e/o',
  mid_east_n_african: 'Middle Eastern or North African',
  native_hi_pacific: 'Native Hawaiian or Pacific Islander',
  white: 'White',
};
const PAGE_SIZES = [25, 50, 100, 200];

/** The list's filters, kept while the app runs, so coming back from a timeline finds them as they were. */
const filters = { community: '', population: 'all', status: '' as Status | '', locality: '', q: '', page: 1, pageSize: 50 };

const yesNo = (v: boolean | null) => (v === null ? 'Unknown' : v ? 'Yes' : 'No');
const provenance = (p: Provenance | null) => (p ? `${p.source}:${p.record}` : '—');

/**
 * The By-Name List, person by person: who is on it with their current status in a
 * population (filters for population, status, locality and id), and, at
 * `#/{community}/people/{id}`, one person's timeline with where every entry came from.
 * Person-level: data stewards and admins only; the server records every view in the
 * audit log, which the page says at the top.
 */
export async function peoplePage(ctx: PageContext): Promise<void> {
  if (!canSeePeople(ctx.community.role)) {
    replace(
      ctx.main,
      h('h1', {}, 'By-Name List'),
      h(
        'p',
        { class: 'error', role: 'alert' },
        `This page shows person-level records: only data stewards and admins of ${ctx.community.name} can see it. Your role here is ${ctx.community.role ?? 'a public view'}.`,
      ),
      h('p', {}, h('a', { href: `#/${ctx.community.slug}/overview` }, 'Go to the overview')),
    );
    return;
  }
  const base = `/api/communities/${encodeURIComponent(ctx.community.slug)}`;
  if (ctx.args[0] !== undefined) return timelinePage(ctx, base, ctx.args[0]);
  if (filters.community !== ctx.community.slug) Object.assign(filters, { community: ctx.community.slug, population: 'all', status: '', locality: '', q: '', page: 1 });

  const populations = await api.get<Population[]>(`${base}/populations`);
  const results = h('div', { class: 'people-results' });
  const announce = h('p', { class: 'result-count', role: 'status' });
  const locality = h('select', { id: 'f-locality', name: 'locality' }, h('option', { value: '' }, 'Any locality'));
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter the list' },
    field(
      'f-population',
      'Population',
      h(
        'select',
        { id: 'f-population', name: 'population' },
        populations.map((p) => h('option', { value: p.slug, selected: p.slug === filters.population }, p.name)),
      ),
    ),
    field(
      'f-status',
      'Status',
      h(
        'select',
        { id: 'f-status', name: 'status' },
        h('option', { value: '' }, 'Any status'),
        (['active', 'housed', 'inactive'] as const).map((s) => h('option', { value: s, selected: s === filters.status }, STATUS_WORD[s])),
      ),
    ),
    field('f-locality', 'Locality', locality),
    field('f-q', 'Id starts with', h('input', { id: 'f-q', name: 'q', type: 'search', value: filters.q, maxlength: 64, autocomplete: 'off', spellcheck: 'false' })),
    field(
      'f-size',
      'Rows per page',
      h(
        'select',
        { id: 'f-size', name: 'page_size' },
        PAGE_SIZES.map((n) => h('option', { value: n, selected: n === filters.pageSize }, String(n))),
      ),
    ),
    h('div', { class: 'field actions' }, h('button', { type: 'submit' }, 'Show'), h('button', { type: 'reset', class: 'secondary' }, 'Clear')),
  );
  const read = () => {
    const data = new FormData(form);
    filters.population = String(data.get('population') ?? 'all');
    filters.status = String(data.get('status') ?? '') as Status | '';
    filters.locality = String(data.get('locality') ?? '');
    filters.q = String(data.get('q') ?? '').trim();
    filters.pageSize = Number(data.get('page_size') ?? 50);
    filters.page = 1;
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    read();
    void show();
  });
  form.addEventListener('reset', () => {
    // After the browser has put the controls back to their defaults.
    setTimeout(() => {
      const set = (name: string, value: string) => ((form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement).value = value);
      set('population', 'all');
      set('status', '');
      set('locality', '');
      set('q', '');
      set('page_size', '50');
      read();
      void show();
    });
  });

  const show = async (focusTable = false) => {
    announce.textContent = 'Loading…';
    const query = new URLSearchParams({ population: filters.population, page: String(filters.page), page_size: String(filters.pageSize) });
    if (filters.status) query.set('status', filters.status);
    if (filters.locality) query.set('locality', filters.locality);
    if (filters.q) query.set('q', filters.q);
    let list: PeopleList;
    try {
      list = await api.get<PeopleList>(`${base}/people?${query}`);
    } catch (e) {
      announce.textContent = '';
      replace(results, h('p', { class: 'error', role: 'alert' }, (e as Error).message));
      return;
    }
    if (locality.options.length === 1 || locality.dataset.for !== ctx.community.slug) {
      replace(locality, h('option', { value: '' }, 'Any locality'), list.localities.map((l) => h('option', { value: l }, l)));
      locality.dataset.for = ctx.community.slug;
    }
    locality.value = filters.locality;
    const noun = list.population.counts === 'households' ? ['household', 'households'] : ['person', 'people'];
    const first = (list.page - 1) * list.page_size + 1;
    const last = first + list.people.length - 1;
    const what = describeFilters(list);
    announce.textContent =
      list.total === 0
        ? `No ${noun[1]} match${what ? `: ${what}` : ''}.`
        : `${fmt(list.total)} ${list.total === 1 ? noun[0] : noun[1]} on the list${what ? ` — ${what}` : ''}${list.as_of ? `, as of ${list.as_of}` : ''}.`;
    replace(results, list.people.length ? peopleTable(ctx, list, first, last) : list.total > 0 ? h('p', {}, 'This page is past the end of the list.') : null, pager(list, first, last));
    if (focusTable) results.querySelector<HTMLElement>('table')?.focus();
  };

  const pager = (list: PeopleList, first: number, last: number): HTMLElement | null => {
    if (list.pages <= 1 && list.page === 1) return null;
    const go = (page: number) => () => {
      filters.page = page;
      void show(true);
    };
    return h(
      'nav',
      { class: 'pager', 'aria-label': 'Pages of the list' },
      h('button', { type: 'button', class: 'secondary', onclick: go(1), disabled: list.page <= 1 }, 'First'),
      h('button', { type: 'button', class: 'secondary', onclick: go(list.page - 1), disabled: list.page <= 1 }, '‹ Previous'),
      h('span', { class: 'page-of' }, list.people.length ? `${fmt(first)}–${fmt(last)} of ${fmt(list.total)}` : `Page ${fmt(list.page)}`, h('br', {}), `page ${fmt(list.page)} of ${fmt(list.pages)}`),
      h('button', { type: 'button', class: 'secondary', onclick: go(list.page + 1), disabled: list.page >= list.pages }, 'Next ›'),
    );
  };

  replace(ctx.main, h('h1', {}, 'By-Name List'), personLevelNote(), form, announce, results);
  await show();
}

function field(id: string, label: string, control: HTMLElement): HTMLElement {
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}

function personLevelNote(): HTMLElement {
  return h(
    'div',
    { class: 'person-level-note', role: 'note' },
    h('strong', {}, 'Person-level records. '),
    'This page shows individual people on the By-Name List. Only data stewards and admins can see it, and every view — of the list and of each person — is recorded in the audit log.',
  );
}

function describeFilters(list: PeopleList): string {
  const parts = [list.population.name, list.filters.status ? STATUS_WORD[list.filters.status].toLowerCase() : null, list.filters.locality, list.filters.q ? `id starting “${list.filters.q}”` : null];
  return parts.filter(Boolean).join(', ');
}

/** In `all`, not being in the population is not being on the list. */
const statusWord = (status: PopulationStatus, population?: string) => (status === 'absent' && population === 'all' ? 'Not on the list' : STATUS_WORD[status]);

function statusBadge(status: PopulationStatus, population?: string): HTMLElement {
  return h('span', { class: `status status-${status}` }, statusWord(status, population));
}

function peopleTable(ctx: PageContext, list: PeopleList, first: number, last: number): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap cards-wrap' },
    h(
      'table',
      { class: 'people cards', tabindex: -1 },
      h('caption', {}, `${list.population.name}${list.filters.status ? `, ${STATUS_WORD[list.filters.status].toLowerCase()}` : ''}: ${fmt(first)}–${fmt(last)} of ${fmt(list.total)}`),
      h(
        'thead',
        {},
        h('tr', {}, ['Person', 'Status', 'Since', 'Locality', 'Veteran', 'Household'].map((c) => h('th', { scope: 'col' }, c))),
      ),
      h(
        'tbody',
        {},
        list.people.map((p) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row', 'data-label': 'Person' }, h('a', { href: `#/${ctx.community.slug}/people/${encodeURIComponent(p.person_id)}` }, p.person_id)),
            h('td', { 'data-label': 'Status' }, statusBadge(p.status)),
            h('td', { 'data-label': 'Since', class: 'nowrap' }, p.latest_change),
            h('td', { 'data-label': 'Locality' }, p.locality ?? '—'),
            h('td', { 'data-label': 'Veteran' }, yesNo(p.veteran)),
            h('td', { 'data-label': 'Household' }, p.household_id ?? '—'),
          ),
        ),
      ),
    ),
  );
}

async function timelinePage(ctx: PageContext, base: string, personId: string): Promise<void> {
  const [t, populations] = await Promise.all([
    api.get<Timeline>(`${base}/people/${encodeURIComponent(personId)}`),
    api.get<Population[]>(`${base}/populations`),
  ]);
  const names = new Map(populations.map((p) => [p.slug, p.name]));
  const a = t.attributes;
  replace(
    ctx.main,
    h('p', { class: 'crumbs' }, h('a', { href: `#/${ctx.community.slug}/people` }, '← Back to the list')),
    h('h1', {}, `Person ${t.person_id}`),
    personLevelNote(),
    h('p', {}, `Their story as of ${t.as_of}: what the records say about them, the status changes recorded, and what each change counted as in every population they belong to. Each entry names its source as file:record.`),
    h('h2', {}, 'Attributes'),
    h(
      'dl',
      { class: 'facts compact' },
      fact('Birth date', a.birth_date ?? 'Unknown'),
      fact('Veteran', yesNo(a.veteran)),
      fact('Chronically homeless since', a.chronic_since ?? '—'),
      fact('Household', a.household_id ? `${a.household_id} (${a.head_of_household ? 'head' : 'member'})` : 'None recorded: a household of one'),
      fact('Race and ethnicity', a.race.length ? a.race.map((r) => RACE_WORD[r] ?? r).join('; ') : 'Not recorded'),
      fact('Gender', a.gender ?? 'Not recorded'),
      fact('Locality', a.locality ?? 'Not recorded'),
    ),
    h('h2', { id: 'h-changes' }, 'Recorded status changes'),
    t.status_changes.length
      ? h(
          'div',
          { class: 'table-wrap cards-wrap' },
          h(
            'table',
            { class: 'changes cards' },
            h('caption', {}, `${t.status_changes.length === 1 ? 'One change' : `${fmt(t.status_changes.length)} changes`} of overall status, oldest first`),
            h('thead', {}, h('tr', {}, ['Date', 'Status', 'Reason', 'Source', 'Provider'].map((c) => h('th', { scope: 'col' }, c)))),
            h(
              'tbody',
              {},
              t.status_changes.map((c) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row', 'data-label': 'Date', class: 'nowrap' }, c.date),
                  h('td', { 'data-label': 'Status' }, statusBadge(c.status)),
                  h('td', { 'data-label': 'Reason' }, c.reason ?? '—'),
                  h('td', { 'data-label': 'Source' }, h('code', {}, provenance(c.source))),
                  h('td', { 'data-label': 'Provider' }, c.source.provider ?? '—'),
                ),
              ),
            ),
          ),
        )
      : h('p', {}, 'No status changes are recorded.'),
    h('h2', {}, 'In each population'),
    t.populations.length ? null : h('p', {}, 'They belong to no population yet.'),
    t.populations.map((p) => {
      const name = names.get(p.population) ?? p.population;
      return h(
        'section',
        { class: 'population-events', 'aria-labelledby': `h-pop-${p.population}` },
        h('h3', { id: `h-pop-${p.population}` }, `${name}: `, statusBadge(p.current_status, p.population)),
        h(
          'div',
          { class: 'table-wrap cards-wrap' },
          h(
            'table',
            { class: 'events cards' },
            h('caption', {}, `Events in ${name}, and what each counted as`),
            h('thead', {}, h('tr', {}, ['Date', 'Change', 'Counted as', 'Days to housing', 'Source'].map((c) => h('th', { scope: 'col' }, c)))),
            h(
              'tbody',
              {},
              p.events.map((e) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row', 'data-label': 'Date', class: 'nowrap' }, e.date),
                  h('td', { 'data-label': 'Change' }, `${statusWord(e.from, p.population)} → ${statusWord(e.to, p.population)}`),
                  h('td', { 'data-label': 'Counted as' }, e.counts_as ? (FLOW_WORD[e.counts_as] ?? e.counts_as) : 'No flow'),
                  h('td', { 'data-label': 'Days to housing' }, e.days_to_housing === null ? '—' : fmt(e.days_to_housing)),
                  h('td', { 'data-label': 'Source' }, h('span', {}, e.source ? h('code', {}, provenance(e.source)) : '—', e.source?.provider ? h('span', { class: 'provider' }, ` ${e.source.provider}`) : null)),
                ),
              ),
            ),
          ),
        ),
      );
    }),
  );
}

function fact(term: string, value: string | HTMLElement): HTMLElement[] {
  return [h('dt', {}, term), h('dd', {}, value)] as unknown as HTMLElement[];
}
