import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { UserError } from '../errors.ts';

const EXPECTED = 'expected a .tar.gz file written by `zeroloop backup` (a PGlite data-folder dump)';
/** Files every PostgreSQL data folder has: a dump without them is not one. */
const REQUIRED = ['PG_VERSION', 'global/pg_control', 'base'];

/**
 * Reads a backup file and checks it whole before anything is restored from it: the
 * gzip stream complete (its checksum is at the end, so a cut-short file fails here),
 * then every tar header's checksum, every entry inside the archive, the end-of-archive
 * marker present, and the files of a PostgreSQL data folder there. Returns the tar
 * archive; throws a UserError naming the file otherwise.
 */
export function readDataDirDump(file: string): Uint8Array {
  const fail = (what: string): never => {
    throw new UserError(`${file} is not a ZeroLoop backup: ${what}; ${EXPECTED}.`);
  };
  let raw: Buffer;
  try {
    if (!statSync(file).isFile()) fail('it is not a file');
    raw = readFileSync(file);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); ${EXPECTED}.`);
  }
  let tar: Uint8Array = raw;
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      tar = gunzipSync(raw);
    } catch {
      fail('its compressed data is damaged or cut short');
    }
  }
  const problem = tarProblem(tar);
  if (problem) fail(problem);
  return tar;
}

interface TarEntry {
  /** Relative to the data folder, without a leading `/` or `./`. */
  name: string;
  type: 'file' | 'dir';
  data: Uint8Array;
}

/** Walks a tar archive's entries; stops at the first problem, which it returns. */
function walkTar(tar: Uint8Array, onEntry: (e: TarEntry) => void): string | null {
  if (tar.length < 1024 || tar.length % 512 !== 0) return 'it is not a tar archive';
  let count = 0;
  let offset = 0;
  for (;;) {
    if (offset + 512 > tar.length) return count === 0 ? 'it is not a tar archive' : 'the archive is cut short';
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) return null; // the end-of-archive marker
    if (!checksumOk(header)) return count === 0 ? 'it is not a tar archive' : `the archive is damaged after ${count} entries`;
    const raw = entryName(header);
    const size = octal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156] || 0x30);
    if (size === null) return `the archive is damaged at entry ${raw}`;
    const name = raw.replace(/^(\.?\/)+/, '').replace(/\/+$/, '');
    if (name.split('/').includes('..')) return `the archive names a file outside its folder (${raw})`;
    if (type !== '0' && type !== '5') return `the archive holds an entry of an unexpected kind (${raw})`;
    const end = offset + 512 + size;
    if (end > tar.length) return 'the archive is cut short';
    if (name !== '') onEntry({ name, type: type === '5' ? 'dir' : 'file', data: tar.subarray(offset + 512, end) });
    offset += 512 + Math.ceil(size / 512) * 512;
    count++;
  }
}

/** What is wrong with a tar archive as a data-folder dump, or null when nothing is. */
export function tarProblem(tar: Uint8Array): string | null {
  const names = new Set<string>();
  const problem = walkTar(tar, (e) => names.add(e.name));
  if (problem) return problem;
  const missing = REQUIRED.filter((n) => !names.has(n));
  if (missing.length > 0) return `the archive holds no PostgreSQL data folder (no ${missing.join(', ')})`;
  return null;
}

/**
 * Writes a checked archive's files into `folder` (new, or empty), readable by the
 * owner alone: what PGlite's loadDataDir does, without holding the archive a second
 * time inside the database engine's memory.
 */
export function extractDataDirDump(tar: Uint8Array, folder: string): void {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  chmodSync(folder, 0o700);
  const problem = walkTar(tar, (e) => {
    const path = join(folder, ...e.name.split('/'));
    if (e.type === 'dir') mkdirSync(path, { recursive: true, mode: 0o700 });
    else {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      writeFileSync(path, e.data, { mode: 0o600 });
    }
  });
  if (problem) throw new Error(`The archive changed while it was extracted: ${problem}.`);
}

function entryName(header: Uint8Array): string {
  const text = (from: number, to: number) => {
    const bytes = header.subarray(from, to);
    const end = bytes.indexOf(0);
    return Buffer.from(end === -1 ? bytes : bytes.subarray(0, end)).toString('utf8');
  };
  const name = text(0, 100);
  const prefix = text(257, 262) === 'ustar' ? text(345, 500) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function octal(field: Uint8Array): number | null {
  const s = Buffer.from(field).toString('latin1').replace(/\0.*$/s, '').trim();
  if (s === '') return 0;
  return /^[0-7]+$/.test(s) ? parseInt(s, 8) : null;
}

function checksumOk(header: Uint8Array): boolean {
  const stored = octal(header.subarray(148, 156));
  if (stored === null) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i];
  return sum === stored;
}
