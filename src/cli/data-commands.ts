import { Command } from 'commander';
import { resolve } from 'node:path';
import { importBnl } from '../app/import-bnl.ts';
import { resolveCommunity } from '../app/community.ts';
import { deriveCommunity } from '../app/derive.ts';
import { UserError } from '../app/errors.ts';
import { ImportLog } from '../store/imports.ts';
import type { ImportReport } from '../app/import-bnl.ts';
import { formatDay } from '../domain/time/day.ts';
import { parseDayOption, parseIntOption, withCommonOptions, write, type CommonFlags } from './common.ts';
import { parseFormat, toCsv, toTable, UsageError } from './output.ts';
import { progressBar } from './progress-bar.ts';
import { withStore } from './session.ts';
import { auditCli } from './learning-common.ts';
import { printImportReport } from './import-report.ts';

const SIZES = ['small', 'city', 'metro'] as const;
type Size = (typeof SIZES)[number];

function parseSize(value: string): Size {
  if ((SIZES as readonly string[]).includes(value)) return value as Size;
  throw new UsageError(`--size "${value}" is not one of ${SIZES.join(', ')}.`);
}

/** Commands that bring data in: demo, generate, import, imports, import-report, derive. */
export function registerDataCommands(program: Command): void {
  withCommonOptions(program.command('demo'))
    .description('generate a synthetic city and load it as a demo community')
    .option('--size <size>', 'small (~2k people), city (~50k) or metro (~500k)', 'small')
    .option('--seed <n>', 'random seed: the same seed gives the same city', '1')
    .action(async (flags: CommonFlags & { size: string; seed: string }) => {
      const size = parseSize(flags.size);
      const seed = parseIntOption('--seed', flags.seed, 0, 2 ** 31 - 1)!;
      const bar = progressBar();
      const { loadDemo } = await import('../app/demo.ts'); // the generator loads only when needed
      const result = await withStore(flags, 'zeroloop demo', (store) =>
        loadDemo(store.db, { size, seed, community: flags.community, onProgress: bar }),
      ).finally(() => bar.done());
      write(`${result.summary}\n`);
    });

  program
    .command('generate')
    .description('write a synthetic city as files (HMIS CSV FY2024 export and/or By-Name List CSV)')
    .option('--size <size>', 'small, city or metro', 'small')
    .option('--seed <n>', 'random seed', '1')
    .requiredOption('--out <dir>', 'the folder to write')
    .option('--format <format>', 'hmis, bnl or both', 'both')
    .action(async (flags: { size: string; seed: string; out: string; format: string }) => {
      const size = parseSize(flags.size);
      const seed = parseIntOption('--seed', flags.seed, 0, 2 ** 31 - 1)!;
      if (!['hmis', 'bnl', 'both'].includes(flags.format)) throw new UsageError(`--format "${flags.format}" is not one of hmis, bnl, both.`);
      const bar = progressBar();
      const { generateCity } = await import('../synth/generate.ts');
      const city = await generateCity({
        size,
        seed,
        outDir: resolve(flags.out),
        format: flags.format as 'hmis' | 'bnl' | 'both',
        onProgress: (p: { phase: string; done: number; total: number }) => bar({ phase: p.phase, done: p.done, total: p.total, unit: 'people' }),
      }).finally(() => bar.done());
      write(`Wrote a synthetic community of size ${size} (seed ${seed}) to ${resolve(flags.out)}: ${city.counts.people.toLocaleString('en-US')} people.\n`);
    });

  const importCmd = program.command('import').description('import data into a community');
  withCommonOptions(importCmd.command('bnl <dir>'))
    .description('import a By-Name List folder (docs/formats/bnl-csv.md)')
    .option('--accept-partial', 'load the good rows even when some rows have errors')
    .option('--rejects <file>', 'with --accept-partial: where to write the rejected rows with reasons (default: <dir>/rejects.csv)')
    .option('--replace', "replace the community's whole list with this import (people and changes not in it are removed)")
    .option('--as-of <date>', 'the last day of data (default: the latest date in the files)')
    .option('--format <format>', 'table or json', 'table')
    .action(async (dir: string, flags: CommonFlags & { acceptPartial?: boolean; rejects?: string; replace?: boolean; asOf?: string; format: string }) => {
      const format = parseFormat(flags.format, ['table', 'json']);
      const asOf = parseDayOption('--as-of', flags.asOf);
      const bar = progressBar();
      const report: ImportReport = await withStore(flags, 'zeroloop import bnl', async (store) => {
        const r = await importBnl(store.db, {
          dir: resolve(dir),
          community: flags.community,
          acceptPartial: flags.acceptPartial,
          rejectsFile: flags.acceptPartial ? resolve(flags.rejects ?? `${dir}/rejects.csv`) : undefined,
          replace: flags.replace,
          asOf,
          onProgress: bar,
        });
        await auditCli(store.db, r.community, 'import.bnl', `import:${r.importId}`, { status: r.status });
        return r;
      }).finally(() => bar.done());
      printImportReport(report, format);
    });

  withCommonOptions(importCmd.command('hmis <source>'))
    .description('import a HUD HMIS CSV export (FY2024 or FY2026), as a folder or a .zip (docs/formats/hmis-csv.md)')
    .option('--accept-partial', 'load the good rows even when some rows have errors')
    .option('--rejects <file>', 'with --accept-partial: where to write the rejected rows with reasons (default: ./rejects.csv)')
    .option('--as-of <date>', "the last day of data (default: the export's ExportEndDate)")
    .option('--format <format>', 'table or json', 'table')
    .action(async (source: string, flags: CommonFlags & { acceptPartial?: boolean; rejects?: string; asOf?: string; format: string }) => {
      const format = parseFormat(flags.format, ['table', 'json']);
      const asOf = parseDayOption('--as-of', flags.asOf);
      const bar = progressBar();
      const { importHmis } = await import('../app/import-hmis.ts');
      const report = await withStore(flags, 'zeroloop import hmis', async (store) => {
        const r = await importHmis(store.db, {
          source: resolve(source),
          community: flags.community,
          acceptPartial: flags.acceptPartial,
          rejectsFile: flags.acceptPartial ? resolve(flags.rejects ?? 'rejects.csv') : undefined,
          asOf,
          onProgress: bar,
        });
        await auditCli(store.db, r.community, 'import.hmis', `import:${r.importId}`, { status: r.status });
        return r;
      }).finally(() => bar.done());
      printImportReport(report, format);
    });

  withCommonOptions(program.command('imports'))
    .description("list the community's imports")
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (flags: CommonFlags & { format: string }) => {
      const format = parseFormat(flags.format, ['table', 'csv', 'json']);
      const runs = await withStore(flags, 'zeroloop imports', async (store) => {
        const community = await resolveCommunity(store.db, flags.community);
        return new ImportLog(store.db, community.communityId).list();
      });
      const rows = runs.map((r) => ({ id: r.importId, kind: r.kind, status: r.status, started: r.startedAt, source: r.source, summary: r.summary }));
      if (format === 'json') write(JSON.stringify(rows, null, 2) + '\n');
      else write(format === 'csv' ? toCsv(rows) : toTable(rows));
    });

  withCommonOptions(program.command('import-report <id>'))
    .description('show one import: files, row counts and problems')
    .option('--format <format>', 'table or json', 'table')
    .action(async (id: string, flags: CommonFlags & { format: string }) => {
      const format = parseFormat(flags.format, ['table', 'json']);
      const importId = parseIntOption('import id', id, 1, Number.MAX_SAFE_INTEGER)!;
      const run = await withStore(flags, 'zeroloop import-report', async (store) => {
        const community = await resolveCommunity(store.db, flags.community);
        return new ImportLog(store.db, community.communityId).get(importId);
      });
      if (!run) throw new UserError(`There is no import ${importId} in this community.`, 'not-found');
      printImportReport(run.report as ImportReport, format);
    });

  withCommonOptions(program.command('derive'))
    .description("recompute the community's timelines and monthly figures (after changing settings or populations)")
    .option('--as-of <date>', 'the last day of data (default: as last derived)')
    .action(async (flags: CommonFlags & { asOf?: string }) => {
      const asOf = parseDayOption('--as-of', flags.asOf);
      const bar = progressBar();
      const summary = await withStore(flags, 'zeroloop derive', async (store) => {
        const community = await resolveCommunity(store.db, flags.community);
        return store.db.transaction((tx) => deriveCommunity(tx, community, { asOf, onProgress: bar }));
      }).finally(() => bar.done());
      write(`Derived ${summary.people} people: ${summary.transitions} population transitions, ${summary.months} population-months${summary.asOf !== null ? `, as of ${formatDay(summary.asOf)}` : ''}.\n`);
    });
}
