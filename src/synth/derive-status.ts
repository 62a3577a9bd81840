/**
 * One person's By-Name List status timeline from their HMIS-style records, by the rules
 * of bnl-from-hmis.md with the default settings (pure). The generator applies it to the
 * records it writes, so the BNL files and the HMIS export tell the same story.
 *
 * Readings of the rules where the text leaves room:
 * - an exit to a permanent destination houses the person from the exit date until the day
 *   before the next evidence dated after the exit;
 * - an exit from the last open homeless enrollment to an institutional, temporary or
 *   deceased destination makes the person inactive on the exit date; evidence dated on or
 *   before that day no longer counts, later evidence makes them active again. (The
 *   generator never dates evidence within 90 days after such an exit, so a reading that
 *   ignores the exit when evidence follows within the threshold gives the same timeline.)
 */
import type { Day } from '../domain/time/day.ts';
import type { Status } from '../domain/bnl/types.ts';
import { isHomelessProjectType, isPermanentHousingProjectType, situationClass } from './hud-codes.ts';

export interface EvidenceContact {
  day: Day;
  /** CurrentLivingSituation code; null when not recorded. */
  livingSituation: number | null;
}

/** What the rules read from one enrollment. */
export interface EvidenceEnrollment {
  projectType: number;
  /** Name reported as the provider of changes this enrollment causes. */
  provider: string;
  entry: Day;
  exit: Day | null;
  destination: number | null;
  moveIn: Day | null;
  /** Days of bed-night services (RecordType 200). */
  bedNights: readonly Day[] | null;
  contacts: readonly EvidenceContact[] | null;
  /** Days of other services (evidence inside street outreach enrollments). */
  serviceDays: readonly Day[] | null;
}

export interface DerivedChange {
  day: Day;
  status: Status;
  reason: string;
  provider: string | null;
}

interface Piece {
  from: Day;
  /** Inclusive; Infinity when open. */
  to: Day;
  src: number;
  kind: 'evidence' | 'move_in' | 'permanent_exit';
}

export const DEFAULT_INACTIVITY_DAYS = 90;

export function deriveStatusChanges(
  enrollments: readonly EvidenceEnrollment[],
  endDay: Day,
  inactivityDays = DEFAULT_INACTIVITY_DAYS,
): DerivedChange[] {
  // 1. Move-in periods of permanent housing enrollments.
  const moveIns: Piece[] = [];
  enrollments.forEach((e, src) => {
    if (!isPermanentHousingProjectType(e.projectType) || e.moveIn === null || e.moveIn > endDay) return;
    const to = e.exit === null ? Infinity : e.exit - 1;
    if (to >= e.moveIn) moveIns.push({ from: e.moveIn, to, src, kind: 'move_in' });
  });
  const moveInMerged = mergePieces(moveIns);

  // 2. Evidence of homelessness.
  const raw: Piece[] = [];
  const point = (day: Day, src: number) => {
    if (day <= endDay) raw.push({ from: day, to: day, src, kind: 'evidence' });
  };
  enrollments.forEach((e, src) => {
    const t = e.projectType;
    if (t === 0 || t === 2 || t === 8) {
      const to = Math.min(e.exit === null ? endDay : e.exit - 1, endDay);
      if (to >= e.entry) raw.push({ from: e.entry, to, src, kind: 'evidence' });
    } else if (t === 1) {
      point(e.entry, src);
      if (e.bedNights) for (const d of e.bedNights) point(d, src);
    } else if (t === 4) {
      point(e.entry, src);
      const last = e.exit ?? endDay;
      if (e.contacts) {
        for (const c of e.contacts) {
          if (c.livingSituation === null || situationClass(c.livingSituation) === 'homeless') point(c.day, src);
        }
      }
      if (e.serviceDays) for (const d of e.serviceDays) if (d >= e.entry && d <= last) point(d, src);
    }
    if (t !== 4 && e.contacts) {
      for (const c of e.contacts) if (c.livingSituation !== null && situationClass(c.livingSituation) === 'homeless') point(c.day, src);
    }
    if (isHomelessProjectType(t) && e.exit !== null && e.destination !== null && situationClass(e.destination) === 'homeless') {
      point(e.exit, src);
    }
  });
  const evidence = mergePieces(subtract(raw, moveInMerged));

  // 3. Housed periods: move-ins, and exits to permanent destinations until the next evidence.
  const housedRaw: Piece[] = [...moveIns];
  enrollments.forEach((e, src) => {
    if (e.exit === null || e.exit > endDay || e.destination === null) return;
    if (situationClass(e.destination) !== 'permanent') return;
    const next = firstEvidenceAfter(evidence, e.exit);
    housedRaw.push({ from: e.exit, to: next === null ? Infinity : next - 1, src, kind: 'permanent_exit' });
  });
  const housed = mergePieces(housedRaw.filter((p) => p.to >= p.from));

  // 4. Exits that end homelessness at once (institution, temporary stay, death).
  const cuts: { day: Day; src: number }[] = [];
  enrollments.forEach((e, src) => {
    if (!isHomelessProjectType(e.projectType) || e.exit === null || e.exit > endDay || e.destination === null) return;
    const cls = situationClass(e.destination);
    if (cls !== 'institutional' && cls !== 'temporary' && cls !== 'deceased') return;
    const x = e.exit;
    const otherOpen = enrollments.some(
      (o, j) => j !== src && isHomelessProjectType(o.projectType) && o.entry <= x && (o.exit === null || o.exit > x),
    );
    if (!otherOpen) cuts.push({ day: x, src });
  });
  cuts.sort((a, b) => a.day - b.day || a.src - b.src);

  if (evidence.length === 0 && housed.length === 0) return [];
  const firstDay = Math.min(evidence.length ? evidence[0].from : Infinity, housed.length ? housed[0].from : Infinity);

  // 5. Status can change only at these days.
  const candidates: Day[] = [];
  for (const h of housed) {
    candidates.push(h.from);
    if (h.to !== Infinity) candidates.push(h.to + 1);
  }
  for (const e of evidence) candidates.push(e.from, e.to + inactivityDays);
  for (const c of cuts) candidates.push(c.day, c.day + 1);
  candidates.sort((a, b) => a - b);

  const changes: DerivedChange[] = [];
  let prev: Status | null = null;
  let lastCandidate = -Infinity;
  for (const day of candidates) {
    if (day === lastCandidate || day < firstDay || day > endDay) continue;
    lastCandidate = day;
    const s = statusAt(day, housed, evidence, cuts, inactivityDays);
    if (s.status === prev) continue;
    changes.push(explain(day, s, prev, enrollments, housed, cuts));
    prev = s.status;
  }
  return changes;
}

interface StatusOnDay {
  status: Status;
  housedPiece: Piece | null;
  evidencePiece: Piece | null;
}

function statusAt(day: Day, housed: Piece[], evidence: Piece[], cuts: { day: Day }[], inactivityDays: number): StatusOnDay {
  const h = lastStartingOnOrBefore(housed, day);
  if (h !== null && housed[h].to >= day) return { status: 'housed', housedPiece: housed[h], evidencePiece: null };
  const housedEnd = h === null ? -Infinity : housed[h].to;
  const ei = lastStartingOnOrBefore(evidence, day);
  const piece = ei === null ? null : evidence[ei];
  if (piece !== null) {
    const e = Math.min(piece.to, day);
    let cut = -Infinity;
    for (let i = cuts.length - 1; i >= 0; i--) {
      if (cuts[i].day <= day) {
        cut = cuts[i].day;
        break;
      }
    }
    if (day - e < inactivityDays && e >= housedEnd && cut < e) return { status: 'active', housedPiece: null, evidencePiece: piece };
  }
  return { status: 'inactive', housedPiece: null, evidencePiece: piece };
}

function explain(
  day: Day,
  s: StatusOnDay,
  prev: Status | null,
  enrollments: readonly EvidenceEnrollment[],
  housed: Piece[],
  cuts: { day: Day; src: number }[],
): DerivedChange {
  if (s.status === 'housed') {
    const p = s.housedPiece!;
    const e = enrollments[p.src];
    const reason = p.kind === 'move_in' ? `moved in (${housingLabel(e.projectType)})` : 'exited to permanent housing';
    return { day, status: 'housed', reason, provider: e.provider };
  }
  if (s.status === 'active') {
    const e = enrollments[s.evidencePiece!.src];
    let reason: string;
    if (prev === 'housed') reason = 'returned from housing';
    else if (prev === 'inactive') reason = 'returned to homelessness';
    else reason = identifiedReason(e.projectType);
    return { day, status: 'active', reason, provider: e.provider };
  }
  const cut = cuts.find((c) => c.day === day);
  if (cut) {
    const e = enrollments[cut.src];
    return { day, status: 'inactive', reason: destinationReason(e.destination!), provider: e.provider };
  }
  if (prev === 'housed') {
    const ended = housed.find((h) => h.to === day - 1);
    const e = ended ? enrollments[ended.src] : null;
    // The housed stretch ends with the exit of the permanent housing enrollment.
    const exitEnr = e && e.exit !== null ? e : null;
    const reason = exitEnr && exitEnr.destination === 24 ? 'deceased' : exitEnr ? `left housing (${leftHousingLabel(exitEnr.destination)})` : 'left housing';
    return { day, status: 'inactive', reason, provider: e ? e.provider : null };
  }
  const last = s.evidencePiece ? enrollments[s.evidencePiece.src] : null;
  return { day, status: 'inactive', reason: 'no contact for 90 days', provider: last ? last.provider : null };
}

function housingLabel(projectType: number): string {
  if (projectType === 13) return 'RRH';
  if (projectType === 3) return 'PSH';
  return 'PH';
}

function identifiedReason(projectType: number): string {
  switch (projectType) {
    case 4:
      return 'identified by outreach';
    case 0:
    case 1:
      return 'entered shelter';
    case 2:
      return 'entered transitional housing';
    case 8:
      return 'entered safe haven';
    case 14:
      return 'assessed by coordinated entry';
    default:
      return 'reported homeless';
  }
}

function destinationReason(dest: number): string {
  const cls = situationClass(dest);
  if (cls === 'deceased') return 'deceased';
  if (cls === 'institutional') return 'entered institution';
  if (dest === 312 || dest === 313) return 'staying with family or friends';
  return 'moved to a temporary situation';
}

function leftHousingLabel(dest: number | null): string {
  if (dest === null) return 'destination unknown';
  const cls = situationClass(dest);
  if (cls === 'institutional') return 'institution';
  if (cls === 'temporary') return 'temporary situation';
  return 'destination unknown';
}

/** Sorts by start and merges overlapping or adjacent pieces; the earliest piece names the merged one. */
function mergePieces(pieces: Piece[]): Piece[] {
  if (pieces.length === 0) return [];
  const sorted = pieces.slice().sort((a, b) => a.from - b.from || kindRank(a) - kindRank(b) || b.to - a.to || a.src - b.src);
  const out: Piece[] = [{ ...sorted[0] }];
  for (let i = 1; i < sorted.length; i++) {
    const p = sorted[i];
    const cur = out[out.length - 1];
    if (p.from <= cur.to + 1) {
      if (p.to > cur.to) cur.to = p.to;
    } else out.push({ ...p });
  }
  return out;
}

function kindRank(p: Piece): number {
  return p.kind === 'move_in' ? 0 : p.kind === 'permanent_exit' ? 1 : 2;
}

/** Removes from `pieces` every day covered by `holes` (sorted, merged). */
function subtract(pieces: Piece[], holes: Piece[]): Piece[] {
  if (holes.length === 0) return pieces;
  const out: Piece[] = [];
  for (const p of pieces) {
    let from = p.from;
    const to = p.to;
    for (const h of holes) {
      if (h.to < from || h.from > to) continue;
      if (h.from > from) out.push({ ...p, from, to: h.from - 1 });
      from = h.to === Infinity ? Infinity : h.to + 1;
      if (from > to) break;
    }
    if (from <= to) out.push({ ...p, from, to });
  }
  return out;
}

function firstEvidenceAfter(evidence: Piece[], day: Day): Day | null {
  // Evidence is sorted and merged: the first piece ending after `day`.
  let lo = 0;
  let hi = evidence.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (evidence[mid].to > day) hi = mid;
    else lo = mid + 1;
  }
  if (lo === evidence.length) return null;
  return Math.max(evidence[lo].from, day + 1);
}

/** Index of the last piece with from ≤ day, or null. */
function lastStartingOnOrBefore(pieces: Piece[], day: Day): number | null {
  let lo = 0;
  let hi = pieces.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pieces[mid].from <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? null : lo - 1;
}
