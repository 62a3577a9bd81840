import type { Database } from '../../store/database.ts';
import type { Community } from '../../store/communities.ts';
import { LearningRepository } from '../../store/learning-repository.ts';
import { pointsAsOf } from '../../domain/learning/as-of.ts';
import { judgeAim } from '../../domain/learning/aim-progress.ts';
import { describePeriodFormat, parsePeriod } from '../../domain/learning/periods.ts';
import type { Aim, AimProgress } from '../../domain/learning/types.ts';
import { parseDay } from '../../domain/time/day.ts';
import { communityPopulations } from '../populations.ts';
import { UserError } from '../errors.ts';
import { Input } from './input.ts';
import { measureChartFor, measureSeries, requireMeasure } from './measures.ts';

const FIELDS = ['statement', 'population', 'measure', 'baseline_value', 'baseline_period', 'target_value', 'target_date', 'sustain_periods', 'by'] as const;
const DEFAULT_SUSTAIN_PERIODS = 3;

export interface AimWithProgress extends Aim {
  progress: AimProgress;
}

async function requireAim(repo: LearningRepository, id: number): Promise<Aim> {
  const aim = await repo.aim(id);
  if (!aim) throw new UserError(`There is no aim ${id}.`, 'not-found');
  return aim;
}

/**
 * An aim read from a request over an existing one (or none): the measure must exist,
 * periods must be the measure's, and the direction of improvement must be known —
 * from the measure, or from a baseline on the other side of the target.
 */
async function aimFrom(db: Database, community: Community, input: Input, base: Aim | null): Promise<Omit<Aim, 'id' | 'created_at' | 'created_by'>> {
  const repo = new LearningRepository(db, community.communityId);
  const measureSlug = input.has('measure') ? input.string('measure') : base ? base.measure : input.string('measure');
  const measure = await requireMeasure(repo, measureSlug);
  const f = measure.definition.frequency;
  const keep = <T>(given: T | undefined, old: T | undefined, fallback: T): T => (given !== undefined ? given : old !== undefined ? old : fallback);
  const aim = {
    statement: keep(input.has('statement') ? input.string('statement') : undefined, base?.statement, base ? '' : input.string('statement')),
    population: keep(input.optionalString('population'), base?.population, measure.definition.population),
    measure: measureSlug,
    baseline_value: keep(input.optionalNumber('baseline_value'), base?.baseline_value, null),
    baseline_period: keep(input.optionalString('baseline_period'), base?.baseline_period, null),
    target_value: keep(input.has('target_value') ? input.number('target_value') : undefined, base?.target_value, base ? 0 : input.number('target_value')),
    target_date: keep(input.has('target_date') ? input.string('target_date') : undefined, base?.target_date, base ? '' : input.string('target_date')),
    sustain_periods: keep(input.optionalInteger('sustain_periods', 1, 120) ?? undefined, base?.sustain_periods, DEFAULT_SUSTAIN_PERIODS),
  };
  if (aim.statement.length > 2000) throw input.error('statement', 'is longer than 2,000 characters');
  if (parseDay(aim.target_date) === null) throw input.error('target_date', `is "${aim.target_date}": expected a date, YYYY-MM-DD`);
  if (aim.population !== null) {
    const all = await communityPopulations(db, community.communityId);
    if (!all.some((p) => p.slug === aim.population)) throw input.error('population', `is "${aim.population}", which does not exist: expected one of ${all.map((p) => p.slug).join(', ')}`);
  }
  if (aim.baseline_period !== null) {
    if (parsePeriod(f, aim.baseline_period) === null) throw input.error('baseline_period', `is "${aim.baseline_period}": expected a ${f} period, ${describePeriodFormat(f)}`);
    if (aim.baseline_value === null) {
      // The baseline is the measure's own value in that period, when it has one.
      const point = (await measureSeries(db, community, measure)).find((p) => p.period === aim.baseline_period);
      if (!point || point.value === null) throw input.error('baseline_value', `is missing and "${measureSlug}" has no value for ${aim.baseline_period} to take it from`);
      aim.baseline_value = point.denominator ? point.value / point.denominator : point.value;
    }
  } else if (aim.baseline_value !== null) {
    throw input.error('baseline_period', 'is required with a baseline_value: say which period the baseline is from');
  }
  if (measure.definition.improvement === null && (aim.baseline_value === null || aim.baseline_value === aim.target_value))
    throw new UserError(`The measure "${measureSlug}" has no direction of improvement: give the aim a baseline different from its target, or set the measure's improvement to up or down.`);
  return aim;
}

export async function createAim(db: Database, community: Community, body: unknown): Promise<AimWithProgress> {
  const input = Input.of(body, 'the aim');
  input.rejectUnknown(FIELDS);
  const by = input.string('by');
  const id = await db.transaction(async (tx) => {
    const fields = await aimFrom(tx, community, input, null);
    return new LearningRepository(tx, community.communityId).saveAim({ id: 0, ...fields, created_by: by });
  });
  return showAim(db, community, id);
}

export async function updateAim(db: Database, community: Community, id: number, body: unknown): Promise<AimWithProgress> {
  const input = Input.of(body, 'the change');
  input.rejectUnknown(FIELDS);
  input.string('by');
  await db.transaction(async (tx) => {
    const repo = new LearningRepository(tx, community.communityId);
    const current = await requireAim(repo, id);
    const fields = await aimFrom(tx, community, input, current);
    await repo.saveAim({ ...current, ...fields });
  });
  return showAim(db, community, id);
}

/** How an aim is doing, judged from its measure's chart; with `asOf` (YYYY-MM), as it stood at the end of that month. */
export async function aimProgress(db: Database, community: Community, aim: Aim, asOf?: string): Promise<AimProgress> {
  const repo = new LearningRepository(db, community.communityId);
  const measure = await requireMeasure(repo, aim.measure);
  const all = await measureSeries(db, community, measure);
  const series = asOf === undefined ? all : pointsAsOf(measure.definition, all, asOf);
  const direction =
    measure.definition.improvement ?? ((aim.baseline_value ?? aim.target_value) < aim.target_value ? 'up' : 'down');
  if (series.every((p) => p.value === null))
    return judgeAim({ aim, frequency: measure.definition.frequency, direction, points: [], improvementSignal: false });
  let chart;
  try {
    ({ chart } = await measureChartFor(db, community, aim.measure, {}, asOf));
  } catch (e) {
    // A chart that cannot be drawn (too few values in a phase) still has values to judge.
    if (!(e instanceof UserError)) throw e;
    return judgeAim({ aim, frequency: measure.definition.frequency, direction, points: series.map((p) => ({ period: p.period, value: p.denominator ? (p.value === null ? null : p.value / p.denominator) : p.value })), improvementSignal: false });
  }
  const lastPart = chart.parts[chart.parts.length - 1]?.part;
  // The chart's signals are classified by the measure's direction; without one, by the aim's.
  const improvementSignal = chart.signals.some(
    (s) => s.part === lastPart && (measure.definition.improvement ? s.classification === 'improvement' : false),
  );
  // Ratios are judged as the chart plots them.
  const points = chart.points.map((p) => ({ period: String(p.x), value: p.y }));
  return judgeAim({ aim, frequency: measure.definition.frequency, direction, points, improvementSignal });
}

export async function showAim(db: Database, community: Community, id: number): Promise<AimWithProgress> {
  const aim = await requireAim(new LearningRepository(db, community.communityId), id);
  return { ...aim, progress: await aimProgress(db, community, aim) };
}

export async function listAims(db: Database, community: Community): Promise<AimWithProgress[]> {
  const aims = await new LearningRepository(db, community.communityId).aims();
  const out: AimWithProgress[] = [];
  for (const aim of aims) out.push({ ...aim, progress: await aimProgress(db, community, aim) });
  return out;
}
