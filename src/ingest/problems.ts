/**
 * Problems found while reading input files. Every problem names the file, the
 * line, the column and the value, and the rule it broke, so a data lead can find
 * and fix it in the source system.
 */
export type Severity = 'error' | 'warning';

export interface Problem {
  severity: Severity;
  file: string;
  /** 1-based physical line where the record starts (the header is line 1). */
  line: number;
  column: string | null;
  value: string | null;
  /** Short, stable rule id, e.g. `date-format`, `unknown-person`. */
  rule: string;
  /** One sentence a person can act on. */
  message: string;
}

export interface FileReport {
  file: string;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  rowsWarned: number;
  /** Problem counts by `severity:rule`. */
  problemCounts: Record<string, number>;
  /** The first few problems of each rule (see MAX_EXAMPLES_PER_RULE). */
  problems: Problem[];
}

export const MAX_EXAMPLES_PER_RULE = 20;

/** A row that was not loaded: its fields as read and every problem it had. */
export interface RejectedRow {
  file: string;
  line: number;
  fields: readonly string[];
  problems: Problem[];
}

export type RejectedRowListener = (row: RejectedRow) => void;

/** Collects a file's counts and problems, keeping only a few examples per rule. */
export class FileReportBuilder {
  readonly report: FileReport;
  private rowHadWarning = false;
  private rowHadError = false;
  private row: { line: number; fields: readonly string[] } | null = null;
  private rowProblems: Problem[] = [];

  /** `onRejectedRow` hears of every rejected row (for a rejects file); without it nothing is kept. */
  constructor(
    file: string,
    private readonly onRejectedRow?: RejectedRowListener,
  ) {
    this.report = { file, rowsRead: 0, rowsLoaded: 0, rowsRejected: 0, rowsWarned: 0, problemCounts: {}, problems: [] };
  }

  /** Starts a new data row (its record, when a rejects file wants it); call `endRow` after checking it. */
  beginRow(record?: { line: number; fields: readonly string[] }): void {
    this.report.rowsRead += 1;
    this.rowHadWarning = false;
    this.rowHadError = false;
    this.row = this.onRejectedRow && record ? record : null;
    this.rowProblems = [];
  }

  add(problem: Problem): void {
    const key = `${problem.severity}:${problem.rule}`;
    const seen = this.report.problemCounts[key] ?? 0;
    this.report.problemCounts[key] = seen + 1;
    if (seen < MAX_EXAMPLES_PER_RULE) this.report.problems.push(problem);
    if (this.row) this.rowProblems.push(problem);
    if (problem.severity === 'error') this.rowHadError = true;
    else this.rowHadWarning = true;
  }

  /** Closes the current row; returns true when it may be loaded (no errors). */
  endRow(): boolean {
    if (this.rowHadError) {
      this.report.rowsRejected += 1;
      if (this.row && this.onRejectedRow) this.onRejectedRow({ file: this.report.file, ...this.row, problems: this.rowProblems });
      return false;
    }
    this.report.rowsLoaded += 1;
    if (this.rowHadWarning) this.report.rowsWarned += 1;
    return true;
  }

  /** Marks a row that was loaded earlier as rejected after all (a cross-row check failed). */
  rejectLoadedRow(): void {
    this.report.rowsLoaded -= 1;
    this.report.rowsRejected += 1;
  }

  get errorCount(): number {
    return Object.entries(this.report.problemCounts)
      .filter(([k]) => k.startsWith('error:'))
      .reduce((sum, [, n]) => sum + n, 0);
  }
}

/**
 * Input that cannot be used at all (a missing file, a wrong header, an unknown
 * format). The message is one sentence naming the file and what was expected;
 * the CLI prints it and exits 1, the API answers 400.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
