import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { zeroloop } from '../helpers/cli.ts';

const data = mkdtempSync(join(tmpdir(), 'zl-cli-learning-'));
const run = (...args: string[]) => zeroloop([...args, '--data-dir', data], { ZEROLOOP_USER: 'Test Coach' });
const ok = async (...args: string[]) => {
  const r = await run(...args);
  expect(r.stderr, args.join(' ')).toBe('');
  expect(r.code, args.join(' ')).toBe(0);
  return r.stdout;
};
const json = async (...args: string[]) => JSON.parse(await ok(...args, '--format', 'json'));

/** The stored monthly figures of `zeroloop metrics`, by name. */
const FIGURES = ['actively_homeless', 'newly_identified', 'returned_from_housing', 'returned_from_inactive', 'housing_placements', 'moved_to_inactive', 'no_longer_meets_criteria', 'avg_days_to_housing'];

describe('the learning commands', () => {
  beforeAll(async () => {
    await ok('demo', '--size', 'small', '--seed', '7');
  }, 120_000);

  it('should chart every By-Name List figure with the values `zeroloop metrics` prints', async () => {
    for (const population of ['veterans', 'families']) {
      const metrics: Record<string, number | string | null>[] = await json('metrics', '--population', population);
      for (const figure of FIGURES) {
        const slug = `t-${population}-${figure.replace(/_/g, '-')}`;
        await ok('measure', 'add', '--source', `bnl:${figure}`, '--population', population, '--slug', slug, '--chart', 'run');
        const chart = await json('measure', 'chart', slug);
        expect(chart.points.map((p: { x: string }) => p.x)).toEqual(metrics.map((m) => m.month));
        chart.points.forEach((p: { y: number | null }, i: number) => {
          const expected = metrics[i][figure] as number | null;
          // metrics shows the average to one decimal; the measure keeps it exact.
          if (expected === null || figure !== 'avg_days_to_housing') expect(p.y, `${slug} ${metrics[i].month}`).toBe(expected);
          else expect(Math.round((p.y as number) * 10) / 10, `${slug} ${metrics[i].month}`).toBe(expected);
        });
      }
    }
  }, 240_000);

  it('should run a learning cycle: aim, driver diagram, two PDSA cycles, the adopted one a new phase on the chart', async () => {
    await ok('measure', 'add', '--source', 'bnl:actively_homeless', '--population', 'veterans', '--slug', 'vets', '--agreed-by', 'CoC board,VA medical center', '--reason', 'Agreed at the January review');
    const v2 = await json('measure', 'update', 'vets', '--target', '2', '--reason', 'Functional zero threshold', '--by', 'Sam');
    expect(v2.versions.map((v: { version: number; changed_by: string; agreed_by: string[] }) => [v.version, v.changed_by, v.agreed_by])).toEqual([
      [1, 'Test Coach', ['CoC board', 'VA medical center']],
      [2, 'Sam', []],
    ]);
    const aim = await json('aim', 'add', '--statement', 'Functional zero for veterans', '--measure', 'vets', '--baseline-period', '2024-01', '--target', '2', '--target-date', '2025-12-31');
    const diagram = await json('driver-diagram', 'add', '--aim', String(aim.id), '--title', 'Veterans');
    const d = String(diagram.id);
    await ok('driver-diagram', 'node', d, 'speed', '--kind', 'primary', '--label', 'Faster moves into housing');
    await ok('driver-diagram', 'node', d, 'match', '--kind', 'secondary', '--label', 'Matching', '--serves', 'speed');
    await ok('driver-diagram', 'node', d, 'conf', '--kind', 'change_idea', '--label', 'Weekly case conferencing', '--serves', 'match');
    const svgFile = join(data, 'diagram.svg');
    await ok('driver-diagram', 'show', d, '--format', 'svg', '--out', svgFile);
    expect(readFileSync(svgFile, 'utf8')).toMatch(/^<\?xml[^>]*>\s*<svg[\s\S]*Weekly case conferencing[\s\S]*<\/svg>\s*$/);

    const first = await json('pdsa', 'add', '--title', 'Conferencing for one shelter', '--owner', 'Lee', '--objective', 'Faster matches', '--start', '2024-03-04', '--measure', 'vets', '--change-idea', `${d}:conf`, '--member', 'Lee:coordinator', '--member', 'Kim:peer:lived', '--question', 'Will matches be faster?', '--prediction', 'Ten days faster');
    expect(first.team).toEqual([{ name: 'Lee', role: 'coordinator', lived_experience: false }, { name: 'Kim', role: 'peer', lived_experience: true }]);
    await ok('pdsa', 'update', String(first.id), '--status', 'doing', '--as-planned', 'yes');
    await ok('pdsa', 'update', String(first.id), '--status', 'studying', '--results', 'Eight days faster', '--learned', 'Documents are the bottleneck');
    await ok('pdsa', 'update', String(first.id), '--status', 'acting', '--decision', 'adapt', '--next', 'Add document help');
    await ok('pdsa', 'update', String(first.id), '--status', 'completed', '--end', '2024-04-30');
    const second = await json('pdsa', 'add', '--title', 'Conferencing with document help, all shelters', '--owner', 'Lee', '--objective', 'Scale', '--start', '2024-05-06', '--after', String(first.id), '--measure', 'vets', '--change-idea', `${d}:conf`);
    await ok('pdsa', 'update', String(second.id), '--status', 'doing');
    await ok('pdsa', 'update', String(second.id), '--status', 'studying');
    await ok('pdsa', 'update', String(second.id), '--status', 'acting', '--decision', 'adopt', '--new-phase-from', '2024-07', '--phase-reason', 'Weekly conferencing everywhere');
    const done = await json('pdsa', 'update', String(second.id), '--status', 'completed', '--end', '2024-06-28');
    expect(done.ramp).toEqual([first.id, second.id]);

    const chart = await json('measure', 'chart', 'vets');
    const july = chart.points.findIndex((p: { x: string }) => p.x === '2024-07');
    expect(chart.phases).toMatchObject([{ starts: '2024-07', pdsa_id: second.id, first_point: july + 1, reason: 'Weekly conferencing everywhere' }]);
    expect(chart.points[july].part).toBe(chart.points[july - 1].part + 1);
    expect(chart.annotations.map((a: { kind: string; period: string; until: string | null; pdsa_id: number }) => [a.kind, a.period, a.until, a.pdsa_id])).toEqual([
      ['pdsa', '2024-03', '2024-04', first.id],
      ['pdsa', '2024-05', '2024-06', second.id],
      ['phase', '2024-07', null, second.id],
    ]);
    const listed = await ok('pdsa', 'list', '--measure', 'vets', '--format', 'csv');
    expect(listed.split('\n')[0]).toBe('id,title,status,owner,start,end,change_idea,measures,follows,decision,lived_experience');
    expect((await json('aim', 'show', String(aim.id))).progress.status).toMatch(/^(on_track|off_track|achieved|sustained)$/);
  }, 120_000);

  it('should keep a decision log whose decisions appear on their measure’s chart', async () => {
    const cycles: { id: number; title: string }[] = await json('pdsa', 'list', '--measure', 'vets');
    const adopted = cycles.find((c) => c.title === 'Conferencing with document help, all shelters')!;
    const d = await json('decision', 'add', '--title', 'Fund a document navigator', '--on', '2024-07-15', '--decided-by', 'CoC board', '--participant', 'Kim:peer:lived', '--participant', 'Ana', '--rationale', 'Documents were the bottleneck', '--measure', 'vets', '--pdsa', String(adopted.id), '--revisit', '2025-01-15');
    expect(d).toMatchObject({ title: 'Fund a document navigator', decided_by: 'CoC board', pdsa_id: adopted.id, created_by: 'Test Coach' });
    expect(d.participants).toEqual([{ name: 'Kim', role: 'peer', lived_experience: true }, { name: 'Ana', role: null, lived_experience: false }]);
    const chart = await json('measure', 'chart', 'vets');
    expect(chart.annotations.filter((a: { kind: string }) => a.kind === 'decision').map((a: { period: string; decision_id: number }) => [a.period, a.decision_id])).toEqual([['2024-07', d.id]]);
    const updated = await json('decision', 'update', String(d.id), '--revisit', 'none');
    expect([updated.revisit_on, updated.title]).toEqual([null, 'Fund a document navigator']);
    const csv = await ok('decision', 'list', '--measure', 'vets', '--format', 'csv');
    expect(csv.split('\n').slice(0, 2)).toEqual(['id,decided_on,title,decided_by,measures,pdsa,revisit_on,lived_experience', `${d.id},2024-07-15,Fund a document navigator,CoC board,vets,${adopted.id},,true`]);
    expect(await ok('decision', 'show', String(d.id))).toContain('participants: Kim (peer) — lived experience; Ana');
    const r = await run('decision', 'add', '--title', 'T', '--on', '2024-07-40', '--decided-by', 'X', '--rationale', 'R');
    expect([r.code, r.stderr.trim()]).toEqual([1, 'error: The decision is not valid: decided_on "2024-07-40" is not a date: expected YYYY-MM-DD.']);
    expect(await json('decision', 'list', '--measure', 'vets')).toHaveLength(1);
  }, 60_000);

  it('should refuse bad input with one sentence and the right exit code', async () => {
    let r = await run('measure', 'add', '--source', 'bnl:nonsense');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: The measure: "source" is "bnl:nonsense": expected manual, csv or bnl:<figure>/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    r = await run('pdsa', 'update', '99', '--status', 'doing');
    expect([r.code, r.stderr.trim()]).toEqual([1, 'error: There is no PDSA cycle 99.']);
    r = await run('measure', 'chart', 'vets', '--rules', 'six-sigma');
    expect(r.code).toBe(2);
    r = await run('aim', 'show', 'first');
    expect(r.code).toBe(2);
  }, 60_000);
});
