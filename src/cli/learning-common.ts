import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { Database } from '../store/database.ts';
import type { Community } from '../store/communities.ts';
import { resolveCommunity } from '../app/community.ts';
import { UserError } from '../app/errors.ts';
import { withCommonOptions, type CommonFlags } from './common.ts';
import { UsageError } from './output.ts';
import { withStore } from './session.ts';
import { findCommunity } from '../store/communities.ts';
import { recordAudit } from '../store/audit-log.ts';

/** Who a change is recorded as made by: --by, else $ZEROLOOP_USER, else the login name. */
export function defaultAuthor(): string {
  if (process.env.ZEROLOOP_USER) return process.env.ZEROLOOP_USER;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Options every learning command that changes something takes. */
export function withChangeOptions(cmd: Command): Command {
  return withCommonOptions(cmd)
    .option('--by <name>', 'who is making the change (default: $ZEROLOOP_USER or your login name)')
    .option('--file <json>', 'read the fields from a JSON file (flags given as well win over it)');
}

/** A request body from a JSON file (when --file is given) with the flags laid over it. */
export function bodyFrom(flags: { file?: string; by?: string }, fields: Record<string, unknown>): Record<string, unknown> {
  let base: Record<string, unknown> = {};
  if (flags.file !== undefined) {
    let text: string;
    try {
      text = readFileSync(flags.file, 'utf8');
    } catch (err) {
      throw new UserError(`${flags.file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      base = parsed as Record<string, unknown>;
    } catch (err) {
      throw new UserError(`${flags.file}: is not a JSON object (${(err as Error).message}).`);
    }
  }
  const body: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) body[k] = v;
  body.by = flags.by ?? base.by ?? defaultAuthor();
  return body;
}

/** The audit log's name for whoever runs a command: the operator's login. */
export function cliActor(): string {
  return `cli:${defaultAuthor()}`;
}

/** Records a command-line change in the audit log. */
export async function auditCli(db: Database, community: Community | string | null, action: string, target: string | null = null, detail: Record<string, unknown> = {}): Promise<void> {
  const c = typeof community === 'string' ? await findCommunity(db, community) : community;
  await recordAudit(db, { communityId: c?.communityId ?? null, actor: cliActor(), action, target, detail, ip: 'cli' });
}

/** Commands that change learning records, recorded in the audit log as `<noun>.<verb>`. */
const CHANGING = /^zeroloop (measure|aim|driver-diagram|pdsa|decision) (add|update|value|import|phase|remove-value|remove-phase|node|remove-node)$/;

/** Runs a learning use case against the named (or only) community; changes are audited. */
export function inCommunity<T>(flags: CommonFlags, purpose: string, fn: (db: Database, community: Community) => Promise<T>): Promise<T> {
  return withStore(flags, purpose, async (store) => {
    const community = await resolveCommunity(store.db, flags.community);
    const result = await fn(store.db, community);
    const m = CHANGING.exec(purpose);
    if (m) await auditCli(store.db, community, `${m[1]}.${m[2]}`);
    return result;
  });
}

export function idArgument(name: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 2 ** 31 - 1) throw new UsageError(`${name} "${value}" must be a whole number from 1.`);
  return Number(value);
}

export function numberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${name} "${value}" is not a number.`);
  return n;
}

/** A comma-separated list, or undefined when the flag was not given. */
export function listOption(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** A person given as `name[:role][:lived]` (a PDSA team member, a decision's participant). */
export function personOption(text: string): { name: string; role: string | null; lived_experience: boolean } {
  const parts = text.split(':').map((s) => s.trim());
  const lived = parts.length > 1 && parts[parts.length - 1].toLowerCase() === 'lived';
  if (lived) parts.pop();
  return { name: parts[0], role: parts[1] || null, lived_experience: lived };
}
