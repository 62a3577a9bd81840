import type { MeasureChartResult } from './measures.ts';

/**
 * The measure chart as the CLI and the API print it: the SPC contract's points and
 * parts (the same fields `zeroloop spc` prints), with the measure, its phases and the
 * PDSA annotations beside them.
 */
export function measureChartJson(r: MeasureChartResult) {
  const d = r.measure.definition;
  return {
    measure: {
      slug: r.measure.slug,
      version: r.measure.version,
      name: d.name,
      type: d.type,
      population: d.population,
      frequency: d.frequency,
      unit: d.unit,
      improvement: d.improvement,
      target: d.target,
    },
    chart: r.chart.chart,
    rules: r.chart.rules,
    freeze: r.chart.freeze,
    screen: r.chart.screen,
    points: r.chart.points,
    parts: r.chart.parts,
    signals: r.chart.signals,
    nhs: r.chart.nhs,
    phases: r.phases,
    annotations: r.annotations,
  };
}

export type MeasureChartJson = ReturnType<typeof measureChartJson>;
