/**
 * Writes the synthetic city in ZeroLoop's By-Name List CSV formats: persons.csv,
 * status-history.csv and, when asked, one snapshot per month end (snapshots/YYYY-MM-DD.csv).
 * Rows stream household by household.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { RACE_CATEGORIES } from '../domain/bnl/types.ts';
import { dayParts, lastDayOfMonth, type Day } from '../domain/time/day.ts';
import { CsvFile, csvText, DayFormatter } from './csv-out.ts';
import type { DerivedChange } from './derive-status.ts';
import type { PersonOut } from './household-members.ts';
import type { HouseholdRecords } from './household-records.ts';
import type { World } from './world.ts';

export const PERSONS_HEADER = ['person_id', 'birth_date', 'birth_year', 'veteran', 'chronic_since', 'household_id', 'relationship', 'race', 'gender', 'locality'] as const;
export const STATUS_HISTORY_HEADER = ['person_id', 'date', 'status', 'reason', 'provider'] as const;
export const SNAPSHOT_HEADER = ['person_id', 'status', 'provider'] as const;

/** Housed or inactive people stay in snapshots this long after their last change. */
const SNAPSHOT_LOOKBACK_DAYS = 730;

export interface BnlFileInfo {
  name: string;
  path: string;
  rows: number;
  bytes: number;
}

export class BnlWriter {
  readonly dir: string;
  persons = 0;
  statusChanges = 0;
  private readonly personsFile: CsvFile;
  private readonly historyFile: CsvFile;
  private readonly snapshots: { day: Day; file: CsvFile }[];
  private readonly fmt: DayFormatter;

  private constructor(dir: string, world: World, withSnapshots: boolean) {
    this.dir = dir;
    this.fmt = new DayFormatter(world.startDay - 365 * 110, world.endDay + 400);
    this.personsFile = new CsvFile(join(dir, 'persons.csv'), PERSONS_HEADER);
    this.historyFile = new CsvFile(join(dir, 'status-history.csv'), STATUS_HISTORY_HEADER);
    this.snapshots = [];
    if (withSnapshots) {
      for (let m = world.startMonth; m < world.startMonth + world.months; m++) {
        const day = lastDayOfMonth(m);
        this.snapshots.push({ day, file: new CsvFile(join(dir, 'snapshots', `${this.fmt.format(day)}.csv`), SNAPSHOT_HEADER) });
      }
    }
  }

  static async open(dir: string, world: World, withSnapshots: boolean): Promise<BnlWriter> {
    await mkdir(dir, { recursive: true });
    if (withSnapshots) await mkdir(join(dir, 'snapshots'), { recursive: true });
    return new BnlWriter(dir, world, withSnapshots);
  }

  private get files(): CsvFile[] {
    return [this.personsFile, this.historyFile, ...this.snapshots.map((s) => s.file)];
  }

  /** Writes a household's members, all sharing the household's status timeline. */
  writeHousehold(rec: HouseholdRecords, changes: readonly DerivedChange[]): void {
    for (const p of rec.members) {
      this.writePerson(rec, p);
      for (const c of changes) {
        this.historyFile.line(`${p.personalId},${this.fmt.format(c.day)},${c.status},${csvText(c.reason)},${c.provider === null ? '' : csvText(c.provider)}`);
      }
      this.statusChanges += changes.length;
      if (this.snapshots.length && changes.length) this.writeSnapshots(p.personalId, changes);
    }
  }

  private writePerson(rec: HouseholdRecords, p: PersonOut): void {
    const f = this.fmt;
    const birthDate = p.birthPrecision === 'full' && p.birthDay !== null ? f.format(p.birthDay) : '';
    const birthYear = p.birthPrecision === 'year' && p.birthDay !== null ? String(dayParts(p.birthDay).year) : '';
    const veteran = p.veteran === null ? '' : p.veteran ? 'yes' : 'no';
    const chronic = p.chronicSince === null ? '' : f.format(p.chronicSince);
    const race = RACE_CATEGORIES.filter((_, bit) => p.raceMask & (1 << bit)).join(';');
    this.personsFile.line(
      `${p.personalId},${birthDate},${birthYear},${veteran},${chronic},${rec.householdId},${p.relationship},${race},${p.gender ?? ''},${csvText(rec.locality)}`,
    );
    this.persons++;
  }

  private writeSnapshots(personId: string, changes: readonly DerivedChange[]): void {
    let i = -1;
    for (const snap of this.snapshots) {
      while (i + 1 < changes.length && changes[i + 1].day <= snap.day) i++;
      if (i < 0) continue;
      const c = changes[i];
      if (c.status !== 'active' && snap.day - c.day > SNAPSHOT_LOOKBACK_DAYS) continue;
      snap.file.line(`${personId},${c.status},${c.provider === null ? '' : csvText(c.provider)}`);
    }
  }

  async drain(): Promise<void> {
    for (const f of this.files) if (f.needsDrain) await f.drain();
  }

  async close(): Promise<BnlFileInfo[]> {
    const files = this.files;
    await Promise.all(files.map((f) => f.close()));
    return files.map((f) => ({ name: f.path.slice(this.dir.length + 1), path: f.path, rows: f.rows, bytes: f.bytes }));
  }

  destroy(): void {
    for (const f of this.files) f.destroy();
  }
}
