import * as echarts from 'echarts/core';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import { CHART_MODULES } from '../charts/echarts-modules.ts';
import type { EChartsCoreOption } from 'echarts/core';
import { h } from './dom.ts';

echarts.use([...CHART_MODULES, CanvasRenderer, SVGRenderer]);

export interface ChartSpec {
  title: string;
  /** What the chart shows, for screen readers (the chart's accessible name). */
  description: string;
  /** Download file name, without extension. */
  filename: string;
  /** The ECharts option, compact for narrow screens. */
  option: (compact: boolean) => EChartsCoreOption;
  /** The plotted data as CSV. */
  csv: () => string;
}

const PHONE = 600;

function download(name: string, href: string): void {
  const a = h('a', { href, download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
}

function downloadText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  download(name, url);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A chart with its downloads: drawn on a canvas for the screen; PNG from that canvas,
 * SVG from the same option rendered by ECharts' SVG renderer (the server renders
 * report charts the same way), and the data as CSV.
 */
export function chartWidget(spec: ChartSpec): HTMLElement {
  // ECharts labels the element it draws in; the figure's own name is on a wrapper
  // whose role makes everything inside it one image.
  const box = h('div', { class: 'chart-canvas' });
  const frame = h('div', { class: 'chart-box', role: 'img', 'aria-label': `${spec.title}. ${spec.description}` }, box);
  let chart: echarts.ECharts | null = null;
  let compact = false;
  // Drawn once the box is on the page and has a width; redrawn compact on a phone.
  const draw = () => {
    if (!box.isConnected || box.clientWidth === 0) return;
    const nowCompact = box.clientWidth < PHONE;
    if (!chart) {
      chart = echarts.init(box, undefined, { renderer: 'canvas' });
      compact = nowCompact;
      chart.setOption(spec.option(compact), true);
    } else if (nowCompact !== compact) {
      compact = nowCompact;
      chart.setOption(spec.option(compact), true);
    }
    chart.resize();
  };
  new ResizeObserver(draw).observe(box);

  const svg = () => {
    const width = Math.max(box.clientWidth, 640);
    const height = Math.max(box.clientHeight, 360);
    const offscreen = echarts.init(null as unknown as HTMLElement, undefined, { renderer: 'svg', ssr: true, width, height });
    offscreen.setOption({ ...spec.option(false), animation: false });
    const text = offscreen.renderToSVGString();
    offscreen.dispose();
    return text;
  };

  return h(
    'figure',
    { class: 'chart' },
    frame,
    h(
      'figcaption',
      {},
      h('span', { class: 'chart-title' }, spec.title),
      h(
        'span',
        { class: 'downloads' },
        h('button', { type: 'button', class: 'small', onclick: () => chart && download(`${spec.filename}.png`, chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' })) }, 'PNG'),
        h('button', { type: 'button', class: 'small', onclick: () => downloadText(`${spec.filename}.svg`, svg(), 'image/svg+xml') }, 'SVG'),
        h('button', { type: 'button', class: 'small', onclick: () => downloadText(`${spec.filename}.csv`, spec.csv(), 'text/csv') }, 'Data (CSV)'),
      ),
    ),
  );
}
