/** A long task's progress, reported to whoever shows it (a CLI bar, an API stream). */
export interface ProgressEvent {
  phase: string;
  done: number;
  /** Null when the total is not known in advance. */
  total: number | null;
  unit: 'rows' | 'people' | 'bytes' | 'files';
}

export type ProgressListener = (event: ProgressEvent) => void;

export const noProgress: ProgressListener = () => undefined;
