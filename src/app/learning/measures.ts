import type { Readable } from 'node:stream';
import type { Database } from '../../store/database.ts';
import type { Community } from '../../store/communities.ts';
import { LearningRepository } from '../../store/learning-repository.ts';
import { bnlFigureSeries } from '../../store/bnl-figure-series.ts';
import { BNL_FIGURE_LABELS } from '../../domain/learning/bnl-figures.ts';
import { MEASURE_SLUG, RATIO_CHARTS, changedFields, measureSlugFrom, validateMeasureDefinition } from '../../domain/learning/measures.ts';
import { cyclesAsOf, decisionsAsOf, phasesAsOf, pointsAsOf } from '../../domain/learning/as-of.ts';
import { measureChart, type ChartView, type MeasureChart, type MeasurePoint } from '../../domain/learning/measure-chart.ts';
import { describePeriodFormat, parsePeriod, periodRange } from '../../domain/learning/periods.ts';
import { BNL_FIGURES, FREQUENCIES, MEASURE_TYPES, type BnlFigure, type Measure, type MeasureDefinition, type MeasureSource, type MeasureType, type MeasureValue, type MeasureVersion } from '../../domain/learning/types.ts';
import { CHART_TYPES, RULE_SETS } from '../../domain/spc/types.ts';
import { SpcInputError } from '../../domain/spc/spc-input-error.ts';
import { readMeasureValues } from '../../ingest/measure-values.ts';
import { InputError } from '../../ingest/problems.ts';
import { communityPopulations } from '../populations.ts';
import { UserError } from '../errors.ts';
import { Input, refuse } from './input.ts';

const DEFINITION_FIELDS = ['name', 'type', 'description', 'numerator', 'denominator', 'population', 'source', 'frequency', 'unit', 'improvement', 'owner', 'target', 'chart', 'rules'] as const;
const META_FIELDS = ['by', 'reason', 'agreed_by'] as const;

/** Figures whose natural reading is about the process rather than the outcome. */
const PROCESS_FIGURES: ReadonlySet<BnlFigure> = new Set<BnlFigure>(['avg_days_to_housing', 'share_inactive', 'moved_to_inactive']);
const BALANCING_FIGURES: ReadonlySet<BnlFigure> = new Set<BnlFigure>(['returns_within_6_months', 'returns_within_12_months']);

export interface MeasureDetail extends Measure {
  versions: MeasureVersion[];
}

export async function listMeasures(db: Database, community: Community): Promise<Measure[]> {
  return new LearningRepository(db, community.communityId).measures();
}

export async function requireMeasure(repo: LearningRepository, slug: string): Promise<Measure> {
  const m = await repo.measure(slug);
  if (!m) {
    const all = (await repo.measures()).map((x) => x.slug);
    throw new UserError(`There is no measure "${slug}"${all.length ? `; there is ${all.map((s) => `"${s}"`).join(', ')}` : ' yet'}.`, 'not-found');
  }
  return m;
}

export async function showMeasure(db: Database, community: Community, slug: string): Promise<MeasureDetail> {
  const repo = new LearningRepository(db, community.communityId);
  const m = await requireMeasure(repo, slug);
  return { ...m, versions: await repo.versions(slug) };
}

function parseSource(input: Input): MeasureSource {
  const raw = input.raw('source');
  if (typeof raw === 'string') {
    if (raw === 'manual' || raw === 'csv') return { kind: raw };
    const m = /^bnl:(.+)$/.exec(raw);
    if (m && (BNL_FIGURES as readonly string[]).includes(m[1])) return { kind: 'bnl', figure: m[1] as BnlFigure };
    throw input.error('source', `is "${raw}": expected manual, csv or bnl:<figure> with a figure from ${BNL_FIGURES.join(', ')}`);
  }
  const o = input.optionalObject('source');
  if (!o) throw input.error('source', 'is required: expected manual, csv or bnl:<figure>');
  const kind = o.oneOf('kind', ['bnl', 'manual', 'csv'] as const);
  return kind === 'bnl' ? { kind, figure: o.oneOf('figure', BNL_FIGURES) } : { kind };
}

/**
 * A complete definition from a request: for a By-Name List figure, what the request
 * leaves out comes from the figure's own operational definition; otherwise the
 * fields that say what is counted are required.
 */
function definitionFrom(input: Input, base: MeasureDefinition | null, populationName: (slug: string) => string | null): MeasureDefinition {
  const source = input.has('source') ? parseSource(input) : base?.source;
  if (!source) throw input.error('source', 'is required: expected manual, csv or bnl:<figure>');
  const sourceChanged = base !== null && JSON.stringify(source) !== JSON.stringify(base.source);
  const figure = source.kind === 'bnl' ? BNL_FIGURE_LABELS[source.figure] : null;
  // A new source brings its own defaults; otherwise unchanged fields keep their value.
  const fallback = base && !sourceChanged ? base : null;
  const population = pick(input.optionalString('population'), fallback?.population, source.kind === 'bnl' ? 'all' : null);
  const popName = population === null ? null : populationName(population);
  const name =
    input.optionalString('name') ??
    fallback?.name ??
    (figure ? `${figure.name}${popName ? ` — ${popName}` : ''}` : input.string('name'));
  const def: MeasureDefinition = {
    name,
    type: pick(input.optionalOneOf('type', MEASURE_TYPES), fallback?.type, source.kind === 'bnl' ? defaultType(source.figure) : (input.oneOf('type', MEASURE_TYPES) as MeasureType)),
    description: pick(input.optionalString('description'), fallback?.description, figure?.description ?? input.string('description')),
    numerator: pick(input.optionalString('numerator'), fallback?.numerator, figure?.numerator ?? input.string('numerator')),
    denominator: pick(input.optionalString('denominator'), fallback ? fallback.denominator : undefined, figure ? figure.denominator : null),
    population,
    source,
    frequency: pick(input.optionalOneOf('frequency', FREQUENCIES), fallback?.frequency, 'monthly'),
    unit: pick(input.optionalString('unit'), fallback?.unit, figure?.unit ?? input.string('unit')),
    improvement: pick(input.optionalOneOf('improvement', ['up', 'down', 'none'] as const), fallback ? fallback.improvement ?? 'none' : undefined, figure?.improvement ?? 'none') as never,
    owner: pick(input.optionalString('owner'), fallback ? fallback.owner : undefined, null),
    target: pick(input.optionalNumber('target'), fallback ? fallback.target : undefined, null),
    chart: pick(input.optionalOneOf('chart', CHART_TYPES), fallback?.chart, figure?.chart ?? 'run'),
    rules: pick(input.optionalOneOf('rules', RULE_SETS), fallback?.rules, 'anhoej'),
  };
  if ((def.improvement as string) === 'none') def.improvement = null;
  return def;
}

/** The request's value when it gave one (null included), else the old value, else the default. */
function pick<T>(given: T | null | undefined, old: T | null | undefined, fallback: T | null): T {
  if (given !== undefined) return given as T;
  if (old !== undefined) return old as T;
  return fallback as T;
}

function defaultType(figure: BnlFigure): MeasureType {
  return PROCESS_FIGURES.has(figure) ? 'process' : BALANCING_FIGURES.has(figure) ? 'balancing' : 'outcome';
}

async function checkDefinition(db: Database, community: Community, def: MeasureDefinition): Promise<void> {
  const problems = validateMeasureDefinition(def);
  if (def.population !== null) {
    const all = await communityPopulations(db, community.communityId);
    if (!all.some((p) => p.slug === def.population)) problems.push(`population "${def.population}" does not exist: expected one of ${all.map((p) => p.slug).join(', ')}`);
  }
  refuse('the measure', problems);
}

async function populationNames(db: Database, community: Community): Promise<(slug: string) => string | null> {
  const all = await communityPopulations(db, community.communityId);
  return (slug) => all.find((p) => p.slug === slug)?.name ?? null;
}

/** Adds a measure: its first version, by a named person, with the organizations that agreed. */
export async function createMeasure(db: Database, community: Community, body: unknown): Promise<MeasureDetail> {
  const input = Input.of(body, 'the measure');
  input.rejectUnknown(['slug', ...DEFINITION_FIELDS, ...META_FIELDS]);
  const def = definitionFrom(input, null, await populationNames(db, community));
  await checkDefinition(db, community, def);
  const slug = input.optionalString('slug') ?? measureSlugFrom(def.name);
  if (!MEASURE_SLUG.test(slug)) throw input.error('slug', `is "${slug}": use lowercase letters, digits and dashes (at most 63)`);
  const by = input.string('by');
  return db.transaction(async (tx) => {
    const repo = new LearningRepository(tx, community.communityId);
    if (await repo.measure(slug)) throw new UserError(`There is already a measure "${slug}": change it with a new version, or choose another slug.`);
    await repo.saveVersion(slug, { version: 1, definition: def, changed_by: by, reason: input.optionalString('reason') ?? 'First version.', agreed_by: input.optionalStrings('agreed_by') ?? [] });
    return { slug, version: 1, definition: def, versions: await repo.versions(slug) };
  });
}

/**
 * Changes a measure's definition by adding a version: the old versions stay, and the
 * new one records who changed it, why (required) and which organizations agreed.
 */
export async function updateMeasure(db: Database, community: Community, slug: string, body: unknown): Promise<MeasureDetail> {
  const input = Input.of(body, 'the change');
  input.rejectUnknown([...DEFINITION_FIELDS, ...META_FIELDS]);
  const names = await populationNames(db, community);
  return db.transaction(async (tx) => {
    const repo = new LearningRepository(tx, community.communityId);
    const current = await requireMeasure(repo, slug);
    const def = definitionFrom(input, current.definition, names);
    await checkDefinition(tx, community, def);
    const changed = changedFields(current.definition, def);
    if (changed.length === 0) throw new UserError(`Nothing in the definition of "${slug}" changed: version ${current.version} stays current.`);
    if (changed.includes('frequency') && (await repo.values(slug)).length > 0)
      throw new UserError(`The frequency of "${slug}" cannot change: it has values by ${current.definition.frequency} period. Make a new measure instead.`);
    const version = current.version + 1;
    await repo.saveVersion(slug, { version, definition: def, changed_by: input.string('by'), reason: input.string('reason'), agreed_by: input.optionalStrings('agreed_by') ?? [] });
    return { slug, version, definition: def, versions: await repo.versions(slug) };
  });
}

/** The measure's values in time order: computed from the list, or entered, with empty periods as gaps. */
export async function measureSeries(db: Database, community: Community, measure: Measure): Promise<MeasurePoint[]> {
  const def = measure.definition;
  if (def.source.kind === 'bnl') {
    const rows = await bnlFigureSeries(db, community.communityId, def.population ?? 'all', def.source.figure);
    return rows.map((r) => ({ period: r.period, value: r.value, denominator: r.denominator }));
  }
  const values = await new LearningRepository(db, community.communityId).values(measure.slug);
  if (values.length === 0) return [];
  const byPeriod = new Map(values.map((v) => [v.period, v]));
  return periodRange(def.frequency, values[0].period, values[values.length - 1].period).map((period) => {
    const v = byPeriod.get(period);
    return { period, value: v?.value ?? null, denominator: v?.denominator ?? null };
  });
}

function needsDenominator(def: MeasureDefinition): boolean {
  return def.denominator !== null || RATIO_CHARTS.has(def.chart);
}

function refuseComputed(measure: Measure): void {
  if (measure.definition.source.kind === 'bnl')
    throw new UserError(`"${measure.slug}" is computed from the By-Name List: its values cannot be entered by hand.`);
}

/** Adds or replaces values of a manual measure, each for one period. */
export async function putMeasureValues(db: Database, community: Community, slug: string, body: unknown): Promise<MeasureValue[]> {
  const input = Input.of(body, 'the values');
  input.rejectUnknown(['values', 'by']);
  const by = input.string('by');
  const items = input.optionalObjects('values');
  if (!items || items.length === 0) throw input.error('values', 'is required: a list of {period, value, denominator?, note?}');
  return db.transaction(async (tx) => {
    const repo = new LearningRepository(tx, community.communityId);
    const measure = await requireMeasure(repo, slug);
    refuseComputed(measure);
    const def = measure.definition;
    const seen = new Set<string>();
    const rows = items.map((item) => {
      item.rejectUnknown(['period', 'value', 'denominator', 'note']);
      const period = item.string('period');
      if (parsePeriod(def.frequency, period) === null) throw item.error('period', `is "${period}": expected a ${def.frequency} period, ${describePeriodFormat(def.frequency)}`);
      if (seen.has(period)) throw item.error('period', `${period} is given twice`);
      seen.add(period);
      const value = item.number('value');
      let denominator: number | null = null;
      if (needsDenominator(def)) {
        denominator = item.number('denominator');
        if (denominator <= 0) throw item.error('denominator', 'must be greater than 0');
        if (value < 0 || value > denominator) throw item.error('value', `is ${value}: a count of a share must be from 0 to its denominator ${denominator}`);
      } else if (item.has('denominator') && item.optionalNumber('denominator') !== null) {
        throw item.error('denominator', `is given, but "${slug}" has no denominator in its definition`);
      }
      return { period, value, denominator, note: item.optionalString('note') ?? null, source: 'manual' as const, entered_by: by };
    });
    await repo.putValues(slug, rows);
    return repo.values(slug);
  });
}

/** Imports a manual measure's values from a CSV (period,value[,denominator][,note]); all or nothing. */
export async function importMeasureValues(
  db: Database,
  community: Community,
  slug: string,
  file: { source: string | (() => Readable); name: string },
  by: string,
): Promise<{ imported: number; values: MeasureValue[] }> {
  if (by.trim() === '') throw new UserError('Say who is importing the values (--by).');
  const repo = new LearningRepository(db, community.communityId);
  const measure = await requireMeasure(repo, slug);
  refuseComputed(measure);
  let rows;
  try {
    rows = await readMeasureValues(file.source, file.name, { frequency: measure.definition.frequency, needsDenominator: needsDenominator(measure.definition) });
  } catch (err) {
    if (err instanceof InputError) throw new UserError(err.message);
    throw err;
  }
  return db.transaction(async (tx) => {
    const r = new LearningRepository(tx, community.communityId);
    await r.putValues(slug, rows.map((v) => ({ ...v, source: 'csv' as const, entered_by: by })));
    return { imported: rows.length, values: await r.values(slug) };
  });
}

export async function deleteMeasureValue(db: Database, community: Community, slug: string, period: string): Promise<void> {
  const repo = new LearningRepository(db, community.communityId);
  refuseComputed(await requireMeasure(repo, slug));
  if (!(await repo.deleteValue(slug, period))) throw new UserError(`"${slug}" has no value for ${period}.`, 'not-found');
}

export interface MeasureChartResult extends MeasureChart {
  measure: Measure;
  points: MeasurePoint[];
}

/**
 * The measure's chart with its phases, PDSA and decision annotations, and signals; with `asOf` (a
 * month, YYYY-MM), as it stood at the end of that month (src/domain/learning/as-of.ts).
 */
export async function measureChartFor(db: Database, community: Community, slug: string, view: ChartView = {}, asOf?: string): Promise<MeasureChartResult> {
  const repo = new LearningRepository(db, community.communityId);
  const measure = await requireMeasure(repo, slug);
  let points = await measureSeries(db, community, measure);
  let [phases, cycles, decisions] = await Promise.all([repo.phases(slug), repo.cycles({ measure: slug }), repo.decisions({ measure: slug })]);
  if (asOf !== undefined) {
    points = pointsAsOf(measure.definition, points, asOf);
    phases = phasesAsOf(measure.definition, phases, cycles, asOf);
    cycles = cyclesAsOf(cycles, asOf);
    decisions = decisionsAsOf(decisions, asOf);
  }
  if (points.length === 0)
    throw new UserError(`"${slug}" has no values${asOf === undefined ? ' yet' : ` by ${asOf}`}: ${measure.definition.source.kind === 'bnl' ? 'load the By-Name List first' : 'add values by hand or import a CSV'}.`);
  try {
    return { measure, points, ...measureChart(measure.definition, points, phases, cycles, view, decisions) };
  } catch (err) {
    if (err instanceof SpcInputError) throw new UserError(`The chart of "${slug}" cannot be drawn as asked: ${err.message}.`);
    throw err;
  }
}

/** Starts a new chart phase at a period, with its reason (e.g. a change was adopted). */
export async function addMeasurePhase(db: Database, community: Community, slug: string, body: unknown): Promise<void> {
  const input = Input.of(body, 'the phase');
  input.rejectUnknown(['starts', 'reason', 'by']);
  const repo = new LearningRepository(db, community.communityId);
  const measure = await requireMeasure(repo, slug);
  const starts = input.string('starts');
  const f = measure.definition.frequency;
  if (parsePeriod(f, starts) === null) throw input.error('starts', `is "${starts}": expected a ${f} period, ${describePeriodFormat(f)}`);
  await repo.putPhase(slug, { starts, reason: input.string('reason'), pdsa_id: null, created_by: input.string('by') });
}

export async function removeMeasurePhase(db: Database, community: Community, slug: string, starts: string): Promise<void> {
  const repo = new LearningRepository(db, community.communityId);
  await requireMeasure(repo, slug);
  if (!(await repo.deletePhase(slug, starts))) throw new UserError(`"${slug}" has no phase starting ${starts}.`, 'not-found');
}

