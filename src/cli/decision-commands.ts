import type { Command } from 'commander';
import { listDecisions, recordDecision, showDecision, updateDecision } from '../app/learning/decisions.ts';
import type { Decision } from '../domain/learning/types.ts';
import { withCommonOptions, write, type CommonFlags } from './common.ts';
import { parseFormat, toCsv, toTable } from './output.ts';
import { bodyFrom, idArgument, inCommunity, listOption, personOption, withChangeOptions } from './learning-common.ts';

interface DecisionFlags extends CommonFlags {
  by?: string;
  file?: string;
  title?: string;
  on?: string;
  decidedBy?: string;
  participant?: string[];
  rationale?: string;
  evidence?: string;
  measure?: string;
  pdsa?: string;
  revisit?: string;
  format: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function decisionOptions(cmd: Command): Command {
  return cmd
    .option('--title <text>', 'what was decided, in a line')
    .option('--on <YYYY-MM-DD>', 'the day it was decided')
    .option('--decided-by <who>', 'the person or group with the authority who made it')
    .option('--participant <name[:role][:lived]>', 'someone who took part; end with :lived for lived experience (repeat)', collect)
    .option('--rationale <text>', 'why, and what else was considered')
    .option('--evidence <text>', 'the data looked at')
    .option('--measure <slugs>', 'measures whose charts carry the decision, separated by commas')
    .option('--pdsa <id>', 'the PDSA cycle whose learning led to it ("none" to clear)')
    .option('--revisit <YYYY-MM-DD>', 'when to look at it again ("none" to clear)')
    .option('--format <format>', 'table or json', 'table');
}

const noneOr = <T>(v: string | undefined, read: (v: string) => T): T | null | undefined => (v === undefined ? undefined : v === 'none' ? null : read(v));

function decisionBody(flags: DecisionFlags) {
  return bodyFrom(flags, {
    title: flags.title,
    decided_on: flags.on,
    decided_by: flags.decidedBy,
    participants: flags.participant?.map(personOption),
    rationale: flags.rationale,
    evidence: flags.evidence,
    measures: listOption(flags.measure),
    pdsa_id: noneOr(flags.pdsa, (v) => idArgument('--pdsa', v)),
    revisit_on: noneOr(flags.revisit, (v) => v),
  });
}

function decisionRow(d: Decision) {
  return {
    id: d.id,
    decided_on: d.decided_on,
    title: d.title,
    decided_by: d.decided_by,
    measures: d.measures.join(' '),
    pdsa: d.pdsa_id,
    revisit_on: d.revisit_on,
    lived_experience: d.participants.some((p) => p.lived_experience),
  };
}

function printDecision(d: Decision): void {
  const line = (label: string, value: string | null | undefined) => write(`  ${label}: ${value ?? '—'}\n`);
  write(`Decision ${d.id}: ${d.title}\n`);
  line('decided on', d.decided_on);
  line('decided by', d.decided_by);
  line('participants', d.participants.map((p) => `${p.name}${p.role ? ` (${p.role})` : ''}${p.lived_experience ? ' — lived experience' : ''}`).join('; ') || null);
  line('rationale', d.rationale);
  line('evidence', d.evidence);
  line('measures', d.measures.join(', ') || null);
  line('PDSA cycle', d.pdsa_id === null ? null : String(d.pdsa_id));
  line('revisit on', d.revisit_on);
  line('recorded by', d.created_by);
}

/** `zeroloop decision`: the decision log. */
export function registerDecisionCommands(program: Command): void {
  const decision = program.command('decision').description('the decision log: what was decided, why, on what data, and who decided');
  withCommonOptions(decision.command('list'))
    .description('list decisions, oldest first')
    .option('--measure <slug>', 'only decisions about this measure')
    .option('--pdsa <id>', 'only decisions that came from this PDSA cycle')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (flags: CommonFlags & { measure?: string; pdsa?: string; format: string }) => {
      const format = parseFormat(flags.format, ['table', 'csv', 'json']);
      const pdsa = flags.pdsa === undefined ? undefined : idArgument('--pdsa', flags.pdsa);
      const decisions = await inCommunity(flags, 'zeroloop decision list', (db, c) => listDecisions(db, c, { measure: flags.measure, pdsa }));
      if (format === 'json') write(JSON.stringify(decisions, null, 2) + '\n');
      else write(format === 'csv' ? toCsv(decisions.map(decisionRow)) : toTable(decisions.map(decisionRow)));
    });
  decisionOptions(withChangeOptions(decision.command('add')))
    .description('record a decision (title, --on, --decided-by and rationale are required)')
    .action(async (flags: DecisionFlags) => {
      const format = parseFormat(flags.format, ['table', 'json']);
      const d = await inCommunity(flags, 'zeroloop decision add', (db, c) => recordDecision(db, c, decisionBody(flags)));
      if (format === 'json') write(JSON.stringify(d, null, 2) + '\n');
      else printDecision(d);
    });
  withCommonOptions(decision.command('show <id>'))
    .description('one decision in full')
    .option('--format <format>', 'table or json', 'table')
    .action(async (id: string, flags: CommonFlags & { format: string }) => {
      const format = parseFormat(flags.format, ['table', 'json']);
      const d = await inCommunity(flags, 'zeroloop decision show', (db, c) => showDecision(db, c, idArgument('<id>', id)));
      if (format === 'json') write(JSON.stringify(d, null, 2) + '\n');
      else printDecision(d);
    });
  decisionOptions(withChangeOptions(decision.command('update <id>')))
    .description('correct or complete a recorded decision')
    .action(async (id: string, flags: DecisionFlags) => {
      const format = parseFormat(flags.format, ['table', 'json']);
      const d = await inCommunity(flags, 'zeroloop decision update', (db, c) => updateDecision(db, c, idArgument('<id>', id), decisionBody(flags)));
      if (format === 'json') write(JSON.stringify(d, null, 2) + '\n');
      else printDecision(d);
    });
}
