/**
 * Exports in zip files: read in place, and the zips that must be refused.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openZipSource, readHmisExport, ZIP_LIMITS } from '../../../src/ingest/hmis/index.ts';
import { InputError } from '../../../src/ingest/problems.ts';
import { cleanup, exportFiles, makeDir, MemorySink, sample } from './helpers.ts';
import { makeZip, type ZipEntrySpec } from './zip-writer.ts';

afterAll(cleanup);

async function zipFile(entries: ZipEntrySpec[], name = 'export.zip'): Promise<string> {
  const dir = await makeDir({ [name]: makeZip(entries) });
  return join(dir, name);
}

function smallExport(prefix = ''): ZipEntrySpec[] {
  return Object.entries(exportFiles('fy2024')).map(([name, data]) => ({ name: prefix + name, data }));
}

async function refusal(path: string): Promise<{ message: string; sink: MemorySink }> {
  const sink = new MemorySink();
  const err = await readHmisExport(path, sink).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  return { message: (err as Error).message, sink };
}

describe('readHmisExport on a zip', () => {
  it('should read the FY2024 sample zipped at the root exactly as it reads the folder', async () => {
    const dir = sample('fy2024');
    const entries = readdirSync(dir).map((name) => ({ name, data: readFileSync(join(dir, name)) }));
    const path = await zipFile(entries);
    const fromZip = new MemorySink();
    const zipped = await readHmisExport(path, fromZip);
    const fromDir = new MemorySink();
    const plain = await readHmisExport(dir, fromDir);
    expect(zipped.files).toEqual(plain.files);
    expect(zipped.version).toBe('fy2024');
    expect(fromZip.count('Client')).toBe(4146);
    expect(fromZip.count('Enrollment')).toBe(4771);
    expect(fromZip.records('Enrollment')).toEqual(fromDir.records('Enrollment'));
  });

  it('should read an export inside one top-level folder and list the other entries as ignored', async () => {
    const path = await zipFile([
      { name: 'export-2024/' },
      ...smallExport('export-2024/'),
      { name: '__MACOSX/export-2024/._Client.csv', data: 'junk' },
      { name: 'export-2024/notes/readme.txt', data: 'hello' },
    ]);
    const sink = new MemorySink();
    const result = await readHmisExport(path, sink);
    expect(sink.count('Client')).toBe(2);
    expect(result.ignored).toEqual(['__MACOSX/export-2024/._Client.csv', 'export-2024/notes/readme.txt']);
  });

  it('should refuse naming the entry when a zip holds ../evil.csv', async () => {
    const path = await zipFile([...smallExport(), { name: '../evil.csv', data: 'x' }]);
    const { message, sink } = await refusal(path);
    expect(message).toBe(`${path}: the zip entry "../evil.csv" points outside the export (it climbs out with ".."); refusing to read this zip.`);
    expect(sink.calls).toEqual([]);
  });

  it('should refuse absolute and backslash entry names', async () => {
    const abs = await refusal(await zipFile([...smallExport(), { name: '/etc/cron.d/evil.csv', data: 'x' }]));
    expect(abs.message).toMatch(/the zip entry "\/etc\/cron\.d\/evil\.csv" points outside the export \(it is an absolute path\)/);
    const back = await refusal(await zipFile([...smallExport(), { name: '..\\evil.csv', data: 'x' }]));
    expect(back.message).toMatch(/the zip entry "\.\.\\evil\.csv" points outside the export \(it holds a backslash\)/);
    const drive = await refusal(await zipFile([...smallExport(), { name: 'C:/evil.csv', data: 'x' }]));
    expect(drive.message).toMatch(/\(it is an absolute path\)/);
  });

  it('should refuse saying it is not an HMIS export when the zip has no Export.csv', async () => {
    const path = await zipFile([
      { name: 'photos/cat.jpg', data: randomBytes(100) },
      { name: 'Client.csv', data: 'PersonalID\n1\n' },
    ]);
    const { message } = await refusal(path);
    expect(message).toBe(`${path} is not an HMIS CSV export: no Export.csv in it.`);
  });

  it('should not look for Export.csv deeper than one folder', async () => {
    const { message } = await refusal(await zipFile(smallExport('a/b/')));
    expect(message).toMatch(/is not an HMIS CSV export: no Export\.csv in it\.$/);
  });

  it('should refuse a zip holding two exports', async () => {
    const { message } = await refusal(await zipFile([...smallExport(), ...smallExport('other/')]));
    expect(message).toMatch(/holds more than one Export\.csv \(Export\.csv, other\/Export\.csv\); zip one export at a time\.$/);
  });

  it('should refuse a file named .zip that is not a zip, reading only its end', async () => {
    const dir = await makeDir({ 'export.zip': randomBytes(20 * 1024 * 1024) });
    const path = join(dir, 'export.zip');
    const { message } = await refusal(path);
    expect(message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not a readable zip file \\(.*\\); it may be truncated or damaged, or not a zip at all\\.$`));
  });

  it('should refuse a truncated zip', async () => {
    const whole = makeZip(smallExport());
    const dir = await makeDir({ 'cut.zip': whole.subarray(0, whole.length - 30) });
    const { message } = await refusal(join(dir, 'cut.zip'));
    expect(message).toMatch(/is not a readable zip file/);
  });

  it('should refuse a zip bomb from its central directory before reading it', async () => {
    // 20 MB of zeros deflates to about 20 KB: a ratio over 1000:1.
    const bomb = await zipFile([...smallExport().filter((e) => e.name !== 'Services.csv'), { name: 'Services.csv', data: Buffer.alloc(20 * 1024 * 1024) }]);
    const { message, sink } = await refusal(bomb);
    expect(message).toMatch(/the zip entry "Services\.csv" would expand from \d+ to 20971520 bytes \(more than 1000:1\), which is how a zip bomb looks, not a CSV file; refusing to read it\.$/);
    expect(sink.calls).toEqual([]);
    // A directory that lies about the size is judged by what it claims.
    const liar = await zipFile([...smallExport(), { name: 'Services.csv', data: 'x', declaredSize: 4_000_000_000 }]);
    expect((await refusal(liar)).message).toMatch(/"Services\.csv" would expand from \d+ to 4000000000 bytes/);
  });

  it('should stop reading an entry that holds more than its directory declares', async () => {
    const files = exportFiles('fy2024');
    const rows = ['X1', 'X2', 'X3'].map((id) => files['Exit.csv'].toString().split('\n')[1].replace(/^X1/, id));
    const exit = [files['Exit.csv'].toString().split('\n')[0], ...rows].join('\n') + '\n';
    const path = await zipFile([...smallExport().filter((e) => e.name !== 'Exit.csv'), { name: 'Exit.csv', data: exit, declaredSize: exit.length - 200 }]);
    const { message } = await refusal(path);
    expect(message).toMatch(/the zip entry "Exit\.csv" holds more than the \d+ bytes its directory declares \(a zip bomb or a damaged zip\); refusing to read on\.$/);
  });

  it('should refuse a zip with more than 200 entries', async () => {
    const many = Array.from({ length: 201 }, (_, i) => ({ name: `f${i}.txt`, data: 'x' }));
    const path = await zipFile([...smallExport(), ...many]);
    expect((await refusal(path)).message).toBe(`${path} holds 207 entries, more than the 200 an HMIS export could need; refusing to read it.`);
  });

  it('should refuse a zip whose entries add up to more than the total limit', async () => {
    const path = await zipFile(smallExport());
    const err = await openZipSource(path, { ...ZIP_LIMITS, maxTotalBytes: 1000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/would expand to \d+ bytes, more than the 1000 bytes allowed for one export; refusing to read it\.$/);
  });
});
