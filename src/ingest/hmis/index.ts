export { readHmisExport, DEFAULT_BATCH_SIZE } from './read-export.ts';
export type {
  HmisValue,
  HmisFileBatch,
  HmisSink,
  HmisReadResult,
  HmisFileReport,
  HmisProgress,
  HmisReadOptions,
} from './types.ts';
export { openZipSource, ZIP_LIMITS, type ZipLimits } from './zip-source.ts';
export { openHmisSource } from './open-source.ts';
export type { HmisSource, HmisSourceFile } from './source.ts';
export { READ_ORDER, REQUIRED_FILES } from './rules.ts';
export { hmisVersionOf, type HmisVersion, type HmisFileName } from '../../domain/hmis/csv-columns.ts';
