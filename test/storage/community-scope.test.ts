import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../helpers/engines.ts';
import type { Database } from '../../src/store/database.ts';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'migrations' ? [] : sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Every string or template literal in the source that is an SQL statement. */
function sqlStatements(): { file: string; sql: string }[] {
  const out: { file: string; sql: string }[] = [];
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/`([^`]*)`|'((?:[^'\\\n]|\\.)*)'/g)) {
      const literal = (m[1] ?? m[2] ?? '').trim();
      if (/^(SELECT|UPDATE|DELETE|INSERT|WITH)\b/i.test(literal) && /\b(FROM|INTO|UPDATE)\b/i.test(literal)) out.push({ file: relative(SRC, file), sql: literal });
    }
  }
  return out;
}

/**
 * Statements that read or write a community's rows without naming the community, each
 * with the reason it is safe. Anything else that touches a community-owned table must
 * say `community_id`: a missing filter cannot slip in unnoticed.
 */
const EXEMPT: { file: string; pattern: RegExp; why: string }[] = [
  { file: 'store/communities.ts', pattern: /FROM community\b/, why: 'the community table itself: found by slug, listed for the operator and filtered by role at the edge' },
  { file: 'store/migrate.ts', pattern: /schema_migration/, why: 'migrations, not community data' },
  { file: 'store/accounts.ts', pattern: /FROM share_link WHERE token_hash = \$1/, why: 'a share link is found by its secret token; the community comes from the link' },
  { file: 'store/accounts.ts', pattern: /INSERT INTO membership/, why: 'names the community in its values' },
  { file: 'app/auth/accounts.ts', pattern: /INSERT INTO membership/, why: 'names the community in its values' },
  { file: 'store/hmis-repository.ts', pattern: /FROM \$\{stage\} WHERE/, why: "counts the import's own temporary staging table, which holds only this import's rows" },
  { file: 'app/lifecycle/restore.ts', pattern: /count\(\*\)::int AS n FROM community$/, why: 'how many communities a restored backup holds, for the operator restoring it' },
];

const engine = engines[0];

describe('every query of a community’s rows names the community', () => {
  let db: Database;
  let dispose: () => Promise<void>;
  let communityTables: string[];
  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
    const rows = await db.query<{ table_name: string }>(
      `SELECT DISTINCT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'community_id' AND table_name <> 'audit_log'`,
    );
    communityTables = rows.map((r) => r.table_name).concat('community');
  });
  afterAll(async () => dispose());

  it('should find the statements to check', () => {
    expect(communityTables.length).toBeGreaterThan(30);
    expect(sqlStatements().length).toBeGreaterThan(100);
  });

  it('should have a community_id condition in every statement on a community-owned table', () => {
    const unscoped: string[] = [];
    for (const { file, sql } of sqlStatements()) {
      const tables = [...sql.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE)\s+([a-z_][a-z0-9_]*)/gi)].map((m) => m[1].toLowerCase());
      const touches = tables.some((t) => communityTables.includes(t)) || /\b(?:FROM|JOIN|INTO|UPDATE)\s+\$\{/.test(sql);
      if (!touches || /community_id/.test(sql)) continue;
      if (EXEMPT.some((e) => file === e.file && e.pattern.test(sql))) continue;
      unscoped.push(`${file}: ${sql.replace(/\s+/g, ' ').slice(0, 160)}`);
    }
    expect(unscoped).toEqual([]);
  });
});
