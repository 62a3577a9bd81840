/**
 * Enrollments as the derivation reads them on the as-of day: anything dated after it
 * is not known yet, and impossible dates are read one fixed way (docs/hmis-derivation.md).
 */
import { formatDay, type Day } from '../time/day.ts';
import type { HmisEnrollmentInput, HmisSource } from './types.ts';

export interface KnownEnrollment {
  input: HmisEnrollmentInput;
  type: number | null;
  entry: Day;
  /** The exit known on the as-of day, never before the entry; null while open. */
  exit: Day | null;
  /** The destination of that exit; null while open or when not recorded. */
  destination: number | null;
  exitSource: HmisSource | null;
}

/** Where a record is cited in warnings: `Enrollment.csv 123`. */
export function cite(source: HmisSource): string {
  return `${source.file} ${source.record}`;
}

/**
 * The enrollments entered on or before `asOf`, sorted by entry date then EnrollmentID.
 * An exit dated after `asOf` is not known yet (the enrollment is open); an exit dated
 * before the entry is read as an exit on the entry date.
 */
export function knownEnrollments(enrollments: readonly HmisEnrollmentInput[], asOf: Day, warnings: string[]): KnownEnrollment[] {
  const out: KnownEnrollment[] = [];
  for (const e of enrollments) {
    if (e.entryDate > asOf) continue;
    let exit: Day | null = null;
    let destination: number | null = null;
    let exitSource: HmisSource | null = null;
    if (e.exit !== null && e.exit.exitDate <= asOf) {
      exit = e.exit.exitDate;
      if (exit < e.entryDate) {
        warnings.push(
          `${cite(e.exit.source)}: exit ${formatDay(exit)} is before the entry ${formatDay(e.entryDate)} of enrollment ${e.enrollmentId}; read as an exit on the entry date`,
        );
        exit = e.entryDate;
      }
      destination = e.exit.destination;
      exitSource = e.exit.source;
    }
    out.push({ input: e, type: e.project.projectType, entry: e.entryDate, exit, destination, exitSource });
  }
  out.sort((a, b) => a.entry - b.entry || compareText(a.input.enrollmentId, b.input.enrollmentId));
  return out;
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
