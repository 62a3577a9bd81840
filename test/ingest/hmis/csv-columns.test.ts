/**
 * The generated column lists (src/domain/hmis/csv-columns.ts) against HUD's reference
 * files in ../shared/reference, so that the data cannot drift from its source.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  HMIS_CSV_FILES,
  HMIS_FILE_NAMES,
  HUD_CODE_LISTS,
  hmisVersionOf,
  type HmisVersion,
} from '../../../src/domain/hmis/csv-columns.ts';

const REF = fileURLToPath(new URL('../../../../shared/reference', import.meta.url));

function reference(version: HmisVersion): Map<string, { name: string; dataType: string; nullable: boolean }[]> {
  const lines = readFileSync(`${REF}/hmis-csv-${version}-columns.csv`, 'utf8').trim().split(/\r?\n/);
  expect(lines[0]).toBe('File,ColumnNo,Column,DataType,DataTypeHighPriority,NullsAllowed');
  const out = new Map<string, { name: string; dataType: string; nullable: boolean }[]>();
  for (const line of lines.slice(1)) {
    const [file, , name, dataType, , nulls] = line.split(',');
    if (!out.has(file)) out.set(file, []);
    out.get(file)!.push({ name, dataType, nullable: nulls === '1' });
  }
  return out;
}

describe('the HMIS CSV column lists', () => {
  it.each(['fy2024', 'fy2026'] as const)('should match the %s reference file column by column', (version) => {
    const ref = reference(version);
    expect([...ref.keys()].sort()).toEqual([...HMIS_FILE_NAMES].sort());
    for (const file of HMIS_FILE_NAMES) {
      const spec = HMIS_CSV_FILES[version][file];
      const cols = ref.get(file)!;
      expect(spec.columns.map((c) => c.name)).toEqual(cols.map((c) => c.name));
      expect(spec.idColumn).toBe(cols[0].name);
      spec.columns.forEach((c, i) => {
        expect(c.nullable).toBe(cols[i].nullable);
        const t = cols[i].dataType;
        const expected = c.name === 'DateDeleted' ? 'datetime' : t === 'numeric' ? (/Amount$|^TotalMonthlyIncome$/.test(c.name) ? 'money' : 'integer') : t;
        expect({ file, column: c.name, type: c.type }).toEqual({ file, column: c.name, type: expected });
      });
    }
  });

  it('should name each file by its ID column when the first column is its own ID', () => {
    expect(HMIS_CSV_FILES.fy2024.Enrollment.idColumn).toBe('EnrollmentID');
    expect(HMIS_CSV_FILES.fy2024.Export.idColumn).toBe('ExportID');
    expect(HMIS_CSV_FILES.fy2026.AssessmentQuestions.idColumn).toBe('AssessmentQuestionID');
    expect(HMIS_CSV_FILES.fy2026.User.idColumn).toBe('UserID');
    expect(HMIS_CSV_FILES.fy2024.CurrentLivingSituation.idColumn).toBe('CurrentLivingSitID');
  });

  it('should carry the HUD code lists when reading the code list file', () => {
    expect(Object.keys(HUD_CODE_LISTS['2.02.6'].codes).map(Number)).toEqual([0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(HUD_CODE_LISTS['3.12'].codes[435]).toBe('Rental by client, with ongoing housing subsidy');
    expect(HUD_CODE_LISTS['1.4'].codes[200]).toBe('Bed Night');
  });

  it('should map CSVVersion strings to versions and others to null', () => {
    expect(hmisVersionOf('2024 v1.3')).toBe('fy2024');
    expect(hmisVersionOf('2024 v1')).toBe('fy2024');
    expect(hmisVersionOf('2026 v1')).toBe('fy2026');
    expect(hmisVersionOf(' 2026 v1.0 ')).toBe('fy2026');
    for (const other of ['2022 v1', '2024', 'v1.3', '', '2024 v', '2025 v1', 'FY2024 whatever']) expect(hmisVersionOf(other)).toBeNull();
  });
});
