/**
 * Server-side rendering of the chart options (spc-chart-options.ts) to standalone SVG,
 * for downloads and reports. Node only: ECharts' zero-dependency SSR mode with the SVG
 * renderer, no DOM and no canvas.
 */
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { CHART_MODULES } from './echarts-modules.ts';
import type { ChartOption } from './spc-chart-options.ts';

echarts.use([...CHART_MODULES, SVGRenderer]);

const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

function first<T>(v: T | T[] | undefined): T | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** The option's title text and aria description. */
function accessibleText(option: ChartOption): { title: string; description: string } {
  const title = first(option.title)?.text ?? '';
  const aria = option.aria as { label?: { description?: string }; description?: string } | undefined;
  return { title: String(title), description: aria?.label?.description ?? aria?.description ?? '' };
}

let rendered = 0;

/**
 * The chart as a standalone SVG document (with its xmlns), drawn without animation,
 * with a `<title>` and a `<desc>` from the option's title and aria description and
 * `role="img"` pointing at them: ECharts' own aria label needs a DOM and is not
 * written in SSR mode.
 */
export function renderChartSvg(option: ChartOption, size: { width: number; height: number }): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ ...option, animation: false });
    const svg = chart.renderToSVGString();
    const { title, description } = accessibleText(option);
    const id = `zl-chart-${++rendered}`;
    const ids = [title ? `${id}-title` : '', description ? `${id}-desc` : ''].filter(Boolean).join(' ');
    const children = `${title ? `<title id="${id}-title">${escapeXml(title)}</title>` : ''}${description ? `<desc id="${id}-desc">${escapeXml(description)}</desc>` : ''}`;
    return svg.replace(/^<svg\b([^>]*)>/, (_m, attrs: string) => `<svg${attrs} role="img"${ids ? ` aria-labelledby="${ids}"` : ''}>\n${children}`);
  } finally {
    chart.dispose();
  }
}
