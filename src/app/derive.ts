import type { Database } from '../store/database.ts';
import { BnlRepository } from '../store/bnl-repository.ts';
import type { Community } from '../store/communities.ts';
import { derivePopulationTimelines } from '../domain/bnl/timeline.ts';
import { MonthlyFiguresAccumulator } from '../domain/bnl/monthly.ts';
import { monthOf, parseDay, parseMonth, type Day } from '../domain/time/day.ts';
import type { PopulationTransition } from '../domain/bnl/types.ts';
import { communityPopulations } from './populations.ts';
import { deriveHmisStatuses } from './derive-hmis.ts';
import { noProgress, type ProgressListener } from './progress.ts';
import { readAhead, WriteBehind } from './overlap.ts';

export interface DerivationSummary {
  people: number;
  transitions: number;
  months: number;
  asOf: Day | null;
}

/**
 * Rebuilds everything a community's figures are derived from: for a list that comes
 * from an HMIS export, first every person's statuses from the HMIS records (the
 * inactivity threshold may have changed), then the timelines and monthly figures.
 */
export async function deriveCommunity(
  db: Database,
  community: Community,
  options: { asOf?: Day; onProgress?: ProgressListener } = {},
): Promise<DerivationSummary> {
  if (community.listSource === 'hmis') {
    const previous = await new BnlRepository(db, community.communityId).derivation();
    const asOf = options.asOf ?? (previous ? parseDay(previous.asOf)! : undefined);
    if (asOf !== undefined) await deriveHmisStatuses(db, community, { asOf, onProgress: options.onProgress });
    return deriveFigures(db, community, { asOf, onProgress: options.onProgress });
  }
  return deriveFigures(db, community, options);
}

/**
 * Rebuilds a community's derived By-Name List from its people and status changes:
 * every person's timelines in every population, their transitions, and the monthly
 * figures. One ordered pass over the people, in batches; runs inside the caller's
 * transaction when given one.
 *
 * @param asOf the last day of data; by default the one recorded with the last
 *   derivation, else the latest recorded change
 */
export async function deriveFigures(
  db: Database,
  community: Community,
  options: { asOf?: Day; onProgress?: ProgressListener } = {},
): Promise<DerivationSummary> {
  const repo = new BnlRepository(db, community.communityId);
  const progress = options.onProgress ?? noProgress;
  const range = await repo.changeRange();
  await repo.clearDerived();
  if (!range) {
    await repo.writeMonths([]);
    return { people: 0, transitions: 0, months: 0, asOf: null };
  }
  const previous = await repo.derivation();
  const asOf = options.asOf ?? (previous ? parseDay(previous.asOf)! : range.last);
  const populations = await communityPopulations(db, community.communityId);
  await repo.refreshStatistics();
  const total = await repo.countPeople();
  const settings = community.settings;
  const reportFrom = settings.reportFrom ? parseMonth(settings.reportFrom) : null;
  const firstMonth = Math.min(monthOf(asOf), reportFrom ?? monthOf(Math.min(range.first, asOf)));
  const accumulator = new MonthlyFiguresAccumulator(
    populations.map((p) => p.slug),
    firstMonth,
    asOf,
  );
  let people = 0;
  let transitions = 0;
  const writes = new WriteBehind();
  for await (const batch of readAhead(repo.people())) {
    const rows: { personId: string; transition: PopulationTransition }[] = [];
    for (const history of batch) {
      for (const timeline of derivePopulationTimelines(history, populations, { asOf, lookbackDays: settings.lookbackDays })) {
        accumulator.add(timeline);
        for (const t of timeline.transitions) rows.push({ personId: history.person.personId, transition: t });
      }
    }
    await writes.send(() => repo.writeTransitions(rows));
    people += batch.length;
    transitions += rows.length;
    progress({ phase: 'deriving timelines', done: people, total, unit: 'people' });
  }
  await writes.flush();
  await repo.refreshTransitionStatistics();
  const months = accumulator.result();
  await repo.writeMonths(months);
  await repo.recordDerivation(asOf, settings, people);
  return { people, transitions, months: months.length, asOf };
}
