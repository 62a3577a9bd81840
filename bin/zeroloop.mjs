#!/usr/bin/env node
// Runs the `zeroloop` command line. It runs a compiled build of src/ (dist/cli/),
// rebuilt here whenever a file under src/ is newer than it; when building is not
// possible (a read-only install), it compiles the TypeScript on the fly with tsx.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'cli', 'main.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function builtAt() {
  try {
    return statSync(built).mtimeMs;
  } catch {
    return -1;
  }
}

let entry = built;
if (process.env.ZEROLOOP_NO_BUILD || builtAt() < newestSource(join(root, 'src'))) {
  try {
    if (process.env.ZEROLOOP_NO_BUILD) throw new Error('building turned off');
    const { buildCli } = await import('./build.mjs');
    await buildCli();
  } catch {
    const { register } = await import('tsx/esm/api');
    register();
    entry = join(root, 'src', 'cli', 'main.ts');
  }
}
await import(pathToFileURL(entry).href);
