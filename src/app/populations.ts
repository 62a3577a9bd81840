import type { Database } from '../store/database.ts';
import { BUILT_IN_POPULATIONS, validatePopulation, type PopulationDefinition, type PopulationRule } from '../domain/bnl/populations.ts';
import { UserError } from './errors.ts';

/** Built-in populations first, then the community's custom ones by slug. */
export async function communityPopulations(db: Database, communityId: number): Promise<PopulationDefinition[]> {
  const rows = await db.query<{ slug: string; name: string; rule: PopulationRule; counts_households: boolean }>(
    'SELECT slug, name, rule, counts_households FROM population WHERE community_id = $1 ORDER BY slug',
    [communityId],
  );
  return [
    ...BUILT_IN_POPULATIONS,
    ...rows.map((r) => ({ slug: r.slug, name: r.name, rule: countedRule(r.rule, r.counts_households), countsHouseholds: r.counts_households, builtIn: false })),
  ];
}

/** A population counted as households has only heads of household as members (as families are). */
function countedRule(rule: PopulationRule, countsHouseholds: boolean): PopulationRule {
  return countsHouseholds ? { all: [rule, { attr: 'head_of_household', is: true }] } : rule;
}

/** Custom populations whose rules name `slug`. */
function referencesTo(slug: string, populations: readonly PopulationDefinition[]): string[] {
  const refers = (r: PopulationRule): boolean =>
    'all' in r ? r.all.some(refers) : 'any' in r ? r.any.some(refers) : 'not' in r ? refers(r.not) : 'population' in r ? r.population === slug : false;
  return populations.filter((p) => !p.builtIn && p.slug !== slug && refers(p.rule)).map((p) => p.slug);
}

/** Adds or replaces a custom population after checking its rule; the caller re-derives. */
export async function saveCustomPopulation(
  db: Database,
  communityId: number,
  def: { slug: string; name: string; rule: unknown; countsHouseholds?: boolean },
): Promise<PopulationDefinition> {
  const known = new Map((await communityPopulations(db, communityId)).filter((p) => p.slug !== def.slug).map((p) => [p.slug, p]));
  const problems = validatePopulation(def, known);
  if (problems.length) throw new UserError(`The population "${def.slug}" is not valid: ${problems.join('; ')}.`);
  await db.query(
    `INSERT INTO population (community_id, slug, name, rule, counts_households) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (community_id, slug) DO UPDATE SET name = EXCLUDED.name, rule = EXCLUDED.rule, counts_households = EXCLUDED.counts_households`,
    [communityId, def.slug, def.name, JSON.stringify(def.rule), def.countsHouseholds ?? false],
  );
  return { slug: def.slug, name: def.name, rule: def.rule as PopulationRule, countsHouseholds: def.countsHouseholds ?? false, builtIn: false };
}

export async function removeCustomPopulation(db: Database, communityId: number, slug: string): Promise<void> {
  const users = referencesTo(slug, await communityPopulations(db, communityId));
  if (users.length) throw new UserError(`The population "${slug}" cannot be removed: ${users.map((u) => `"${u}"`).join(', ')} refer${users.length === 1 ? 's' : ''} to it; change or remove ${users.length === 1 ? 'that one' : 'those'} first.`);
  const rows = await db.query<{ slug: string }>('DELETE FROM population WHERE community_id = $1 AND slug = $2 RETURNING slug', [communityId, slug]);
  if (rows.length === 0) throw new UserError(`There is no custom population "${slug}".`, 'not-found');
}
