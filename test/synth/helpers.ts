import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { generateCity, type GenerateOptions, type GeneratedCity } from '../../src/synth/generate.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED = resolve(REPO_ROOT, '../shared');

export interface Generated {
  dir: string;
  city: GeneratedCity;
  cleanup: () => void;
}

export async function generateSmall(seed: number, extra: Partial<GenerateOptions> = {}): Promise<Generated> {
  const dir = mkdtempSync(join(tmpdir(), 'zl-synth-'));
  const city = await generateCity({ size: 'small', seed, outDir: dir, format: 'both', ...extra });
  return { dir, city, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Rows of a CSV file as arrays (header first). */
export function readRows(path: string): string[][] {
  return parse(readFileSync(path), { relax_column_count: true }) as string[][];
}

/** Rows of a CSV file as objects keyed by the header. */
export function readRecords(path: string): Record<string, string>[] {
  return parse(readFileSync(path), { columns: true }) as Record<string, string>[];
}

/** The reference columns of every HMIS FY2024 file, in order. */
export function referenceColumns(): Map<string, string[]> {
  const rows = readRows(join(SHARED, 'reference/hmis-csv-fy2024-columns.csv')).slice(1);
  const out = new Map<string, string[]>();
  for (const [file, no, column] of rows) {
    const list = out.get(file) ?? [];
    list[Number(no) - 1] = column;
    out.set(file, list);
  }
  return out;
}
