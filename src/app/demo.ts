import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../store/database.ts';
import { generateCity, type GeneratedCity } from '../synth/generate.ts';
import type { CitySize } from '../synth/sizes.ts';
import { parseDay } from '../domain/time/day.ts';
import { importBnl, type ImportReport } from './import-bnl.ts';
import { resolveCommunity } from './community.ts';
import { updateSettings } from './settings.ts';
import { noProgress, type ProgressListener } from './progress.ts';
import { seedDemoLearning } from './learning/demo-learning.ts';

export interface DemoResult {
  city: GeneratedCity;
  report: ImportReport;
  summary: string;
}

/**
 * Generates a synthetic city and loads it as a community (default `demo`) through
 * the same By-Name List import a real community uses, then records the city's
 * point-in-time count. Loading the demo again replaces its list.
 */
export async function loadDemo(
  db: Database,
  options: { size: CitySize; seed: number; community?: string; onProgress?: ProgressListener },
): Promise<DemoResult> {
  const progress = options.onProgress ?? noProgress;
  const dir = mkdtempSync(join(tmpdir(), 'zeroloop-demo-'));
  try {
    const city = await generateCity({
      size: options.size,
      seed: options.seed,
      outDir: dir,
      format: 'bnl',
      onProgress: (p) => progress({ phase: p.phase === 'simulate' ? 'simulating the city' : 'writing its files', done: p.done, total: p.total, unit: 'people' }),
    });
    const slug = options.community ?? 'demo';
    const community = await resolveCommunity(db, slug, { slug, name: city.name });
    // The city's history starts before its list was complete: report from its start month.
    await updateSettings(db, community, { pitCount: city.pitCount, name: city.name, reportFrom: city.startDate.slice(0, 7) });
    const report = await importBnl(db, {
      dir: city.files.bnlDir!,
      sourceName: `the synthetic demo city (size ${options.size}, seed ${options.seed})`,
      community: slug,
      replace: true,
      asOf: parseDay(city.endDate)!,
      onProgress: progress,
    });
    progress({ phase: 'writing its learning history', done: 0, total: null, unit: 'rows' });
    await db.transaction((tx) => seedDemoLearning(tx, community, city));
    const summary =
      `Loaded the demo community "${slug}" (${city.name}, size ${options.size}, seed ${options.seed}): ` +
      `${report.derivation?.people.toLocaleString('en-US')} people on the list from ${city.startDate} to ${city.endDate}, point-in-time count ${city.pitCount.toLocaleString('en-US')}.`;
    return { city, report, summary };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
