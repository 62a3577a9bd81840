import type { Database } from '../store/database.ts';
import { BnlRepository } from '../store/bnl-repository.ts';
import type { Community } from '../store/communities.ts';
import { parseMonth } from '../domain/time/day.ts';
import type { MonthlyFigures } from '../domain/bnl/types.ts';
import { functionalZeroStatus, type FunctionalZeroStatus } from '../domain/bnl/functional-zero.ts';
import { communityPopulations } from './populations.ts';
import { UserError } from './errors.ts';

export interface MetricsFilter {
  population?: string;
  from?: string;
  to?: string;
}

/** The monthly figures of bnl.md, per population and month, as stored by the last derivation. */
export async function monthlyMetrics(db: Database, community: Community, filter: MetricsFilter = {}): Promise<MonthlyFigures[]> {
  for (const [name, value] of [['--from', filter.from], ['--to', filter.to]] as const) {
    if (value !== undefined && parseMonth(value) === null) throw new UserError(`${name} "${value}" is not a month: expected YYYY-MM, e.g. 2024-03.`);
  }
  if (filter.from && filter.to && filter.from > filter.to) throw new UserError(`--from ${filter.from} is after --to ${filter.to}.`);
  if (filter.population !== undefined) await requirePopulation(db, community, filter.population);
  const rows = await new BnlRepository(db, community.communityId).months(filter);
  // Stored exactly; shown to one decimal.
  for (const r of rows) if (r.avg_days_to_housing !== null) r.avg_days_to_housing = Math.round(r.avg_days_to_housing * 10) / 10;
  return rows;
}

/** Functional-zero status of every population, judged at its latest month, or at the month `asOf` (YYYY-MM) from the months up to it. */
export async function functionalZero(db: Database, community: Community, asOf?: string): Promise<FunctionalZeroStatus[]> {
  const populations = await communityPopulations(db, community.communityId);
  const months = await new BnlRepository(db, community.communityId).months(asOf === undefined ? {} : { to: asOf });
  const out: FunctionalZeroStatus[] = [];
  for (const p of populations) {
    const rows = months.filter((m) => m.population === p.slug);
    const status = functionalZeroStatus({
      population: p.slug,
      months: rows,
      settings: community.settings.functionalZero,
      pitCount: community.settings.pitCount,
    });
    if (status) out.push(status);
  }
  return out;
}

async function requirePopulation(db: Database, community: Community, slug: string): Promise<void> {
  const all = await communityPopulations(db, community.communityId);
  if (!all.some((p) => p.slug === slug))
    throw new UserError(`There is no population "${slug}": expected one of ${all.map((p) => p.slug).join(', ')}.`, 'not-found');
}
