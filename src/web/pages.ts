import type { Community } from '../store/communities.ts';
import type { FunctionalZeroStatus } from '../domain/bnl/functional-zero.ts';

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
`;

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function layout(title: string, body: string, refreshSeconds?: number): string {
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
<header><h1>ZeroLoop</h1></header>
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

export function renderOverviewPage(sections: { community: Community; statuses: FunctionalZeroStatus[] }[], loadError: string | null): string {
  if (sections.length === 0) {
    return layout(
      'ZeroLoop',
      `<h2>No community yet</h2>${loadError ? `<p>${esc(loadError)}</p>` : ''}<p>Load one with <code>npx zeroloop demo</code> or <code>npx zeroloop import bnl &lt;folder&gt;</code>.</p>`,
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
<td class="num">${s.actively_homeless.toLocaleString('en-US')}</td>
<td class="num">${s.threshold}</td>
<td class="${s.reached ? 'reached' : 'not-reached'}">${s.reached ? '✓ Reached' : '✗ Not yet'}${missed.length ? ` <span class="note">(not ${esc(missed.join(', '))})</span>` : ''}</td>
<td class="num">${s.distance.toLocaleString('en-US')}</td>
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
  return layout('ZeroLoop — functional zero', body);
}
