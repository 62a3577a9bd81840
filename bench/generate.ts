/**
 * Times the synthetic city generator, one process per size so peak memory is its own:
 *
 *   node bin/run-ts.mjs bench/generate.ts                      # small and city
 *   node bin/run-ts.mjs bench/generate.ts --size metro         # one size (slow: minutes)
 *   node bin/run-ts.mjs bench/generate.ts --size city --format hmis --out /tmp/city --seed 3
 *   node bin/run-ts.mjs bench/generate.ts --size city --files   # list every file written
 *
 * Prints elapsed seconds, peak RSS, row counts and bytes written. Output goes to a temporary
 * folder that is removed afterwards unless --out is given.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCity, type OutputFormat } from '../src/synth/generate.ts';
import { isCitySize, type CitySize } from '../src/synth/sizes.ts';

interface Args {
  sizes: CitySize[];
  seed: number;
  format: OutputFormat;
  out: string | null;
  child: boolean;
  /** List every file written, not only the largest. */
  files: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { sizes: ['small', 'city'], seed: 1, format: 'both', out: null, child: false, files: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--size') {
      const sizes = value().split(',');
      for (const s of sizes) if (!isCitySize(s)) throw new Error(`unknown size ${s}`);
      args.sizes = sizes as CitySize[];
    } else if (a === '--seed') args.seed = Number(value());
    else if (a === '--format') args.format = value() as OutputFormat;
    else if (a === '--out') args.out = resolve(value());
    else if (a === '--child') args.child = true;
    else if (a === '--files') args.files = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

async function runOne(size: CitySize, args: Args): Promise<void> {
  const outDir = args.out ?? mkdtempSync(join(tmpdir(), `zl-bench-${size}-`));
  let peakRss = 0;
  const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 200);
  const started = process.hrtime.bigint();
  try {
    const city = await generateCity({ size, seed: args.seed, outDir, format: args.format });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sample);
    const maxRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
    const bytes = city.files.written.reduce((s, f) => s + f.bytes, 0);
    const c = city.counts;
    console.log(
      `${size}: ${seconds.toFixed(2)} s, peak RSS ${mb(maxRss)}; ${c.people.toLocaleString('en-US')} people, ` +
        `${c.households.toLocaleString('en-US')} households, ${c.enrollments.toLocaleString('en-US')} enrollments, ` +
        `${c.services.toLocaleString('en-US')} services (${c.bedNights.toLocaleString('en-US')} bed nights), ` +
        `${c.currentLivingSituations.toLocaleString('en-US')} contacts, ${c.statusChanges.toLocaleString('en-US')} status changes; ` +
        `PIT ${city.pitCount.toLocaleString('en-US')} on ${city.pitDate}; ${mb(bytes)} in ${city.files.written.length} files`,
    );
    const largest = city.files.written.slice().sort((a, b) => b.bytes - a.bytes).slice(0, args.files ? undefined : 6);
    for (const f of largest) console.log(`    ${f.path.slice(outDir.length + 1)}: ${f.rows.toLocaleString('en-US')} rows, ${mb(f.bytes)}`);
  } finally {
    clearInterval(sample);
    if (!args.out) rmSync(outDir, { recursive: true, force: true });
  }
}

function runChild(size: CitySize, args: Args): Promise<void> {
  const runner = fileURLToPath(new URL('../bin/run-ts.mjs', import.meta.url));
  const self = fileURLToPath(import.meta.url);
  const childArgs = [runner, self, '--child', '--size', size, '--seed', String(args.seed), '--format', args.format];
  if (args.files) childArgs.push('--files');
  if (args.out) childArgs.push('--out', join(args.out, size));
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, childArgs, { stdio: 'inherit' });
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? ok() : fail(new Error(`${size} exited ${code}`))));
  });
}

const args = parseArgs(process.argv.slice(2));
if (args.child || args.sizes.length === 1) {
  await runOne(args.sizes[0], args);
} else {
  for (const size of args.sizes) await runChild(size, args);
}
