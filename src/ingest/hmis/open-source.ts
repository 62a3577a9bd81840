/**
 * Opens what the user named (a folder or a zip) as an HMIS source.
 */
import { stat } from 'node:fs/promises';
import { InputError } from '../problems.ts';
import { openFolderSource, type HmisSource } from './source.ts';
import { openZipSource } from './zip-source.ts';

/** Opens a folder or a zip file holding an export; refuses anything else in one sentence. */
export async function openHmisSource(path: string): Promise<HmisSource> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${path}: no such folder or zip file; expected a folder or a .zip holding an HMIS CSV export.`);
    throw new InputError(`${path}: cannot be read (${code ?? (err as Error).message}).`);
  }
  const source = info.isDirectory() ? await openFolderSource(path) : info.isFile() ? await openZipSource(path) : null;
  if (!source) throw new InputError(`${path}: this is neither a folder nor a zip file; expected a folder or a .zip holding an HMIS CSV export.`);
  if (!source.files.has('Export')) {
    await source.close();
    throw new InputError(`${source.label} is not an HMIS CSV export: no Export.csv in it.`);
  }
  return source;
}

