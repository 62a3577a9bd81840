/**
 * A person's attributes for the population rules, from their HMIS records
 * (bnl-from-hmis.md "Person and household attributes"). Pure.
 */
import { ageOn, type Day } from '../time/day.ts';
import { RACE_CATEGORIES, type DayRange, type HouseholdMember, type HouseholdSpell, type PersonRecord } from '../bnl/types.ts';
import {
  CHRONIC_STREET_PROJECT_TYPES,
  isHomelessProject,
  isUsableDobQuality,
  MONTHS_HOMELESS_MORE_THAN_TWELVE,
  MONTHS_HOMELESS_TWELVE,
  RELATIONSHIP_HEAD_OF_HOUSEHOLD,
  situationClass,
  TIMES_HOMELESS_FOUR_OR_MORE,
  YES,
} from './codes.ts';
import { compareText, type KnownEnrollment } from './enrollments.ts';
import type { HmisPersonInput } from './types.ts';

export function derivePersonRecord(input: HmisPersonInput, enrollments: readonly KnownEnrollment[], warnings: string[] = []): PersonRecord {
  const c = input.client;
  return {
    personId: c.personalId,
    birthDate: usableBirthDate(c.dob, c.dobDataQuality),
    veteran: c.veteranStatus === 1 ? true : c.veteranStatus === 0 ? false : null,
    chronic: chronicRanges(enrollments),
    race: RACE_CATEGORIES.filter((k) => c.race[k] === YES),
    gender: c.gender === null || c.gender.trim() === '' ? null : c.gender,
    locality: latestLocality(enrollments),
    households: householdSpells(input, enrollments, warnings),
  };
}

/** The DOB when its quality allows ages to be computed from it, else null (age unknown). */
export function usableBirthDate(dob: Day | null, quality: number | null): Day | null {
  return dob !== null && isUsableDobQuality(quality) ? dob : null;
}

/** The locality of the most recently entered enrollment whose project has one. */
function latestLocality(enrollments: readonly KnownEnrollment[]): string | null {
  for (let i = enrollments.length - 1; i >= 0; i--) {
    const l = enrollments[i].input.project.locality;
    if (l !== null && l !== '') return l;
  }
  return null;
}

// ------------------------------------------------------------------ chronic

/**
 * Whether an enrollment's entry data meet the HUD chronic definition: a disabling
 * condition and 12+ months (≥ 365 days since DateToStreetESSH at entry, or four or more
 * times totalling 12+ months in three years). ES, SO and SH enrollments and homeless
 * prior living situations take that test directly; any other prior situation also needs
 * LOSUnderThreshold = 1 and PreviousStreetESSH = 1.
 */
export function meetsChronicAtEntry(e: KnownEnrollment): boolean {
  const x = e.input;
  if (x.disablingCondition !== YES) return false;
  const street = (e.type !== null && CHRONIC_STREET_PROJECT_TYPES.has(e.type)) || situationClass(x.livingSituation) === 'homeless';
  if (!street && !(x.losUnderThreshold === YES && x.previousStreetESSH === YES)) return false;
  const longStay = x.dateToStreetESSH !== null && e.entry - x.dateToStreetESSH >= 365;
  const months = x.monthsHomelessPastThreeYears;
  const episodes =
    x.timesHomelessPastThreeYears === TIMES_HOMELESS_FOUR_OR_MORE &&
    months !== null &&
    months >= MONTHS_HOMELESS_TWELVE &&
    months <= MONTHS_HOMELESS_MORE_THAN_TWELVE;
  return longStay || episodes;
}

/**
 * Chronic day ranges: from the entry of a homeless enrollment that meets the definition
 * until the day before the entry of a later homeless enrollment that does not. When
 * several homeless enrollments start on one day, that day qualifies if any of them does.
 */
export function chronicRanges(enrollments: readonly KnownEnrollment[]): DayRange[] {
  const ranges: DayRange[] = [];
  let open: Day | null = null;
  const homeless = enrollments.filter((e) => isHomelessProject(e.type)); // sorted by entry
  for (let i = 0; i < homeless.length; ) {
    const day = homeless[i].entry;
    let qualifies = false;
    for (; i < homeless.length && homeless[i].entry === day; i++) if (meetsChronicAtEntry(homeless[i])) qualifies = true;
    if (qualifies && open === null) open = day;
    else if (!qualifies && open !== null) {
      ranges.push({ from: open, to: day - 1 });
      open = null;
    }
  }
  if (open !== null) ranges.push({ from: open, to: null });
  return ranges;
}

// ------------------------------------------------------------------ households

interface Candidate {
  householdId: string;
  from: Day;
  /** Inclusive; Infinity while open. */
  to: Day;
  isHead: boolean;
  members: HouseholdMember[];
  order: number;
}

/**
 * One spell per enrollment with a HouseholdID, from entry to exit (the exit day
 * included; open while open), members = the person and everyone sharing the
 * HouseholdID. Where enrollments overlap, the most recently entered one gives the
 * household; an earlier one still open takes over again when it ends.
 */
export function householdSpells(input: HmisPersonInput, enrollments: readonly KnownEnrollment[], warnings: string[] = []): HouseholdSpell[] {
  const self = input.client;
  const selfMember: HouseholdMember = { personId: self.personalId, birthDate: usableBirthDate(self.dob, self.dobDataQuality) };
  const others = new Map<string, Map<string, { member: HouseholdMember; relationship: number | null }>>();
  for (const m of input.householdMembers) {
    if (m.personalId === self.personalId) continue;
    let map = others.get(m.householdId);
    if (map === undefined) others.set(m.householdId, (map = new Map()));
    if (!map.has(m.personalId)) map.set(m.personalId, { member: { personId: m.personalId, birthDate: usableBirthDate(m.dob, m.dobDataQuality) }, relationship: m.relationshipToHoH });
  }

  const candidates: Candidate[] = [];
  enrollments.forEach((e, order) => {
    const hh = e.input.householdId;
    if (hh === null || hh === '') return;
    const people = [{ member: selfMember, relationship: e.input.relationshipToHoH }, ...[...(others.get(hh)?.values() ?? [])]];
    const head = headOf(people, e.entry);
    if (people.filter((p) => p.relationship === RELATIONSHIP_HEAD_OF_HOUSEHOLD).length > 1)
      warnings.push(`household ${hh}: more than one head of household recorded; ${head} taken as the head`);
    candidates.push({
      householdId: hh,
      from: e.entry,
      to: e.exit === null ? Infinity : e.exit,
      isHead: head === self.personalId,
      members: people.map((p) => p.member).sort((a, b) => compareText(a.personId, b.personId)),
      order,
    });
  });
  if (candidates.length === 0) return [];

  // Sweep over the edges: on each stretch the latest-entered covering enrollment wins.
  const edges = new Set<Day>();
  for (const c of candidates) {
    edges.add(c.from);
    if (c.to !== Infinity) edges.add(c.to + 1);
  }
  const days = [...edges].sort((a, b) => a - b);
  const segments: { from: Day; to: Day; c: Candidate }[] = [];
  for (let i = 0; i < days.length; i++) {
    const day = days[i];
    let best: Candidate | null = null;
    for (const c of candidates) {
      if (c.from <= day && c.to >= day && (best === null || c.from > best.from || (c.from === best.from && c.order > best.order))) best = c;
    }
    if (best === null) continue;
    // The next edge is at most best.to + 1, so the segment never outlasts the winner.
    const to = i + 1 < days.length ? days[i + 1] - 1 : best.to;
    const prev = segments[segments.length - 1];
    if (prev !== undefined && prev.c === best && prev.to + 1 === day) prev.to = to;
    else segments.push({ from: day, to, c: best });
  }
  const spells = segments.map((g) => ({
    from: g.from,
    to: g.to === Infinity ? null : g.to,
    householdId: g.c.householdId,
    isHead: g.c.isHead,
    members: g.c.members,
  }));
  return spells;
}

/**
 * The head of a household: the member recorded with RelationshipToHoH = 1 (the oldest
 * of them if several); when none is, the oldest adult on `day` (ADR 0003), a member of
 * unknown age counting as an adult; in a household of children only, the oldest child.
 */
function headOf(people: readonly { member: HouseholdMember; relationship: number | null }[], day: Day): string {
  const oldestFirst = (a: HouseholdMember, b: HouseholdMember): number => {
    if (a.birthDate !== null && b.birthDate !== null) return a.birthDate - b.birthDate || compareText(a.personId, b.personId);
    if (a.birthDate !== null) return -1;
    if (b.birthDate !== null) return 1;
    return compareText(a.personId, b.personId);
  };
  const recorded = people.filter((p) => p.relationship === RELATIONSHIP_HEAD_OF_HOUSEHOLD).map((p) => p.member);
  if (recorded.length > 0) return recorded.sort(oldestFirst)[0].personId;
  const all = people.map((p) => p.member);
  const adults = all.filter((m) => m.birthDate === null || ageOn(m.birthDate, day) >= 18);
  const known = adults.filter((m) => m.birthDate !== null).sort(oldestFirst);
  if (known.length > 0) return known[0].personId;
  if (adults.length > 0) return adults.sort(oldestFirst)[0].personId;
  return all.sort(oldestFirst)[0].personId;
}
