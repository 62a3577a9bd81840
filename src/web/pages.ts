import type { Community } from '../store/communities.ts';
import type { FunctionalZeroStatus } from '../domain/bnl/functional-zero.ts';

/** Functional-zero status as a reader sees it: counts may be hidden (null) for small cells. */
export type ShownStatus = Omit<FunctionalZeroStatus, 'actively_homeless' | 'distance' | 'change_6_months'> & {
  actively_homeless: number | null;
  distance: number | null;
  change_6_months: number | null;
};

/** Who is signed in, for the header: a user with the CSRF token their forms carry, or a public link. */
export type Viewer = { kind: 'user'; name: string; csrfToken: string } | { kind: 'share-link'; community: string } | null;

/**
 * Server-rendered pages: no scripts at all, so they work on any phone and under a
 * strict Content-Security-Policy. The full web app replaces these later.
 */
export const STYLESHEET = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #59636e; --line: #d0d7de; --ok: #1a7f37; --no: #9a3412; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
header, main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
header { border-bottom: 1px solid var(--line); }
h1 { font-size: 1.4rem; margin: 0; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
p.note { color: var(--muted); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; min-width: 36rem; }
th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.reached { color: var(--ok); font-weight: 600; }
.not-reached { color: var(--no); font-weight: 600; }
progress { width: 100%; max-width: 30rem; height: 1rem; }
header { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between; }
header form { display: inline; margin: 0; }
a.home { color: inherit; text-decoration: none; }
nav a, header a { color: #0b5cad; }
form.stack { display: grid; gap: .75rem; max-width: 22rem; }
form.stack label { display: grid; gap: .25rem; font-weight: 600; }
input[type=text], input[type=password] { font: inherit; padding: .5rem; border: 1px solid var(--muted); border-radius: 4px; }
button { font: inherit; padding: .45rem 1rem; border: 1px solid #0b5cad; background: #0b5cad; color: #fff; border-radius: 4px; cursor: pointer; }
button.link { background: none; color: #0b5cad; border: none; padding: 0; text-decoration: underline; }
.error { color: var(--no); font-weight: 600; }
:focus-visible { outline: 3px solid #0b5cad; outline-offset: 2px; }
code { font: .9em/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; overflow-wrap: anywhere; }
details.operation { border: 1px solid var(--line); border-radius: 4px; margin: .5rem 0; padding: .25rem .75rem; }
details.operation > summary { cursor: pointer; padding: .25rem 0; }
details.operation h4 { margin: .75rem 0 .25rem; font-size: 1rem; }
.method { display: inline-block; min-width: 4.2rem; font-weight: 700; font-size: .85rem; }
.access, .optional { color: var(--muted); font-size: .85rem; }
.access { border: 1px solid var(--line); border-radius: 1rem; padding: 0 .5rem; white-space: nowrap; }
.type { color: var(--muted); }
ul.fields, ul.responses { margin: .25rem 0; padding-left: 1.25rem; }
ul.contents { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; padding: 0; }
`;

export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function headerFor(viewer: Viewer): string {
  if (viewer === null) return '';
  if (viewer.kind === 'share-link') return `<p class="note">Public view of ${esc(viewer.community)}: aggregates only, small numbers hidden.</p>`;
  return `<nav aria-label="Account"><a href="/account">${esc(viewer.name)}</a>
<form method="post" action="/logout"><input type="hidden" name="_csrf" value="${esc(viewer.csrfToken)}"><button class="link" type="submit">Sign out</button></form></nav>`;
}

export function layout(title: string, body: string, refreshSeconds?: number, viewer: Viewer = null): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${refreshSeconds ? `<meta http-equiv="refresh" content="${refreshSeconds}">` : ''}
<title>${esc(title)}</title>
<link rel="stylesheet" href="/static/app.css">
</head>
<body>
<header><h1><a class="home" href="/">ZeroLoop</a></h1>${headerFor(viewer)}</header>
<main>
${body}
</main>
</body>
</html>
`;
}

export function renderLoadingPage(loading: { message: string; done: number; total: number | null }): string {
  const pct = loading.total ? Math.round((100 * loading.done) / loading.total) : null;
  return layout(
    'ZeroLoop — loading',
    `<h2>${esc(loading.message)}</h2>
<p>${pct === null ? 'Working…' : `<progress max="100" value="${pct}" aria-label="Loading progress">${pct}%</progress> ${pct}%`}</p>
<p class="note">This page refreshes itself every few seconds.</p>`,
    3,
  );
}

const TREND_WORDS = { falling: 'falling', rising: 'rising', flat: 'flat', unknown: 'not enough history' };

const count = (n: number | null): string => (n === null ? '<abbr title="Hidden: fewer than the community’s small-cell threshold">*</abbr>' : n.toLocaleString('en-US'));

export function renderOverviewPage(sections: { community: Community; statuses: ShownStatus[] }[], loadError: string | null, viewer: Viewer = null): string {
  if (sections.length === 0) {
    return layout(
      'ZeroLoop',
      `<h2>No community to show</h2>${loadError ? `<p>${esc(loadError)}</p>` : ''}<p>Your account has no role in a community yet: ask an admin. An operator can load one with <code>npx zeroloop demo</code> or <code>npx zeroloop import bnl &lt;folder&gt;</code>.</p>`,
      undefined,
      viewer,
    );
  }
  const body = sections
    .map(({ community, statuses }) => {
      const month = statuses[0]?.month ?? '';
      const rows = statuses
        .map((s) => {
          const missed = s.criteria.filter((c) => !c.met).map((c) => c.criterion.replace('_', '-'));
          return `<tr>
<th scope="row">${esc(s.population)}</th>
<td class="num">${count(s.actively_homeless)}</td>
<td class="num">${s.threshold}</td>
<td class="${s.reached ? 'reached' : 'not-reached'}">${s.reached ? '✓ Reached' : '✗ Not yet'}${missed.length ? ` <span class="note">(not ${esc(missed.join(', '))})</span>` : ''}</td>
<td class="num">${count(s.distance)}</td>
<td class="num">${s.months_sustained}</td>
<td>${TREND_WORDS[s.trend]}${s.change_6_months !== null ? ` (${s.change_6_months > 0 ? '+' : ''}${s.change_6_months} in 6 months)` : ''}</td>
</tr>`;
        })
        .join('\n');
      return `<section aria-labelledby="c-${esc(community.slug)}">
<h2 id="c-${esc(community.slug)}">${esc(community.name)} — functional zero, ${esc(month)}</h2>
<div class="table-wrap"><table>
<caption class="note">Per population: people (families: households) actively homeless at the end of the month, the functional-zero threshold, and whether the rule holds.</caption>
<thead><tr><th scope="col">Population</th><th scope="col" class="num">Actively homeless</th><th scope="col" class="num">Threshold</th><th scope="col">Functional zero</th><th scope="col" class="num">Distance</th><th scope="col" class="num">Months sustained</th><th scope="col">Trend</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>
</section>`;
    })
    .join('\n');
  const hidden = sections.some((x) => x.statuses.some((st) => st.actively_homeless === null));
  return layout('ZeroLoop — functional zero', body + (hidden ? '<p class="note">* Hidden: a count below the small-cell threshold, or one that would reveal it.</p>' : ''), undefined, viewer);
}

export function renderLoginPage(message: string | null, next: string | null): string {
  return layout(
    'ZeroLoop — sign in',
    `<h2>Sign in</h2>
${message ? `<p class="error" role="alert">${esc(message)}</p>` : ''}
<form class="stack" method="post" action="/login">
<label>Username <input type="text" name="username" autocomplete="username" required autofocus></label>
<label>Password <input type="password" name="password" autocomplete="current-password" required></label>
${next ? `<input type="hidden" name="next" value="${esc(next)}">` : ''}
<button type="submit">Sign in</button>
</form>
<p class="note">No account? Ask your community's ZeroLoop admin. A public share link opens the dashboard without one.</p>`,
  );
}

export function renderAccountPage(viewer: Extract<Viewer, { kind: 'user' }>, mustChange: boolean, message: { error: boolean; text: string } | null): string {
  return layout(
    'ZeroLoop — your account',
    `<h2>Your account</h2>
${mustChange ? '<p class="error" role="alert">An admin reset your password: choose a new one to continue.</p>' : ''}
${message ? `<p class="${message.error ? 'error' : 'note'}" role="status">${esc(message.text)}</p>` : ''}
<form class="stack" method="post" action="/account/password">
<input type="hidden" name="_csrf" value="${esc(viewer.csrfToken)}">
<label>Current password <input type="password" name="current_password" autocomplete="current-password" required></label>
<label>New password (at least 12 characters) <input type="password" name="new_password" autocomplete="new-password" minlength="12" required></label>
<button type="submit">Change password</button>
</form>
<h2>Sessions</h2>
<form method="post" action="/account/sign-out-everywhere"><input type="hidden" name="_csrf" value="${esc(viewer.csrfToken)}"><button type="submit">Sign out on every device</button></form>`,
    undefined,
    viewer,
  );
}

/**
 * The browser app's page: a header the app fills, a main region, and the app's script
 * (served by this server; no inline script, so the Content-Security-Policy holds).
 */
export function renderAppShell(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ZeroLoop</title>
<link rel="stylesheet" href="/static/web.css">
<script type="module" src="/static/app.js"></script>
</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<header id="top"><div class="bar"><span class="brand">ZeroLoop</span></div></header>
<main id="main" tabindex="-1"><p role="status">Loading…</p>
<noscript><p>ZeroLoop's pages need JavaScript. Without it, read the <a href="/summary">summary of functional zero</a>.</p></noscript>
</main>
</body>
</html>
`;
}
