/**
 * Reads a By-Name List kept outside an HMIS: a folder with persons.csv and either
 * status-history.csv (format a) or a snapshots/ folder (format b).
 * The rules are documented in docs/formats/bnl-csv.md.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, type FileReport } from '../problems.ts';
import { PERSONS_FILE, readPersons } from './persons.ts';
import { listSnapshots, readSnapshots, readStatusHistory, SNAPSHOTS_FOLDER, STATUS_HISTORY_FILE } from './status.ts';
import { Batcher, requireFile, today } from './table.ts';
import type { BnlReadOptions, BnlReadResult, BnlSink, BnlStatusRow } from './types.ts';

export const DEFAULT_BATCH_SIZE = 5000;

async function kindOf(path: string): Promise<'file' | 'folder' | 'other' | null> {
  try {
    const info = await stat(path);
    return info.isFile() ? 'file' : info.isDirectory() ? 'folder' : 'other';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new InputError(`${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
  }
}

/**
 * Reads the folder, handing persons and then status changes to `sink` in
 * batches (each call awaited). persons.csv is read first; rows with errors are
 * not given to the sink and are recorded in the file reports. Throws InputError
 * when the input cannot be used at all (missing or empty file, wrong header,
 * invalid CSV, both or neither status formats).
 */
export async function readBnlDirectory(dir: string, sink: BnlSink, options: BnlReadOptions = {}): Promise<BnlReadResult> {
  const asOf = options.asOf ?? today();
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);

  const dirKind = await kindOf(dir);
  if (dirKind !== 'folder') {
    throw new InputError(
      `${dir}: ${dirKind === null ? 'the folder does not exist' : 'this is not a folder'}; expected a By-Name List folder holding ${PERSONS_FILE}.`,
    );
  }
  const history = await kindOf(join(dir, STATUS_HISTORY_FILE));
  const snapshots = await kindOf(join(dir, SNAPSHOTS_FOLDER));
  if (history !== null && snapshots !== null) {
    throw new InputError(
      `${dir}: both ${STATUS_HISTORY_FILE} and a ${SNAPSHOTS_FOLDER}/ folder are present; keep exactly one of them (${STATUS_HISTORY_FILE} for a status history, ${SNAPSHOTS_FOLDER}/ for dated snapshots).`,
    );
  }
  if (history === null && snapshots === null) {
    throw new InputError(
      `${dir}: neither ${STATUS_HISTORY_FILE} nor a ${SNAPSHOTS_FOLDER}/ folder is present; expected one of them next to ${PERSONS_FILE}.`,
    );
  }
  if (snapshots !== null && snapshots !== 'folder') {
    throw new InputError(`${SNAPSHOTS_FOLDER}: this is not a folder; expected a folder of snapshot files named YYYY-MM-DD.csv.`);
  }
  const format: BnlReadResult['format'] = history !== null ? 'status-history' : 'snapshots';
  // Check everything that can be checked cheaply before the long reads.
  const personsSize = await requireFile(join(dir, PERSONS_FILE), PERSONS_FILE);
  if (format === 'status-history') await requireFile(join(dir, STATUS_HISTORY_FILE), STATUS_HISTORY_FILE);
  const snapshotFiles = format === 'snapshots' ? await listSnapshots(dir, asOf) : [];

  let personCount = 0;
  const persons = await readPersons({
    path: join(dir, PERSONS_FILE),
    bytesTotal: personsSize,
    asOf,
    batchSize,
    send: async (rows) => {
      personCount += rows.length;
      await sink.persons(rows);
    },
    onProgress: options.onProgress,
    onRejectedRow: options.onRejectedRow,
  });

  let changeCount = 0;
  const out = new Batcher<BnlStatusRow>(batchSize, async (rows) => {
    changeCount += rows.length;
    await sink.statusChanges(rows);
  });
  const ctx = { persons: persons.index, asOf, out, onProgress: options.onProgress, onRejectedRow: options.onRejectedRow };
  const files: FileReport[] = [persons.report];
  if (format === 'status-history') files.push(await readStatusHistory(dir, ctx));
  else files.push(...(await readSnapshots(snapshotFiles, ctx)));
  await out.flush();

  return { format, files, personCount, changeCount };
}
