import { describe, expect, it } from 'vitest';
import type { LineSeriesOption, BarSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type { MeasureChartJson } from '../../src/app/learning/chart-json.ts';
import { chartForSmallCellReader } from '../../src/app/aggregates.ts';
import type { SpcPoint } from '../../src/domain/spc/types.ts';
import {
  CHART_COLOURS,
  SPC_CSV_COLUMNS,
  chartDataCsv,
  flowChartOptions,
  flowDataCsv,
  spcChartOptions,
  type ChartOption,
  type FlowRow,
} from '../../src/web/charts/spc-chart-options.ts';
import { renderChartSvg } from '../../src/web/charts/render-svg.ts';

/**
 * A hand-made measure chart: an I chart of 8 months in two parts (a phase from
 * 2024-05), point 2 excluded, no value for 2024-03, point 8 (35) above the upper
 * limit of part 2 (27), and PDSA 3 from 2024-02 to 2024-04.
 */
const Y = [10, 12, null, 11, 20, 22, 21, 35];
const X = ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06', '2024-07', '2024-08'];

function point(i: number): SpcPoint {
  const part = i < 4 ? 1 : 2;
  const [cl, lcl, ucl] = part === 1 ? [11, 5, 17] : [21, 15, 27];
  const beyond = i === 7;
  return {
    point: i + 1,
    x: X[i],
    y: Y[i],
    cl,
    lcl,
    ucl,
    sigma: 2,
    part,
    sigma_signal: beyond,
    runs_signal: false,
    excluded: i === 1,
    baseline: i !== 1 && Y[i] !== null,
    numerator: null,
    n: null,
    astronomical: false,
    signals: beyond ? ['shewhart.outside_limits'] : [],
    classification: beyond ? 'concern' : null,
  };
}

const part = (n: number, first: number, last: number, cl: number) => ({
  part: n,
  first,
  last,
  cl,
  n_obs: 3,
  n_useful: 3,
  longest_run: 2,
  longest_run_max: 5,
  n_crossings: 1,
  n_crossings_min: 0,
  runs_signal: false,
  sigma_signal: n === 2,
  n_baseline: 3,
  n_runs: null,
  runs_min: null,
  runs_max: null,
  mr_mean: 2.2,
  mr_screened: [],
  sigma_z: null,
  nhs: null,
});

const PHASE_REASON = 'Reminders adopted by every outreach provider after PDSA 3';

const FIXTURE: MeasureChartJson & { suppressed: string | null } = {
  measure: {
    slug: 'missed-appointments',
    version: 1,
    name: 'Missed appointments',
    type: 'process',
    population: null,
    frequency: 'monthly',
    unit: 'appointments',
    improvement: 'down',
    target: null,
  },
  chart: 'i',
  rules: 'anhoej',
  freeze: null,
  screen: true,
  points: X.map((_, i) => point(i)),
  parts: [part(1, 1, 4, 11), part(2, 5, 8, 21)],
  signals: [{ point: 8, part: 2, rule: 'shewhart.outside_limits', message: 'point 8 is above the upper limit', classification: 'concern', from: 8, to: 8 }],
  nhs: null,
  phases: [{ starts: '2024-05', reason: PHASE_REASON, pdsa_id: 3, created_by: 'ana', created_at: '2024-05-02T10:00:00Z', first_point: 5 }],
  annotations: [
    { period: '2024-02', until: '2024-04', kind: 'pdsa', pdsa_id: 3, decision_id: null, label: 'Text reminders before appointments', status: 'completed', decision: 'adopt' },
    { period: '2024-05', until: null, kind: 'phase', pdsa_id: 3, decision_id: null, label: PHASE_REASON, status: null, decision: null },
  ],
  suppressed: null,
};

const OPTS = { title: 'Missed appointments', unit: 'appointments' };

type Series = LineSeriesOption | BarSeriesOption | ScatterSeriesOption;
const seriesOf = (o: ChartOption) => o.series as Series[];
const byId = (o: ChartOption, id: string) => seriesOf(o).find((s) => s.id === id) as LineSeriesOption | undefined;
type Item = { value?: unknown; symbol?: string; symbolSize?: number; symbolRotate?: number };
const items = (s: Series | undefined) => (s?.data ?? []) as (Item | number | null)[];
const values = (s: Series | undefined) => items(s).map((d) => (d !== null && typeof d === 'object' ? d.value : d));
const single = <T>(v: T | T[] | undefined): T => (Array.isArray(v) ? v[0] : v) as T;
const description = (o: ChartOption) => (o.aria as { label: { description: string } }).label.description;
const tooltip = (o: ChartOption, dataIndex: number) => {
  const f = single(o.tooltip)!.formatter as (p: unknown) => string;
  return f([{ dataIndex }]);
};

describe('spcChartOptions', () => {
  const o = spcChartOptions(FIXTURE, OPTS);

  it('plots the values with gaps, and the centre line and limits of each part as steps', () => {
    expect(values(byId(o, 'value'))).toEqual([10, 12, null, 11, 20, 22, 21, 35]);
    expect(byId(o, 'value')!.connectNulls).toBe(false);
    const cl = byId(o, 'cl')!;
    expect(cl.step).toBe('middle');
    expect(values(cl)).toEqual([11, 11, 11, 11, 21, 21, 21, 21]);
    expect(values(byId(o, 'ucl'))).toEqual([17, 17, 17, 17, 27, 27, 27, 27]);
    expect(values(byId(o, 'lcl'))).toEqual([5, 5, 5, 5, 15, 15, 15, 15]);
    expect(byId(o, 'ucl')!.lineStyle!.type).toBe('dashed');
    expect(byId(o, 'cl')!.lineStyle!.type).toBe('solid');
    expect(single(o.yAxis)!.name).toBe('appointments');
    expect((single(o.xAxis) as { data: string[] }).data).toEqual(X);
  });

  it('has no limits on a run chart', () => {
    const run = {
      ...FIXTURE,
      chart: 'run' as const,
      points: FIXTURE.points.map((p) => ({ ...p, cl: p.part === 1 ? 11 : 21.5, lcl: null, ucl: null, sigma_signal: false, signals: [], classification: null })),
      signals: [],
    };
    const r = spcChartOptions(run, OPTS);
    expect(byId(r, 'ucl')).toBeUndefined();
    expect(byId(r, 'lcl')).toBeUndefined();
    expect(byId(r, 'cl')!.name).toBe('Median');
    expect(values(byId(r, 'cl'))).toEqual([11, 11, 11, 11, 21.5, 21.5, 21.5, 21.5]);
    expect(seriesOf(r).some((s) => s.name === 'Control limits')).toBe(false);
  });

  it('draws signals, points beyond a limit and excluded points with their own symbols and sizes', () => {
    const value = byId(o, 'value')!;
    const data = items(value) as Item[];
    // Ordinary points take the series' filled circle.
    expect(value.symbol).toBe('circle');
    expect(data[0].symbol).toBeUndefined();
    // Point 8 broke out above the upper limit: a bigger, upward triangle.
    expect(data[7]).toMatchObject({ value: 35, symbol: 'triangle', symbolRotate: 0 });
    expect(data[7].symbolSize!).toBeGreaterThan(value.symbolSize as number);
    // Point 2 is excluded: hollow and grey.
    expect(data[1]).toMatchObject({ value: 12, symbol: 'emptyCircle' });
    // A pattern signal (a long run) is a bigger hollow diamond.
    const runs = {
      ...FIXTURE,
      points: FIXTURE.points.map((p) => (p.point >= 5 && p.point <= 7 ? { ...p, runs_signal: true, signals: ['anhoej.long_run' as const], classification: 'concern' as const } : p)),
    };
    const d2 = items(byId(spcChartOptions(runs, OPTS), 'value')) as Item[];
    expect(d2[5].symbol).toBe('emptyDiamond');
    expect(d2[5].symbolSize!).toBeGreaterThan(value.symbolSize as number);
    // A point below the lower limit points down.
    const low = { ...FIXTURE, points: FIXTURE.points.map((p) => (p.point === 8 ? { ...p, y: 9 } : p)) };
    expect((items(byId(spcChartOptions(low, OPTS), 'value')) as Item[])[7]).toMatchObject({ symbol: 'triangle', symbolRotate: 180 });
    // The legend names the symbols that occur.
    const legend = single(o.legend)!.data as { name: string }[];
    expect(legend.map((d) => d.name)).toEqual(['Value', 'Centre line', 'Control limits', 'Beyond a limit', 'Excluded']);
  });

  it('marks the phase start and the PDSA cycle on the time axis', () => {
    const value = byId(o, 'value')!;
    const lines = value.markLine!.data as { xAxis?: string; label?: { formatter?: string } }[];
    expect(lines).toHaveLength(1);
    expect(lines[0].xAxis).toBe('2024-05');
    const label = lines[0].label!.formatter!;
    expect(label.startsWith('Reminders adopted')).toBe(true);
    expect(label.endsWith('…')).toBe(true);
    expect(label.length).toBeLessThanOrEqual(32);
    expect(value.markArea!.data).toEqual([[{ name: 'PDSA 3', xAxis: '2024-02' }, { xAxis: '2024-04' }]]);
    // A cycle within one period is a line labelled with its number.
    const one = {
      ...FIXTURE,
      annotations: [...FIXTURE.annotations, { period: '2024-07', until: '2024-07', kind: 'pdsa' as const, pdsa_id: 4, decision_id: null, label: 'Walk-in hours', status: 'doing' as const, decision: null }],
    };
    const l2 = byId(spcChartOptions(one, OPTS), 'value')!.markLine!.data as { xAxis?: string; label?: { formatter?: string } }[];
    expect(l2.map((m) => [m.xAxis, m.label!.formatter])).toContainEqual(['2024-07', 'PDSA 4']);
  });

  it('marks a decision as a dashed line labelled with its number, in the tooltip and the description', () => {
    const decided = {
      ...FIXTURE,
      annotations: [...FIXTURE.annotations, { period: '2024-06', until: null, kind: 'decision' as const, pdsa_id: null, decision_id: 2, label: 'Open a second walk-in site', status: null, decision: null }],
    };
    const opts = spcChartOptions(decided, OPTS);
    const lines = byId(opts, 'value')!.markLine!.data as { xAxis?: string; label?: { formatter?: string }; lineStyle?: { type?: string } }[];
    const mark = lines.find((m) => m.label?.formatter === 'D2');
    expect([mark?.xAxis, mark?.lineStyle?.type]).toEqual(['2024-06', 'dashed']);
    // Told apart from the phase line (solid) without colour.
    expect(lines.find((m) => m.xAxis === '2024-05')!.lineStyle!.type).toBe('solid');
    expect(tooltip(opts, 5)).toContain('Decision 2 (2024-06): Open a second walk-in site');
    expect(tooltip(opts, 6)).not.toContain('Decision 2');
    expect(description(opts)).toContain('Decisions marked: Decision 2 (2024-06): Open a second walk-in site.');
  });

  it('describes the chart in words: latest value, signals, phases', () => {
    const d = description(o);
    expect(d).toContain('I chart of Missed appointments (appointments), 8 periods from 2024-01 to 2024-08.');
    expect(d).toContain('The latest value is 35 appointments (2024-08).');
    expect(d).toContain('1 signal: beyond a control limit (2024-08, concern).');
    expect(d).toContain('A new phase starts at 2024-05: Reminders adopted');
    expect(d).toContain('1 period has no value.');
    expect(d).toContain('PDSA cycles marked: PDSA 3 (2024-02 to 2024-04).');
    expect(o.aria).toMatchObject({ enabled: true, decal: { show: true } });
  });

  it('lists value, limits, part, signals and annotations in the tooltip', () => {
    const t8 = tooltip(o, 7);
    expect(t8).toContain('Value: 35 appointments');
    expect(t8).toContain('Centre line: 21');
    expect(t8).toContain('Limits: 15 to 27');
    expect(t8).toContain('Phase 2 of 2');
    expect(t8).toContain('Signal: beyond a control limit (concern)');
    expect(tooltip(o, 2)).toContain('Value: no value');
    const t2 = tooltip(o, 1);
    expect(t2).toContain('Excluded from the centre line and limits');
    expect(t2).toContain('PDSA 3 (completed, adopt): Text reminders before appointments');
    expect(tooltip(o, 4)).toContain('New phase: Reminders adopted');
    // Labels are escaped: the tooltip is HTML.
    const evil = { ...FIXTURE, annotations: [{ ...FIXTURE.annotations[0], label: '<img src=x onerror=alert(1)>' }] };
    expect(tooltip(spcChartOptions(evil, OPTS), 1)).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('has a compact variant for phones', () => {
    const c = spcChartOptions(FIXTURE, { ...OPTS, compact: true });
    const grid = (x: ChartOption) => single(x.grid)! as { left: number; right: number };
    expect(grid(c).left).toBeLessThan(grid(o).left);
    expect(grid(c).right).toBeLessThan(grid(o).right);
    const interval = (x: ChartOption) => (single(x.xAxis) as { axisLabel: { interval: unknown } }).axisLabel.interval;
    expect(interval(o)).toBe('auto');
    expect(interval(c)).toBe(1); // 8 labels, at most 4 shown
    expect(byId(c, 'value')!.symbolSize as number).toBeLessThan(byId(o, 'value')!.symbolSize as number);
    // A narrow width alone picks the compact layout.
    expect(interval(spcChartOptions(FIXTURE, { ...OPTS, width: 390 }))).toBe(1);
  });

  it('shows a suppressed chart empty, with the reason as subtext', () => {
    const hidden = chartForSmallCellReader(FIXTURE, 11);
    expect(hidden.suppressed).not.toBeNull();
    const s = spcChartOptions(hidden, OPTS);
    expect(values(byId(s, 'value')).every((v) => v === null)).toBe(true);
    expect(byId(s, 'cl')).toBeUndefined();
    expect(byId(s, 'ucl')).toBeUndefined();
    expect(single(s.title)!.subtext).toBe(hidden.suppressed);
    expect(description(s)).toContain(`The values are hidden: ${hidden.suppressed}`);
    expect(tooltip(s, 0)).toContain('Value: hidden');
  });

  it('formats shares as percentages', () => {
    const share = {
      ...FIXTURE,
      chart: 'p' as const,
      points: FIXTURE.points.map((p) => ({ ...p, y: p.y === null ? null : p.y / 100, cl: p.cl! / 100, lcl: p.lcl! / 100, ucl: p.ucl! / 100 })),
    };
    const s = spcChartOptions(share, { title: 'Assessments completed', unit: '%' });
    expect(description(s)).toContain('The latest value is 35% (2024-08).');
    expect(tooltip(s, 7)).toContain('Limits: 15% to 27%');
  });
});

describe('flowChartOptions', () => {
  const rows: FlowRow[] = [
    { month: '2024-01', newly_identified: 30, returned_from_housing: 5, returned_from_inactive: 12, housing_placements: 20, moved_to_inactive: 14, no_longer_meets_criteria: 11 },
    { month: '2024-02', newly_identified: 28, returned_from_housing: null, returned_from_inactive: 15, housing_placements: 25, moved_to_inactive: 12, no_longer_meets_criteria: 13 },
    { month: '2024-03', newly_identified: 33, returned_from_housing: 11, returned_from_inactive: 14, housing_placements: 31, moved_to_inactive: 16, no_longer_meets_criteria: 12 },
  ];
  const o = flowChartOptions(rows, { title: 'Inflow and outflow', unit: 'people' });
  const bars = seriesOf(o).filter((s) => s.type === 'bar') as BarSeriesOption[];
  const stackSum = (side: 'in' | 'out', i: number) =>
    bars.filter((s) => String(s.name).startsWith(side === 'in' ? 'In:' : 'Out:')).reduce((a, s) => a + ((values(s)[i] as number | null) ?? 0), 0);

  it('stacks the three inflows above zero and the three outflows below, in one bar per month', () => {
    expect(bars).toHaveLength(6);
    expect(new Set(bars.map((s) => s.stack))).toEqual(new Set(['flow']));
    expect(stackSum('in', 0)).toBe(30 + 5 + 12);
    expect(stackSum('out', 0)).toBe(-(20 + 14 + 11));
    expect(stackSum('in', 2)).toBe(33 + 11 + 14);
    expect(stackSum('out', 2)).toBe(-(31 + 16 + 12));
  });

  it('shows hidden cells as gaps with a note, a pattern per series and a legend', () => {
    const returned = bars.find((s) => s.id === 'returned_from_housing')!;
    expect(values(returned)).toEqual([5, null, 11]);
    expect(single(o.title)!.subtext).toContain('hidden: small counts');
    const rings = seriesOf(o).find((s) => s.id === 'hidden-in')!;
    expect(values(rings)).toEqual([null, 28 + 15, null]);
    const decals = bars.map((s) => JSON.stringify((s.itemStyle as { decal: unknown }).decal));
    expect(new Set(decals).size).toBe(6);
    expect((single(o.legend)!.data as { name: string }[]).map((d) => d.name)).toContain('Out: housed');
    expect(description(o)).toContain('In 2024-03: 58 in and 59 out, net -1.');
    const tip = tooltip(o, 1);
    expect(tip).toContain('returned from housing hidden: small counts');
    expect(tip).toContain('Into the list: total hidden');
    expect(tip).toContain('Out of the list: 50 people');
  });

  it('exports its data as CSV with the totals where nothing is hidden', () => {
    const lines = flowDataCsv(rows).trimEnd().split('\n');
    expect(lines[0]).toBe('month,newly_identified,returned_from_housing,returned_from_inactive,housing_placements,moved_to_inactive,no_longer_meets_criteria,inflow,outflow');
    expect(lines[2]).toBe('2024-02,28,,15,25,12,13,,50');
  });
});

describe('chartDataCsv', () => {
  it('has the header and one row per point', () => {
    const lines = chartDataCsv(FIXTURE).trimEnd().split('\n');
    expect(lines[0]).toBe(SPC_CSV_COLUMNS.join(','));
    expect(lines[0]).toBe('period,value,cl,lcl,ucl,part,signals,annotations,excluded');
    expect(lines).toHaveLength(1 + 8);
    expect(lines[1]).toBe('2024-01,10,11,5,17,1,,,');
    expect(lines[2]).toBe('2024-02,12,11,5,17,1,,"PDSA 3 (completed, adopt): Text reminders before appointments",yes');
    expect(lines[3]).toBe('2024-03,,11,5,17,1,,"PDSA 3 (completed, adopt): Text reminders before appointments",');
    expect(lines[5]).toBe(`2024-05,20,21,15,27,2,,New phase: ${PHASE_REASON},`);
    expect(lines[8]).toBe('2024-08,35,21,15,27,2,beyond a control limit (concern),,');
  });

  it('neutralises a label that a spreadsheet would run as a formula', () => {
    const evil = { ...FIXTURE, points: FIXTURE.points.map((p, i) => (i === 0 ? { ...p, x: '=HYPERLINK("http://x")' } : p)) };
    const lines = chartDataCsv(evil).split('\n');
    expect(lines[1].startsWith(`"'=HYPERLINK(""http://x"")",10,`)).toBe(true);
  });
});

/** Every start tag closed by its end tag, in order: enough to catch broken markup. */
function assertWellFormed(xml: string): void {
  const stack: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([A-Za-z][\w:.-]*)((?:"[^"]*"|'[^']*'|[^'">])*?)(\/?)>/g)) {
    const [, closing, name, , selfClosing] = m;
    if (selfClosing) continue;
    if (closing) expect(stack.pop(), `</${name}>`).toBe(name);
    else stack.push(name);
  }
  expect(stack).toEqual([]);
  expect(xml.replace(/<[^>]*>/g, '')).not.toMatch(/[<>]|&(?!(amp|lt|gt|quot|apos|#\d+);)/);
}

describe('renderChartSvg', () => {
  it('renders a standalone, labelled SVG with a line per series', () => {
    const svg = renderChartSvg(spcChartOptions(FIXTURE, { ...OPTS, title: 'Missed appointments & no-shows' }), { width: 640, height: 400 });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toMatch(/^<svg[^>]* xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toMatch(/^<svg[^>]* width="640" height="400"/);
    expect(svg).toMatch(/^<svg[^>]* role="img" aria-labelledby="(zl-chart-\d+)-title \1-desc"/);
    expect(svg).toMatch(/<title id="zl-chart-\d+-title">Missed appointments &amp; no-shows<\/title>/);
    expect(svg).toMatch(/<desc id="zl-chart-\d+-desc">[^<]*The latest value is 35 appointments/);
    // The title is drawn too.
    expect(svg).toMatch(/<text[^>]*>Missed appointments &amp; no-shows<\/text>/);
    assertWellFormed(svg);
    // One stroked line for the values, one for the centre line, two dashed for the limits.
    const lines = (colour: string) => [...svg.matchAll(/<path d="M[^"]*L[^"]*"[^>]*>/g)].map((m) => m[0]).filter((p) => p.includes('fill="none"') && p.includes(`stroke="${colour}"`));
    expect(lines(CHART_COLOURS.value)).toHaveLength(1);
    expect(lines(CHART_COLOURS.centre)).toHaveLength(1);
    const limits = lines(CHART_COLOURS.limit);
    expect(limits).toHaveLength(2);
    for (const p of limits) expect(p).toContain('stroke-dasharray');
    // The phase line and the PDSA cycle's area.
    expect(lines(CHART_COLOURS.phase)).toHaveLength(1);
    expect(svg).toMatch(/<polygon[^>]*stroke="#00796b"/);
  });

  it('renders the flow chart with a pattern per series', () => {
    const rows: FlowRow[] = [
      { month: '2024-01', newly_identified: 30, returned_from_housing: 5, returned_from_inactive: 12, housing_placements: 20, moved_to_inactive: 14, no_longer_meets_criteria: 11 },
      { month: '2024-02', newly_identified: 28, returned_from_housing: 12, returned_from_inactive: 15, housing_placements: 25, moved_to_inactive: 12, no_longer_meets_criteria: 13 },
    ];
    const svg = renderChartSvg(flowChartOptions(rows, { title: 'Inflow and outflow', unit: 'people', compact: true }), { width: 390, height: 420 });
    assertWellFormed(svg);
    expect(svg).toContain('<title id=');
    expect((svg.match(/<pattern\b/g) ?? []).length).toBeGreaterThanOrEqual(6);
    // 2 months × 6 series, each bar filled with its pattern.
    expect((svg.match(/<path d="M[^"]*Z" fill="url\(#/g) ?? []).length).toBeGreaterThanOrEqual(12);
  });
});
