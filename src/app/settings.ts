import type { Database } from '../store/database.ts';
import { findCommunity, updateCommunity, type Community } from '../store/communities.ts';
import { deriveCommunity } from './derive.ts';

export interface SettingsChange {
  inactivityDays?: number;
  lookbackDays?: number;
  pitCount?: number;
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
  const reshapes = change.lookbackDays !== undefined && change.lookbackDays !== community.settings.lookbackDays;
  const changed = JSON.stringify(settings) !== JSON.stringify(community.settings) || (change.name !== undefined && change.name !== community.name);
  if (!changed) return community;
  return db.transaction(async (tx) => {
    await updateCommunity(tx, community.communityId, { name: change.name, settings });
    const updated = (await findCommunity(tx, community.slug))!;
    if (reshapes) await deriveCommunity(tx, updated);
    return updated;
  });
}
