import { api, setCsrfToken } from './api.ts';
import { h, replace } from './dom.ts';
import type { PageContext, Viewer } from './context.ts';
import { canSeePeople } from './context.ts';
import { overviewPage } from './pages/overview.ts';
import { measuresPage } from './pages/measures.ts';
import { populationPage } from './pages/population.ts';
import { aimsPage } from './pages/aims.ts';
import { pdsaPage } from './pages/pdsa.ts';
import { decisionsPage } from './pages/decisions.ts';
import { peoplePage } from './pages/people.ts';
import { dataPage } from './pages/data.ts';

/** A page of the app: its title in the menu, who sees it, and how it draws. */
interface Page {
  name: string;
  title: string;
  visible: (ctx: Omit<PageContext, 'main' | 'args'>) => boolean;
  render: (ctx: PageContext) => Promise<void>;
}

const PAGES: Page[] = [
  { name: 'overview', title: 'Overview', visible: () => true, render: overviewPage },
  { name: 'measures', title: 'Measures', visible: () => true, render: measuresPage },
  // Reached from the overview's population headings, not from the menu.
  { name: 'population', title: 'Population', visible: () => false, render: populationPage },
  { name: 'aims', title: 'Aims & drivers', visible: () => true, render: aimsPage },
  { name: 'pdsa', title: 'PDSA cycles', visible: () => true, render: pdsaPage },
  { name: 'decisions', title: 'Decisions', visible: () => true, render: decisionsPage },
  { name: 'people', title: 'By-Name List', visible: (c) => canSeePeople(c.community.role), render: peoplePage },
  { name: 'data', title: 'Data', visible: (c) => canSeePeople(c.community.role), render: dataPage },
];

async function whoIsLooking(): Promise<Viewer | null> {
  const share = await api.get<{ share: { community: { slug: string; name: string } } | null }>('/api/share');
  if (share.share) return { kind: 'share-link', name: 'Public view', communities: [{ ...share.share.community, role: null }] };
  const me = await api.get<{ display_name: string; csrf_token: string; must_change_password: boolean; communities: Viewer['communities'] }>('/api/me');
  if (me.must_change_password) {
    location.href = '/account';
    return null;
  }
  setCsrfToken(me.csrf_token);
  return { kind: 'user', name: me.display_name, communities: me.communities };
}

function parseRoute(viewer: Viewer): { community: Viewer['communities'][number]; page: Page; args: string[] } | null {
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const community = viewer.communities.find((c) => c.slug === parts[0]) ?? viewer.communities[0];
  const page = PAGES.find((p) => p.name === parts[1]) ?? PAGES[0];
  if (!community) return null;
  if (parts[0] !== community.slug || parts[1] !== page.name) {
    history.replaceState(null, '', `#/${community.slug}/${page.name}${parts.length > 2 ? '/' + parts.slice(2).join('/') : ''}`);
  }
  return { community, page, args: parts.slice(2) };
}

function header(viewer: Viewer, route: NonNullable<ReturnType<typeof parseRoute>>): HTMLElement {
  const nav = h(
    'nav',
    { 'aria-label': 'Pages' },
    h(
      'ul',
      {},
      PAGES.filter((p) => p.visible({ viewer, community: route.community })).map((p) =>
        h('li', {}, h('a', { href: `#/${route.community.slug}/${p.name}`, 'aria-current': p === route.page ? 'page' : null }, p.title)),
      ),
    ),
  );
  const switcher =
    viewer.communities.length > 1
      ? h(
          'label',
          { class: 'switcher' },
          'Community ',
          h(
            'select',
            { onchange: (e: Event) => (location.hash = `#/${(e.target as HTMLSelectElement).value}/${route.page.name}`) },
            viewer.communities.map((c) => h('option', { value: c.slug, selected: c.slug === route.community.slug }, c.name)),
          ),
        )
      : h('span', { class: 'community' }, route.community.name);
  const account =
    viewer.kind === 'user'
      ? h('span', { class: 'account' }, h('a', { href: '/account' }, viewer.name))
      : h('span', { class: 'account note' }, 'Public view: aggregates only, small numbers hidden');
  return h('div', { class: 'bar' }, h('a', { class: 'brand', href: '#/' }, 'ZeroLoop'), switcher, nav, account);
}

async function render(viewer: Viewer): Promise<void> {
  const top = document.getElementById('top')!;
  const main = document.getElementById('main')!;
  const route = parseRoute(viewer);
  if (!route) {
    replace(top, h('div', { class: 'bar' }, h('span', { class: 'brand' }, 'ZeroLoop')));
    replace(main, h('h1', {}, 'No community to show'), h('p', {}, 'Your account has no role in a community yet: ask an admin.'));
    return;
  }
  replace(top, header(viewer, route));
  // Each visit renders into its own container: when a slow page finishes after the reader
  // has moved on, it writes into a container no longer on screen, never over the new page.
  const visit = ++visits;
  const view = h('div', { class: 'view' }, h('p', { class: 'loading', role: 'status' }, 'Loading…'));
  replace(main, view);
  document.title = `${route.page.title} — ${route.community.name} — ZeroLoop`;
  try {
    await route.page.render({ viewer, community: route.community, args: route.args, main: view });
  } catch (e) {
    replace(view, h('h1', {}, route.page.title), h('p', { class: 'error', role: 'alert' }, (e as Error).message));
  }
  if (visit === visits) main.focus({ preventScroll: true });
}

/** Counts page visits, so a render that finishes late knows a later one has taken over. */
let visits = 0;

async function start(): Promise<void> {
  let viewer: Viewer | null;
  try {
    viewer = await whoIsLooking();
  } catch {
    return; // a 401 has sent the browser to the sign-in page
  }
  if (!viewer) return;
  window.addEventListener('hashchange', () => void render(viewer!));
  await render(viewer);
}

void start();
