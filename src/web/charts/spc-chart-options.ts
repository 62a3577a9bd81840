/**
 * ECharts options for the web app's charts, built the same way for the browser and
 * for server-side SVG rendering (render-svg.ts). Pure and isomorphic: no DOM, no Node
 * APIs, and only ECharts *types* are imported; the modules these options need are
 * listed in echarts-modules.ts.
 *
 * Colour is never the only carrier of meaning: signals are hollow diamonds, points
 * beyond a limit are triangles pointing the way they broke out, excluded points are
 * hollow circles, limits are dashed, PDSA cycles dotted, each bar series of the flow
 * chart has its own pattern, the legend names every symbol, and the tooltip and the
 * aria description say everything in words.
 */
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type { AriaComponentOption, GridComponentOption, LegendComponentOption, TitleComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ChartType, Classification, RuleSet, SignalRule } from '../../domain/spc/types.ts';
import type { ChartAnnotation } from '../../domain/learning/types.ts';
import { chartName } from '../../domain/spc/chart-name.ts';
import { toCsv } from '../../domain/text/csv.ts';

export type ChartOption = ComposeOption<
  LineSeriesOption | BarSeriesOption | ScatterSeriesOption | TitleComponentOption | TooltipComponentOption | GridComponentOption | LegendComponentOption | AriaComponentOption
>;

/** The point fields the chart reads: a subset of SpcPoint (the SPC JSON contract). */
export interface SpcChartPoint {
  point: number;
  x: string | number;
  y: number | null;
  cl: number | null;
  lcl: number | null;
  ucl: number | null;
  part: number;
  excluded: boolean;
  sigma_signal: boolean;
  runs_signal: boolean;
  signals: readonly SignalRule[];
  classification: Classification | null;
  /** A denominator: the plotted value is a ratio. */
  n?: number | null;
}

export interface SpcChartSignal {
  point: number;
  rule: SignalRule;
  classification: Classification | null;
  from: number;
  to: number;
}

export interface SpcChartPhase {
  starts: string;
  reason: string;
  /** 1-based point the phase (part) starts at. */
  first_point: number;
}

/**
 * What the chart needs: `measureChartJson(…)` (with the API's `suppressed`) and the
 * `zeroloop spc` JSON both fit.
 */
export interface SpcChartInput {
  chart: ChartType;
  rules?: RuleSet;
  points: readonly SpcChartPoint[];
  signals?: readonly SpcChartSignal[];
  phases?: readonly SpcChartPhase[];
  annotations?: readonly ChartAnnotation[];
  measure?: { target?: number | null; unit?: string };
  /** Why every value is withheld from this reader; null or absent when shown. */
  suppressed?: string | null;
}

export interface ChartOptionsOpts {
  title: string;
  unit: string;
  /** Width the chart will be drawn at, in CSS pixels; below 600 the compact layout is used. */
  width?: number;
  /** Phone layout: fewer x labels, smaller margins, symbols and fonts. */
  compact?: boolean;
}

export interface SpcChartOptionsOpts extends ChartOptionsOpts {
  /** A horizontal target line; defaults to the measure's target. null: none. */
  target?: number | null;
  /** Show values as percentages (×100). Default: unit "%" and the values are ratios (p, pp, or a denominator). */
  percent?: boolean;
}

/** Signal rules in plain words, for tooltips, CSV and the aria description. */
export const RULE_WORDS: Record<SignalRule, string> = {
  'shewhart.outside_limits': 'beyond a control limit',
  'nhs.outside_limits': 'beyond a control limit',
  'anhoej.long_run': 'an unusually long run on one side of the centre line',
  'anhoej.few_crossings': 'too few crossings of the centre line',
  'ihi.shift': 'a shift: 6 or more points in a row on one side of the centre line',
  'ihi.trend': 'a trend: 5 or more points in a row going up or down',
  'ihi.too_few_runs': 'too few runs around the centre line',
  'ihi.too_many_runs': 'too many runs around the centre line',
  'ihi.astronomical': 'an astronomical point: obviously different from the rest',
  'nhs.trend': 'a trend: 7 or more points in a row going up or down',
  'nhs.two_of_three': 'two of three points near a limit (beyond 2 sigma)',
  'nhs.shift': 'a shift: 7 or more points in a row on one side of the centre line',
};

/** Colours (Okabe–Ito where they carry a category); never the only carrier. */
export const CHART_COLOURS = {
  value: '#1f4e8c',
  centre: '#333333',
  limit: '#b2182b',
  improvement: '#0072b2',
  concern: '#d55e00',
  neutral: '#6a3d9a',
  excluded: '#8c8c8c',
  phase: '#444444',
  pdsa: '#00796b',
  decision: '#8a4b08',
  target: '#1a7f37',
} as const;

/**
 * Lines and point symbols carry no pattern (aria.decal would otherwise fill the legend's
 * hollow symbols). `decal: 'none'` is documented but throws in ECharts 6.1's ESM build
 * (it sets a property on the string), so an empty pattern stands in for it.
 */
const NO_DECAL = { symbol: 'none', color: 'rgba(0,0,0,0)' };

const FONT_FAMILY = 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif';

interface Layout {
  compact: boolean;
  width: number;
  font: number;
  titleSize: number;
  side: number;
  symbol: number;
  signal: number;
  beyond: number;
  excluded: number;
  maxLabels: number;
  labelChars: number;
  line: number;
}

function layoutFor(opts: ChartOptionsOpts): Layout {
  const compact = opts.compact ?? (opts.width !== undefined && opts.width < 600);
  return compact
    ? { compact, width: opts.width ?? 390, font: 11, titleSize: 14, side: 8, symbol: 5, signal: 10, beyond: 11, excluded: 6, maxLabels: 4, labelChars: 16, line: 1.5 }
    : { compact, width: opts.width ?? 800, font: 12, titleSize: 16, side: 16, symbol: 6, signal: 12, beyond: 13, excluded: 7, maxLabels: 12, labelChars: 32, line: 2 };
}

/** Rough text width, for laying out wrapped subtexts and legends before ECharts measures them. */
const textWidth = (text: string, font: number) => text.length * font * 0.52;

/**
 * Legends wrap within 88% of the width: server-side ECharts estimates text widths,
 * and the fonts of SVG viewers are often wider than the estimate.
 */
const legendWidth = (l: Layout) => Math.round((l.width - 2 * l.side) * 0.88);
const legendGap = (l: Layout) => (l.compact ? 12 : 16);
const legendIconWidth = (l: Layout) => (l.compact ? 18 : 25);

/** Legend entries; `lineOnly` ones (centre line, limits) show their line without a point symbol. */
function legendOption(names: readonly string[], l: Layout, show: boolean, lineOnly: readonly string[] = []): LegendComponentOption {
  return {
    show,
    data: names.map((name) => (lineOnly.includes(name) ? { name, itemStyle: { opacity: 0 } } : { name })),
    bottom: 4,
    left: l.side,
    width: legendWidth(l),
    selectedMode: false,
    itemWidth: legendIconWidth(l),
    itemHeight: l.compact ? 10 : 14,
    itemGap: legendGap(l),
    textStyle: { fontSize: l.font, color: '#1b1f24' },
  };
}

function legendHeight(names: readonly string[], l: Layout): number {
  const itemWidth = legendIconWidth(l);
  const gap = legendGap(l);
  const available = legendWidth(l);
  let rows = 1;
  let x = 0;
  for (const n of names) {
    const w = itemWidth + 5 + textWidth(n, l.font) + gap;
    if (x > 0 && x + w > available) {
      rows++;
      x = 0;
    }
    x += w;
  }
  return names.length === 0 ? 0 : rows * (l.font + 10) + 6;
}

function titleBlock(title: string, subtext: string, l: Layout): { option: TitleComponentOption; height: number } {
  const width = l.width - 2 * l.side;
  // Wrapped at 90%: viewers' fonts may be wider than the server-side estimate.
  const subWidth = Math.round(width * 0.9);
  const subFont = l.font;
  const subLines = subtext ? Math.max(1, Math.ceil(textWidth(subtext, subFont) / subWidth)) : 0;
  return {
    option: {
      text: title,
      subtext,
      left: l.side,
      top: 6,
      itemGap: 4,
      textStyle: { fontSize: l.titleSize, fontWeight: 'bold', color: '#1b1f24', width, overflow: 'truncate' },
      subtextStyle: { fontSize: subFont, color: '#59636e', width: subWidth, overflow: 'break', lineHeight: Math.round(subFont * 1.35) },
    },
    height: 6 + Math.round(l.titleSize * 1.3) + 4 + Math.round(subLines * subFont * 1.35),
  };
}

const sanitise = (s: string) => s.replace(/\{/g, '(').replace(/\}/g, ')');
const truncate = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, Math.max(1, n - 1)).trimEnd()}…`);
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Numbers as people read them: 1,234; 12.3; 0.123; percentages with one decimal. */
export function formatValue(v: number, percent = false): string {
  if (percent) return `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(v * 100)}%`;
  const a = Math.abs(v);
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: a >= 1000 ? 0 : a >= 1 ? 1 : 3 }).format(v);
}

function xInterval(n: number, l: Layout): number {
  return Math.max(0, Math.ceil(n / l.maxLabels) - 1);
}

/** Index of the first label at or after a period (period texts sort in time order); -1 when none. */
function firstAtOrAfter(labels: readonly string[], period: string): number {
  return labels.findIndex((x) => x >= period);
}

function lastAtOrBefore(labels: readonly string[], period: string): number {
  for (let i = labels.length - 1; i >= 0; i--) if (labels[i] <= period) return i;
  return -1;
}

/** Where an annotation falls on the axis: the first and last plotted points it covers, or null. */
function annotationSpan(labels: readonly string[], a: ChartAnnotation): { from: number; to: number } | null {
  const from = firstAtOrAfter(labels, a.period);
  if (from < 0) return null;
  // A phase or a decision stands at the first plotted period from its own on; a cycle marks only its own periods.
  if (a.until === null) return labels[from] === a.period || a.kind !== 'pdsa' ? { from, to: from } : null;
  const to = lastAtOrBefore(labels, a.until);
  return to >= from ? { from, to } : null;
}

function pdsaName(a: ChartAnnotation): string {
  return a.pdsa_id === null ? 'PDSA' : `PDSA ${a.pdsa_id}`;
}

function decisionName(a: ChartAnnotation): string {
  return `Decision ${a.decision_id ?? ''}`.trim();
}

function annotationText(a: ChartAnnotation): string {
  if (a.kind === 'phase') return `New phase: ${a.label}`;
  if (a.kind === 'decision') return `${decisionName(a)} (${a.period}): ${a.label}`;
  const state = [a.status, a.decision].filter((s) => s !== null).join(', ');
  return `${pdsaName(a)}${state ? ` (${state})` : ''}: ${a.label}`;
}

function usesPercent(chart: SpcChartInput, opts: SpcChartOptionsOpts): boolean {
  if (opts.percent !== undefined) return opts.percent;
  if (opts.unit.trim() !== '%') return false;
  return chart.chart === 'p' || chart.chart === 'pp' || chart.points.some((p) => p.n !== null && p.n !== undefined);
}

interface PointNotes {
  signals: string[];
  annotations: string[];
}

/** Per point: its signals in plain words and the annotations that cover its period. */
function pointNotes(chart: SpcChartInput): PointNotes[] {
  const labels = chart.points.map((p) => String(p.x));
  const cls = (c: Classification | null | undefined) => (c && c !== 'neutral' ? ` (${c})` : '');
  const notes: PointNotes[] = chart.points.map((p) => ({
    // Each rule with its own classification when the signals are given (the point's is its first one's).
    signals: [
      ...new Set(
        p.signals.map((r) => `${RULE_WORDS[r]}${cls(chart.signals ? chart.signals.find((s) => s.point === p.point && s.rule === r)?.classification : p.classification)}`),
      ),
    ],
    annotations: [],
  }));
  const annotations = chart.annotations ?? [];
  for (const a of annotations) {
    const span = annotationSpan(labels, a);
    if (span) for (let i = span.from; i <= span.to; i++) notes[i].annotations.push(annotationText(a));
  }
  // Phases that the annotations do not already name (e.g. a chart without annotations).
  for (const ph of chart.phases ?? []) {
    const i = ph.first_point - 1;
    if (i < 0 || i >= notes.length) continue;
    if (!annotations.some((a) => a.kind === 'phase' && a.period === ph.starts)) notes[i].annotations.push(`New phase: ${ph.reason}`);
  }
  return notes;
}

interface SignalPattern {
  rule: SignalRule;
  from: number;
  to: number;
  classification: Classification | null;
}

/** Each broken rule once per pattern (a run of 8 points is one signal, not 8). */
function signalPatterns(chart: SpcChartInput): SignalPattern[] {
  const raw: SignalPattern[] = chart.signals
    ? chart.signals.map((s) => ({ rule: s.rule, from: s.from, to: s.to, classification: s.classification }))
    : chart.points.flatMap((p) => p.signals.map((rule) => ({ rule, from: p.point, to: p.point, classification: p.classification })));
  const seen = new Map<string, SignalPattern>();
  for (const s of raw) {
    const key = `${RULE_WORDS[s.rule]}:${s.from}:${s.to}`;
    if (!seen.has(key)) seen.set(key, s);
  }
  return [...seen.values()];
}

const sentenceCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function describeSpc(chart: SpcChartInput, opts: SpcChartOptionsOpts, percent: boolean, target: number | null): string {
  const pts = chart.points;
  const name = sentenceCase(chartName(chart.chart));
  const unit = opts.unit.trim();
  const what = `${name} of ${opts.title}${unit ? ` (${unit})` : ''}`;
  if (pts.length === 0) return `${what}: no values yet.`;
  const label = (point: number) => String(pts[point - 1]?.x ?? point);
  const span = `${plural(pts.length, 'period')} from ${label(1)} to ${label(pts.length)}`;
  if (chart.suppressed) return `${what}, ${span}. The values are hidden: ${chart.suppressed}`;
  const withUnit = (v: number) => (percent ? formatValue(v, true) : `${formatValue(v)}${unit && unit !== '%' ? ` ${unit}` : unit}`);
  const out: string[] = [`${what}, ${span}.`];
  const latest = [...pts].reverse().find((p) => p.y !== null);
  out.push(latest ? `The latest value is ${withUnit(latest.y!)} (${latest.x}).` : 'No period has a value.');
  const missing = pts.filter((p) => p.y === null).length;
  if (missing > 0) out.push(`${plural(missing, 'period has', 'periods have')} no value.`);
  const excluded = pts.filter((p) => p.excluded).length;
  if (excluded > 0) out.push(`${plural(excluded, 'point is', 'points are')} excluded from the centre line and limits.`);
  const last = pts[pts.length - 1];
  if (last.cl !== null) {
    const limits = last.lcl !== null && last.ucl !== null ? `, limits ${formatValue(last.lcl, percent)} to ${formatValue(last.ucl, percent)}` : '';
    out.push(`The current ${chart.chart === 'run' ? 'median' : 'centre line'} is ${formatValue(last.cl, percent)}${limits}.`);
  }
  const patterns = signalPatterns(chart);
  if (patterns.length === 0) out.push('No signals.');
  else {
    const items = patterns.slice(0, 5).map((s) => {
      const where = s.from === s.to ? label(s.from) : `${label(s.from)} to ${label(s.to)}`;
      const cls = s.classification && s.classification !== 'neutral' ? `, ${s.classification}` : '';
      return `${RULE_WORDS[s.rule]} (${where}${cls})`;
    });
    const more = patterns.length > 5 ? `, and ${patterns.length - 5} more` : '';
    out.push(`${plural(patterns.length, 'signal')}: ${items.join('; ')}${more}.`);
  }
  const phases = chart.phases ?? [];
  if (phases.length === 1) out.push(`A new phase starts at ${label(phases[0].first_point)}: ${truncate(phases[0].reason, 80)}.`);
  else if (phases.length > 1)
    out.push(`${phases.length + 1} phases; new ones start at ${phases.map((p) => `${label(p.first_point)} (${truncate(p.reason, 80)})`).join(', ')}.`);
  const labels = pts.map((p) => String(p.x));
  const pdsa = (chart.annotations ?? []).filter((a) => a.kind === 'pdsa').flatMap((a) => {
    const s = annotationSpan(labels, a);
    return s ? [`${pdsaName(a)} (${s.from === s.to ? labels[s.from] : `${labels[s.from]} to ${labels[s.to]}`})`] : [];
  });
  if (pdsa.length > 0) out.push(`PDSA cycles marked: ${pdsa.join(', ')}.`);
  const decisions = (chart.annotations ?? []).filter((a) => a.kind === 'decision').flatMap((a) => {
    const s = annotationSpan(labels, a);
    return s ? [`${decisionName(a)} (${a.period}): ${truncate(a.label, 80)}`] : [];
  });
  if (decisions.length > 0) out.push(`Decisions marked: ${decisions.join('; ')}.`);
  if (target !== null) out.push(`Target: ${withUnit(target)}.`);
  return out.join(' ');
}

type LineItem = NonNullable<LineSeriesOption['data']>[number];
type MarkLineItem = NonNullable<NonNullable<LineSeriesOption['markLine']>['data']>[number];
type MarkAreaItem = NonNullable<NonNullable<LineSeriesOption['markArea']>['data']>[number];

const LEGEND = {
  value: 'Value',
  limits: 'Control limits',
  signal: 'Signal: a rule broke',
  beyond: 'Beyond a limit',
  excluded: 'Excluded',
};

function classColour(c: Classification | null): string {
  return c === 'improvement' ? CHART_COLOURS.improvement : c === 'concern' ? CHART_COLOURS.concern : CHART_COLOURS.neutral;
}

/** How a point is drawn: what makes a signal stand out besides colour. */
export type PointMark = 'missing' | 'ordinary' | 'excluded' | 'signal' | 'beyond_upper' | 'beyond_lower';

export function pointMark(p: SpcChartPoint): PointMark {
  if (p.y === null) return 'missing';
  if (p.excluded) return 'excluded';
  if (p.sigma_signal) return p.lcl !== null && p.y < p.lcl ? 'beyond_lower' : 'beyond_upper';
  if (p.signals.length > 0 || p.runs_signal) return 'signal';
  return 'ordinary';
}

function valueItem(p: SpcChartPoint, l: Layout): LineItem {
  const mark = pointMark(p);
  switch (mark) {
    case 'missing':
      return { value: null };
    case 'ordinary':
      return { value: p.y! };
    case 'excluded':
      return { value: p.y!, symbol: 'emptyCircle', symbolSize: l.excluded, itemStyle: { color: CHART_COLOURS.excluded, borderColor: CHART_COLOURS.excluded } };
    case 'signal':
      return { value: p.y!, symbol: 'emptyDiamond', symbolSize: l.signal, itemStyle: { color: classColour(p.classification), borderWidth: 2 } };
    case 'beyond_upper':
    case 'beyond_lower':
      return {
        value: p.y!,
        symbol: 'triangle',
        symbolSize: l.beyond,
        symbolRotate: mark === 'beyond_lower' ? 180 : 0,
        itemStyle: { color: classColour(p.classification), borderColor: '#ffffff', borderWidth: 1 },
      };
  }
}

function pointTooltip(p: SpcChartPoint, notes: PointNotes, chart: SpcChartInput, parts: number, percent: boolean, unit: string): string {
  const f = (v: number) => formatValue(v, percent);
  const lines = [`<strong>${escapeHtml(String(p.x))}</strong>`];
  const value = chart.suppressed ? 'hidden' : p.y === null ? 'no value' : `${f(p.y)}${percent || !unit ? '' : ` ${escapeHtml(unit)}`}`;
  lines.push(`Value: ${value}`);
  if (p.cl !== null) lines.push(`${chart.chart === 'run' ? 'Median' : 'Centre line'}: ${f(p.cl)}`);
  if (p.lcl !== null && p.ucl !== null) lines.push(`Limits: ${f(p.lcl)} to ${f(p.ucl)}`);
  else if (p.ucl !== null) lines.push(`Upper limit: ${f(p.ucl)}`);
  else if (p.lcl !== null) lines.push(`Lower limit: ${f(p.lcl)}`);
  if (parts > 1) lines.push(`Phase ${p.part} of ${parts}`);
  if (p.excluded) lines.push('Excluded from the centre line and limits');
  for (const s of notes.signals) lines.push(`Signal: ${escapeHtml(s)}`);
  for (const a of notes.annotations) lines.push(escapeHtml(truncate(a, 120)));
  return lines.join('<br>');
}

/**
 * A run or control chart of a measure: the values as a line with points, the centre
 * line and limits of each part as steps, phases and PDSA cycles marked on the time
 * axis, an optional target, and a sentence describing it all for screen readers.
 */
export function spcChartOptions(chart: SpcChartInput, opts: SpcChartOptionsOpts): ChartOption {
  const l = layoutFor(opts);
  const pts = chart.points;
  const labels = pts.map((p) => String(p.x));
  const percent = usesPercent(chart, opts);
  const suppressed = Boolean(chart.suppressed);
  const target = suppressed ? null : opts.target !== undefined ? opts.target : (chart.measure?.target ?? null);
  const parts = new Set(pts.map((p) => p.part)).size;
  const notes = pointNotes(chart);
  const tooltips = pts.map((p, i) => pointTooltip(p, notes[i], chart, parts, percent, opts.unit.trim()));

  // Marks on the time axis: phases, PDSA cycles, the target.
  const markLines: MarkLineItem[] = [];
  const markAreas: MarkAreaItem[] = [];
  for (const ph of chart.phases ?? []) {
    const x = labels[ph.first_point - 1];
    if (x === undefined) continue;
    markLines.push({
      name: sanitise(`New phase from ${x}: ${ph.reason}`),
      xAxis: x,
      lineStyle: { color: CHART_COLOURS.phase, type: 'solid', width: 1.5 },
      label: { show: true, formatter: sanitise(truncate(ph.reason, l.labelChars)), position: 'insideEndTop', fontSize: l.font - 1, color: CHART_COLOURS.phase },
    });
  }
  for (const a of chart.annotations ?? []) {
    if (a.kind !== 'decision') continue;
    const span = annotationSpan(labels, a);
    if (!span) continue;
    // Dashed and labelled "D<n>": told apart from phases (solid) and cycles (dotted) without colour.
    markLines.push({
      name: sanitise(`${decisionName(a)}, ${a.period}: ${a.label}`),
      xAxis: labels[span.from],
      lineStyle: { color: CHART_COLOURS.decision, type: 'dashed', width: 1.5 },
      label: { show: true, formatter: `D${a.decision_id ?? ''}`, position: 'insideMiddleTop', fontSize: l.font - 1, color: CHART_COLOURS.decision },
    });
  }
  for (const a of chart.annotations ?? []) {
    if (a.kind !== 'pdsa') continue;
    const span = annotationSpan(labels, a);
    if (!span) continue;
    const name = sanitise(`${pdsaName(a)}: ${a.label}`);
    if (span.to > span.from)
      markAreas.push([
        { name: pdsaName(a), xAxis: labels[span.from] },
        { xAxis: labels[span.to] },
      ]);
    else
      markLines.push({
        name,
        xAxis: labels[span.from],
        lineStyle: { color: CHART_COLOURS.pdsa, type: 'dotted', width: 1.5 },
        label: { show: true, formatter: pdsaName(a), position: 'insideStartTop', fontSize: l.font - 1, color: CHART_COLOURS.pdsa },
      });
  }
  if (target !== null)
    markLines.push({
      name: 'Target',
      yAxis: target,
      lineStyle: { color: CHART_COLOURS.target, type: 'dotted', width: 2 },
      label: { show: true, formatter: `Target ${formatValue(target, percent)}`, position: 'insideEndTop', fontSize: l.font - 1, color: CHART_COLOURS.target },
    });

  const series: (LineSeriesOption | ScatterSeriesOption)[] = [
    {
      id: 'value',
      name: LEGEND.value,
      type: 'line',
      data: pts.map((p) => valueItem(p, l)),
      connectNulls: false,
      showAllSymbol: true,
      symbol: 'circle',
      symbolSize: l.symbol,
      z: 5,
      lineStyle: { color: CHART_COLOURS.value, width: l.line },
      itemStyle: { color: CHART_COLOURS.value, decal: NO_DECAL },
      markLine: { symbol: ['none', 'none'], animation: false, data: markLines },
      markArea: {
        animation: false,
        itemStyle: { color: 'rgba(0, 121, 107, 0.08)', borderColor: CHART_COLOURS.pdsa, borderWidth: 1, borderType: 'dotted' },
        label: { show: true, position: 'insideTop', fontSize: l.font - 1, color: CHART_COLOURS.pdsa },
        data: markAreas,
      },
    },
  ];
  const step = (id: string, name: string, values: (number | null)[], dashed: boolean): LineSeriesOption => ({
    id,
    name,
    type: 'line',
    step: 'middle',
    data: values,
    connectNulls: false,
    symbol: 'none',
    silent: true,
    z: 3,
    emphasis: { disabled: true },
    lineStyle: dashed ? { color: CHART_COLOURS.limit, width: 1.2, type: 'dashed' } : { color: CHART_COLOURS.centre, width: 1.5, type: 'solid' },
    itemStyle: { color: dashed ? CHART_COLOURS.limit : CHART_COLOURS.centre, decal: NO_DECAL },
  });
  const cl = pts.map((p) => p.cl);
  const centreName = chart.chart === 'run' ? 'Median' : 'Centre line';
  if (cl.some((v) => v !== null)) series.push(step('cl', centreName, cl, false));
  const ucl = pts.map((p) => p.ucl);
  const lcl = pts.map((p) => p.lcl);
  if (chart.chart !== 'run' && ucl.some((v) => v !== null)) series.push(step('ucl', LEGEND.limits, ucl, true));
  if (chart.chart !== 'run' && lcl.some((v) => v !== null)) series.push(step('lcl', LEGEND.limits, lcl, true));

  // The legend's key to the point symbols (empty series: they draw nothing on the plot).
  const marks = new Set(pts.map(pointMark));
  const key = (id: string, name: string, symbol: string, size: number, colour: string): ScatterSeriesOption => ({
    id,
    name,
    type: 'scatter',
    data: [],
    symbol,
    symbolSize: size,
    silent: true,
    itemStyle: { color: colour, borderWidth: symbol.startsWith('empty') ? 2 : 0, decal: NO_DECAL },
  });
  if (marks.has('signal')) series.push(key('key-signal', LEGEND.signal, 'emptyDiamond', l.signal, CHART_COLOURS.neutral));
  if (marks.has('beyond_upper') || marks.has('beyond_lower')) series.push(key('key-beyond', LEGEND.beyond, 'triangle', l.beyond, CHART_COLOURS.neutral));
  if (marks.has('excluded')) series.push(key('key-excluded', LEGEND.excluded, 'emptyCircle', l.excluded, CHART_COLOURS.excluded));

  const legendNames = [...new Set(series.map((s) => String(s.name)))];
  const subtext = suppressed
    ? chart.suppressed!
    : `${sentenceCase(chartName(chart.chart))}${chart.rules ? ` · ${chart.rules === 'nhs' ? 'NHS' : chart.rules === 'ihi' ? 'IHI' : 'Anhøj'} rules` : ''}`;
  const title = titleBlock(opts.title, subtext, l);
  const legendH = legendHeight(legendNames, l);

  return {
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT_FAMILY },
    aria: { enabled: true, decal: { show: true }, label: { enabled: true, description: describeSpc(chart, opts, percent, target) } },
    title: title.option,
    legend: legendOption(legendNames, l, !suppressed, [centreName, LEGEND.limits]),
    grid: {
      left: l.side,
      right: l.side + (l.compact ? 4 : 8),
      top: title.height + 10,
      bottom: (suppressed ? 0 : legendH) + 8,
      outerBoundsMode: 'same',
      outerBoundsContain: 'all',
    },
    tooltip: {
      trigger: 'axis',
      confine: true,
      axisPointer: { type: 'line' },
      textStyle: { fontSize: l.font },
      formatter: (params) => {
        const first = Array.isArray(params) ? params[0] : params;
        return first ? (tooltips[first.dataIndex] ?? '') : '';
      },
    },
    xAxis: {
      type: 'category',
      data: labels,
      boundaryGap: true,
      axisTick: { alignWithLabel: true },
      axisLabel: { interval: l.compact ? xInterval(labels.length, l) : 'auto', hideOverlap: true, fontSize: l.font, color: '#59636e' },
    },
    yAxis: {
      type: 'value',
      name: opts.unit,
      nameLocation: 'end',
      nameGap: 10,
      nameTextStyle: { align: 'left', fontSize: l.font, color: '#59636e' },
      scale: true,
      axisLabel: suppressed ? { show: false } : { fontSize: l.font, color: '#59636e', formatter: (v: number) => formatValue(v, percent) },
      ...(suppressed ? { min: 0, max: 1 } : {}),
    },
    series,
  };
}

/** The plotted data as CSV: one row per point, formula-safe. */
export function chartDataCsv(chart: SpcChartInput): string {
  const notes = pointNotes(chart);
  const rows = chart.points.map((p, i) => ({
    period: p.x,
    value: p.y,
    cl: p.cl,
    lcl: p.lcl,
    ucl: p.ucl,
    part: p.part,
    signals: notes[i].signals.join('; '),
    annotations: notes[i].annotations.join(' | '),
    excluded: p.excluded ? 'yes' : '',
  }));
  return toCsv(rows, SPC_CSV_COLUMNS);
}

export const SPC_CSV_COLUMNS = ['period', 'value', 'cl', 'lcl', 'ucl', 'part', 'signals', 'annotations', 'excluded'] as const;

// ---------------------------------------------------------------------------
// Inflow and outflow.

/** A month of the By-Name List's flows; null where a small count is hidden from this reader. */
export interface FlowRow {
  month: string;
  newly_identified: number | null;
  returned_from_housing: number | null;
  returned_from_inactive: number | null;
  housing_placements: number | null;
  moved_to_inactive: number | null;
  no_longer_meets_criteria: number | null;
}

type FlowKey = Exclude<keyof FlowRow, 'month'>;

export interface FlowSeries {
  key: FlowKey;
  name: string;
  words: string;
  side: 1 | -1;
  colour: string;
  decal: { symbol: string; symbolSize?: number; dashArrayX?: number[] | number[][]; dashArrayY?: number[]; rotation?: number; color?: string };
}

/**
 * Inflows warm and above zero, outflows cool and below; each series has its own
 * pattern so the bars read in greyscale and for colour-blind readers.
 */
export const FLOW_SERIES: readonly FlowSeries[] = [
  { key: 'newly_identified', name: 'In: newly identified', words: 'newly identified', side: 1, colour: '#d55e00', decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: Math.PI / 4, color: 'rgba(0,0,0,0.35)' } },
  { key: 'returned_from_housing', name: 'In: returned from housing', words: 'returned from housing', side: 1, colour: '#e69f00', decal: { symbol: 'circle', symbolSize: 0.8, dashArrayX: [[3, 3], [0, 3, 3, 0]], dashArrayY: [3, 0], color: 'rgba(0,0,0,0.35)' } },
  { key: 'returned_from_inactive', name: 'In: returned from inactive', words: 'returned from inactive', side: 1, colour: '#cc79a7', decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 3], rotation: 0, color: 'rgba(0,0,0,0.35)' } },
  { key: 'housing_placements', name: 'Out: housed', words: 'housed', side: -1, colour: '#0072b2', decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: -Math.PI / 4, color: 'rgba(255,255,255,0.45)' } },
  { key: 'moved_to_inactive', name: 'Out: moved to inactive', words: 'moved to inactive', side: -1, colour: '#56b4e9', decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 3], rotation: Math.PI / 2, color: 'rgba(0,0,0,0.35)' } },
  { key: 'no_longer_meets_criteria', name: 'Out: no longer meets criteria', words: 'no longer meets criteria', side: -1, colour: '#009e73', decal: { symbol: 'diamond', symbolSize: 0.9, dashArrayX: [[4, 4], [0, 4, 4, 0]], dashArrayY: [4, 0], color: 'rgba(255,255,255,0.5)' } },
];

export const HIDDEN_NOTE = 'hidden: small counts';
const HIDDEN_LEGEND = 'Part hidden: small counts';

function flowTotal(row: FlowRow, side: 1 | -1): number | null {
  let sum = 0;
  for (const s of FLOW_SERIES) {
    if (s.side !== side) continue;
    const v = row[s.key];
    if (v === null) return null;
    sum += v;
  }
  return sum;
}

function flowTooltip(row: FlowRow, unit: string): string {
  const cell = (v: number | null) => (v === null ? HIDDEN_NOTE : formatValue(v));
  const side = (s: 1 | -1, word: string) => {
    const total = flowTotal(row, s);
    const parts = FLOW_SERIES.filter((f) => f.side === s).map((f) => `${f.words} ${cell(row[f.key])}`);
    return `${word}: ${total === null ? 'total hidden' : `${formatValue(total)}${unit ? ` ${escapeHtml(unit)}` : ''}`} (${parts.join(', ')})`;
  };
  const inflow = flowTotal(row, 1);
  const outflow = flowTotal(row, -1);
  const lines = [`<strong>${escapeHtml(row.month)}</strong>`, side(1, 'Into the list'), side(-1, 'Out of the list')];
  if (inflow !== null && outflow !== null) lines.push(`Net change: ${inflow - outflow > 0 ? '+' : ''}${formatValue(inflow - outflow)}`);
  return lines.join('<br>');
}

function describeFlow(rows: readonly FlowRow[], opts: ChartOptionsOpts, hidden: boolean): string {
  const unit = opts.unit.trim();
  const head = `Bar chart of ${opts.title}${unit ? ` (${unit})` : ''}: each month, the people coming onto the list (newly identified, returned from housing, returned from inactive) are stacked above zero and those leaving it (housed, moved to inactive, no longer meets criteria) below zero`;
  if (rows.length === 0) return `${head}. No months yet.`;
  const out = [`${head}, for ${plural(rows.length, 'month')} from ${rows[0].month} to ${rows[rows.length - 1].month}.`];
  const last = rows[rows.length - 1];
  const inflow = flowTotal(last, 1);
  const outflow = flowTotal(last, -1);
  const t = (v: number | null) => (v === null ? 'a hidden number' : formatValue(v));
  const net = inflow !== null && outflow !== null ? `, net ${inflow - outflow > 0 ? '+' : ''}${formatValue(inflow - outflow)}` : '';
  out.push(`In ${last.month}: ${t(inflow)} in and ${t(outflow)} out${net}.`);
  if (hidden) out.push('Some counts are hidden because they are small: they are left out of the bars, which end in a ring where a part is missing.');
  return out.join(' ');
}

/**
 * Inflow against outflow per month, as diverging stacked bars: the three inflows
 * stacked above zero, the three outflows stacked below it, in one bar per month.
 * On a 390 px phone two stacks side by side would halve each bar; one diverging bar
 * keeps the full width, and the net change reads as the difference of the heights
 * above and below the zero line. Hidden (null) cells are gaps.
 */
export function flowChartOptions(rows: readonly FlowRow[], opts: ChartOptionsOpts): ChartOption {
  const l = layoutFor(opts);
  const months = rows.map((r) => r.month);
  const hidden = rows.some((r) => FLOW_SERIES.some((s) => r[s.key] === null));
  const tooltips = rows.map((r) => flowTooltip(r, opts.unit.trim()));
  const series: BarSeriesOption[] = FLOW_SERIES.map((s, i) => ({
    id: s.key,
    name: s.name,
    type: 'bar',
    stack: 'flow',
    data: rows.map((r) => {
      const v = r[s.key];
      return v === null ? null : s.side * v;
    }),
    barMaxWidth: 32,
    barCategoryGap: '30%',
    itemStyle: { color: s.colour, decal: s.decal, borderColor: '#ffffff', borderWidth: 0.5 },
    emphasis: { focus: 'series' },
    ...(i === 0
      ? {
          markLine: {
            symbol: ['none', 'none'],
            silent: true,
            animation: false,
            label: { show: false },
            lineStyle: { color: '#1b1f24', type: 'solid', width: 1 },
            data: [{ yAxis: 0, name: 'zero' }],
          },
        }
      : {}),
  }));
  // A ring at the end of each stack that misses a hidden part: the gap cannot be drawn to size.
  const hiddenMarks = (side: 1 | -1): ScatterSeriesOption => ({
    id: side === 1 ? 'hidden-in' : 'hidden-out',
    name: HIDDEN_LEGEND,
    type: 'scatter',
    data: rows.map((r) => {
      const cells = FLOW_SERIES.filter((s) => s.side === side).map((s) => r[s.key]);
      return cells.some((v) => v === null) ? side * cells.reduce<number>((a, v) => a + (v ?? 0), 0) : null;
    }),
    symbol: 'emptyCircle',
    symbolSize: l.compact ? 8 : 10,
    z: 4,
    itemStyle: { color: '#1b1f24', borderWidth: 2, decal: NO_DECAL },
  });
  const allSeries: (BarSeriesOption | ScatterSeriesOption)[] = hidden ? [...series, hiddenMarks(1), hiddenMarks(-1)] : series;
  const names = [...FLOW_SERIES.map((s) => s.name), ...(hidden ? [HIDDEN_LEGEND] : [])];
  const subtext = `Above zero: into the list · below zero: out of it${hidden ? ` · ○ and gaps: ${HIDDEN_NOTE}` : ''}`;
  const title = titleBlock(opts.title, subtext, l);
  const unit = opts.unit.trim();
  return {
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT_FAMILY },
    aria: { enabled: true, decal: { show: true }, label: { enabled: true, description: describeFlow(rows, opts, hidden) } },
    title: title.option,
    legend: legendOption(names, l, true),
    grid: { left: l.side, right: l.side + 4, top: title.height + 10, bottom: legendHeight(names, l) + 8, outerBoundsMode: 'same', outerBoundsContain: 'all' },
    tooltip: {
      trigger: 'axis',
      confine: true,
      axisPointer: { type: 'shadow' },
      textStyle: { fontSize: l.font },
      formatter: (params) => {
        const first = Array.isArray(params) ? params[0] : params;
        return first ? (tooltips[first.dataIndex] ?? '') : '';
      },
    },
    xAxis: {
      type: 'category',
      data: months,
      axisLine: { onZero: false },
      axisTick: { alignWithLabel: true },
      axisLabel: { interval: l.compact ? xInterval(months.length, l) : 'auto', hideOverlap: true, fontSize: l.font, color: '#59636e' },
    },
    yAxis: {
      type: 'value',
      name: `${unit ? `${unit}: ` : ''}↑ in, ↓ out`,
      nameLocation: 'end',
      nameGap: 10,
      nameTextStyle: { align: 'left', fontSize: l.font, color: '#59636e' },
      axisLabel: { fontSize: l.font, color: '#59636e', formatter: (v: number) => formatValue(Math.abs(v)) },
    },
    series: allSeries,
  };
}

/** The flow chart's data as CSV, with the totals where no part of them is hidden. */
export function flowDataCsv(rows: readonly FlowRow[]): string {
  return toCsv(
    rows.map((r) => ({ ...r, inflow: flowTotal(r, 1), outflow: flowTotal(r, -1) })),
    ['month', ...FLOW_SERIES.map((s) => s.key), 'inflow', 'outflow'],
  );
}
