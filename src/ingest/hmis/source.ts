/**
 * Where an export's files come from: a folder, or a zip (zip-source.ts). Either way the
 * reader sees the same thing: the HMIS files found (by HUD name, case ignored), each
 * with its size and a way to open it as a stream, and the entries that are not HMIS files.
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { HMIS_FILE_NAMES, type HmisFileName } from '../../domain/hmis/csv-columns.ts';
import { InputError } from '../problems.ts';

export interface HmisSourceFile {
  /** The entry as found: `Client.csv`, `export-2024/client.csv`. */
  entry: string;
  /** Bytes (uncompressed for a zip entry). */
  size: number;
  /** Opens the file from its start; the caller destroys the stream when done. */
  open(): Promise<Readable>;
}

export interface HmisSource {
  /** The folder or zip as named by the caller, for messages. */
  label: string;
  files: Map<HmisFileName, HmisSourceFile>;
  /** Entries that are not files of an HMIS export (not read). */
  ignored: string[];
  close(): Promise<void>;
}

const BY_LOWER_NAME = new Map<string, HmisFileName>(HMIS_FILE_NAMES.map((n) => [`${n.toLowerCase()}.csv`, n]));

/** The HMIS file an entry's base name is (`client.csv` → Client), or null. */
export function hmisFileOf(entryBaseName: string): HmisFileName | null {
  return BY_LOWER_NAME.get(entryBaseName.toLowerCase()) ?? null;
}

/** Adds a found file, refusing two entries that name the same HMIS file. */
export function addSourceFile(source: HmisSource, name: HmisFileName, file: HmisSourceFile): void {
  const seen = source.files.get(name);
  if (seen) {
    throw new InputError(
      `${source.label}: both "${seen.entry}" and "${file.entry}" are ${name}.csv (names differ only in case); keep one of them.`,
    );
  }
  source.files.set(name, file);
}

/** The HMIS files in a folder (not in its subfolders). */
export async function openFolderSource(dir: string): Promise<HmisSource> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    throw new InputError(`${dir}: the folder cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
  }
  const source: HmisSource = { label: dir, files: new Map(), ignored: [], close: async () => undefined };
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const name = e.isFile() ? hmisFileOf(e.name) : null;
    if (!name) {
      source.ignored.push(e.isDirectory() ? `${e.name}/` : e.name);
      continue;
    }
    const path = join(dir, e.name);
    const { size } = await stat(path);
    addSourceFile(source, name, { entry: basename(path), size, open: async () => createReadStream(path, { highWaterMark: 1 << 16 }) });
  }
  return source;
}
