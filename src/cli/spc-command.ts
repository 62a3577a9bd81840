import { Command } from 'commander';
import { resolve } from 'node:path';
import { readSpcSeries } from '../ingest/spc-series.ts';
import { spcChart } from '../domain/spc/spc-chart.ts';
import { SpcInputError } from '../domain/spc/spc-input-error.ts';
import type { ChartType, RuleSet } from '../domain/spc/types.ts';
import { UserError } from '../app/errors.ts';
import { write } from './common.ts';
import { parseFormat, toCsv, toTable, UsageError } from './output.ts';

const CHARTS: readonly ChartType[] = ['run', 'i', 'mr', 'p', 'pp', 'u', 'up', 'c'];
const RULES: readonly RuleSet[] = ['anhoej', 'ihi', 'nhs'];

function positions(name: string, value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(',').map((s) => s.trim());
  if (parts.some((p) => !/^\d+$/.test(p) || Number(p) < 1)) throw new UsageError(`${name} "${value}" must be point numbers from 1, separated by commas.`);
  return parts.map(Number);
}

/** `zeroloop spc`: a run or control chart of a CSV series, with the signals of a rule set (docs/spc.md). */
export function registerSpcCommand(program: Command): void {
  program
    .command('spc <file>')
    .description('a run or control chart of a series in a CSV file (header x,y or x,y,n), with its signals')
    .requiredOption('--chart <type>', `chart type: ${CHARTS.join(', ')}`)
    .option('--freeze <n>', 'compute the centre line and limits from the first n points only (a baseline)')
    .option('--part <i,j,…>', 'start a new part (phase) after these point numbers')
    .option('--exclude <i,j,…>', 'leave these points out of the calculations (still shown)')
    .option('--rules <set>', `signal rules: ${RULES.join(', ')}`, 'anhoej')
    .option('--no-screen', 'I charts: do not screen out large moving ranges before computing limits')
    .option('--improvement <direction>', 'which way is better: up or down (classifies signals as improvement or concern)')
    .option('--target <value>', 'a target, for the NHS assurance judgement')
    .option('--astronomical <i,j,…>', 'IHI rules: points a person judged astronomical')
    .option('--format <format>', 'json, table or csv', 'json')
    .action(async (file: string, flags: { chart: string; freeze?: string; part?: string; exclude?: string; rules: string; screen: boolean; improvement?: string; target?: string; astronomical?: string; format: string }) => {
      const format = parseFormat(flags.format, ['json', 'table', 'csv']);
      if (!(CHARTS as readonly string[]).includes(flags.chart)) throw new UsageError(`--chart "${flags.chart}" is not one of ${CHARTS.join(', ')}.`);
      if (!(RULES as readonly string[]).includes(flags.rules)) throw new UsageError(`--rules "${flags.rules}" is not one of ${RULES.join(', ')}.`);
      if (flags.improvement !== undefined && !['up', 'down'].includes(flags.improvement)) throw new UsageError(`--improvement "${flags.improvement}" is not up or down.`);
      const freeze = positions('--freeze', flags.freeze);
      if (freeze && freeze.length !== 1) throw new UsageError('--freeze takes one point number.');
      const target = flags.target === undefined ? null : Number(flags.target);
      if (target !== null && !Number.isFinite(target)) throw new UsageError(`--target "${flags.target}" is not a number.`);
      const series = await readSpcSeries(resolve(file));
      let result;
      try {
        result = spcChart({
          x: series.x,
          y: series.y,
          n: series.n,
          chart: flags.chart as ChartType,
          freeze: freeze?.[0] ?? null,
          parts: positions('--part', flags.part),
          exclude: positions('--exclude', flags.exclude),
          rules: flags.rules as RuleSet,
          screen: flags.screen,
          improvement: (flags.improvement as 'up' | 'down' | undefined) ?? null,
          target,
          astronomical: positions('--astronomical', flags.astronomical),
        });
      } catch (e) {
        if (e instanceof SpcInputError) throw new UserError(`${file}: ${e.message}`);
        throw e;
      }
      if (format === 'json') {
        write(JSON.stringify(result) + '\n');
        return;
      }
      const rows = result.points.map((p) => ({
        point: p.point, x: String(p.x), y: p.y, cl: p.cl, lcl: p.lcl, ucl: p.ucl, part: p.part, excluded: p.excluded,
        signals: p.signals.join(' ') || null,
      }));
      write(format === 'csv' ? toCsv(rows) : toTable(rows.map((r) => ({ ...r, y: fmt(r.y), cl: fmt(r.cl), lcl: fmt(r.lcl), ucl: fmt(r.ucl) }))));
      if (format === 'table') for (const s of result.signals) write(`point ${s.point}: ${s.message}\n`);
    });
}

function fmt(v: number | null): string | null {
  return v === null ? null : String(Math.round(v * 10000) / 10000);
}
