// Compiles the command line (src/cli/main.ts and everything it loads, and the HMIS reader's
// worker thread) into dist/cli/, so a command starts in a fraction of the time tsx needs to
// compile TypeScript on the fly. Dependencies stay in node_modules (not bundled).
// Used by bin/zeroloop.mjs whenever src/ is newer than the build, and by `npm run build`.
import { build } from 'esbuild';
import { mkdtempSync, renameSync, rmSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(root, 'dist', 'cli');
export const WEB_DIST = join(root, 'dist', 'web');

/** Builds into a staging folder and moves it into place, so a process never sees half a build. */
async function buildInto(target, options) {
  mkdirSync(join(root, 'dist'), { recursive: true });
  const staging = mkdtempSync(join(root, 'dist', '.build-'));
  try {
    await build({ ...options, outdir: staging });
    const old = `${target}.old-${process.pid}`;
    if (existsSync(target)) renameSync(target, old);
    renameSync(staging, target);
    rmSync(old, { recursive: true, force: true });
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}

/**
 * The browser app (src/web/client) and its stylesheet, bundled with ECharts for the
 * browser into dist/web/, served by the server as static files: nothing is fetched
 * from anywhere else at run time.
 */
export async function buildWeb() {
  await buildInto(WEB_DIST, {
    entryPoints: { app: join(root, 'src', 'web', 'client', 'main.ts'), web: join(root, 'src', 'web', 'client', 'app.css') },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    minify: true,
    sourcemap: 'linked',
    logLevel: 'error',
  });
}

export async function buildCli() {
  await buildWeb();
  mkdirSync(join(root, 'dist'), { recursive: true });
  // Built aside and moved into place, so a process never sees half a build.
  const staging = mkdtempSync(join(root, 'dist', '.build-'));
  try {
    await build({
      // The HMIS reader's worker thread (src/ingest/hmis/read-in-worker.ts) is an entry of its own.
      entryPoints: {
        main: join(root, 'src', 'cli', 'main.ts'),
        'hmis-read-worker': join(root, 'src', 'ingest', 'hmis', 'read-worker.ts'),
      },
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
