/**
 * The monthly report as one server-rendered HTML document: no scripts (the page's
 * CSP allows none inline), charts drawn on the server as inline SVG by the same
 * option builders the browser uses, and a print stylesheet so that the browser's
 * "Print → Save as PDF" gives the pages a coach brings to the monthly meeting.
 */
import type { MonthlyReport, PopulationReport, AimReport, ReportCycle, ReportDecision } from '../app/report/monthly-report.ts';
import { signalWords } from '../app/report/monthly-report.ts';
import { renderChartSvg } from './charts/render-svg.ts';
import { flowChartOptions, formatValue, spcChartOptions, type ChartOption } from './charts/spc-chart-options.ts';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const num = (n: number): string => n.toLocaleString('en-US');
const shown = (n: number | null): string => (n === null ? '<span class="hidden-count" title="Hidden: a small count">hidden</span>' : num(n));

/** Chart size in CSS pixels; the SVG scales to the page (its viewBox keeps the proportions). */
const CHART = { width: 680, height: 255 };
/** The flow chart's two-row legend takes room from its bars: it gets more height, the run chart less. */
const RUN_CHART = { width: CHART.width, height: 230 };
const FLOW_CHART = { width: CHART.width, height: 280 };

/**
 * ECharts writes fonts as style attributes and hover rules in a <style> element; the
 * CSP (style-src 'self') would drop both in an inline SVG. Fonts become presentation
 * attributes, which it allows; hover rules mean nothing on paper.
 */
export function cspSafeSvg(svg: string): string {
  return svg
    .replace(/<style\b[\s\S]*?<\/style>/g, '')
    .replace(/\sstyle="([^"]*)"/g, (_m, decls: string) =>
      decls
        .split(';')
        .map((d) => d.trim())
        .filter((d) => d.includes(':'))
        .map((d) => {
          const i = d.indexOf(':');
          return ` ${d.slice(0, i).trim()}="${d.slice(i + 1).trim().replace(/"/g, '&quot;')}"`;
        })
        .join(''),
    );
}

function chartFigure(option: ChartOption, caption: string, size = CHART): string {
  return `<figure class="report-chart">${cspSafeSvg(renderChartSvg(option, size))}<figcaption>${esc(caption)}</figcaption></figure>`;
}

const TREND = { falling: 'falling', rising: 'rising', flat: 'flat', unknown: 'not enough history' };
const CRITERIA: Record<string, string> = { rare: 'rare', brief: 'brief', non_recurring: 'non-recurring' };
const AIM_STATUS: Record<string, string> = { no_data: 'no data yet', on_track: 'on track', off_track: 'off track', achieved: 'target met', sustained: 'target sustained' };
const DECISION: Record<string, string> = { adopt: 'adopt', adapt: 'adapt', abandon: 'abandon' };

function printHead(r: MonthlyReport): string {
  return `<p class="print-head" aria-hidden="true">${esc(r.community.name)} · Monthly report, ${esc(r.month)} · generated ${esc(r.generated_on)}</p>`;
}

function summary(r: MonthlyReport): string {
  const rows = r.populations
    .map((p) => {
      const fz = p.functional_zero;
      if (!fz) return `<tr><th scope="row">${esc(p.name)}</th><td colspan="6">No figures by ${esc(r.month)}.</td></tr>`;
      return `<tr><th scope="row"><a href="#pop-${esc(p.slug)}">${esc(p.name)}</a></th>
<td class="num">${shown(fz.actively_homeless)}</td><td class="num">${num(fz.threshold)}</td>
<td class="${fz.reached ? 'reached' : 'not-reached'}">${fz.reached ? '✓ Reached' : '✗ Not yet'}</td>
<td class="num">${fz.reached ? '0' : shown(fz.distance)}</td><td class="num">${num(fz.months_sustained)}</td>
<td>${TREND[fz.trend]}${fz.change_6_months !== null ? ` (${fz.change_6_months > 0 ? '+' : ''}${num(fz.change_6_months)} in 6 months)` : ''}</td></tr>`;
    })
    .join('\n');
  const withheld = r.populations.some((p) => p.run_chart?.suppressed) || r.aims.some((a) => a.chart?.suppressed);
  const signals =
    (r.signals.length
      ? `<ul>${r.signals.map((s) => `<li><strong>${esc(s.chart)}</strong>: ${esc(signalWords(s))}</li>`).join('')}</ul>`
      : `<p>No new signal appeared in ${esc(r.month)} on the population and aim charts.</p>`) +
    (withheld ? '<p class="note">Charts withheld because of small counts are not read for signals here.</p>' : '');
  return `<section class="report-section" aria-labelledby="h-summary">${printHead(r)}
<h2 id="h-summary">Functional zero at the end of ${esc(r.month)}</h2>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="h-summary"><table class="report-table">
<thead><tr><th scope="col">Population</th><th scope="col" class="num">Actively homeless</th><th scope="col" class="num">Threshold</th><th scope="col">Functional zero</th><th scope="col" class="num">Distance</th><th scope="col" class="num">Months sustained</th><th scope="col">Trend</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>
<h2 id="h-signals">Signals that appeared in ${esc(r.month)}</h2>
${signals}
<h2 id="h-questions">Questions for the meeting</h2>
<ol class="questions">${r.questions.map((q) => `<li>${esc(q)}</li>`).join('')}</ol>
</section>`;
}

function fact(term: string, value: string): string {
  return `<dt>${esc(term)}</dt><dd>${value}</dd>`;
}

function population(r: MonthlyReport, p: PopulationReport): string {
  const fz = p.functional_zero;
  const facts = fz
    ? `<dl class="facts">
${fact('Functional zero', `<span class="${fz.reached ? 'reached' : 'not-reached'}">${fz.reached ? '✓ Reached' : '✗ Not yet'}</span>`)}
${fact('Actively homeless', `${shown(fz.actively_homeless)} ${esc(p.counts)}`)}
${fact('Threshold', `${num(fz.threshold)} (${esc(fz.threshold_basis)})`)}
${fact('Distance to zero', fz.reached ? '0' : shown(fz.distance))}
${fact('Months sustained', num(fz.months_sustained))}
${fact('Criteria', esc(fz.criteria.map((c) => `${CRITERIA[c.criterion] ?? c.criterion} ${c.met ? '✓ met' : '✗ not met'}`).join(', ')))}
${fact('Balance check', `${p.figures ? (p.figures.balanced ? `${esc(r.month)} balances` : `${esc(r.month)} does not balance`) : `no figures for ${esc(r.month)}`}; ${num(p.balanced_months)} of ${num(p.months)} months balance`)}
</dl>`
    : '<p>No figures yet.</p>';
  const charts = [
    p.run_chart
      ? chartFigure(
          spcChartOptions(p.run_chart, { title: `Actively homeless — ${p.name}`, unit: p.counts, width: CHART.width }),
          `Run chart of ${p.counts} actively homeless at the end of each month, ${p.flows[0]?.month ?? r.month} to ${r.month}, with the signals of the Anhøj rules.`,
          RUN_CHART,
        )
      : '',
    p.flows.length
      ? chartFigure(
          flowChartOptions(p.flows, { title: `Inflow and outflow — ${p.name}`, unit: p.counts, width: CHART.width }),
          `Each month, ${p.counts} coming onto the list (above zero) against those leaving it (below zero).`,
          FLOW_CHART,
        )
      : '',
  ].join('\n');
  return `<section class="report-section population" id="pop-${esc(p.slug)}" aria-labelledby="h-pop-${esc(p.slug)}">${printHead(r)}
<h2 id="h-pop-${esc(p.slug)}">${esc(p.name)}</h2>
${facts}
<h3>What changed in ${esc(r.month)}</h3>
<ul class="sentences">${p.last_month.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>
${charts}
</section>`;
}

function aimBlock(r: MonthlyReport, a: AimReport): string {
  const { aim } = a;
  const pr = aim.progress;
  const percent = a.measure.unit.trim() === '%' || a.chart?.chart === 'p' || a.chart?.chart === 'pp';
  const v = (x: number | null) => (x === null ? '<span class="hidden-count">hidden or none</span>' : esc(formatValue(x, percent)));
  const chart = a.chart
    ? chartFigure(
        spcChartOptions(a.chart, { title: a.measure.name, unit: a.measure.unit, width: CHART.width, target: aim.target_value }),
        `The measure as of ${r.month}, with its phases and the PDSA cycles that test changes on it.`,
      )
    : `<p class="note">${esc(a.chart_note ?? 'No chart.')}</p>`;
  return `<article class="aim" aria-labelledby="h-aim-${aim.id}">
<h3 id="h-aim-${aim.id}">Aim ${aim.id}: ${esc(aim.statement)}</h3>
<dl class="facts">
${fact('Status', `<strong class="aim-${esc(pr.status)}">${esc(AIM_STATUS[pr.status] ?? pr.status)}</strong>`)}
${fact('Measure', esc(a.measure.name))}
${fact('Latest value', pr.latest_period ? `${v(pr.latest_value)} (${esc(pr.latest_period)})` : 'none yet')}
${fact('Target', `${esc(formatValue(aim.target_value, percent))} by ${esc(aim.target_date)}`)}
${aim.baseline_period ? fact('Baseline', `${v(aim.baseline_value)} (${esc(aim.baseline_period)})`) : ''}
</dl>
<p>${esc(pr.reason)}</p>
${chart}
</article>`;
}

function aims(r: MonthlyReport): string {
  const body = r.aims.length ? r.aims.map((a) => aimBlock(r, a)).join('\n') : '<p>The community has no aims yet.</p>';
  return `<section class="report-section" aria-labelledby="h-aims">${printHead(r)}
<h2 id="h-aims">Aims, as of ${esc(r.month)}</h2>
${body}
</section>`;
}

function cycleRow(c: ReportCycle): string {
  const state = c.end_date === null ? 'running' : `${c.status}${c.finished_in_month ? ' (finished this month)' : ''}`;
  return `<tr><td class="num">${c.id}</td><th scope="row">${esc(c.title)}</th><td>${esc(c.owner)}</td>
<td>${esc(c.start_date)} to ${c.end_date === null ? '…' : esc(c.end_date)}</td><td>${esc(state)}</td>
<td>${c.decision ? `<strong>${esc(DECISION[c.decision])}</strong>` : '—'}</td>
<td>${esc([c.learned, c.next ? `Next: ${c.next}` : null].filter(Boolean).join(' ') || '—')}</td></tr>`;
}

function cycles(r: MonthlyReport): string {
  const body = r.cycles.length
    ? `<div class="table-wrap" tabindex="0" role="region" aria-labelledby="h-pdsa"><table class="report-table">
<thead><tr><th scope="col" class="num">PDSA</th><th scope="col">Change tested</th><th scope="col">Owner</th><th scope="col">Dates</th><th scope="col">At the end of the month</th><th scope="col">Decision</th><th scope="col">What was learned</th></tr></thead>
<tbody>${r.cycles.map(cycleRow).join('\n')}</tbody></table></div>`
    : `<p>No PDSA cycle ran in ${esc(r.month)}.</p>`;
  return `<section class="report-section" aria-labelledby="h-pdsa">${printHead(r)}
<h2 id="h-pdsa">PDSA cycles in ${esc(r.month)}</h2>
<p class="note">Cycles running during the month or finished in it; a decision shows once the test had ended by the end of the month.</p>
${body}
</section>`;
}

function decisionItem(d: ReportDecision): string {
  const links = [d.measures.length ? `measures: ${d.measures.join(', ')}` : null, d.pdsa_id !== null ? `from PDSA ${d.pdsa_id}` : null, d.lived_experience ? 'lived experience in the decision' : null]
    .filter(Boolean)
    .join('; ');
  const when = d.made_in_month ? `${d.decided_on}, ${d.decided_by}` : `decided ${d.decided_on} by ${d.decided_by}; due for a second look in this month (${d.revisit_on})`;
  return `<li><strong>D${d.id}: ${esc(d.title)}</strong> — ${esc(when)}.<br>${esc(d.rationale)}${links ? ` <span class="note">(${esc(links)})</span>` : ''}</li>`;
}

function decisions(r: MonthlyReport): string {
  const made = r.decisions.filter((d) => d.made_in_month);
  const due = r.decisions.filter((d) => !d.made_in_month);
  return `<section class="report-section" aria-labelledby="h-decisions">${printHead(r)}
<h2 id="h-decisions">Decisions in ${esc(r.month)}</h2>
${made.length ? `<ul class="report-list">${made.map(decisionItem).join('\n')}</ul>` : `<p>No decision was recorded in ${esc(r.month)}.</p>`}
${due.length ? `<h3>Due for a second look</h3><ul class="report-list">${due.map(decisionItem).join('\n')}</ul>` : ''}
</section>`;
}

function documentFor(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/app.css">
</head>
<body class="report">
${body}
</body>
</html>
`;
}

function toolbar(slug: string, months: readonly string[], month: string | null): string {
  const options = [...months]
    .reverse()
    .map((m) => `<option value="${esc(m)}"${m === month ? ' selected' : ''}>${esc(m)}</option>`)
    .join('');
  return `<nav class="report-toolbar" aria-label="Report">
<a href="/#/${esc(slug)}/overview">← Back to the overview</a>
${months.length ? `<form method="get" action="/c/${esc(slug)}/report"><label>Month <select name="month">${options}</select></label> <button type="submit">Show</button></form>` : ''}
<span class="note">To keep it as a PDF: print the page and choose “Save as PDF”.</span>
</nav>`;
}

export function renderReportPage(r: MonthlyReport): string {
  const hidden = r.small_counts_hidden ? '<p class="note">Counts below the community’s small-number threshold are hidden, with any figure that would reveal them.</p>' : '';
  return documentFor(
    `${r.community.name} — monthly report, ${r.month}`,
    `${toolbar(r.community.slug, r.months, r.month)}
<main class="report-main">
<div class="report-header">
<h1>${esc(r.community.name)} — monthly report, ${esc(r.month)}</h1>
<p>Generated ${esc(r.generated_on)}. Figures as the list records them up to the end of ${esc(r.month)}: nothing from later months is used.</p>
${hidden}
</div>
${summary(r)}
${r.populations.map((p) => population(r, p)).join('\n')}
${aims(r)}
${cycles(r)}
${decisions(r)}
</main>`,
  );
}

/** A report that cannot be made: one clear sentence, and the month selector when the community has months. */
export function renderReportProblem(slug: string, months: readonly string[], sentence: string): string {
  return documentFor(
    'Monthly report — not available',
    `${toolbar(slug, months, null)}
<main class="report-main"><h1>The monthly report cannot be shown</h1><p class="error" role="alert">${esc(sentence)}</p></main>`,
  );
}

/** Styles of the report, screen and print; served with the app's stylesheet (/static/app.css). */
export const REPORT_STYLESHEET = `
body.report { background: #fff; }
.report-toolbar { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; align-items: center; max-width: 60rem; margin: 0 auto; padding: .75rem 1rem; border-bottom: 1px solid var(--line); }
.report-toolbar form { display: flex; gap: .5rem; align-items: center; margin: 0; }
.report-toolbar select { font: inherit; padding: .3rem; }
.report-main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
.report-header h1 { font-size: 1.6rem; margin: .5rem 0; }
.report-section { margin-top: 2rem; }
.report-section h2 { border-bottom: 2px solid var(--ink); padding-bottom: .2rem; }
.report .facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .5rem 0; }
.report .facts dt { font-weight: 600; }
.report .facts dd { margin: 0; }
.report-chart { margin: 1rem 0; break-inside: avoid; page-break-inside: avoid; }
.report-chart svg { display: block; width: 100%; height: auto; max-width: 680px; }
.report-chart figcaption { color: var(--muted); font-size: .9rem; }
.report .aim { margin: 1.25rem 0; break-inside: avoid-page; }
.report .questions li, .report .sentences li { margin: .25rem 0; }
.report .hidden-count { color: var(--muted); font-style: italic; }
.report .aim-off_track { color: var(--no); }
.report .aim-on_track, .report .aim-achieved, .report .aim-sustained { color: var(--ok); }
.report-table { min-width: 0; }
.print-head { display: none; }
@media (max-width: 40rem) {
  .report .facts { grid-template-columns: 1fr; }
  .report .facts dd { margin-bottom: .4rem; }
  .report-table { min-width: 36rem; }
}
@page { margin: 16mm 14mm 18mm; }
@media print {
  body { font-size: 10.5pt; }
  .report-toolbar { display: none; }
  .report-main { max-width: none; padding: 0; }
  .report a { color: inherit; text-decoration: none; }
  .print-head { display: block; margin: 0 0 .4rem; padding-bottom: .2rem; border-bottom: 1px solid var(--line); color: var(--muted); font-size: 8.5pt; }
  .report-header + .report-section { break-before: auto; page-break-before: auto; }
  .report-section { margin-top: 0; break-before: page; page-break-before: always; }
  .report-header + .report-section .print-head { display: none; }
  .report-section h2 { break-after: avoid; page-break-after: avoid; }
  .report h3 { break-after: avoid; page-break-after: avoid; }
  .report-chart { margin: .5rem 0; }
  .report-chart svg { max-width: 100%; max-height: 82mm; }
  .report .facts { gap: 0 .8rem; font-size: 9.5pt; line-height: 1.35; }
  .report .sentences { font-size: 10pt; line-height: 1.4; }
  .report-chart figcaption { font-size: 8.5pt; }
  .report h3 { margin: .6rem 0 .3rem; }
  .table-wrap { overflow: visible; }
  .report-table { font-size: 9pt; }
  .report-table tr, .report .facts { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
}
`;
