/**
 * An HMIS export in a zip, read in place with yauzl: entries are streamed one at a time
 * and never extracted, to memory or to disk.
 *
 * Refused, in one sentence naming the zip (and the entry):
 * - a file that is not a zip (or a truncated or damaged one);
 * - an entry whose name climbs out of the export (a `..` segment), is absolute (`/x`,
 *   `C:x`) or holds a backslash (`..\x`), wherever it is in the zip;
 * - more than MAX_ENTRIES entries;
 * - a zip bomb, judged from the central directory before anything is read: a total
 *   uncompressed size over MAX_TOTAL_BYTES, or an entry of at least RATIO_FLOOR_BYTES that
 *   claims to expand more than MAX_RATIO times; and, while streaming, an entry that
 *   yields more bytes than the directory declared (yauzl also checks the exact size);
 * - an encrypted HMIS file; two Export.csv files.
 * Export.csv may be at the root or inside one top-level folder; the HMIS files are taken
 * from beside it, and every other entry is listed as ignored.
 */
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import yauzl from 'yauzl';
import { InputError } from '../problems.ts';
import { addSourceFile, hmisFileOf, type HmisSource } from './source.ts';

export interface ZipLimits {
  maxEntries: number;
  maxTotalBytes: number;
  maxRatio: number;
  /** Entries smaller than this are not held to the ratio (a tiny file can compress very well). */
  ratioFloorBytes: number;
}

export const ZIP_LIMITS: ZipLimits = {
  maxEntries: 200,
  maxTotalBytes: 20 * 1024 ** 3,
  maxRatio: 1000,
  ratioFloorBytes: 1024 * 1024,
};

interface ZipEntryInfo {
  name: string;
  entry: yauzl.Entry;
}

/** Opens the zip at `path` and lists its HMIS files (checking every entry first). */
export async function openZipSource(path: string, limits: ZipLimits = ZIP_LIMITS): Promise<HmisSource> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true });
  } catch (err) {
    const looksLikeZip = /\.zip$/i.test(path);
    throw new InputError(
      looksLikeZip
        ? `${path} is not a readable zip file (${(err as Error).message}); it may be truncated or damaged, or not a zip at all.`
        : `${path}: this is neither a folder nor a zip file (${(err as Error).message}); expected a folder or a .zip holding an HMIS CSV export.`,
    );
  }
  const close = async (): Promise<void> => {
    if (zip.isOpen) zip.close();
  };
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new InputError(
        `${path} holds ${zip.entryCount} entries, more than the ${limits.maxEntries} an HMIS export could need; refusing to read it.`,
      );
    }
    const entries = await listEntries(zip, path);
    let total = 0;
    for (const { name, entry } of entries) {
      checkName(path, name);
      total += entry.uncompressedSize;
      const ratio = entry.compressedSize > 0 ? entry.uncompressedSize / entry.compressedSize : Infinity;
      if (entry.uncompressedSize >= limits.ratioFloorBytes && ratio > limits.maxRatio) {
        throw new InputError(
          `${path}: the zip entry "${name}" would expand from ${entry.compressedSize} to ${entry.uncompressedSize} bytes (more than ${limits.maxRatio}:1), which is how a zip bomb looks, not a CSV file; refusing to read it.`,
        );
      }
    }
    if (total > limits.maxTotalBytes) {
      throw new InputError(
        `${path} would expand to ${formatBytes(total)}, more than the ${formatBytes(limits.maxTotalBytes)} allowed for one export; refusing to read it.`,
      );
    }
    return buildSource(zip, path, entries, close);
  } catch (err) {
    await close();
    throw err;
  }
}

function buildSource(zip: yauzl.ZipFile, path: string, entries: ZipEntryInfo[], close: () => Promise<void>): HmisSource {
  const files = entries.filter((e) => !e.name.endsWith('/'));
  const exports = files.filter((e) => baseName(e.name).toLowerCase() === 'export.csv' && depth(e.name) <= 1);
  if (exports.length > 1) {
    throw new InputError(`${path} holds more than one Export.csv (${exports.map((e) => e.name).join(', ')}); zip one export at a time.`);
  }
  const source: HmisSource = { label: path, files: new Map(), ignored: [], close };
  const folder = exports.length === 1 ? dirName(exports[0].name) : null;
  for (const e of entries) {
    const name = folder !== null && !e.name.endsWith('/') && dirName(e.name) === folder ? hmisFileOf(baseName(e.name)) : null;
    if (!name) {
      if (!(folder && e.name === folder)) source.ignored.push(e.name);
      continue;
    }
    if (e.entry.isEncrypted()) {
      throw new InputError(`${path}: the zip entry "${e.name}" is encrypted; zip the export without a password.`);
    }
    const entry = e.entry;
    addSourceFile(source, name, {
      entry: e.name,
      size: entry.uncompressedSize,
      open: () => openEntry(zip, path, e.name, entry),
    });
  }
  return source;
}

async function listEntries(zip: yauzl.ZipFile, path: string): Promise<ZipEntryInfo[]> {
  const out: ZipEntryInfo[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      const raw = entry.fileNameRaw ?? (entry.fileName as unknown as Buffer);
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, true);
      out.push({ name, entry });
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', (err: Error) =>
      reject(new InputError(`${path} is not a readable zip file (${err.message}); it may be truncated or damaged.`)),
    );
    zip.readEntry();
  });
  return out;
}

/** Refuses an entry name that could point outside the export. */
function checkName(path: string, name: string): void {
  let why: string | null = null;
  if (name.includes('\\')) why = 'it holds a backslash';
  else if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) why = 'it is an absolute path';
  else if (name.split('/').includes('..')) why = 'it climbs out with ".."';
  else if (name.includes('\0')) why = 'it holds a NUL character';
  if (why) {
    throw new InputError(`${path}: the zip entry "${name}" points outside the export (${why}); refusing to read this zip.`);
  }
}

async function openEntry(zip: yauzl.ZipFile, path: string, name: string, entry: yauzl.Entry): Promise<Readable> {
  const tooBig = (): InputError =>
    new InputError(
      `${path}: the zip entry "${name}" holds more than the ${entry.uncompressedSize} bytes its directory declares (a zip bomb or a damaged zip); refusing to read on.`,
    );
  const fail = (err: Error): InputError =>
    err instanceof InputError
      ? err
      : /too many bytes/.test(err.message)
        ? tooBig()
        : new InputError(`${path}: the zip entry "${name}" cannot be read (${err.message}); the zip may be damaged or truncated.`);
  let raw: Readable;
  try {
    raw = await zip.openReadStreamPromise(entry);
  } catch (err) {
    throw fail(err as Error);
  }
  const declared = entry.uncompressedSize;
  let seen = 0;
  const guard = new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      seen += chunk.length;
      if (seen > declared) {
        done(tooBig());
        return;
      }
      done(null, chunk);
    },
  });
  raw.on('error', (err: Error) => guard.destroy(fail(err)));
  guard.on('close', () => raw.destroy());
  raw.pipe(guard);
  return guard;
}

function baseName(name: string): string {
  const trimmed = name.endsWith('/') ? name.slice(0, -1) : name;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** The folder part with its trailing slash ('' at the root). */
function dirName(name: string): string {
  const i = name.lastIndexOf('/');
  return i < 0 ? '' : name.slice(0, i + 1);
}

function depth(name: string): number {
  return name.split('/').length - 1;
}

function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${n} bytes`;
}
