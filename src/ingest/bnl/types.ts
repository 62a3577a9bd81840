import type { Day } from '../../domain/time/day.ts';
import type { RaceCategory, Status } from '../../domain/bnl/types.ts';
import type { FileReport, RejectedRowListener } from '../problems.ts';

/** One person from `persons.csv`, checked and normalized. */
export interface BnlPersonRow {
  personId: string;
  /** Birth date; a year-only birth is 1 July of that year (`birthYearOnly`). Null when unknown. */
  birthDate: Day | null;
  birthYearOnly: boolean;
  veteran: boolean | null;
  chronicSince: Day | null;
  /** Null: a household of one. */
  householdId: string | null;
  /** `partner` is read as `spouse`. For a household with no head, the oldest adult is made head. */
  relationship: 'head' | 'spouse' | 'child' | 'other';
  race: RaceCategory[];
  gender: string | null;
  locality: string | null;
  /** Line in persons.csv where the person's record starts. */
  line: number;
}

/** One change of a person's overall status, read from status-history.csv or derived from snapshots. */
export interface BnlStatusRow {
  personId: string;
  date: Day;
  status: Status;
  reason: string | null;
  provider: string | null;
  /** `status-history.csv`, or the snapshot file as `snapshots/YYYY-MM-DD.csv`. */
  sourceFile: string;
  /**
   * Line where the record starts. 0 for a change derived from a person's absence
   * from a snapshot (there is no line to point to; `sourceFile` names the snapshot).
   */
  sourceLine: number;
}

/** Receives the rows in batches; each call is awaited before reading on (backpressure). */
export interface BnlSink {
  persons(rows: BnlPersonRow[]): Promise<void>;
  statusChanges(rows: BnlStatusRow[]): Promise<void>;
}

export interface BnlReadResult {
  format: 'status-history' | 'snapshots';
  /** persons.csv first, then status-history.csv or every snapshot file in date order. */
  files: FileReport[];
  /** Persons given to the sink. */
  personCount: number;
  /** Status changes given to the sink. */
  changeCount: number;
}

export interface BnlProgress {
  /** `persons.csv`, `status-history.csv`, or `snapshots/YYYY-MM-DD.csv`. */
  file: string;
  bytesRead: number;
  bytesTotal: number;
  /** Data rows read so far from this file (in the current pass for status-history.csv). */
  rows: number;
}

export interface BnlReadOptions {
  /** The day the data is as of; status dates after it are errors. Default: today (local time). */
  asOf?: Day;
  /** Rows per sink call. Default 5000. */
  batchSize?: number;
  onProgress?: (p: BnlProgress) => void;
  /** Hears of every rejected row with its fields and problems (for a rejects file). */
  onRejectedRow?: RejectedRowListener;
}
