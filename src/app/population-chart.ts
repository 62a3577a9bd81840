import type { Database } from '../store/database.ts';
import type { Community } from '../store/communities.ts';
import { bnlFigureSeries } from '../store/bnl-figure-series.ts';
import { BNL_FIGURE_LABELS } from '../domain/learning/bnl-figures.ts';
import type { BnlFigure } from '../domain/learning/types.ts';
import { spcChart } from '../domain/spc/spc-chart.ts';
import type { ChartType, RuleSet } from '../domain/spc/types.ts';
import { SpcInputError } from '../domain/spc/spc-input-error.ts';
import { communityPopulations } from './populations.ts';
import { UserError } from './errors.ts';

/**
 * A By-Name List figure of one population as a run or control chart, without a
 * measure having been defined for it: what the overview draws for every population.
 * The shape is a measure chart's (src/app/learning/chart-json.ts) with the figure in
 * place of the measure, and no phases or annotations.
 */
export async function populationFigureChart(
  db: Database,
  community: Community,
  population: string,
  figure: BnlFigure,
  view: { chart?: ChartType; rules?: RuleSet; from?: string; to?: string } = {},
) {
  const populations = await communityPopulations(db, community.communityId);
  const p = populations.find((x) => x.slug === population);
  if (!p) throw new UserError(`There is no population "${population}": expected one of ${populations.map((x) => x.slug).join(', ')}.`, 'not-found');
  const label = BNL_FIGURE_LABELS[figure];
  // Months outside from..to (YYYY-MM, inclusive) are left out: the chart is drawn from the rest.
  const points = (await bnlFigureSeries(db, community.communityId, population, figure)).filter((x) => (view.from === undefined || x.period >= view.from) && (view.to === undefined || x.period <= view.to));
  if (points.length === 0) throw new UserError(`The population "${population}" has no months yet: load the By-Name List first.`, 'not-found');
  const usesDenominator = points.some((x) => x.denominator !== null);
  let chart;
  try {
    chart = spcChart({
      chart: view.chart ?? label.chart,
      rules: view.rules ?? 'anhoej',
      x: points.map((x) => x.period),
      y: points.map((x) => x.value),
      n: usesDenominator ? points.map((x) => (x.value === null ? null : x.denominator)) : null,
      improvement: label.improvement,
    });
  } catch (e) {
    if (e instanceof SpcInputError) throw new UserError(`The chart cannot be drawn as asked: ${e.message}.`);
    throw e;
  }
  return {
    measure: { slug: `${population}:${figure}`, version: 0, name: `${label.name} — ${p.name}`, type: 'outcome', population, frequency: 'monthly', unit: p.countsHouseholds ? label.unit.replace('people or households', 'households') : label.unit.replace('people or households', 'people'), improvement: label.improvement, target: null },
    chart: chart.chart,
    rules: chart.rules,
    freeze: chart.freeze,
    screen: chart.screen,
    points: chart.points,
    parts: chart.parts,
    signals: chart.signals,
    nhs: chart.nhs,
    phases: [],
    annotations: [],
  };
}
