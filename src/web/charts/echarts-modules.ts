/**
 * The ECharts parts that the options of spc-chart-options.ts need, for `echarts.use`
 * with the tree-shaken `echarts/core` build. Isomorphic: the browser adds a renderer
 * (CanvasRenderer for PNG downloads, or SVGRenderer) and render-svg.ts adds the
 * SVGRenderer for server-side rendering.
 *
 * - LineChart: values, centre line and limits; BarChart: the inflow/outflow chart;
 *   ScatterChart: the legend's key to the signal, beyond-limit and excluded symbols.
 * - GridComponent (cartesian axes), TitleComponent, TooltipComponent (brings the
 *   axis pointer), LegendComponent, MarkLineComponent (phases, single-period PDSA
 *   cycles, target), MarkAreaComponent (PDSA cycles spanning periods), AriaComponent
 *   (aria-label and decal patterns).
 */
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TitleComponent, TooltipComponent } from 'echarts/components';

export const CHART_MODULES = [
  LineChart,
  BarChart,
  ScatterChart,
  GridComponent,
  TitleComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  MarkAreaComponent,
  AriaComponent,
];
