// Compiles the command line (src/cli/main.ts and everything it loads) into
// dist/cli/, so a command starts in a fraction of the time tsx needs to compile
// TypeScript on the fly. Dependencies stay in node_modules (not bundled).
// Used by bin/zeroloop.mjs whenever src/ is newer than the build, and by `npm run build`.
import { build } from 'esbuild';
import { mkdtempSync, renameSync, rmSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(root, 'dist', 'cli');

export async function buildCli() {
  mkdirSync(join(root, 'dist'), { recursive: true });
  // Built aside and moved into place, so a process never sees half a build.
  const staging = mkdtempSync(join(root, 'dist', '.build-'));
  try {
    await build({
      entryPoints: [join(root, 'src', 'cli', 'main.ts')],
      outdir: staging,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      sourcemap: 'linked',
      entryNames: '[name]',
      chunkNames: 'chunks/[name]-[hash]',
      logLevel: 'error',
    });
    const old = `${DIST}.old-${process.pid}`;
    if (existsSync(DIST)) renameSync(DIST, old);
    renameSync(staging, DIST);
    rmSync(old, { recursive: true, force: true });
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildCli();
