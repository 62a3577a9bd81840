import type { Database } from '../store/database.ts';
import { BnlRepository } from '../store/bnl-repository.ts';
import type { Community } from '../store/communities.ts';
import { derivePopulationTimelines, statusRuns } from '../domain/bnl/timeline.ts';
import { formatDay, parseDay } from '../domain/time/day.ts';
import type { Flow, PopulationStatus, Provenance, Status } from '../domain/bnl/types.ts';
import { communityPopulations } from './populations.ts';
import { UserError } from './errors.ts';

export interface PersonTimelineView {
  person_id: string;
  as_of: string;
  attributes: {
    birth_date: string | null;
    veteran: boolean | null;
    chronic_since: string | null;
    household_id: string | null;
    head_of_household: boolean;
    race: string[];
    gender: string | null;
    locality: string | null;
  };
  status_changes: { date: string; status: Status; reason: string | null; source: Provenance }[];
  populations: {
    population: string;
    current_status: PopulationStatus;
    events: { date: string; from: PopulationStatus; to: PopulationStatus; counts_as: Flow | null; days_to_housing: number | null; source: Provenance | null }[];
  }[];
}

/** One person's story: recorded changes and, per population, the derived events with their sources. */
export async function personTimeline(db: Database, community: Community, personId: string): Promise<PersonTimelineView> {
  const repo = new BnlRepository(db, community.communityId);
  let history = null;
  for await (const batch of repo.people(1, [personId])) history = batch[0] ?? null;
  if (!history) throw new UserError(`There is no person "${personId}" on ${community.slug}'s list.`, 'not-found');
  const derivation = await repo.derivation();
  const asOf = derivation ? parseDay(derivation.asOf)! : (history.changes.at(-1)?.date ?? 0);
  const populations = await communityPopulations(db, community.communityId);
  const timelines = derivePopulationTimelines(history, populations, { asOf, lookbackDays: community.settings.lookbackDays });
  const p = history.person;
  const household = p.households[0] ?? null;
  return {
    person_id: p.personId,
    as_of: formatDay(asOf),
    attributes: {
      birth_date: p.birthDate === null ? null : formatDay(p.birthDate),
      veteran: p.veteran,
      chronic_since: p.chronic[0] ? formatDay(p.chronic[0].from) : null,
      household_id: household?.householdId ?? null,
      head_of_household: household ? household.isHead : true,
      race: [...p.race],
      gender: p.gender,
      locality: p.locality,
    },
    status_changes: statusRuns(history.changes, asOf).map((r) => ({ date: formatDay(r.from), status: r.status, reason: r.reason, source: r.provenance })),
    populations: timelines
      .filter((t) => t.runs.length > 0)
      .map((t) => ({
        population: t.population,
        current_status: t.runs[t.runs.length - 1].status,
        events: t.transitions.map((e) => ({
          date: formatDay(e.date),
          from: e.from,
          to: e.to,
          counts_as: e.flow,
          days_to_housing: e.daysToHousing,
          source: e.provenance,
        })),
      })),
  };
}
