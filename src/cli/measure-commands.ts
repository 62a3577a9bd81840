import type { Command } from 'commander';
import { resolve, basename } from 'node:path';
import {
  addMeasurePhase,
  createMeasure,
  deleteMeasureValue,
  importMeasureValues,
  listMeasures,
  measureChartFor,
  removeMeasurePhase,
  showMeasure,
  updateMeasure,
  putMeasureValues,
  type MeasureDetail,
} from '../app/learning/measures.ts';
import { LearningRepository } from '../store/learning-repository.ts';
import { measureChartJson } from '../app/learning/chart-json.ts';
import { withCommonOptions, write, type CommonFlags } from './common.ts';
import { parseFormat, toCsv, toTable, UsageError } from './output.ts';
import { bodyFrom, defaultAuthor, inCommunity, listOption, numberOption, withChangeOptions } from './learning-common.ts';
import { parseIntOption } from './common.ts';

interface DefinitionFlags {
  slug?: string;
  name?: string;
  type?: string;
  source?: string;
  population?: string;
  description?: string;
  numerator?: string;
  denominator?: string;
  frequency?: string;
  unit?: string;
  improvement?: string;
  owner?: string;
  target?: string;
  chart?: string;
  rules?: string;
  reason?: string;
  agreedBy?: string;
  by?: string;
  file?: string;
}

function definitionOptions(cmd: Command): Command {
  return cmd
    .option('--name <text>', 'the measure’s name')
    .option('--type <type>', 'outcome, process or balancing')
    .option('--source <source>', 'bnl:<figure> (computed from the By-Name List, e.g. bnl:actively_homeless), manual or csv')
    .option('--population <slug>', 'the population it is about (By-Name List figures: default all)')
    .option('--description <text>', 'what is counted, in plain words')
    .option('--numerator <text>', 'what the numerator counts')
    .option('--denominator <text>', 'what the denominator counts (shares only)')
    .option('--frequency <f>', 'monthly, quarterly or weekly (default monthly)')
    .option('--unit <text>', 'e.g. people, days, %')
    .option('--improvement <direction>', 'which way is better: up, down or none')
    .option('--owner <name>', 'who owns the measure')
    .option('--target <value>', 'the target value')
    .option('--chart <type>', 'chart drawn by default: run, i, mr, p, pp, u, up, c')
    .option('--rules <set>', 'signal rules: anhoej, ihi or nhs')
    .option('--reason <text>', 'why the definition is being set or changed')
    .option('--agreed-by <orgs>', 'organizations that reviewed and agreed to the definition, separated by commas');
}

function definitionBody(flags: DefinitionFlags): Record<string, unknown> {
  return bodyFrom(flags, {
    slug: flags.slug,
    name: flags.name,
    type: flags.type,
    source: flags.source,
    population: flags.population,
    description: flags.description,
    numerator: flags.numerator,
    denominator: flags.denominator,
    frequency: flags.frequency,
    unit: flags.unit,
    improvement: flags.improvement,
    owner: flags.owner,
    target: numberOption('--target', flags.target),
    chart: flags.chart,
    rules: flags.rules,
    reason: flags.reason,
    agreed_by: listOption(flags.agreedBy),
  });
}

function printDetail(m: MeasureDetail, format: string): void {
  if (format === 'json') {
    write(JSON.stringify(m, null, 2) + '\n');
    return;
  }
  const d = m.definition;
  write(`${d.name} (${m.slug}, version ${m.version})\n`);
  const rows: [string, string | number | null][] = [
    ['type', d.type],
    ['what is counted', d.description],
    ['numerator', d.numerator],
    ['denominator', d.denominator],
    ['population', d.population],
    ['source', d.source.kind === 'bnl' ? `By-Name List: ${d.source.figure}` : d.source.kind],
    ['frequency', d.frequency],
    ['unit', d.unit],
    ['improvement', d.improvement ?? 'none'],
    ['owner', d.owner],
    ['target', d.target],
    ['chart', `${d.chart} with ${d.rules} rules`],
  ];
  write(toTable(rows.map(([field, value]) => ({ field, value: value === null ? '' : String(value) }))));
  write('\nVersions:\n');
  write(toTable(m.versions.map((v) => ({ version: v.version, changed_at: v.changed_at.slice(0, 16).replace('T', ' '), changed_by: v.changed_by, reason: v.reason, agreed_by: v.agreed_by.join('; ') }))));
}

/** `zeroloop measure …`: the measures registry, values, phases and charts. */
export function registerMeasureCommands(program: Command): void {
  const measure = program.command('measure').description('measures with shared, versioned definitions, their values and charts');

  withCommonOptions(measure.command('list'))
    .description('list the measures')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (flags: CommonFlags & { format: string }) => {
      const format = parseFormat(flags.format, ['table', 'csv', 'json']);
      const all = await inCommunity(flags, 'zeroloop measure list', (db, c) => listMeasures(db, c));
      if (format === 'json') {
        write(JSON.stringify(all, null, 2) + '\n');
        return;
      }
      const rows = all.map((m) => ({
        slug: m.slug,
        name: m.definition.name,
        type: m.definition.type,
        population: m.definition.population,
        source: m.definition.source.kind === 'bnl' ? `bnl:${m.definition.source.figure}` : m.definition.source.kind,
        frequency: m.definition.frequency,
        unit: m.definition.unit,
        improvement: m.definition.improvement,
        target: m.definition.target,
        owner: m.definition.owner,
        version: m.version,
      }));
      write(format === 'csv' ? toCsv(rows) : toTable(rows));
    });

  definitionOptions(withChangeOptions(measure.command('add')))
    .description('add a measure (its first version)')
    .option('--slug <slug>', 'its short name (default: made from the name)')
    .option('--format <format>', 'table or json', 'table')
    .action(async (flags: CommonFlags & DefinitionFlags & { format: string }) => {
      const format = parseFormat(flags.format, ['table', 'json']);
      const m = await inCommunity(flags, 'zeroloop measure add', (db, c) => createMeasure(db, c, definitionBody(flags)));
      printDetail(m, format);
    });

  withCommonOptions(measure.command('show <slug>'))
    .description('a measure’s definition and every version of it')
    .option('--format <format>', 'table or json', 'table')
    .action(async (slug: string, flags: CommonFlags & { format: string }) => {
      const format = parseFormat(flags.format, ['table', 'json']);
      printDetail(await inCommunity(flags, 'zeroloop measure show', (db, c) => showMeasure(db, c, slug)), format);
    });

  definitionOptions(withChangeOptions(measure.command('update <slug>')))
    .description('change a measure’s definition: adds a version and keeps the old ones (--reason is required)')
    .option('--format <format>', 'table or json', 'table')
    .action(async (slug: string, flags: CommonFlags & DefinitionFlags & { format: string }) => {
      const format = parseFormat(flags.format, ['table', 'json']);
      const m = await inCommunity(flags, 'zeroloop measure update', (db, c) => updateMeasure(db, c, slug, definitionBody(flags)));
      printDetail(m, format);
    });

  withCommonOptions(measure.command('value <slug> <period> <value>'))
    .description('enter a value by hand for one period (replaces an earlier value of that period)')
    .option('--denominator <n>', 'the denominator, for shares')
    .option('--note <text>', 'a note about the value')
    .option('--by <name>', 'who is entering it')
    .action(async (slug: string, period: string, value: string, flags: CommonFlags & { denominator?: string; note?: string; by?: string }) => {
      const body = {
        by: flags.by ?? defaultAuthor(),
        values: [{ period, value: numberOption('<value>', value), denominator: numberOption('--denominator', flags.denominator), note: flags.note }],
      };
      await inCommunity(flags, 'zeroloop measure value', (db, c) => putMeasureValues(db, c, slug, body));
      write(`Recorded ${slug} = ${value} for ${period}.\n`);
    });

  withCommonOptions(measure.command('values <slug>'))
    .description('the values entered by hand or imported, with who entered them')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (slug: string, flags: CommonFlags & { format: string }) => {
      const format = parseFormat(flags.format, ['table', 'csv', 'json']);
      const values = await inCommunity(flags, 'zeroloop measure values', async (db, c) => {
        await showMeasure(db, c, slug);
        return new LearningRepository(db, c.communityId).values(slug);
      });
      if (format === 'json') write(JSON.stringify(values, null, 2) + '\n');
      else write(format === 'csv' ? toCsv(values as never) : toTable(values as never));
    });

  withCommonOptions(measure.command('remove-value <slug> <period>'))
    .description('remove the value of one period')
    .action(async (slug: string, period: string, flags: CommonFlags) => {
      await inCommunity(flags, 'zeroloop measure remove-value', (db, c) => deleteMeasureValue(db, c, slug, period));
      write(`Removed the value of ${slug} for ${period}.\n`);
    });

  withCommonOptions(measure.command('import <slug> <file>'))
    .description('import values from a CSV: period,value and optionally denominator and note (all or nothing)')
    .option('--by <name>', 'who is importing them')
    .action(async (slug: string, file: string, flags: CommonFlags & { by?: string }) => {
      const result = await inCommunity(flags, 'zeroloop measure import', (db, c) =>
        importMeasureValues(db, c, slug, { source: resolve(file), name: basename(file) }, flags.by ?? defaultAuthor()),
      );
      write(`Imported ${result.imported} values into ${slug}.\n`);
    });

  withCommonOptions(measure.command('chart <slug>'))
    .description('the measure’s run or control chart with its signals, phases and PDSA annotations')
    .option('--chart <type>', 'chart type instead of the definition’s: run, i, mr, p, pp, u, up, c')
    .option('--rules <set>', 'anhoej, ihi or nhs instead of the definition’s')
    .option('--freeze <n>', 'baseline: compute the centre and limits from the first n points')
    .option('--exclude <i,j,…>', 'points left out of the calculations')
    .option('--no-screen', 'I charts: no moving-range screening')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (slug: string, flags: CommonFlags & { chart?: string; rules?: string; freeze?: string; exclude?: string; screen: boolean; format: string }) => {
      const format = parseFormat(flags.format, ['table', 'csv', 'json']);
      const exclude = listOption(flags.exclude)?.map((s) => {
        if (!/^\d+$/.test(s)) throw new UsageError(`--exclude "${flags.exclude}" must be point numbers separated by commas.`);
        return Number(s);
      });
      const view = { chart: flags.chart, rules: flags.rules, freeze: parseIntOption('--freeze', flags.freeze, 1, 100000) ?? null, exclude, screen: flags.screen };
      const result = await inCommunity(flags, 'zeroloop measure chart', (db, c) => measureChartFor(db, c, slug, validView(view)));
      const json = measureChartJson(result);
      if (format === 'json') {
        write(JSON.stringify(json, null, 2) + '\n');
        return;
      }
      const rows = json.points.map((p) => ({
        period: p.x as string,
        value: round(p.y),
        cl: round(p.cl),
        lcl: round(p.lcl),
        ucl: round(p.ucl),
        part: p.part,
        signals: p.signals.join(' '),
        annotations: json.annotations.filter((a) => a.period === p.x).map((a) => (a.kind === 'pdsa' ? `PDSA ${a.pdsa_id}: ${a.label}` : `phase: ${a.label}`)).join('; '),
      }));
      if (format === 'csv') {
        write(toCsv(rows));
        return;
      }
      write(`${json.measure.name} — ${json.chart} chart, ${json.rules} rules\n`);
      write(toTable(rows));
      for (const s of json.signals) write(`point ${s.point} (${json.points[s.point - 1].x}): ${s.message}\n`);
    });

  withChangeOptions(measure.command('phase <slug> <starts>'))
    .description('start a new chart phase at a period, with its reason')
    .requiredOption('--reason <text>', 'why the process changed')
    .action(async (slug: string, starts: string, flags: CommonFlags & { reason: string; by?: string; file?: string }) => {
      await inCommunity(flags, 'zeroloop measure phase', (db, c) => addMeasurePhase(db, c, slug, bodyFrom(flags, { starts, reason: flags.reason })));
      write(`A new phase of ${slug} starts at ${starts}.\n`);
    });

  withCommonOptions(measure.command('remove-phase <slug> <starts>'))
    .description('remove a chart phase')
    .action(async (slug: string, starts: string, flags: CommonFlags) => {
      await inCommunity(flags, 'zeroloop measure remove-phase', (db, c) => removeMeasurePhase(db, c, slug, starts));
      write(`Removed the phase of ${slug} starting at ${starts}.\n`);
    });
}

const CHARTS = ['run', 'i', 'mr', 'p', 'pp', 'u', 'up', 'c'] as const;
const RULES = ['anhoej', 'ihi', 'nhs'] as const;

function validView(v: { chart?: string; rules?: string; freeze: number | null; exclude?: number[]; screen: boolean }) {
  if (v.chart !== undefined && !(CHARTS as readonly string[]).includes(v.chart)) throw new UsageError(`--chart "${v.chart}" is not one of ${CHARTS.join(', ')}.`);
  if (v.rules !== undefined && !(RULES as readonly string[]).includes(v.rules)) throw new UsageError(`--rules "${v.rules}" is not one of ${RULES.join(', ')}.`);
  return { ...v, chart: v.chart as (typeof CHARTS)[number] | undefined, rules: v.rules as (typeof RULES)[number] | undefined };
}

function round(v: number | null): number | null {
  return v === null ? null : Math.round(v * 1000) / 1000;
}
