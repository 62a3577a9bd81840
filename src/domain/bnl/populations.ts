import { ageOn, birthdayAtAge, type Day } from '../time/day.ts';
import type { HouseholdSpell, PersonRecord, RaceCategory } from './types.ts';
import { RACE_CATEGORIES } from './types.ts';

/**
 * Populations are rules over a person and their household on a given day
 * (bnl.md "Populations"). Built-in populations are written in the same rule
 * language that communities use for custom ones, so there is one evaluator.
 */
export type PopulationRule =
  | { all: PopulationRule[] }
  | { any: PopulationRule[] }
  | { not: PopulationRule }
  | { population: string }
  | { attr: 'age'; gte?: number; lt?: number }
  | { attr: 'veteran'; is: boolean }
  | { attr: 'chronic'; is: boolean }
  | { attr: 'locality' | 'gender'; in: string[] }
  | { attr: 'race'; includes: RaceCategory | 'multiracial' | 'unknown' }
  | { attr: 'household'; is: HouseholdKind }
  | { attr: 'head_of_household'; is: boolean };

/**
 * Household kinds: `adult-only` (no child under 18), `family` (at least one adult
 * and one child), `youth` (every member under 25), `child-only` (no adult).
 */
export type HouseholdKind = 'adult-only' | 'family' | 'youth' | 'child-only';

export interface PopulationDefinition {
  slug: string;
  name: string;
  rule: PopulationRule;
  /** Families are counted as households: only heads of household are members. */
  countsHouseholds: boolean;
  builtIn: boolean;
}

export const BUILT_IN_POPULATIONS: readonly PopulationDefinition[] = [
  { slug: 'all', name: 'All', rule: { all: [] }, countsHouseholds: false, builtIn: true },
  {
    slug: 'all-singles',
    name: 'All singles (adult-only households)',
    rule: { attr: 'household', is: 'adult-only' },
    countsHouseholds: false,
    builtIn: true,
  },
  {
    slug: 'veterans',
    name: 'Veterans',
    rule: { all: [{ attr: 'veteran', is: true }, { not: { attr: 'age', lt: 18 } }] },
    countsHouseholds: false,
    builtIn: true,
  },
  {
    slug: 'chronic',
    name: 'Chronically homeless (adult-only households)',
    rule: { all: [{ attr: 'chronic', is: true }, { attr: 'household', is: 'adult-only' }] },
    countsHouseholds: false,
    builtIn: true,
  },
  { slug: 'youth', name: 'Youth (every member under 25)', rule: { attr: 'household', is: 'youth' }, countsHouseholds: false, builtIn: true },
  {
    slug: 'families',
    name: 'Families (households)',
    rule: { all: [{ attr: 'household', is: 'family' }, { attr: 'head_of_household', is: true }] },
    countsHouseholds: true,
    builtIn: true,
  },
];

export const BUILT_IN_SLUGS = BUILT_IN_POPULATIONS.map((p) => p.slug);

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** How deep a rule may nest once the populations it refers to are expanded. */
const MAX_RULE_DEPTH = 32;
const MAX_EVALUATION_DEPTH = 2 * MAX_RULE_DEPTH;

/** What a rule may look at on one day. */
export interface Subject {
  /** Whole years; null when the birth date is unknown. */
  age: number | null;
  veteran: boolean | null;
  chronic: boolean;
  race: readonly RaceCategory[];
  gender: string | null;
  locality: string | null;
  isHead: boolean;
  /** Members under 18. */
  children: number;
  /** Members 18 or older, or of unknown age (most likely adults). */
  adults: number;
  /** True when every member's age is known and under 25. */
  allUnder25: boolean;
}

/** Evaluates a rule; `populations` resolves `{population: slug}` references. */
export function matches(rule: PopulationRule, subject: Subject, populations: ReadonlyMap<string, PopulationDefinition>, depth = 0): boolean {
  if (depth > MAX_EVALUATION_DEPTH) throw new Error('population rules nest too deeply (a population refers to itself?)');
  if ('all' in rule) return rule.all.every((r) => matches(r, subject, populations, depth + 1));
  if ('any' in rule) return rule.any.some((r) => matches(r, subject, populations, depth + 1));
  if ('not' in rule) return !matches(rule.not, subject, populations, depth + 1);
  if ('population' in rule) {
    const ref = populations.get(rule.population);
    if (!ref) throw new Error(`unknown population "${rule.population}"`);
    return matches(ref.rule, subject, populations, depth + 1);
  }
  switch (rule.attr) {
    case 'age':
      if (subject.age === null) return false;
      return (rule.gte === undefined || subject.age >= rule.gte) && (rule.lt === undefined || subject.age < rule.lt);
    case 'veteran':
      return (subject.veteran === true) === rule.is;
    case 'chronic':
      return subject.chronic === rule.is;
    case 'locality':
      return subject.locality !== null && rule.in.includes(subject.locality);
    case 'gender':
      return subject.gender !== null && rule.in.includes(subject.gender);
    case 'race':
      if (rule.includes === 'multiracial') return subject.race.length > 1;
      if (rule.includes === 'unknown') return subject.race.length === 0;
      return subject.race.includes(rule.includes);
    case 'household':
      return householdIs(rule.is, subject);
    case 'head_of_household':
      return subject.isHead === rule.is;
  }
}

function householdIs(kind: HouseholdKind, s: Subject): boolean {
  switch (kind) {
    case 'adult-only':
      return s.children === 0 && s.adults > 0;
    case 'family':
      return s.children > 0 && s.adults > 0;
    case 'youth':
      return s.allUnder25;
    case 'child-only':
      return s.adults === 0;
  }
}

/** Ages at which some rule can change its answer; birthdays at these ages are breakpoints. */
export function ageThresholds(rules: readonly PopulationRule[]): number[] {
  const ages = new Set<number>([18, 25]);
  const visit = (r: PopulationRule): void => {
    if ('all' in r) r.all.forEach(visit);
    else if ('any' in r) r.any.forEach(visit);
    else if ('not' in r) visit(r.not);
    else if ('attr' in r && r.attr === 'age') {
      if (r.gte !== undefined) ages.add(r.gte);
      if (r.lt !== undefined) ages.add(r.lt);
    }
  };
  rules.forEach(visit);
  return [...ages].sort((a, b) => a - b);
}

/**
 * Checks a custom population definition: slug, name and rule shape, references to
 * known populations and no cycles. Returns the problems found (empty when valid).
 */
export function validatePopulation(def: { slug: unknown; name: unknown; rule: unknown }, known: ReadonlyMap<string, PopulationDefinition>): string[] {
  const problems: string[] = [];
  if (typeof def.slug !== 'string' || !SLUG.test(def.slug)) problems.push('slug must be lowercase letters, digits and dashes (at most 63), starting with a letter or digit');
  else if (BUILT_IN_SLUGS.includes(def.slug)) problems.push(`"${def.slug}" is a built-in population`);
  if (typeof def.name !== 'string' || def.name.trim() === '') problems.push('name must be a non-empty text');
  const check = (r: unknown, path: string, depth: number): void => {
    if (depth > 16) { problems.push(`${path}: rule nests too deeply`); return; }
    if (typeof r !== 'object' || r === null) { problems.push(`${path}: expected a rule object`); return; }
    const o = r as Record<string, unknown>;
    if ('all' in o || 'any' in o) {
      const list = (o.all ?? o.any) as unknown;
      if (!Array.isArray(list)) problems.push(`${path}: "all"/"any" takes a list of rules`);
      else list.forEach((x, i) => check(x, `${path}.${'all' in o ? 'all' : 'any'}[${i}]`, depth + 1));
    } else if ('not' in o) check(o.not, `${path}.not`, depth + 1);
    else if ('population' in o) {
      if (typeof o.population !== 'string' || !known.has(o.population)) problems.push(`${path}: unknown population ${JSON.stringify(o.population)}`);
      else if (o.population === def.slug) problems.push(`${path}: a population cannot refer to itself`);
    } else if ('attr' in o) {
      switch (o.attr) {
        case 'age':
          if ((o.gte !== undefined && typeof o.gte !== 'number') || (o.lt !== undefined && typeof o.lt !== 'number') || (o.gte === undefined && o.lt === undefined))
            problems.push(`${path}: age takes "gte" and/or "lt" numbers`);
          break;
        case 'veteran':
        case 'chronic':
        case 'head_of_household':
          if (typeof o.is !== 'boolean') problems.push(`${path}: ${o.attr} takes "is": true or false`);
          break;
        case 'locality':
        case 'gender':
          if (!Array.isArray(o.in) || !o.in.every((x) => typeof x === 'string')) problems.push(`${path}: ${o.attr} takes "in": a list of texts`);
          break;
        case 'race':
          if (typeof o.includes !== 'string' || ![...RACE_CATEGORIES, 'multiracial', 'unknown'].includes(o.includes))
            problems.push(`${path}: race takes "includes": one of ${[...RACE_CATEGORIES, 'multiracial', 'unknown'].join(', ')}`);
          break;
        case 'household':
          if (!['adult-only', 'family', 'youth', 'child-only'].includes(o.is as string)) problems.push(`${path}: household takes "is": adult-only, family, youth or child-only`);
          break;
        default:
          problems.push(`${path}: unknown attribute ${JSON.stringify(o.attr)}`);
      }
    } else problems.push(`${path}: expected one of all, any, not, population, attr`);
  };
  check(def.rule, 'rule', 0);
  if (problems.length === 0 && typeof def.slug === 'string') {
    // Expanded with the populations it refers to (this definition replacing any older one of the
    // same slug), the rule must not lead back to itself and must not nest too deeply.
    const slug = def.slug;
    const lookup = (s: string): PopulationRule | undefined => (s === slug ? (def.rule as PopulationRule) : known.get(s)?.rule);
    const depthOf = (r: PopulationRule, trail: readonly string[]): number => {
      if ('all' in r) return 1 + Math.max(0, ...r.all.map((x) => depthOf(x, trail)));
      if ('any' in r) return 1 + Math.max(0, ...r.any.map((x) => depthOf(x, trail)));
      if ('not' in r) return 1 + depthOf(r.not, trail);
      if ('population' in r) {
        if (trail.includes(r.population)) throw new CycleError([...trail, r.population]);
        const target = lookup(r.population);
        return target ? 1 + depthOf(target, [...trail, r.population]) : 1;
      }
      return 1;
    };
    try {
      if (depthOf(def.rule as PopulationRule, [slug]) > MAX_RULE_DEPTH) problems.push(`rule: nests more than ${MAX_RULE_DEPTH} levels deep with the populations it refers to`);
    } catch (e) {
      if (!(e instanceof CycleError)) throw e;
      problems.push(`rule: populations would refer to each other in a circle (${e.trail.join(' → ')})`);
    }
  }
  return problems;
}

class CycleError extends Error {
  constructor(readonly trail: string[]) {
    super('cycle');
  }
}

/**
 * The days on which anything a rule can see may change for this person: household
 * spell boundaries, birthdays at threshold ages of every household member, and the
 * edges of chronic ranges. Between two breakpoints every rule gives one answer.
 */
export function membershipBreakpoints(person: PersonRecord, thresholds: readonly number[], until: Day): Day[] {
  const points = new Set<Day>();
  const addBirthdays = (birth: Day | null): void => {
    if (birth === null) return;
    for (const age of thresholds) {
      const d = birthdayAtAge(birth, age);
      if (d <= until) points.add(d);
    }
  };
  addBirthdays(person.birthDate);
  for (const spell of person.households) {
    if (spell.from <= until) points.add(spell.from);
    if (spell.to !== null && spell.to + 1 <= until) points.add(spell.to + 1);
    for (const m of spell.members) if (m.personId !== person.personId) addBirthdays(m.birthDate);
  }
  for (const r of person.chronic) {
    if (r.from <= until) points.add(r.from);
    if (r.to !== null && r.to + 1 <= until) points.add(r.to + 1);
  }
  return [...points].sort((a, b) => a - b);
}

/** The person's subject (what rules see) on one day. */
export function subjectOn(person: PersonRecord, day: Day): Subject {
  const spell = householdOn(person.households, day);
  const age = person.birthDate === null ? null : ageOn(person.birthDate, day);
  let children = 0;
  let adults = 0;
  let allUnder25 = true;
  const members = spell ? spell.members : [{ personId: person.personId, birthDate: person.birthDate }];
  for (const m of members) {
    const a = m.birthDate === null ? null : ageOn(m.birthDate, day);
    if (a !== null && a < 18) children += 1;
    else adults += 1;
    if (a === null || a >= 25) allUnder25 = false;
  }
  return {
    age,
    veteran: person.veteran,
    chronic: person.chronic.some((r) => r.from <= day && (r.to === null || day <= r.to)),
    race: person.race,
    gender: person.gender,
    locality: person.locality,
    isHead: spell ? spell.isHead : true,
    children,
    adults,
    allUnder25,
  };
}

function householdOn(spells: readonly HouseholdSpell[], day: Day): HouseholdSpell | null {
  for (const s of spells) if (s.from <= day && (s.to === null || day <= s.to)) return s;
  return null;
}
