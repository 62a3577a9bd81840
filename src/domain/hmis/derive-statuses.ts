/**
 * One person's By-Name List status changes from their HMIS records, by the rules of
 * ../shared/domain/bnl-from-hmis.md ("Evidence of homelessness", "Housing", "Status on
 * a day D"). Pure. Choices where the rules are silent: docs/hmis-derivation.md.
 *
 * Works on intervals, never on day arrays: evidence and housed periods are sorted,
 * merged intervals, and the status is evaluated only on the days it can change
 * (interval edges, threshold days, exit days), in one ordered pass.
 */
import { formatDay, type Day } from '../time/day.ts';
import type { Provenance, Status, StatusChange } from '../bnl/types.ts';
import {
  describeSituation,
  isHomelessProject,
  isImmediateInactiveDestination,
  isPermanentHousingProject,
  isSituationNotRecorded,
  NIGHTLY_STAY_PROJECT_TYPES,
  PROJECT_TYPE,
  projectTypeName,
  RECORD_TYPE_BED_NIGHT,
  situationClass,
} from './codes.ts';
import { cite, compareText, knownEnrollments, type KnownEnrollment } from './enrollments.ts';
import { derivePersonRecord } from './attributes.ts';
import type { HmisDerivationSettings, HmisPersonDerivation, HmisPersonInput, HmisSource } from './types.ts';

/**
 * Derives a person's status changes and attributes from their HMIS records.
 * `settings.asOf` is today or the export end; nothing after it is read or produced.
 */
export function deriveHmisPerson(input: HmisPersonInput, settings: HmisDerivationSettings): HmisPersonDerivation {
  checkSettings(settings);
  const warnings: string[] = [];
  const enrollments = knownEnrollments(input.enrollments, settings.asOf, warnings);
  const changes = deriveStatusChanges(input, enrollments, settings, warnings);
  const person = derivePersonRecord(input, enrollments, warnings);
  return { changes, person, warnings };
}

function checkSettings(s: HmisDerivationSettings): void {
  if (!Number.isInteger(s.inactivityDays) || s.inactivityDays < 1) throw new Error(`inactivityDays must be a whole number of days ≥ 1 (got ${s.inactivityDays})`);
  if (!Number.isInteger(s.asOf)) throw new Error(`asOf must be a day number (got ${s.asOf})`);
}

// ------------------------------------------------------------------ intervals

/** An inclusive range of days; `to` is Infinity when open. */
interface Interval {
  from: Day;
  to: Day;
}

/** A run of merged items: items[start..end] (sorted by `from`) cover from..to; items[last] reaches `to`. */
interface Piece extends Interval {
  start: number;
  end: number;
  last: number;
}

/** Merges sorted items into pieces; overlapping or adjacent items join. */
function mergeSorted(items: readonly Interval[]): Piece[] {
  const pieces: Piece[] = [];
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    const cur = pieces[pieces.length - 1];
    if (cur !== undefined && it.from <= cur.to + 1) {
      if (it.to > cur.to) {
        cur.to = it.to;
        cur.last = i;
      }
      cur.end = i;
    } else pieces.push({ from: it.from, to: it.to, start: i, end: i, last: i });
  }
  return pieces;
}

/** Index of the last element with `from` ≤ day, or -1. */
function lastStartingBy(list: readonly { from: Day }[], day: Day): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].from <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The first evidence day after `day` in sorted, disjoint pieces, or null. */
function firstDayAfter(pieces: readonly Piece[], day: Day): Day | null {
  let lo = 0;
  let hi = pieces.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pieces[mid].to > day) hi = mid;
    else lo = mid + 1;
  }
  return lo === pieces.length ? null : Math.max(pieces[lo].from, day + 1);
}

/** The last evidence day on or before `day`, or null. */
function lastDayBy(pieces: readonly Piece[], day: Day): Day | null {
  const i = lastStartingBy(pieces, day);
  return i < 0 ? null : Math.min(pieces[i].to, day);
}

// ------------------------------------------------------------------ evidence, housing, exits

type EvidenceKind =
  | 'stay'
  | 'night-by-night-entry'
  | 'outreach-entry'
  | 'bed-night'
  | 'outreach-contact'
  | 'living-situation'
  | 'outreach-service'
  | 'homeless-exit';

/** When records give evidence on one day, the first in this order is cited. */
const EVIDENCE_RANK: Record<EvidenceKind, number> = {
  stay: 0,
  'night-by-night-entry': 1,
  'outreach-entry': 2,
  'bed-night': 3,
  'outreach-contact': 4,
  'living-situation': 5,
  'outreach-service': 6,
  'homeless-exit': 7,
};

interface Evidence extends Interval {
  kind: EvidenceKind;
  source: HmisSource;
  /** The enrollment the record belongs to; null for a record of an enrollment not in the input. */
  enrollment: KnownEnrollment | null;
  /** The living situation or destination code behind the evidence, when there is one. */
  code: number | null;
}

interface Housing extends Interval {
  kind: 'move-in' | 'permanent-exit';
  enrollment: KnownEnrollment;
}

interface Cut {
  day: Day;
  enrollment: KnownEnrollment;
}

function byFromThenRank<T extends Interval & { source?: HmisSource }>(rank: (x: T) => number) {
  return (a: T, b: T): number =>
    a.from - b.from || rank(a) - rank(b) || (a.source && b.source ? compareText(a.source.file, b.source.file) || compareText(a.source.record, b.source.record) : 0);
}

/** PH move-in periods: MoveInDate up to the day before exit (open when open). */
function moveInPeriods(enrollments: readonly KnownEnrollment[], asOf: Day, warnings: string[]): Housing[] {
  const out: Housing[] = [];
  for (const e of enrollments) {
    const moveIn = e.input.moveInDate;
    if (moveIn === null || !isPermanentHousingProject(e.type)) continue;
    if (moveIn > asOf) continue;
    if (e.exit !== null && moveIn > e.exit) {
      warnings.push(`${cite(e.input.source)}: move-in ${formatDay(moveIn)} is after the exit ${formatDay(e.exit)}; ignored`);
      continue;
    }
    let from = moveIn;
    if (moveIn < e.entry) {
      warnings.push(`${cite(e.input.source)}: move-in ${formatDay(moveIn)} is before the entry ${formatDay(e.entry)}; read as a move-in on the entry date`);
      from = e.entry;
    }
    const to = e.exit === null ? Infinity : e.exit - 1;
    if (to >= from) out.push({ from, to, kind: 'move-in', enrollment: e });
  }
  out.sort(byFromThenRank<Housing>(() => 0));
  return out;
}

/** Every record that is evidence of homelessness (before move-in periods are taken out). */
function collectEvidence(input: HmisPersonInput, enrollments: readonly KnownEnrollment[], asOf: Day, warnings: string[]): Evidence[] {
  const out: Evidence[] = [];
  const byId = new Map<string, KnownEnrollment>();
  for (const e of enrollments) byId.set(e.input.enrollmentId, e);
  /** The last day records of an enrollment can be dated: its exit, or asOf while open. */
  const lastDay = (e: KnownEnrollment): Day => (e.exit === null ? asOf : e.exit);

  for (const e of enrollments) {
    const type = e.type;
    if (type !== null && NIGHTLY_STAY_PROJECT_TYPES.has(type)) {
      // Every night from entry to the night before exit (to asOf while open).
      const to = e.exit === null ? asOf : e.exit - 1;
      if (to >= e.entry) out.push({ from: e.entry, to, kind: 'stay', source: e.input.source, enrollment: e, code: null });
    } else if (type === PROJECT_TYPE.ES_NIGHT_BY_NIGHT) {
      out.push({ from: e.entry, to: e.entry, kind: 'night-by-night-entry', source: e.input.source, enrollment: e, code: null });
    } else if (type === PROJECT_TYPE.STREET_OUTREACH) {
      out.push({ from: e.entry, to: e.entry, kind: 'outreach-entry', source: e.input.source, enrollment: e, code: null });
    }
    // An exit from a homeless project to a homeless destination: evidence on the exit date.
    if (e.exit !== null && isHomelessProject(type) && situationClass(e.destination) === 'homeless') {
      out.push({ from: e.exit, to: e.exit, kind: 'homeless-exit', source: e.exitSource!, enrollment: e, code: e.destination });
    }
  }

  let outside = 0;
  for (const s of input.services) {
    if (s.dateProvided > asOf) continue;
    const e = byId.get(s.enrollmentId);
    if (e === undefined) continue;
    const inside = s.dateProvided >= e.entry && s.dateProvided <= lastDay(e);
    if (e.type === PROJECT_TYPE.ES_NIGHT_BY_NIGHT && s.recordType === RECORD_TYPE_BED_NIGHT) {
      if (inside) out.push({ from: s.dateProvided, to: s.dateProvided, kind: 'bed-night', source: s.source, enrollment: e, code: null });
      else outside++;
    } else if (e.type === PROJECT_TYPE.STREET_OUTREACH && inside) {
      out.push({ from: s.dateProvided, to: s.dateProvided, kind: 'outreach-service', source: s.source, enrollment: e, code: null });
    }
  }
  if (outside > 0) warnings.push(`${outside} bed night(s) dated outside their night-by-night enrollment; ignored`);

  for (const c of input.currentLivingSituations) {
    if (c.informationDate > asOf) continue;
    const e = byId.get(c.enrollmentId) ?? null;
    const code = c.currentLivingSituation;
    const outreachContact =
      e !== null && e.type === PROJECT_TYPE.STREET_OUTREACH && c.informationDate >= e.entry && c.informationDate <= lastDay(e);
    if (outreachContact && (situationClass(code) === 'homeless' || isSituationNotRecorded(code))) {
      out.push({ from: c.informationDate, to: c.informationDate, kind: 'outreach-contact', source: c.source, enrollment: e, code });
    } else if (situationClass(code) === 'homeless') {
      // A homeless current living situation in any project (CE included).
      out.push({ from: c.informationDate, to: c.informationDate, kind: 'living-situation', source: c.source, enrollment: e, code });
    }
  }
  return out;
}

/** Removes from each item the days covered by `holes` (sorted, disjoint); the result is re-sorted. */
function withoutHoles(items: readonly Evidence[], holes: readonly Piece[]): Evidence[] {
  if (holes.length === 0) return items.slice();
  const out: Evidence[] = [];
  for (const it of items) {
    let from = it.from;
    // First hole that could overlap: the last one starting by `from`, or the next.
    let h = Math.max(0, lastStartingBy(holes, from));
    for (; h < holes.length && from <= it.to; h++) {
      const hole = holes[h];
      if (hole.to < from) continue;
      if (hole.from > it.to) break;
      if (hole.from > from) out.push({ ...it, from, to: hole.from - 1 });
      from = hole.to + 1;
    }
    if (from <= it.to) out.push(from === it.from ? it : { ...it, from });
  }
  return out;
}

// ------------------------------------------------------------------ the status pass

interface StatusOnDay {
  status: Status | 'absent';
  /** The housed piece in force or most recently ended, -1 when none. */
  housedIndex: number;
  /** The evidence piece in force or most recently ended, -1 when none. */
  evidenceIndex: number;
}

/**
 * The dated status changes of one person (bnl-from-hmis.md). `enrollments` are the
 * person's known enrollments as of `settings.asOf` (see knownEnrollments).
 */
export function deriveStatusChanges(
  input: HmisPersonInput,
  enrollments: readonly KnownEnrollment[],
  settings: HmisDerivationSettings,
  warnings: string[] = [],
): StatusChange[] {
  const { asOf, inactivityDays: T } = settings;

  // 1. PH move-in periods; evidence inside them is ignored.
  const moveIns = moveInPeriods(enrollments, asOf, warnings);
  const moveInPieces = mergeSorted(moveIns);

  // 2. Evidence of homelessness, as sorted items and merged pieces.
  const evidence = withoutHoles(collectEvidence(input, enrollments, asOf, warnings), moveInPieces);
  evidence.sort(byFromThenRank<Evidence>((x) => EVIDENCE_RANK[x.kind]));
  const evidencePieces = mergeSorted(evidence);

  // 3. Exits to a permanent destination: housed from the exit until the day before the
  //    next evidence. Only for someone already on the list (see docs/hmis-derivation.md).
  const housing: Housing[] = moveIns.slice();
  const firstKnown = Math.min(evidencePieces.length ? evidencePieces[0].from : Infinity, moveInPieces.length ? moveInPieces[0].from : Infinity);
  for (const e of enrollments) {
    if (e.exit === null || situationClass(e.destination) !== 'permanent') continue;
    if (firstKnown > e.exit) continue;
    const next = firstDayAfter(evidencePieces, e.exit);
    housing.push({ from: e.exit, to: next === null ? Infinity : next - 1, kind: 'permanent-exit', enrollment: e });
  }
  housing.sort(byFromThenRank<Housing>((x) => (x.kind === 'move-in' ? 0 : 1)));
  const housedPieces = mergeSorted(housing);

  // 4. Exits from the last open homeless enrollment to an institutional, temporary or
  //    deceased destination: inactive on the exit date, unless evidence after the exit
  //    continues the active period (it comes before the threshold would have passed).
  const cuts: Cut[] = [];
  for (const e of enrollments) {
    if (e.exit === null || !isHomelessProject(e.type) || !isImmediateInactiveDestination(e.destination)) continue;
    const x = e.exit;
    const otherOpen = enrollments.some((o) => o !== e && isHomelessProject(o.type) && o.entry <= x && (o.exit === null || o.exit > x));
    if (otherOpen) continue;
    const before = lastDayBy(evidencePieces, x);
    const after = firstDayAfter(evidencePieces, x);
    if (before !== null && after !== null && after <= before + T) continue;
    cuts.push({ day: x, enrollment: e });
  }
  cuts.sort((a, b) => a.day - b.day || compareText(a.enrollment.input.enrollmentId, b.enrollment.input.enrollmentId));

  // 5. The days on which the status can change.
  const candidates: Day[] = [];
  for (const p of housedPieces) candidates.push(p.from, p.to + 1);
  for (const p of evidencePieces) candidates.push(p.from, p.to + T);
  for (const c of cuts) candidates.push(c.day, c.day + 1);
  candidates.sort((a, b) => a - b);

  const statusOn = (day: Day): StatusOnDay => {
    const hi = lastStartingBy(housedPieces, day);
    if (hi >= 0 && housedPieces[hi].to >= day) return { status: 'housed', housedIndex: hi, evidenceIndex: -1 };
    const housedEnd = hi >= 0 ? housedPieces[hi].to : -Infinity;
    const ei = lastStartingBy(evidencePieces, day);
    if (ei >= 0) {
      const last = Math.min(evidencePieces[ei].to, day);
      const ci = lastCutBy(cuts, day);
      const cutDay = ci >= 0 ? cuts[ci].day : -Infinity;
      if (day - last < T && last >= housedEnd && cutDay < last) return { status: 'active', housedIndex: hi, evidenceIndex: ei };
    }
    return { status: 'inactive', housedIndex: hi, evidenceIndex: ei };
  };

  const changes: StatusChange[] = [];
  let previous: Status | null = null;
  let seen = -Infinity;
  for (const day of candidates) {
    if (day === seen || day > asOf) continue;
    seen = day;
    const s = statusOn(day);
    if (s.status === 'absent') continue;
    if (s.status === 'inactive' && previous === null) continue; // never active or housed: not on the list
    if (s.status === previous) continue;
    changes.push(explain(day, s, { evidence, evidencePieces, housing, housedPieces, cuts, inactivityDays: T }));
    previous = s.status;
  }
  return changes;
}

function lastCutBy(cuts: readonly Cut[], day: Day): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cuts[mid].day <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

// ------------------------------------------------------------------ provenance and reasons

interface Derived {
  evidence: readonly Evidence[];
  evidencePieces: readonly Piece[];
  housing: readonly Housing[];
  housedPieces: readonly Piece[];
  cuts: readonly Cut[];
  inactivityDays: number;
}

function providerOf(e: KnownEnrollment | null): string | null {
  if (e === null) return null;
  return e.input.project.provider ?? e.input.project.projectId;
}

function provenance(source: HmisSource, enrollment: KnownEnrollment | null): Provenance {
  return { source: source.file, record: source.record, provider: providerOf(enrollment) };
}

function explain(day: Day, s: StatusOnDay, d: Derived): StatusChange {
  if (s.status === 'housed') {
    // Becoming housed happens on the first day of a housed piece; its first item says why.
    const h = d.housing[d.housedPieces[s.housedIndex].start];
    if (h.kind === 'move-in') {
      const e = h.enrollment;
      return {
        date: day,
        status: 'housed',
        reason: `moved into permanent housing (${projectTypeName(e.type)}) on ${formatDay(h.from)}`,
        provenance: provenance(e.input.source, e),
      };
    }
    return {
      date: day,
      status: 'housed',
      reason: `exited to a permanent destination (${describeSituation(h.enrollment.destination)})`,
      provenance: provenance(h.enrollment.exitSource!, h.enrollment),
    };
  }

  if (s.status === 'active') {
    const ev = evidenceCovering(d, s.evidenceIndex, day);
    return { date: day, status: 'active', reason: evidenceReason(ev), provenance: provenance(ev.source, ev.enrollment) };
  }

  // Inactive: an exit that ends homelessness at once, the end of housing, or the threshold.
  const ci = lastCutBy(d.cuts, day);
  if (ci >= 0 && d.cuts[ci].day === day) {
    const e = d.cuts[ci].enrollment;
    const cls = situationClass(e.destination);
    const reason =
      cls === 'deceased' ? 'deceased (exit destination 24)' : `exited to an ${cls === 'institutional' ? 'institutional' : 'temporary'} destination (${describeSituation(e.destination)})`;
    return { date: day, status: 'inactive', reason, provenance: provenance(e.exitSource!, e) };
  }
  if (s.housedIndex >= 0 && d.housedPieces[s.housedIndex].to === day - 1) {
    const h = d.housing[d.housedPieces[s.housedIndex].last];
    const e = h.enrollment;
    if (h.kind === 'move-in' && e.exitSource !== null) {
      const reason =
        situationClass(e.destination) === 'deceased'
          ? 'deceased (exit destination 24)'
          : `left permanent housing (exit to ${describeSituation(e.destination)})`;
      return { date: day, status: 'inactive', reason, provenance: provenance(e.exitSource, e) };
    }
    return { date: day, status: 'inactive', reason: 'housed period ended', provenance: provenance(h.kind === 'move-in' ? e.input.source : e.exitSource!, e) };
  }
  if (s.evidenceIndex >= 0) {
    const piece = d.evidencePieces[s.evidenceIndex];
    const ev = d.evidence[piece.last];
    const lastDay = Math.min(piece.to, day);
    const reason =
      day - lastDay >= d.inactivityDays
        ? `no evidence of homelessness for ${d.inactivityDays} days since ${formatDay(lastDay)}`
        : `evidence of homelessness on ${formatDay(lastDay)} predates a housing placement`;
    return { date: day, status: 'inactive', reason, provenance: provenance(ev.source, ev.enrollment) };
  }
  // Unreachable: inactive needs an earlier active or housed day, hence some evidence or housing.
  return { date: day, status: 'inactive', reason: null, provenance: { source: 'hmis-derivation', record: formatDay(day), provider: null } };
}

/** The first item (by start, then rank) of an evidence piece that covers `day`. */
function evidenceCovering(d: Derived, pieceIndex: number, day: Day): Evidence {
  const piece = d.evidencePieces[pieceIndex];
  for (let i = piece.start; i <= piece.end && d.evidence[i].from <= day; i++) {
    if (d.evidence[i].to >= day) return d.evidence[i];
  }
  return d.evidence[piece.last];
}

function evidenceReason(ev: Evidence): string {
  const e = ev.enrollment;
  switch (ev.kind) {
    case 'stay':
      return `stay in ${projectTypeName(e!.type)} (entered ${formatDay(e!.entry)})`;
    case 'night-by-night-entry':
      return 'entered night-by-night emergency shelter';
    case 'bed-night':
      return `bed night in night-by-night emergency shelter on ${formatDay(ev.from)}`;
    case 'outreach-entry':
      return 'entered street outreach';
    case 'outreach-contact':
      return `street outreach contact (living situation ${describeSituation(ev.code)})`;
    case 'outreach-service':
      return `street outreach service on ${formatDay(ev.from)}`;
    case 'living-situation':
      return `current living situation ${describeSituation(ev.code)} recorded by ${e === null ? 'an unknown enrollment' : projectTypeName(e.type)}`;
    case 'homeless-exit':
      return `exited ${projectTypeName(e!.type)} to a homeless destination (${describeSituation(ev.code)})`;
  }
}
