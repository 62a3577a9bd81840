/**
 * The members of a simulated household (pure): age and birth date, gender, race and
 * ethnicity, veteran status and service history, disabilities, income and benefits, names.
 */
import { dayParts, type Day } from '../domain/time/day.ts';
import { FIRST_NAMES_MEN, FIRST_NAMES_NEUTRAL, FIRST_NAMES_WOMEN, LAST_NAMES } from './names.ts';
import type { Rng } from './random.ts';
import { KIND, type HouseholdPlan } from './simulate.ts';

export type Gender = 'woman' | 'man' | 'transgender' | 'non_binary' | 'questioning' | 'different_identity';
export type Relationship = 'head' | 'spouse' | 'child';

export interface VeteranDetail {
  yearEntered: number;
  yearSeparated: number;
  /** Index into the theatre columns (WorldWarII … OtherTheater) served in, or -1. */
  theatre: number;
  branch: number;
  discharge: number;
}

export interface IncomeProfile {
  earned: number;
  ssi: number;
  ssdi: number;
  vaService: number;
  tanf: number;
  snap: boolean;
  medicaid: boolean;
  medicare: boolean;
  vha: boolean;
}

export interface PersonOut {
  personalId: string;
  relationship: Relationship;
  /** Age on the household's first day; decides adult-only fields. */
  ageAtStart: number;
  birthDay: Day | null;
  /** 'full' date, 'year' only (DOB written as 1 July, DOBDataQuality 2), or unknown. */
  birthPrecision: 'full' | 'year' | 'none';
  gender: Gender | null;
  /** GenderNone / RaceNone reason when unknown: 8, 9 or 99. */
  unknownReason: 8 | 9 | 99;
  raceMask: number;
  veteran: boolean | null;
  veteranDetail: VeteranDetail | null;
  disabled: boolean;
  /** Disability types (4.05–4.10 codes 5, 6, 7, 9, 10) when disabled. */
  disabilityTypes: number[];
  firstName: string;
  lastName: string;
  income: IncomeProfile;
  dvSurvivor: boolean;
  lastGrade: number;
  employed: boolean;
  /** First day the person met HUD's chronic definition as the records show it, or null. */
  chronicSince: Day | null;
}

export function personalId(n: number): string {
  return `P${String(n).padStart(6, '0')}`;
}

// Race bits (RACE_CATEGORIES order) used for member variation.
const SINGLE_RACE_BITS = [1, 2, 4, 8, 16, 32, 64];

/** The household's members, head first, numbered from `firstNumber`. */
export function buildMembers(hh: HouseholdPlan, firstNumber: number, rng: Rng): PersonOut[] {
  const firstDay = hh.episodes[0].start;
  const family = hh.kind === KIND.FAMILY || hh.kind === KIND.PARENTING_YOUTH;
  const youth = hh.kind === KIND.YOUTH || hh.kind === KIND.PARENTING_YOUTH;
  const lastName = rng.pick(LAST_NAMES);
  const out: PersonOut[] = [];
  const headGender = drawGender(rng, family ? 'family_head' : youth ? 'youth' : 'single');
  out.push(makePerson(rng, hh, firstNumber, 'head', hh.headAge, headGender, hh.raceMask, hh.veteran, hh.disabled, lastName, firstDay));
  if (hh.partner) {
    const age = youth ? rng.int(18, 24) : Math.max(18, Math.round(hh.headAge + rng.normal(0, 4)));
    const gender: Gender | null =
      headGender === 'woman' ? (rng.chance(0.92) ? 'man' : 'woman') : headGender === 'man' ? (rng.chance(0.92) ? 'woman' : 'man') : drawGender(rng, 'single');
    const veteran = rng.chance(0.02);
    out.push(makePerson(rng, hh, firstNumber + 1, 'spouse', age, gender, memberRace(rng, hh.raceMask), veteran, rng.chance(0.3), rng.chance(0.8) ? lastName : rng.pick(LAST_NAMES), firstDay));
  }
  const maxChildAge = Math.min(17, hh.headAge - 16);
  for (let c = 0; c < hh.children; c++) {
    const age = rng.int(0, Math.max(0, youth ? Math.min(5, maxChildAge) : maxChildAge));
    const gender: Gender = rng.chance(0.5) ? 'woman' : 'man';
    out.push(makePerson(rng, hh, firstNumber + out.length, 'child', age, gender, memberRace(rng, hh.raceMask), false, rng.chance(0.03), lastName, firstDay));
  }
  return out;
}

function drawGender(rng: Rng, who: 'single' | 'family_head' | 'youth'): Gender | null {
  const table: readonly (readonly [Gender | null, number])[] =
    who === 'family_head'
      ? [['woman', 0.8], ['man', 0.185], ['transgender', 0.004], ['non_binary', 0.004], [null, 0.007]]
      : who === 'youth'
        ? [['man', 0.53], ['woman', 0.39], ['transgender', 0.025], ['non_binary', 0.03], ['questioning', 0.012], ['different_identity', 0.005], [null, 0.008]]
        : [['man', 0.68], ['woman', 0.295], ['transgender', 0.008], ['non_binary', 0.007], ['questioning', 0.002], ['different_identity', 0.002], [null, 0.006]];
  return rng.pickWeighted(table);
}

function memberRace(rng: Rng, headMask: number): number {
  if (rng.chance(0.85)) return headMask;
  if (headMask === 0) return rng.chance(0.5) ? 0 : rng.pick(SINGLE_RACE_BITS);
  return headMask | rng.pick(SINGLE_RACE_BITS);
}

function makePerson(
  rng: Rng,
  hh: HouseholdPlan,
  number: number,
  relationship: Relationship,
  age: number,
  gender: Gender | null,
  raceMask: number,
  veteranFlag: boolean,
  disabled: boolean,
  lastName: string,
  firstDay: Day,
): PersonOut {
  const adult = age >= 18;
  const birthDay = firstDay - Math.floor(age * 365.25) - rng.int(0, 364);
  const precisionDraw = rng.next();
  const birthPrecision = precisionDraw < 0.96 ? 'full' : precisionDraw < 0.99 ? 'year' : 'none';
  const unknownReason = rng.pickWeighted<8 | 9 | 99>([
    [99, 0.6],
    [8, 0.25],
    [9, 0.15],
  ]);
  const veteran: boolean | null = !adult ? false : rng.chance(0.02) && !veteranFlag ? null : veteranFlag;
  let veteranDetail: VeteranDetail | null = null;
  if (veteran) {
    const birthYear = dayParts(birthDay).year;
    const yearEntered = birthYear + rng.int(18, 24);
    const yearSeparated = Math.min(dayParts(firstDay).year, yearEntered + rng.int(2, 12));
    // Theatres: 0 WWII, 1 Korea, 2 Vietnam, 3 Desert Storm, 4 Afghanistan, 5 Iraq OIF, 6 Iraq OND, 7 other.
    let theatre = -1;
    if (rng.chance(0.45)) {
      if (yearEntered <= 1975) theatre = 2;
      else if (yearEntered <= 1992) theatre = 3;
      else if (yearEntered <= 2002) theatre = rng.chance(0.5) ? 4 : 7;
      else theatre = rng.pick([4, 5, 6]);
    }
    veteranDetail = {
      yearEntered,
      yearSeparated,
      theatre,
      branch: rng.pickWeighted<number>([[1, 0.45], [2, 0.15], [3, 0.2], [4, 0.15], [6, 0.05]]),
      discharge: rng.pickWeighted<number>([[1, 0.7], [2, 0.16], [6, 0.08], [4, 0.03], [7, 0.03]]),
    };
  }
  const disabilityTypes: number[] = [];
  if (disabled) {
    disabilityTypes.push(rng.pickWeighted<number>([[9, 0.4], [10, 0.25], [5, 0.15], [7, 0.15], [6, 0.05]]));
    if (rng.chance(0.4)) {
      const second = rng.pick([5, 7, 9, 10]);
      if (!disabilityTypes.includes(second)) disabilityTypes.push(second);
    }
  }
  const family = hh.kind === KIND.FAMILY || hh.kind === KIND.PARENTING_YOUTH;
  const employed = adult && rng.chance(disabled ? 0.08 : family ? 0.3 : 0.2);
  const income: IncomeProfile = {
    earned: employed ? rng.int(400, 2200) : 0,
    ssi: adult && disabled && rng.chance(0.3) ? 943 : 0,
    ssdi: adult && disabled && rng.chance(0.2) ? rng.int(700, 1500) : 0,
    vaService: veteran && rng.chance(0.3) ? rng.int(200, 1800) : 0,
    tanf: adult && family && relationship === 'head' && rng.chance(0.3) ? rng.int(300, 700) : 0,
    snap: adult && rng.chance(0.55),
    medicaid: rng.chance(0.6),
    medicare: age >= 65,
    vha: veteran === true && rng.chance(0.6),
  };
  const first =
    gender === 'woman' ? rng.pick(FIRST_NAMES_WOMEN) : gender === 'man' ? rng.pick(FIRST_NAMES_MEN) : rng.chance(0.5) ? rng.pick(FIRST_NAMES_NEUTRAL) : rng.pick(rng.chance(0.5) ? FIRST_NAMES_WOMEN : FIRST_NAMES_MEN);
  return {
    personalId: personalId(number),
    relationship,
    ageAtStart: age,
    birthDay,
    birthPrecision,
    gender,
    unknownReason,
    raceMask,
    veteran,
    veteranDetail,
    disabled,
    disabilityTypes,
    firstName: first,
    lastName,
    income,
    dvSurvivor: adult && rng.chance(family && relationship === 'head' ? 0.3 : 0.12),
    lastGrade: adult ? rng.pickWeighted<number>([[4, 0.3], [5, 0.35], [7, 0.12], [10, 0.15], [11, 0.04], [12, 0.04]]) : 0,
    employed,
    chronicSince: null,
  };
}
