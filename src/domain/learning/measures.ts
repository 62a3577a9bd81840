import { CHART_TYPES, RULE_SETS, type ChartType } from '../spc/types.ts';
import { BNL_FIGURES, FREQUENCIES, MEASURE_TYPES, type BnlFigure, type MeasureDefinition } from './types.ts';

export const MEASURE_SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Charts whose y is a count over a denominator: they need one for every point. */
export const RATIO_CHARTS: ReadonlySet<ChartType> = new Set<ChartType>(['p', 'pp', 'u', 'up']);

/** By-Name List figures that come with a denominator (a share of something). */
export const BNL_RATIO_FIGURES: ReadonlySet<BnlFigure> = new Set<BnlFigure>(['returns_within_6_months', 'returns_within_12_months', 'share_inactive']);

const TEXT_LIMIT = 2000;

/** A slug for a measure named `name`: lower case, words joined by `-`. */
export function measureSlugFrom(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return slug || 'measure';
}

/**
 * Problems with a measure's operational definition, each a sentence naming the field
 * and what was expected. The shape of the object (types of fields) is the caller's
 * to check; these are the rules that make a definition usable and honest: a By-Name
 * List figure is monthly and about a population; a ratio chart needs a ratio.
 */
export function validateMeasureDefinition(d: MeasureDefinition): string[] {
  const problems: string[] = [];
  const text = (field: string, value: string | null, required: boolean) => {
    if (value === null || value.trim() === '') {
      if (required) problems.push(`${field} is empty: say it in words`);
    } else if (value.length > TEXT_LIMIT) problems.push(`${field} is ${value.length} characters long: at most ${TEXT_LIMIT}`);
  };
  text('name', d.name, true);
  if (d.name.length > 200) problems.push('name is longer than 200 characters');
  text('description', d.description, true);
  text('numerator', d.numerator, true);
  text('denominator', d.denominator, false);
  text('unit', d.unit, true);
  text('owner', d.owner, false);
  if (!MEASURE_TYPES.includes(d.type)) problems.push(`type "${d.type}" is not one of ${MEASURE_TYPES.join(', ')}`);
  if (!FREQUENCIES.includes(d.frequency)) problems.push(`frequency "${d.frequency}" is not one of ${FREQUENCIES.join(', ')}`);
  if (!CHART_TYPES.includes(d.chart)) problems.push(`chart "${d.chart}" is not one of ${CHART_TYPES.join(', ')}`);
  if (!RULE_SETS.includes(d.rules)) problems.push(`rules "${d.rules}" is not one of ${RULE_SETS.join(', ')}`);
  if (d.improvement !== null && d.improvement !== 'up' && d.improvement !== 'down') problems.push(`improvement "${String(d.improvement)}" is not up, down or none`);
  if (d.target !== null && !Number.isFinite(d.target)) problems.push('target is not a number');

  const source = d.source;
  if (source.kind === 'bnl') {
    if (!BNL_FIGURES.includes(source.figure)) problems.push(`source figure "${source.figure}" is not one of ${BNL_FIGURES.join(', ')}`);
    else {
      if (d.population === null) problems.push('a By-Name List figure needs a population (e.g. all, veterans)');
      if (d.frequency !== 'monthly') problems.push('a By-Name List figure is monthly: frequency must be monthly');
      const ratio = BNL_RATIO_FIGURES.has(source.figure);
      if (ratio && d.denominator === null) problems.push(`"${source.figure}" is a share: say what its denominator counts`);
      if (!ratio && d.denominator !== null) problems.push(`"${source.figure}" is a count or average with no denominator: denominator must be empty`);
      if (RATIO_CHARTS.has(d.chart) && !ratio) problems.push(`a ${d.chart} chart needs a share, and "${source.figure}" is not one: use a run, i or c chart`);
      if (d.chart === 'c' && ratio) problems.push(`a c chart plots counts, and "${source.figure}" is a share: use a p or run chart`);
    }
  } else if (source.kind !== 'manual' && source.kind !== 'csv') {
    problems.push(`source "${(source as { kind: string }).kind}" is not one of bnl, manual, csv`);
  } else if (RATIO_CHARTS.has(d.chart) && d.denominator === null) {
    problems.push(`a ${d.chart} chart needs a denominator: say what it counts`);
  }
  return problems;
}

/** What changed between two versions of a definition, as field names (for the history). */
export function changedFields(before: MeasureDefinition, after: MeasureDefinition): string[] {
  const keys = Object.keys(after) as (keyof MeasureDefinition)[];
  return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}
