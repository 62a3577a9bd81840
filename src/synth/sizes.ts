/**
 * Size presets of the synthetic city. Every figure is a target over the five simulated
 * years; the simulation lands near it (people within a few percent, the rest roughly).
 */
export type CitySize = 'small' | 'city' | 'metro';

export const CITY_SIZES: readonly CitySize[] = ['small', 'city', 'metro'];

export interface SizePreset {
  size: CitySize;
  /** People (clients) over the five years, children included. */
  targetPeople: number;
  /** Localities (neighbourhoods / service areas) the city is divided into. */
  localities: number;
  /** Projects (providers), roughly; every project archetype gets at least one. */
  projects: number;
  /** HMIS users (case workers) who appear as UserID on records. */
  users: number;
}

export const SIZE_PRESETS: Record<CitySize, SizePreset> = {
  small: { size: 'small', targetPeople: 2_000, localities: 6, projects: 20, users: 8 },
  city: { size: 'city', targetPeople: 50_000, localities: 9, projects: 60, users: 40 },
  metro: { size: 'metro', targetPeople: 500_000, localities: 12, projects: 200, users: 150 },
};

export function isCitySize(value: string): value is CitySize {
  return value === 'small' || value === 'city' || value === 'metro';
}
