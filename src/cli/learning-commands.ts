import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { createAim, listAims, showAim, updateAim, type AimWithProgress } from '../app/learning/aims.ts';
import { createDiagram, diagramSvg, listDiagrams, putDiagramNode, removeDiagramNode, showDiagram, updateDiagram } from '../app/learning/driver-diagrams.ts';
import { createCycle, listCycles, showCycle, updateCycle, type PdsaCycleDetail } from '../app/learning/pdsa.ts';
import type { PdsaCycle } from '../domain/learning/types.ts';
import { UserError } from '../app/errors.ts';
import { withCommonOptions, write, type CommonFlags } from './common.ts';
import { parseFormat, toCsv, toTable } from './output.ts';
import { bodyFrom, idArgument, inCommunity, listOption, numberOption, personOption, withChangeOptions } from './learning-common.ts';

type ChangeFlags = CommonFlags & { by?: string; file?: string };

const shown = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);

function aimRow(a: AimWithProgress) {
  return {
    id: a.id,
    statement: a.statement,
    measure: a.measure,
    population: a.population,
    baseline: shown(a.baseline_value),
    baseline_period: a.baseline_period,
    target: a.target_value,
    by: a.target_date,
    status: a.progress.status,
    periods_at_target: a.progress.periods_at_target,
    latest: shown(a.progress.latest_value),
    latest_period: a.progress.latest_period,
  };
}

function cycleRow(c: PdsaCycle) {
  return {
    id: c.id,
    title: c.title,
    status: c.status,
    owner: c.owner,
    start: c.start_date,
    end: c.end_date,
    change_idea: c.change_idea,
    measures: c.measures.join(' '),
    follows: c.previous_id,
    decision: c.act.decision,
    lived_experience: c.team.some((m) => m.lived_experience),
  };
}

function printCycle(c: PdsaCycleDetail): void {
  const line = (label: string, value: string | null | undefined) => write(`  ${label}: ${value ?? '—'}\n`);
  write(`PDSA cycle ${c.id}: ${c.title} [${c.status}]\n`);
  line('owner', c.owner);
  line('team', c.team.map((m) => `${m.name}${m.role ? ` (${m.role})` : ''}${m.lived_experience ? ' — lived experience' : ''}`).join('; ') || null);
  line('dates', `${c.start_date} to ${c.end_date ?? 'open'}`);
  line('change idea', c.change_idea);
  line('measures', c.measures.join(', ') || null);
  line('ramp of tests', c.ramp.join(' → ') + (c.followed_by.length ? ` → next: ${c.followed_by.join(', ')}` : ''));
  write('Objective\n');
  line('objective', c.objective);
  c.questions.forEach((q, i) => line(`question ${i + 1}`, q));
  c.predictions.forEach((p, i) => line(`prediction ${i + 1}`, p));
  write('Plan\n');
  line('who', c.plan.who);
  line('what', c.plan.what);
  line('when', c.plan.when);
  line('where', c.plan.where);
  line('data to collect', c.plan.data_to_collect);
  write('Do\n');
  line('carried out as planned', c.do.as_planned === null ? null : c.do.as_planned ? 'yes' : 'no');
  line('observations', c.do.observations);
  line('problems', c.do.problems);
  write('Study\n');
  line('results against predictions', c.study.results);
  line('learned', c.study.learned);
  write('Act\n');
  line('decision', c.act.decision);
  line('next', c.act.next);
  if (c.act.new_phase_from) line('new chart phase', `from ${c.act.new_phase_from}: ${c.act.new_phase_reason}`);
}

interface AimFlags extends ChangeFlags {
  statement?: string;
  measure?: string;
  population?: string;
  baseline?: string;
  baselinePeriod?: string;
  target?: string;
  targetDate?: string;
  sustainPeriods?: string;
  format: string;
}

function aimBody(flags: AimFlags) {
  return bodyFrom(flags, {
    statement: flags.statement,
    measure: flags.measure,
    population: flags.population,
    baseline_value: numberOption('--baseline', flags.baseline),
    baseline_period: flags.baselinePeriod,
    target_value: numberOption('--target', flags.target),
    target_date: flags.targetDate,
    sustain_periods: numberOption('--sustain-periods', flags.sustainPeriods),
  });
}

function aimOptions(cmd: Command): Command {
  return cmd
    .option('--statement <text>', 'the aim in words: how much, by when, for whom')
    .option('--measure <slug>', 'the measure that tells whether the aim is met')
    .option('--population <slug>', 'the population (default: the measure’s)')
    .option('--baseline <value>', 'the baseline value (default: the measure’s value in the baseline period)')
    .option('--baseline-period <period>', 'the period of the baseline, e.g. 2023-01')
    .option('--target <value>', 'the target value')
    .option('--target-date <YYYY-MM-DD>', 'the date by which the target should be met')
    .option('--sustain-periods <n>', 'consecutive periods at target that count as sustained (default 3)')
    .option('--format <format>', 'table or json', 'table');
}

function printAim(a: AimWithProgress, format: string): void {
  if (format === 'json') write(JSON.stringify(a, null, 2) + '\n');
  else {
    write(`Aim ${a.id}: ${a.statement}\n`);
    write(toTable([aimRow(a)].map(({ statement: _s, ...r }) => r)));
    write(`\n${a.progress.reason}\n`);
  }
}

interface PdsaFlags extends ChangeFlags {
  title?: string;
  owner?: string;
  objective?: string;
  start?: string;
  end?: string;
  measure?: string;
  changeIdea?: string;
  after?: string;
  status?: string;
  question?: string[];
  prediction?: string[];
  member?: string[];
  planWho?: string;
  planWhat?: string;
  planWhen?: string;
  planWhere?: string;
  planData?: string;
  asPlanned?: string;
  observations?: string;
  problems?: string;
  results?: string;
  learned?: string;
  decision?: string;
  next?: string;
  newPhaseFrom?: string;
  phaseReason?: string;
  format: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function pdsaOptions(cmd: Command): Command {
  return cmd
    .option('--title <text>', 'the change being tested')
    .option('--owner <name>', 'who is responsible for the cycle')
    .option('--objective <text>', 'what this cycle is for')
    .option('--start <YYYY-MM-DD>', 'when the test starts')
    .option('--end <YYYY-MM-DD>', 'when the test ended')
    .option('--measure <slugs>', 'measures the test should move, separated by commas')
    .option('--change-idea <diagram:node>', 'the change idea tested, e.g. 1:case-conferencing')
    .option('--after <id>', 'the cycle this one follows (a ramp of tests)')
    .option('--status <status>', 'planning, doing, studying, acting, completed or abandoned')
    .option('--question <text>', 'a question the cycle answers (repeat for several)', collect)
    .option('--prediction <text>', 'a prediction (repeat for several)', collect)
    .option('--member <name[:role][:lived]>', 'a team member; end with :lived when they bring lived experience (repeat)', collect)
    .option('--plan-who <text>', 'plan: who')
    .option('--plan-what <text>', 'plan: what')
    .option('--plan-when <text>', 'plan: when')
    .option('--plan-where <text>', 'plan: where')
    .option('--plan-data <text>', 'plan: the data to collect')
    .option('--as-planned <yes|no>', 'do: was the test carried out as planned')
    .option('--observations <text>', 'do: observations')
    .option('--problems <text>', 'do: problems')
    .option('--results <text>', 'study: results against the predictions')
    .option('--learned <text>', 'study: what was learned')
    .option('--decision <d>', 'act: adopt, adapt or abandon')
    .option('--next <text>', 'act: the next cycle')
    .option('--new-phase-from <period>', 'act (adopt): a new chart phase starts at this period on the cycle’s measures')
    .option('--phase-reason <text>', 'act: why the chart starts a new phase')
    .option('--format <format>', 'table or json', 'table');
}

function section(fields: Record<string, unknown>): Record<string, unknown> | undefined {
  const given = Object.entries(fields).filter(([, v]) => v !== undefined);
  return given.length ? Object.fromEntries(given) : undefined;
}

function pdsaBody(flags: PdsaFlags) {
  let asPlanned: boolean | undefined;
  if (flags.asPlanned !== undefined) {
    if (!['yes', 'no'].includes(flags.asPlanned)) throw new UserError(`--as-planned "${flags.asPlanned}" is not yes or no.`);
    asPlanned = flags.asPlanned === 'yes';
  }
  return bodyFrom(flags, {
    title: flags.title,
    owner: flags.owner,
    objective: flags.objective,
    start_date: flags.start,
    end_date: flags.end,
    measures: listOption(flags.measure),
    change_idea: flags.changeIdea,
    previous_id: flags.after === undefined ? undefined : idArgumentOrNull(flags.after),
    status: flags.status,
    questions: flags.question,
    predictions: flags.prediction,
    team: flags.member?.map(personOption),
    plan: section({ who: flags.planWho, what: flags.planWhat, when: flags.planWhen, where: flags.planWhere, data_to_collect: flags.planData }),
    do: section({ as_planned: asPlanned, observations: flags.observations, problems: flags.problems }),
    study: section({ results: flags.results, learned: flags.learned }),
    act: section({ decision: flags.decision, next: flags.next, new_phase_from: flags.newPhaseFrom, new_phase_reason: flags.phaseReason }),
  });
}

function idArgumentOrNull(v: string): number | null {
  return v === 'none' ? null : idArgument('--after', v);
}

/** `zeroloop aim`, `zeroloop driver-diagram` and `zeroloop pdsa`. */
export function registerLearningCommands(program: Command): void {
  const aim = program.command('aim').description('shared aims, judged from their measure’s chart');
  withCommonOptions(aim.command('list'))
    .description('list the aims with their progress')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (flags: CommonFlags & { format: string }) => {
      const format = parseFormat(flags.format, ['table', 'csv', 'json']);
      const aims = await inCommunity(flags, 'zeroloop aim list', (db, c) => listAims(db, c));
      if (format === 'json') write(JSON.stringify(aims, null, 2) + '\n');
      else write(format === 'csv' ? toCsv(aims.map(aimRow)) : toTable(aims.map(aimRow)));
    });
  aimOptions(withChangeOptions(aim.command('add')))
    .description('add an aim: statement, measure, target and date')
    .action(async (flags: AimFlags) => printAim(await inCommunity(flags, 'zeroloop aim add', (db, c) => createAim(db, c, aimBody(flags))), parseFormat(flags.format, ['table', 'json'])));
  withCommonOptions(aim.command('show <id>'))
    .description('an aim and how it is doing')
    .option('--format <format>', 'table or json', 'table')
    .action(async (id: string, flags: CommonFlags & { format: string }) => {
      const format = parseFormat(flags.format, ['table', 'json']);
      printAim(await inCommunity(flags, 'zeroloop aim show', (db, c) => showAim(db, c, idArgument('<id>', id))), format);
    });
  aimOptions(withChangeOptions(aim.command('update <id>')))
    .description('change an aim')
    .action(async (id: string, flags: AimFlags) =>
      printAim(await inCommunity(flags, 'zeroloop aim update', (db, c) => updateAim(db, c, idArgument('<id>', id), aimBody(flags))), parseFormat(flags.format, ['table', 'json'])),
    );

  const diagram = program.command('driver-diagram').description('driver diagrams: aim → primary drivers → secondary drivers → change ideas');
  withCommonOptions(diagram.command('list'))
    .description('list the driver diagrams')
    .option('--format <format>', 'table or json', 'table')
    .action(async (flags: CommonFlags & { format: string }) => {
      const format = parseFormat(flags.format, ['table', 'json']);
      const all = await inCommunity(flags, 'zeroloop driver-diagram list', (db, c) => listDiagrams(db, c));
      if (format === 'json') write(JSON.stringify(all, null, 2) + '\n');
      else write(toTable(all.map((d) => ({ id: d.id, title: d.title, aim: d.aim_id, primary: d.nodes.filter((n) => n.kind === 'primary').length, secondary: d.nodes.filter((n) => n.kind === 'secondary').length, change_ideas: d.nodes.filter((n) => n.kind === 'change_idea').length, updated: d.updated_at.slice(0, 10) }))));
    });
  withChangeOptions(diagram.command('add'))
    .description('add a driver diagram for an aim (nodes from --file, or add them with `driver-diagram node`)')
    .option('--title <text>', 'its title')
    .option('--aim <id>', 'the aim it drives')
    .option('--format <format>', 'table or json', 'table')
    .action(async (flags: ChangeFlags & { title?: string; aim?: string; format: string }) => {
      const format = parseFormat(flags.format, ['table', 'json']);
      const d = await inCommunity(flags, 'zeroloop driver-diagram add', (db, c) =>
        createDiagram(db, c, bodyFrom(flags, { title: flags.title, aim_id: flags.aim === undefined ? undefined : idArgument('--aim', flags.aim) })),
      );
      write(format === 'json' ? JSON.stringify(d, null, 2) + '\n' : `Added driver diagram ${d.id}: ${d.title} (${d.nodes.length} nodes).\n`);
    });
  withChangeOptions(diagram.command('update <id>'))
    .description('change a driver diagram’s title, aim or nodes (nodes from --file replace all of them)')
    .option('--title <text>', 'its title')
    .option('--aim <id>', 'the aim it drives')
    .action(async (id: string, flags: ChangeFlags & { title?: string; aim?: string }) => {
      const d = await inCommunity(flags, 'zeroloop driver-diagram update', (db, c) =>
        updateDiagram(db, c, idArgument('<id>', id), bodyFrom(flags, { title: flags.title, aim_id: flags.aim === undefined ? undefined : idArgument('--aim', flags.aim) })),
      );
      write(`Updated driver diagram ${d.id}: ${d.title} (${d.nodes.length} nodes).\n`);
    });
  withChangeOptions(diagram.command('node <id> <node-id>'))
    .description('add or replace a node: a primary driver, secondary driver or change idea')
    .requiredOption('--kind <kind>', 'primary, secondary or change_idea')
    .requiredOption('--label <text>', 'what it says')
    .option('--serves <ids>', 'the drivers it serves, separated by commas (none for a primary driver)')
    .action(async (id: string, nodeId: string, flags: ChangeFlags & { kind: string; label: string; serves?: string }) => {
      const d = await inCommunity(flags, 'zeroloop driver-diagram node', (db, c) =>
        putDiagramNode(db, c, idArgument('<id>', id), bodyFrom(flags, { id: nodeId, kind: flags.kind, label: flags.label, serves: listOption(flags.serves) ?? [] })),
      );
      write(`Driver diagram ${d.id} now has ${d.nodes.length} nodes.\n`);
    });
  withCommonOptions(diagram.command('remove-node <id> <node-id>'))
    .description('remove a node and the links to it')
    .action(async (id: string, nodeId: string, flags: CommonFlags) => {
      const d = await inCommunity(flags, 'zeroloop driver-diagram remove-node', (db, c) => removeDiagramNode(db, c, idArgument('<id>', id), nodeId));
      write(`Driver diagram ${d.id} now has ${d.nodes.length} nodes.\n`);
    });
  withCommonOptions(diagram.command('show <id>'))
    .description('a driver diagram as an outline, JSON (a graph) or an SVG image')
    .option('--format <format>', 'table, json or svg', 'table')
    .option('--out <file>', 'write to this file instead of the screen')
    .action(async (id: string, flags: CommonFlags & { format: string; out?: string }) => {
      const format = parseFormat(flags.format, ['table', 'json', 'svg' as never]) as string;
      const text = await inCommunity(flags, 'zeroloop driver-diagram show', async (db, c) => {
        if (format === 'svg') return diagramSvg(db, c, idArgument('<id>', id));
        const d = await showDiagram(db, c, idArgument('<id>', id));
        if (format === 'json') return JSON.stringify(d, null, 2) + '\n';
        const lines = [`${d.title} (driver diagram ${d.id})`, `Aim ${d.aim_id}: ${d.graph.aim.label}`];
        const children = (parent: string, kind: string) => d.nodes.filter((n) => n.kind === kind && (kind === 'primary' ? true : n.serves.includes(parent)));
        for (const p of children('aim', 'primary')) {
          lines.push(`  primary driver: ${p.label} [${p.id}]`);
          for (const s of children(p.id, 'secondary')) {
            lines.push(`    secondary driver: ${s.label} [${s.id}]`);
            for (const ci of children(s.id, 'change_idea')) lines.push(`      change idea: ${ci.label} [${ci.id}]`);
          }
          for (const ci of children(p.id, 'change_idea')) lines.push(`    change idea: ${ci.label} [${ci.id}]`);
        }
        return lines.join('\n') + '\n';
      });
      if (flags.out) {
        writeFileSync(flags.out, text);
        write(`Wrote ${flags.out}.\n`);
      } else write(text);
    });

  const pdsa = program.command('pdsa').description('PDSA cycles: the IHI worksheet, ramps of tests, annotations on measures');
  withCommonOptions(pdsa.command('list'))
    .description('list PDSA cycles')
    .option('--status <status>', 'only cycles with this status')
    .option('--measure <slug>', 'only cycles testing a change on this measure')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (flags: CommonFlags & { status?: string; measure?: string; format: string }) => {
      const format = parseFormat(flags.format, ['table', 'csv', 'json']);
      const cycles = await inCommunity(flags, 'zeroloop pdsa list', (db, c) => listCycles(db, c, { status: flags.status, measure: flags.measure }));
      if (format === 'json') write(JSON.stringify(cycles, null, 2) + '\n');
      else write(format === 'csv' ? toCsv(cycles.map(cycleRow)) : toTable(cycles.map(cycleRow)));
    });
  pdsaOptions(withChangeOptions(pdsa.command('add')))
    .description('start a PDSA cycle (title, owner, objective and start date are required)')
    .action(async (flags: PdsaFlags) => {
      const format = parseFormat(flags.format, ['table', 'json']);
      const c = await inCommunity(flags, 'zeroloop pdsa add', (db, community) => createCycle(db, community, pdsaBody(flags)));
      if (format === 'json') write(JSON.stringify(c, null, 2) + '\n');
      else printCycle(c);
    });
  withCommonOptions(pdsa.command('show <id>'))
    .description('a PDSA cycle’s whole worksheet')
    .option('--format <format>', 'table or json', 'table')
    .action(async (id: string, flags: CommonFlags & { format: string }) => {
      const format = parseFormat(flags.format, ['table', 'json']);
      const c = await inCommunity(flags, 'zeroloop pdsa show', (db, community) => showCycle(db, community, idArgument('<id>', id)));
      if (format === 'json') write(JSON.stringify(c, null, 2) + '\n');
      else printCycle(c);
    });
  pdsaOptions(withChangeOptions(pdsa.command('update <id>')))
    .description('fill in or change the worksheet, or move the cycle to its next stage (--status)')
    .action(async (id: string, flags: PdsaFlags) => {
      const format = parseFormat(flags.format, ['table', 'json']);
      const c = await inCommunity(flags, 'zeroloop pdsa update', (db, community) => updateCycle(db, community, idArgument('<id>', id), pdsaBody(flags)));
      if (format === 'json') write(JSON.stringify(c, null, 2) + '\n');
      else printCycle(c);
    });
}
