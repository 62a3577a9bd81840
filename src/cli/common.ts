import type { Command } from 'commander';
import { parseDay, type Day } from '../domain/time/day.ts';
import { UsageError } from './output.ts';

export interface CommonFlags {
  dataDir?: string;
  community?: string;
}

/** The options every command takes. */
export function withCommonOptions(cmd: Command): Command {
  return cmd
    .option('--data-dir <dir>', 'the embedded database folder (default: $ZEROLOOP_DATA_DIR or ./.zeroloop; ignored when DATABASE_URL is set)')
    .option('--community <slug>', 'the community to work on (default: the only one in the database)');
}

export function parseDayOption(name: string, value: string | undefined): Day | undefined {
  if (value === undefined) return undefined;
  const d = parseDay(value);
  if (d === null) throw new UsageError(`${name} "${value}" is not a date: expected YYYY-MM-DD.`);
  return d;
}

export function parseIntOption(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new UsageError(`${name} "${value}" must be a whole number from ${min} to ${max}.`);
  return Number(value);
}

export function write(text: string): void {
  process.stdout.write(text);
}
