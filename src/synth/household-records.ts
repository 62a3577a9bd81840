/**
 * Turns one simulated household (simulate.ts) into the records an HMIS would hold for it
 * (pure, no I/O): its members, and enrollments with their entries, exits, move-ins, bed
 * nights, outreach contacts, services, assessments and events. The By-Name List statuses
 * are derived from exactly these records (derive-status.ts), so an importer applying the
 * rules of bnl-from-hmis.md to the HMIS files recovers them.
 */
import { firstDayOfMonth, lastDayOfMonth, monthOf, type Day } from '../domain/time/day.ts';
import { DEST, EVENT, isHomelessProjectType, PROJECT_TYPE, RECORD_TYPE, situationClass, SUBSIDY } from './hud-codes.ts';
import { buildMembers, type PersonOut } from './household-members.ts';
import { mixSeed, Rng } from './random.ts';
import { KIND, type EpisodePlan, type HouseholdPlan, type Program } from './simulate.ts';
import { inEffect, type Archetype, type Provider, type World } from './world.ts';

export interface ContactOut {
  day: Day;
  livingSituation: number;
}

export interface ServiceOut {
  day: Day;
  recordType: number;
  typeProvided: number;
  faAmount: number | null;
  faStart: Day | null;
  faEnd: Day | null;
  referralOutcome: number | null;
}

export interface EventOut {
  day: Day;
  event: number;
  probSolDivResult: number | null;
  referralResult: number | null;
  resultDay: Day | null;
}

export interface AssessmentOut {
  day: Day;
  type: number;
  level: number;
  score: number;
}

/** Fields that differ per adult member (chronic history at entry). */
export interface ChronicFields {
  dateToStreet: Day | null;
  timesHomeless: number | null;
  monthsHomeless: number | null;
}

export interface EnrollmentOut {
  provider: Provider;
  /** Sequence number of this household's enrollments: HouseholdID is `${householdId}-${seq}`. */
  seq: number;
  entry: Day;
  exit: Day | null;
  destination: number | null;
  destinationSubsidy: number | null;
  moveIn: Day | null;
  livingSituation: number;
  lengthOfStay: number;
  losUnderThreshold: number | null;
  previousStreetESSH: number | null;
  /** Per member (same order as members); children get all-null fields. */
  chronic: ChronicFields[];
  engagement: Day | null;
  bedNights: Day[] | null;
  contacts: ContactOut[] | null;
  services: ServiceOut[] | null;
  assessment: AssessmentOut | null;
  events: EventOut[] | null;
}

export interface HouseholdRecords {
  householdId: string;
  locality: string;
  members: PersonOut[];
  enrollments: EnrollmentOut[];
}

/** Providers grouped by archetype, built once per world. */
export interface ProviderIndex {
  byArchetype: Map<Archetype, Provider[]>;
}

export function indexProviders(world: World): ProviderIndex {
  const byArchetype = new Map<Archetype, Provider[]>();
  for (const p of world.providers) {
    const list = byArchetype.get(p.archetype) ?? [];
    list.push(p);
    byArchetype.set(p.archetype, list);
  }
  return { byArchetype };
}

export function householdId(index: number): string {
  return `H${String(index + 1).padStart(6, '0')}`;
}

type SegmentKind = 'shelter' | 'street';

interface Segment {
  kind: SegmentKind;
  archetype: Archetype;
  from: Day;
  /** Exclusive end. */
  to: Day;
  /** No records (unseen time on the street). */
  hidden: boolean;
}

interface Ctx {
  world: World;
  providers: ProviderIndex;
  rng: Rng;
  hh: HouseholdPlan;
  members: PersonOut[];
  enrollments: EnrollmentOut[];
  seq: number;
  /** Last ES project used, for continuity of stays. */
  lastShelter: Map<Archetype, Provider>;
  /** Contacts per week scale of this household's outreach engagement. */
  contactGap: number;
}

export function buildHouseholdRecords(
  world: World,
  providers: ProviderIndex,
  hh: HouseholdPlan,
  firstPersonNumber: number,
): HouseholdRecords {
  const rng = new Rng(mixSeed(world.seed, 0xde7a11, hh.index));
  const members = buildMembers(hh, firstPersonNumber, rng);
  const ctx: Ctx = {
    world,
    providers,
    rng,
    hh,
    members,
    enrollments: [],
    seq: 0,
    lastShelter: new Map(),
    contactGap: 6 + rng.next() * 18,
  };
  for (let i = 0; i < hh.episodes.length; i++) {
    const next = hh.episodes[i + 1];
    buildEpisode(ctx, hh.episodes[i], i, next ? next.start : null);
  }
  const enrollments = sanitize(ctx.enrollments, world.endDay);
  enrollments.sort((a, b) => a.entry - b.entry || a.seq - b.seq);
  ctx.enrollments = enrollments;
  fillChronic(ctx);
  // The locality is where the household was first seen: the place of its first project,
  // which is also what an importer reading the projects' geography finds.
  const locality = enrollments.length ? enrollments[0].provider.locality : world.localities[hh.locality].name;
  return { householdId: householdId(hh.index), locality, members, enrollments };
}

/** Nothing after the end of the export: later entries go, later exits and move-ins stay open. */
function sanitize(enrollments: EnrollmentOut[], endDay: Day): EnrollmentOut[] {
  const out: EnrollmentOut[] = [];
  for (const e of enrollments) {
    if (e.entry > endDay) continue;
    if (e.exit !== null && e.exit > endDay) {
      e.exit = null;
      e.destination = null;
      e.destinationSubsidy = null;
    }
    if (e.exit !== null && e.destination === null) e.destination = DEST.NOT_COLLECTED;
    if (e.moveIn !== null && e.moveIn > endDay) e.moveIn = null;
    if (e.engagement !== null && (e.engagement > endDay || (e.exit !== null && e.engagement > e.exit))) e.engagement = null;
    const last = Math.min(endDay, e.exit ?? endDay);
    if (e.bedNights) e.bedNights = e.bedNights.filter((d) => d >= e.entry && d <= last);
    if (e.contacts) e.contacts = e.contacts.filter((c) => c.day >= e.entry && c.day <= last);
    if (e.services) e.services = e.services.filter((x) => x.day >= e.entry && x.day <= last);
    if (e.events) e.events = e.events.filter((x) => x.day >= e.entry && x.day <= last);
    if (e.assessment && (e.assessment.day > last || e.assessment.day < e.entry)) e.assessment = null;
    out.push(e);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Episodes

function isFamilyKind(hh: HouseholdPlan): boolean {
  return hh.kind === KIND.FAMILY || hh.kind === KIND.PARENTING_YOUTH;
}

function isYouthKind(hh: HouseholdPlan): boolean {
  return hh.kind === KIND.YOUTH || hh.kind === KIND.PARENTING_YOUTH;
}

/** The day after the last night of homeless stays (exclusive end), and whether stays close by it. */
function staysEnd(world: World, ep: EpisodePlan): { to: Day; closes: boolean } {
  const after = world.endDay + 1;
  switch (ep.outcome) {
    case 'ongoing':
      return { to: after, closes: false };
    case 'placed':
      return ep.moveIn! <= world.endDay ? { to: ep.moveIn!, closes: true } : { to: after, closes: false };
    case 'lost':
      return { to: ep.end! + 1, closes: true };
    default:
      return { to: ep.end!, closes: true };
  }
}

function buildEpisode(ctx: Ctx, ep: EpisodePlan, index: number, nextStart: Day | null): void {
  const { world, rng, hh } = ctx;
  const { to: stayEnd, closes } = staysEnd(world, ep);
  const adminLimit = Math.min(world.endDay, (nextStart ?? Infinity) - 1);
  const segments = planSegments(ctx, ep.start, stayEnd, ep);
  const lostEnd = ep.outcome === 'lost' ? ep.end! : null;

  // Where the household is on a given day, as a living-situation code.
  const situationOn = (day: Day): number => {
    for (const s of segments) if (day >= s.from && day < s.to) return segmentSituation(s);
    return DEST.STREET;
  };

  // Exits of enrollments at the end of the stays.
  const finalExit = (): { day: Day | null; dest: number | null; subsidy: number | null } => {
    if (!closes) return { day: null, dest: null, subsidy: null };
    return { day: stayEnd, dest: ep.destination, subsidy: ep.destination === DEST.RENTAL_WITH_SUBSIDY ? ep.subsidy : null };
  };
  const adminExit = (lastDay: Day): { day: Day | null; dest: number | null } => {
    const day = Math.min(lastDay + rng.int(7, 90), adminLimit);
    if (day <= lastDay || day > world.endDay) return { day: null, dest: null };
    return { day, dest: ep.destination };
  };

  // --- Homeless stays.
  let openOutreach: EnrollmentOut | null = null;
  let first = true;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const last = i === segments.length - 1;
    const nextSeg = segments[i + 1];
    if (seg.hidden) {
      first = false;
      continue;
    }
    const prior = first ? firstPrior(ctx, ep, index) : { ls: situationBefore(segments, i), los: 2, losUnder: null, prevStreet: null };
    if (seg.kind === 'street') {
      if (openOutreach === null) {
        const provider = chooseProvider(ctx, seg.archetype, seg.from);
        openOutreach = newEnrollment(ctx, provider, seg.from, prior);
        openOutreach.contacts = [];
        openOutreach.services = [];
      }
      addContacts(ctx, openOutreach, seg, last && lostEnd !== null ? lostEnd : null);
      if (last) {
        if (closes && lostEnd === null) {
          const fx = finalExit();
          openOutreach.exit = fx.day;
          openOutreach.destination = fx.dest;
          openOutreach.destinationSubsidy = fx.subsidy;
        } else if (lostEnd !== null) {
          const ax = adminExit(lostEnd);
          openOutreach.exit = ax.day;
          openOutreach.destination = ax.dest;
        }
      }
    } else {
      const provider = chooseProvider(ctx, seg.archetype, seg.from);
      const e = newEnrollment(ctx, provider, seg.from, prior);
      const nbn = provider.projectType === PROJECT_TYPE.ES_NIGHT_BY_NIGHT;
      if (nbn) e.bedNights = bedNights(rng, seg.from, Math.min(seg.to, world.endDay + 1), last && lostEnd !== null);
      // An open outreach enrollment is exited to shelter half the time; otherwise it stays open.
      if (openOutreach && rng.chance(0.5)) {
        openOutreach.exit = seg.from;
        openOutreach.destination = provider.projectType === PROJECT_TYPE.SAFE_HAVEN ? DEST.SAFE_HAVEN : DEST.EMERGENCY_SHELTER;
        openOutreach = null;
      }
      if (!last) {
        e.exit = seg.to;
        e.destination = nextSeg.kind === 'street' ? DEST.STREET : nextArchetypeDest(nextSeg.archetype);
      } else if (lostEnd !== null) {
        if (nbn) {
          const ax = adminExit(lostEnd);
          e.exit = ax.day;
          e.destination = ax.dest;
        } else {
          e.exit = seg.to; // = last contact + 1: the last night is the last evidence
          e.destination = ep.destination;
        }
      } else if (closes) {
        const fx = finalExit();
        e.exit = fx.day;
        e.destination = fx.dest;
        e.destinationSubsidy = fx.subsidy;
        // A common data lag: the shelter exit is entered a few days after the move-in.
        if (ep.outcome === 'placed' && rng.chance(0.03)) {
          const lagged = stayEnd + rng.int(1, 10);
          e.exit = lagged <= world.endDay ? lagged : null;
          if (e.exit === null) {
            e.destination = null;
            e.destinationSubsidy = null;
          }
        }
      }
    }
    first = false;
  }
  // An outreach enrollment still open when the stays close follows the episode's end.
  if (openOutreach && openOutreach.exit === null && closes) {
    if (lostEnd !== null) {
      const lastContact = openOutreach.contacts!.length ? openOutreach.contacts![openOutreach.contacts!.length - 1].day : openOutreach.entry;
      const ax = adminExit(Math.max(lostEnd, lastContact));
      openOutreach.exit = ax.day;
      openOutreach.destination = ax.dest;
    } else {
      const fx = finalExit();
      openOutreach.exit = fx.day;
      openOutreach.destination = fx.dest;
      openOutreach.destinationSubsidy = fx.subsidy;
    }
  }

  // --- Coordinated entry.
  const ceDay = ep.start + rng.int(0, 20);
  const lastEvidenceDay = lostEnd ?? stayEnd - 1;
  if (rng.chance(index === 0 ? 0.5 : 0.4) && ceDay <= lastEvidenceDay && ceDay <= world.endDay) {
    buildCoordinatedEntry(ctx, ep, ceDay, lastEvidenceDay, situationOn, closes, stayEnd, adminExit);
  }

  // --- Services-only (PATH services when PATH-funded) for some disabled heads with time on the street.
  if (hh.disabled && rng.chance(0.15)) {
    const streetSeg = segments.find((s) => s.kind === 'street' && !s.hidden);
    if (streetSeg) {
      const from = streetSeg.from + rng.int(0, 14);
      if (from < stayEnd - 1 && from <= world.endDay) {
        const provider = chooseProvider(ctx, 'services_only', from);
        const e = newEnrollment(ctx, provider, from, { ls: DEST.STREET, los: 2, losUnder: null, prevStreet: null });
        e.services = [];
        const until = Math.min(from + rng.int(30, 180), stayEnd - 1, world.endDay);
        if (provider.pathFunded) {
          for (let d = from; d <= until; d += rng.int(7, 21)) {
            e.services.push(service(d, RECORD_TYPE.PATH_SERVICE, rng.pick([2, 4, 6, 14])));
          }
        }
        if (from + 200 < stayEnd || (closes && lostEnd !== null)) {
          const exitDay = Math.min(until + rng.int(1, 20), adminLimit);
          if (exitDay > from && exitDay <= world.endDay) {
            e.exit = exitDay;
            e.destination = DEST.NO_EXIT_INTERVIEW;
          }
        } else if (closes) {
          const fx = finalExit();
          e.exit = fx.day;
          e.destination = fx.dest;
          e.destinationSubsidy = fx.subsidy;
        }
      }
    }
  }

  // --- Housing placement.
  if (ep.outcome === 'placed') buildPlacement(ctx, ep, situationOn(ep.matchDay!));
}

/** The sequence of places the household stays in from `from` up to (excluding) `to`. */
function planSegments(ctx: Ctx, from: Day, to: Day, ep: EpisodePlan): Segment[] {
  const { rng, hh } = ctx;
  const family = isFamilyKind(hh);
  const youth = isYouthKind(hh);
  const chronic = hh.chronicProne;
  const pStreet = family ? 0.06 : chronic ? 0.55 : youth ? 0.3 : 0.3;
  const segments: Segment[] = [];
  let t = from;
  let kind: SegmentKind = rng.chance(pStreet) ? 'street' : 'shelter';
  while (t < to) {
    const archetype = kind === 'street' ? streetArchetype(rng, youth) : shelterArchetype(rng, hh);
    const length = segmentLength(rng, archetype, family);
    const end = Math.min(to, t + length);
    const hidden = kind === 'street' && segments.length > 0 && rng.chance(0.15);
    const prev = segments[segments.length - 1];
    // Another stay of the same kind straight after a stay is the same stay, prolonged.
    if (prev && kind === 'shelter' && prev.kind === 'shelter' && prev.archetype === archetype) prev.to = end;
    else segments.push({ kind, archetype, from: t, to: end, hidden });
    t = end;
    if (kind === 'street') kind = 'shelter';
    else kind = rng.chance(family ? 0.1 : pStreet + 0.15) ? 'street' : 'shelter';
  }
  // The last stretch must show (the last contact of a lost household is evidence).
  const last = segments[segments.length - 1];
  if (last && last.hidden && ep.outcome === 'lost') last.hidden = false;
  return segments;
}

function streetArchetype(rng: Rng, youth: boolean): Archetype {
  return youth && rng.chance(0.5) ? 'outreach_youth' : 'outreach';
}

function shelterArchetype(rng: Rng, hh: HouseholdPlan): Archetype {
  if (isFamilyKind(hh)) return rng.chance(0.85) ? 'es_family' : 'th_family';
  if (hh.kind === KIND.YOUTH) return rng.pickWeighted<Archetype>([['es_youth', 0.5], ['th_youth', 0.25], ['es_single', 0.15], ['es_nbn', 0.1]]);
  return rng.pickWeighted<Archetype>([
    ['es_single', 0.55],
    ['es_nbn', 0.27],
    [hh.veteran ? 'th_veteran' : 'th_single', hh.veteran ? 0.15 : 0.07],
    ['safe_haven', hh.chronicProne ? 0.12 : 0.04],
  ]);
}

function segmentLength(rng: Rng, a: Archetype, family: boolean): number {
  switch (a) {
    case 'es_family':
      return 60 + Math.floor(rng.exponential(200));
    case 'es_single':
    case 'es_youth':
      return 21 + Math.floor(rng.exponential(150));
    case 'es_nbn':
      return 7 + Math.floor(rng.exponential(100));
    case 'safe_haven':
      return 30 + Math.floor(rng.exponential(200));
    case 'outreach':
    case 'outreach_youth':
      return 10 + Math.floor(rng.exponential(family ? 30 : 90));
    default:
      return 60 + Math.floor(rng.exponential(200)); // transitional housing
  }
}

function segmentSituation(s: Segment): number {
  if (s.kind === 'street') return DEST.STREET;
  if (s.archetype === 'safe_haven') return DEST.SAFE_HAVEN;
  if (s.archetype.startsWith('th_')) return 302;
  return DEST.EMERGENCY_SHELTER;
}

function nextArchetypeDest(a: Archetype): number {
  if (a === 'safe_haven') return DEST.SAFE_HAVEN;
  // Moving on to transitional housing would be 302 (a temporary destination); a street
  // stretch or a shelter comes first in this city, so shelters only move people to shelters.
  return DEST.EMERGENCY_SHELTER;
}

function situationBefore(segments: Segment[], i: number): number {
  return i > 0 ? segmentSituation(segments[i - 1]) : DEST.STREET;
}

interface Prior {
  ls: number;
  los: number;
  losUnder: number | null;
  prevStreet: number | null;
}

/** The prior living situation at the first entry of an episode. */
function firstPrior(ctx: Ctx, ep: EpisodePlan, index: number): Prior {
  const { rng, hh } = ctx;
  const homelessDays = ep.start - ep.streetStart;
  if (ep.startKind === 'from_housing' && index > 0) {
    const prev = hh.episodes[index - 1];
    const ls = prev.outcome === 'placed' && prev.housingExit === ep.start ? (prev.housingExitDest ?? DEST.STREET) : DEST.STREET;
    return { ls: situationClass(ls) === 'homeless' ? ls : DEST.STREET, los: 10, losUnder: null, prevStreet: null };
  }
  if (hh.chronicProne && index === 0) return { ls: DEST.STREET, los: losCode(homelessDays), losUnder: null, prevStreet: null };
  if (homelessDays >= 7) return { ls: DEST.STREET, los: losCode(homelessDays), losUnder: null, prevStreet: null };
  const ls = rng.pickWeighted<number>([
    [335, 0.38],
    [336, 0.32],
    [DEST.JAIL, 0.07],
    [DEST.HOSPITAL, 0.05],
    [DEST.SUBSTANCE_TREATMENT, 0.03],
    [410, 0.1],
    [435, 0.05],
  ]);
  const los = rng.pickWeighted<number>([[10, 0.2], [11, 0.25], [2, 0.25], [3, 0.15], [4, 0.1], [5, 0.05]]);
  const institutional = ls >= 200 && ls < 300;
  const under = institutional ? los === 10 || los === 11 || los === 2 || los === 3 : los === 10 || los === 11;
  return { ls, los, losUnder: under ? 1 : 0, prevStreet: under ? (rng.chance(0.5) ? 1 : 0) : null };
}

function losCode(days: number): number {
  if (days <= 1) return 10;
  if (days < 7) return 11;
  if (days < 30) return 2;
  if (days < 90) return 3;
  if (days < 365) return 4;
  return 5;
}

function newEnrollment(ctx: Ctx, provider: Provider, entry: Day, prior: Prior): EnrollmentOut {
  const e: EnrollmentOut = {
    provider,
    seq: ++ctx.seq,
    entry,
    exit: null,
    destination: null,
    destinationSubsidy: null,
    moveIn: null,
    livingSituation: prior.ls,
    lengthOfStay: prior.los,
    losUnderThreshold: prior.losUnder,
    previousStreetESSH: prior.prevStreet,
    chronic: [],
    engagement: null,
    bedNights: null,
    contacts: null,
    services: null,
    assessment: null,
    events: null,
  };
  ctx.enrollments.push(e);
  return e;
}

function chooseProvider(ctx: Ctx, archetype: Archetype, day: Day): Provider {
  const { rng, hh } = ctx;
  const sticky = ctx.lastShelter.get(archetype);
  if (sticky && sticky.operatingStart <= day && rng.chance(0.6)) return sticky;
  let list = (ctx.providers.byArchetype.get(archetype) ?? []).filter((p) => p.operatingStart <= day);
  if (list.length === 0) list = (ctx.providers.byArchetype.get(fallbackArchetype(archetype)) ?? []).filter((p) => p.operatingStart <= day);
  if (list.length === 0) list = ctx.providers.byArchetype.get(archetype) ?? ctx.providers.byArchetype.get(fallbackArchetype(archetype))!;
  const weights = list.map((p) => (p.localityIndex === hh.locality ? 8 : 1));
  const chosen = list[rng.weighted(weights)];
  ctx.lastShelter.set(archetype, chosen);
  return chosen;
}

function fallbackArchetype(a: Archetype): Archetype {
  switch (a) {
    case 'es_youth':
    case 'es_family':
      return 'es_single';
    case 'th_youth':
    case 'th_family':
    case 'th_veteran':
      return 'th_single';
    case 'outreach_youth':
      return 'outreach';
    case 'rrh_youth':
    case 'rrh_ssvf':
      return 'rrh';
    case 'psh_vash':
      return 'psh';
    default:
      return 'es_single';
  }
}

/** Outreach contacts through a street stretch; `lastDay` forces a contact on the last day. */
function addContacts(ctx: Ctx, e: EnrollmentOut, seg: Segment, lastDay: Day | null): void {
  const { rng, world } = ctx;
  const until = Math.min(seg.to - 1, world.endDay);
  const contacts = e.contacts!;
  const services = e.services!;
  let d = seg.from;
  while (d <= until) {
    const ls = rng.chance(0.97) ? DEST.STREET : DEST.SAFE_HAVEN;
    contacts.push({ day: d, livingSituation: ls });
    if (e.provider.pathFunded && rng.chance(0.5)) {
      services.push(service(d, RECORD_TYPE.PATH_SERVICE, rng.pickWeighted<number>([[1, 0.3], [2, 0.2], [6, 0.35], [14, 0.15]])));
      if (rng.chance(0.06)) {
        const s = service(d, RECORD_TYPE.PATH_REFERRAL, rng.pick([1, 2, 3, 6, 7]));
        s.referralOutcome = rng.pick([1, 2, 3]);
        services.push(s);
      }
    }
    if (e.engagement === null && contacts.length >= 3) e.engagement = d;
    d += 1 + Math.floor(rng.exponential(ctx.contactGap));
  }
  if (lastDay !== null && lastDay <= world.endDay && (contacts.length === 0 || contacts[contacts.length - 1].day < lastDay)) {
    contacts.push({ day: lastDay, livingSituation: DEST.STREET });
  }
}

function bedNights(rng: Rng, from: Day, to: Day, keepLast: boolean): Day[] {
  const nights: Day[] = [from];
  const q = 0.35 + rng.next() * 0.55;
  for (let d = from + 1; d < to; d++) if (rng.next() < q) nights.push(d);
  if (keepLast && to - 1 > from && nights[nights.length - 1] !== to - 1) nights.push(to - 1);
  return nights;
}

function service(day: Day, recordType: number, typeProvided: number): ServiceOut {
  return { day, recordType, typeProvided, faAmount: null, faStart: null, faEnd: null, referralOutcome: null };
}

function buildCoordinatedEntry(
  ctx: Ctx,
  ep: EpisodePlan,
  ceDay: Day,
  lastEvidenceDay: Day,
  situationOn: (d: Day) => number,
  closes: boolean,
  stayEnd: Day,
  adminExit: (lastDay: Day) => { day: Day | null; dest: number | null },
): void {
  const { rng, world } = ctx;
  const provider = chooseProvider(ctx, 'coordinated_entry', ceDay);
  const ls = situationOn(ceDay);
  const e = newEnrollment(ctx, provider, ceDay, { ls, los: 2, losUnder: ls === 302 ? 1 : null, prevStreet: ls === 302 ? 1 : null });
  e.contacts = [{ day: ceDay, livingSituation: ls }];
  e.assessment = { day: ceDay, type: rng.pickWeighted<number>([[3, 0.75], [1, 0.15], [2, 0.1]]), level: rng.chance(0.6) ? 2 : 1, score: rng.int(1, 17) };
  e.events = [];
  const m = monthOf(ceDay) - world.startMonth;
  if (ep.startKind === 'new' && inEffect('diversion', m) && rng.chance(0.6)) {
    e.events.push({ day: ceDay, event: EVENT.DIVERSION, probSolDivResult: 0, referralResult: null, resultDay: null });
  }
  // Reassessments while homeless.
  for (let d = ceDay + rng.int(90, 150); d <= Math.min(lastEvidenceDay, world.endDay); d += rng.int(90, 150)) {
    e.contacts.push({ day: d, livingSituation: situationOn(d) });
  }
  if (ep.outcome === 'placed') {
    const match = ep.matchDay!;
    if (match >= ceDay && match <= world.endDay) {
      if (rng.chance(0.2)) {
        const failed = match - rng.int(20, 60);
        if (failed > ceDay) e.events.push({ day: failed, event: referralEvent(ep), probSolDivResult: null, referralResult: rng.chance(0.5) ? 2 : 3, resultDay: failed + rng.int(1, 10) });
      }
      const resultDay = Math.min(world.endDay, match + rng.int(0, 5));
      e.events.push({ day: match, event: referralEvent(ep), probSolDivResult: null, referralResult: 1, resultDay });
    }
  }
  e.events.sort((a, b) => a.day - b.day);
  if (!closes) return;
  if (ep.outcome === 'lost') {
    const ax = adminExit(lastEvidenceDay);
    e.exit = ax.day;
    e.destination = ax.day === null ? null : DEST.NO_EXIT_INTERVIEW;
  } else {
    e.exit = stayEnd;
    e.destination = ep.destination;
    e.destinationSubsidy = ep.destination === DEST.RENTAL_WITH_SUBSIDY ? ep.subsidy : null;
  }
}

function referralEvent(ep: EpisodePlan): number {
  switch (ep.program) {
    case 'rrh':
    case 'rrh_veteran':
      return EVENT.RRH_REFERRAL;
    case 'psh':
    case 'psh_veteran':
      return EVENT.PSH_REFERRAL;
    default:
      return ep.subsidy === SUBSIDY.EHV ? EVENT.EHV_REFERRAL : EVENT.OTHER_PH_REFERRAL;
  }
}

const PROGRAM_ARCHETYPE: Record<Program, Archetype> = {
  rrh: 'rrh',
  rrh_veteran: 'rrh_ssvf',
  psh: 'psh',
  psh_veteran: 'psh_vash',
  voucher: 'ph_voucher',
};

function buildPlacement(ctx: Ctx, ep: EpisodePlan, situation: number): void {
  const { rng, world, hh } = ctx;
  const match = ep.matchDay!;
  if (match > world.endDay) return;
  let archetype = PROGRAM_ARCHETYPE[ep.program!];
  if (archetype === 'rrh' && isYouthKind(hh) && rng.chance(0.7)) archetype = 'rrh_youth';
  let provider = chooseProvider(ctx, archetype, match);
  if (ep.program === 'voucher' && ep.subsidy === SUBSIDY.EHV) {
    const ehv = (ctx.providers.byArchetype.get('ph_voucher') ?? []).find((p) => p.funder === 52 && p.operatingStart <= match);
    if (ehv) provider = ehv;
  }
  const under = situation === 302;
  const e = newEnrollment(ctx, provider, match, { ls: situation, los: 2, losUnder: under ? 1 : null, prevStreet: under ? 1 : null });
  const moveIn = ep.moveIn! <= world.endDay ? ep.moveIn! : null;
  e.moveIn = moveIn;
  if (moveIn !== null && ep.housingExit !== null && ep.housingExit <= world.endDay) {
    e.exit = ep.housingExit;
    e.destination = ep.housingExitDest;
    e.destinationSubsidy = ep.housingExitDest === DEST.RENTAL_WITH_SUBSIDY ? ep.housingExitSubsidy : null;
  }
  const until = Math.min(e.exit ?? world.endDay, world.endDay);
  const services: ServiceOut[] = [];
  if (ep.program === 'rrh_veteran' || provider.funder === 33) {
    services.push(service(match, RECORD_TYPE.SSVF_SERVICE, 1));
    for (let d = match + rng.int(7, 21); d <= until; d += rng.int(14, 35)) services.push(service(d, RECORD_TYPE.SSVF_SERVICE, 2));
    if (moveIn !== null) {
      const deposit = service(moveIn, RECORD_TYPE.SSVF_FINANCIAL_ASSISTANCE, 2);
      deposit.faAmount = rng.int(600, 1800);
      deposit.faStart = moveIn;
      deposit.faEnd = moveIn;
      services.push(deposit);
      const rent = rng.int(800, 1700);
      for (let month = monthOf(moveIn), k = 0; firstDayOfMonth(month) <= until && k < 12; month++, k++) {
        const d = Math.max(moveIn, firstDayOfMonth(month));
        const s = service(d, RECORD_TYPE.SSVF_FINANCIAL_ASSISTANCE, 1);
        s.faAmount = rent;
        s.faStart = d;
        s.faEnd = lastDayOfMonth(month);
        services.push(s);
      }
    }
  } else if (ep.program === 'psh_veteran') {
    services.push(service(match, RECORD_TYPE.VASH_VOUCHER_TRACKING, 1));
    const issued = match + Math.floor(((moveIn ?? until) - match) / 2);
    if (issued <= until) services.push(service(issued, RECORD_TYPE.VASH_VOUCHER_TRACKING, 3));
    if (moveIn !== null) services.push(service(moveIn, RECORD_TYPE.VASH_VOUCHER_TRACKING, 5));
  } else if ((ep.program === 'psh' || ep.program === 'voucher') && e.exit !== null && e.destination !== null && situationClass(e.destination) === 'permanent') {
    services.push(service(Math.max(moveIn ?? match, e.exit - rng.int(0, 30)), RECORD_TYPE.MOVING_ON, rng.pick([1, 2, 3, 4])));
  }
  if (services.length) {
    services.sort((a, b) => a.day - b.day || a.recordType - b.recordType);
    e.services = services;
  }
}

// ---------------------------------------------------------------------------------------------
// Chronic history at each entry

/** Fills each enrollment's per-member chronic fields and each adult's chronicSince. */
function fillChronic(ctx: Ctx): void {
  const { hh, members, enrollments } = ctx;
  const episodes = hh.episodes;
  const chronicNow = members.map(() => false);
  for (const e of enrollments) {
    // The episode this entry belongs to: the last one started on or before the entry.
    let epIndex = 0;
    for (let i = 0; i < episodes.length; i++) if (episodes[i].start <= e.entry) epIndex = i;
    const ep = episodes[epIndex];
    const dateToStreet = Math.min(ep.streetStart, e.entry);
    // Episodes and homeless months in the three years before entry.
    const windowStart = e.entry - 1095;
    let times = 0;
    let days = 0;
    for (let i = 0; i <= epIndex; i++) {
      const x = episodes[i];
      const from = Math.max(x.streetStart, windowStart);
      const to = Math.min(x.end ?? e.entry, e.entry);
      if (to >= windowStart && x.start <= e.entry) times++;
      if (to > from) days += to - from;
    }
    const months = Math.min(13, Math.max(1, Math.round(days / 30.44)));
    const homelessPrior = situationClass(e.livingSituation) === 'homeless';
    const homelessProject = isHomelessProjectType(e.provider.projectType);
    const transitional = e.provider.projectType === PROJECT_TYPE.TRANSITIONAL_HOUSING;
    // Someone already chronic entering transitional housing from a short stay elsewhere: the
    // short stay does not break the history (HUD's "less than 90 days / 7 nights" rule).
    if (homelessProject && transitional && !homelessPrior && members.some((p, k) => chronicNow[k] && p.disabled)) {
      e.losUnderThreshold = 1;
      e.previousStreetESSH = 1;
    }
    const applies = homelessProject && (!transitional || homelessPrior || (e.losUnderThreshold === 1 && e.previousStreetESSH === 1));
    e.chronic = members.map((p, k) => {
      const adultAtEntry = p.birthDay === null ? p.ageAtStart >= 18 : e.entry - p.birthDay >= 18 * 365.25;
      if (!adultAtEntry) return { dateToStreet: null, timesHomeless: null, monthsHomeless: null };
      const fields: ChronicFields = chronicNow[k]
        ? { dateToStreet, timesHomeless: 4, monthsHomeless: 113 }
        : { dateToStreet, timesHomeless: Math.min(4, Math.max(1, times)), monthsHomeless: 100 + months };
      if (!chronicNow[k] && p.disabled && applies) {
        const long = e.entry - dateToStreet >= 365;
        const episodic = fields.timesHomeless === 4 && (fields.monthsHomeless ?? 0) >= 112;
        if (long || episodic) {
          chronicNow[k] = true;
          p.chronicSince = e.entry;
        }
      }
      return fields;
    });
  }
}
