export { readBnlDirectory, DEFAULT_BATCH_SIZE } from './reader.ts';
export type {
  BnlPersonRow,
  BnlStatusRow,
  BnlSink,
  BnlReadResult,
  BnlReadOptions,
  BnlProgress,
} from './types.ts';
export {
  PERSONS_FILE,
  PERSON_REQUIRED_COLUMNS,
  PERSON_OPTIONAL_COLUMNS,
  MAX_PERSON_ID_LENGTH,
} from './persons.ts';
export {
  STATUS_HISTORY_FILE,
  SNAPSHOTS_FOLDER,
  STATUS_HISTORY_REQUIRED_COLUMNS,
  STATUS_HISTORY_OPTIONAL_COLUMNS,
  SNAPSHOT_REQUIRED_COLUMNS,
  SNAPSHOT_OPTIONAL_COLUMNS,
  MISSING_FROM_SNAPSHOT_REASON,
} from './status.ts';
