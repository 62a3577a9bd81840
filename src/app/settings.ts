import type { Database } from '../store/database.ts';
import { findCommunity, updateCommunity, type Community } from '../store/communities.ts';
import { deriveCommunity } from './derive.ts';
import { UserError } from './errors.ts';
import { parseMonth } from '../domain/time/day.ts';

export interface SettingsChange {
  inactivityDays?: number;
  lookbackDays?: number;
  pitCount?: number;
  /** `YYYY-MM`, or null to report from the first recorded change. */
  reportFrom?: string | null;
  name?: string;
}

/**
 * Changes a community's settings; when a setting that shapes the figures changes,
 * the figures are recomputed in the same transaction, so stored figures always
 * match the settings recorded with them.
 */
export async function updateSettings(db: Database, community: Community, change: SettingsChange): Promise<Community> {
  const settings = { ...community.settings, functionalZero: { ...community.settings.functionalZero } };
  if (change.inactivityDays !== undefined) settings.inactivityDays = change.inactivityDays;
  if (change.lookbackDays !== undefined) settings.lookbackDays = change.lookbackDays;
  if (change.pitCount !== undefined) settings.pitCount = change.pitCount;
  if (change.reportFrom !== undefined) {
    if (change.reportFrom !== null && parseMonth(change.reportFrom) === null)
      throw new UserError(`The first month to report, "${change.reportFrom}", is not a month: expected YYYY-MM.`);
    settings.reportFrom = change.reportFrom;
  }
  const reshapes =
    (community.listSource === 'hmis' && change.inactivityDays !== undefined && change.inactivityDays !== community.settings.inactivityDays) ||
    (change.lookbackDays !== undefined && change.lookbackDays !== community.settings.lookbackDays) ||
    (change.reportFrom !== undefined && change.reportFrom !== community.settings.reportFrom);
  const changed = JSON.stringify(settings) !== JSON.stringify(community.settings) || (change.name !== undefined && change.name !== community.name);
  if (!changed) return community;
  return db.transaction(async (tx) => {
    await updateCommunity(tx, community.communityId, { name: change.name, settings });
    const updated = (await findCommunity(tx, community.slug))!;
    if (reshapes) await deriveCommunity(tx, updated);
    return updated;
  });
}
