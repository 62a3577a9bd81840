import { describe, expect, it } from 'vitest';
import { hmisGenderLabel, type HmisGenderFields } from '../../../src/domain/hmis/codes.ts';

const none: HmisGenderFields = { woman: null, man: null, nonBinary: null, culturallySpecific: null, transgender: null, questioning: null, differentIdentity: null, sex: null };

describe('hmisGenderLabel', () => {
  it('should join every selected FY2024 gender when several are 1', () => {
    expect(hmisGenderLabel({ ...none, woman: 1, transgender: 1, man: 0 })).toBe('woman;transgender');
  });
  it('should read FY2026 Sex when no FY2024 gender is selected', () => {
    expect(hmisGenderLabel({ ...none, sex: 0 })).toBe('female');
    expect(hmisGenderLabel({ ...none, sex: 1 })).toBe('male');
  });
  it('should give null when nothing is known', () => {
    expect(hmisGenderLabel({ ...none, sex: 99 })).toBeNull();
    expect(hmisGenderLabel(none)).toBeNull();
  });
});
