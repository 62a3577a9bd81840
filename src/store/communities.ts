import { DEFAULT_SETTINGS, type BnlSettings } from '../domain/bnl/types.ts';
import type { Database } from './database.ts';

export interface Community {
  communityId: number;
  slug: string;
  name: string;
  settings: BnlSettings;
  /** Where its list comes from: its own CSV files, an HMIS export, or nothing yet. */
  listSource: 'bnl' | 'hmis' | null;
  /**
   * Identifies the state of everything the published figures are computed from (all
   * communities'); it changes with every committed change to them (migration 0007).
   * Responses cached under it can never outlive the data they came from.
   */
  dataRevision: string;
}

interface CommunityRow {
  community_id: number;
  slug: string;
  name: string;
  settings: Partial<BnlSettings> | null;
  list_source: 'bnl' | 'hmis' | null;
  data_revision: string;
}

const COMMUNITY_SELECT = `SELECT community_id, slug, name, settings, list_source,
  (SELECT count(*) || ':' || coalesce(max(transaction_id), 0) FROM data_change) AS data_revision FROM community`;

/** Stored settings over the defaults, so a setting added later has its default. */
export function withDefaults(stored: Partial<BnlSettings> | null): BnlSettings {
  return {
    ...DEFAULT_SETTINGS,
    ...(stored ?? {}),
    functionalZero: { ...DEFAULT_SETTINGS.functionalZero, ...(stored?.functionalZero ?? {}) },
  };
}

function toCommunity(r: CommunityRow): Community {
  return { communityId: r.community_id, slug: r.slug, name: r.name, settings: withDefaults(r.settings), listSource: r.list_source, dataRevision: r.data_revision };
}

export async function listCommunities(db: Database): Promise<Community[]> {
  const rows = await db.query<CommunityRow>(`${COMMUNITY_SELECT} ORDER BY slug`);
  return rows.map(toCommunity);
}

export async function findCommunity(db: Database, slug: string): Promise<Community | null> {
  const rows = await db.query<CommunityRow>(`${COMMUNITY_SELECT} WHERE slug = $1`, [slug]);
  return rows[0] ? toCommunity(rows[0]) : null;
}

export async function createCommunity(db: Database, slug: string, name: string, settings: BnlSettings = DEFAULT_SETTINGS): Promise<Community> {
  const rows = await db.query<CommunityRow>(
    'INSERT INTO community (slug, name, settings) VALUES ($1, $2, $3) RETURNING community_id, slug, name, settings, list_source, \'\' AS data_revision',
    [slug, name, JSON.stringify(settings)],
  );
  return toCommunity(rows[0]);
}

export async function updateCommunity(db: Database, communityId: number, changes: { name?: string; settings?: BnlSettings; listSource?: 'bnl' | 'hmis' }): Promise<void> {
  if (changes.listSource !== undefined) await db.query('UPDATE community SET list_source = $2 WHERE community_id = $1', [communityId, changes.listSource]);
  if (changes.name !== undefined) await db.query('UPDATE community SET name = $2 WHERE community_id = $1', [communityId, changes.name]);
  if (changes.settings !== undefined)
    await db.query('UPDATE community SET settings = $2 WHERE community_id = $1', [communityId, JSON.stringify(changes.settings)]);
}
