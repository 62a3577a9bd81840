import type { Database } from '../store/database.ts';
import { createCommunity, findCommunity, listCommunities, type Community } from '../store/communities.ts';
import { UserError } from './errors.ts';

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * The community a command works on: the one named, or the only one there is.
 * With `createAs`, a missing community is created (imports into a new database).
 */
export async function resolveCommunity(db: Database, slug: string | undefined, createAs?: { slug: string; name: string }): Promise<Community> {
  if (slug !== undefined) {
    if (!SLUG.test(slug)) throw new UserError(`--community "${slug}" is not a valid slug: use lowercase letters, digits and dashes.`);
    const found = await findCommunity(db, slug);
    if (found) return found;
    if (createAs) return createCommunity(db, slug, createAs.name === createAs.slug ? slug : createAs.name);
    const all = await listCommunities(db);
    throw new UserError(`There is no community "${slug}" here${all.length ? `; there is ${all.map((c) => `"${c.slug}"`).join(', ')}` : ''}.`, 'not-found');
  }
  const all = await listCommunities(db);
  if (all.length === 1) return all[0];
  if (all.length === 0) {
    if (createAs) return createCommunity(db, createAs.slug, createAs.name);
    throw new UserError('This database holds no community yet: load one with `zeroloop demo` or `zeroloop import bnl <dir>`.', 'not-found');
  }
  throw new UserError(`This database holds several communities (${all.map((c) => c.slug).join(', ')}): name one with --community <slug>.`);
}
