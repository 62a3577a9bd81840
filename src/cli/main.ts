import { Command, CommanderError } from 'commander';
import { InputError } from '../ingest/problems.ts';
import { UserError } from '../app/errors.ts';
import { ImportRejectedError } from '../app/import-bnl.ts';
import { DataDirBusyError } from '../store/data-dir-lock.ts';
import { registerDataCommands } from './data-commands.ts';
import { registerBnlCommands } from './bnl-commands.ts';
import { registerServeCommand } from './serve-command.ts';
import { registerSpcCommand } from './spc-command.ts';
import { registerMeasureCommands } from './measure-commands.ts';
import { registerLearningCommands } from './learning-commands.ts';
import { registerDecisionCommands } from './decision-commands.ts';
import { registerUserCommands } from './user-commands.ts';
import { registerLifecycleCommands } from './lifecycle-commands.ts';
import { UsageError } from './output.ts';
import { printImportReport } from './import-report.ts';

/**
 * `zeroloop`: exit code 0 on success, 1 on bad input (files, values, a busy data
 * folder), 2 on a usage error (unknown command or option).
 */
const program = new Command('zeroloop')
  .description('ZeroLoop: a By-Name List and learning system for reaching functional zero.')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

registerServeCommand(program);
registerDataCommands(program);
registerBnlCommands(program);
registerSpcCommand(program);
registerMeasureCommands(program);
registerLearningCommands(program);
registerDecisionCommands(program);
registerUserCommands(program);
registerLifecycleCommands(program);

// Every command and sub-command exits through the handler below, not process.exit.
const overrideAll = (cmd: Command): void => {
  cmd.exitOverride();
  for (const sub of cmd.commands) overrideAll(sub);
};
overrideAll(program);

// Benchmarks read the peak memory of a command from this line.
if (process.env.ZEROLOOP_REPORT_RUSAGE) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    process.stderr.write(`zeroloop-rusage ${JSON.stringify({ maxRssKb: usage.maxRSS, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6 })}\n`);
  });
}

try {
  await program.parseAsync(process.argv);
} catch (e) {
  process.exitCode = exitCodeFor(e);
}

function exitCodeFor(e: unknown): number {
  if (e instanceof CommanderError) {
    // Commander has printed its message already; help and version are not errors.
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help' || e.code === 'commander.version') return 0;
    return 2;
  }
  if (e instanceof UsageError) {
    process.stderr.write(`error: ${e.message}\n`);
    return 2;
  }
  if (e instanceof ImportRejectedError) {
    printImportReport(e.report, 'table');
    process.stderr.write(`error: ${e.message}\n`);
    return 1;
  }
  if (e instanceof InputError || e instanceof UserError || e instanceof DataDirBusyError) {
    process.stderr.write(`error: ${e.message}\n`);
    return 1;
  }
  process.stderr.write(`error: ${(e as Error)?.message ?? String(e)}\n`);
  if (process.env.ZEROLOOP_DEBUG) process.stderr.write(`${(e as Error)?.stack}\n`);
  return 1;
}
