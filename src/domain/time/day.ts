/**
 * Calendar days as integers (days since 1970-01-01, UTC) and months as integers
 * (year * 12 + zero-based month). The domain never uses Date objects for calendar
 * dates: time zones and the two database drivers' date parsing would shift them.
 */
export type Day = number;
export type MonthIndex = number;

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day for a calendar date, or null when the date does not exist. */
export function dayFromParts(year: number, month: number, dayOfMonth: number): Day | null {
  if (month < 1 || month > 12 || dayOfMonth < 1) return null;
  if (dayOfMonth > daysInMonth(year, month)) return null;
  // setUTCFullYear, because Date.UTC reads years 0–99 as 1900–1999.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, dayOfMonth);
  return Math.round(d.getTime() / MS_PER_DAY);
}

/** Parses a strict `YYYY-MM-DD`; returns null for anything else, including impossible dates. */
export function parseDay(text: string): Day | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  return dayFromParts(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function formatDay(day: Day): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function dayParts(day: Day): { year: number; month: number; day: number } {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

export function monthOf(day: Day): MonthIndex {
  const d = new Date(day * MS_PER_DAY);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

export function firstDayOfMonth(month: MonthIndex): Day {
  // Through dayFromParts, which reads years 0–99 as written (Date.UTC would not).
  const year = Math.floor(month / 12);
  return dayFromParts(year, month - year * 12 + 1, 1)!;
}

export function lastDayOfMonth(month: MonthIndex): Day {
  return firstDayOfMonth(month + 1) - 1;
}

export function formatMonth(month: MonthIndex): string {
  const y = Math.floor(month / 12);
  const m = (month % 12) + 1;
  return `${y}-${m < 10 ? '0' : ''}${m}`;
}

/** Parses `YYYY-MM`; null when malformed. */
export function parseMonth(text: string): MonthIndex | null {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  if (!m) return null;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  return Number(m[1]) * 12 + month - 1;
}

/**
 * The day a person born on `birth` reaches `years` of age. A 29 February birthday
 * falls on 1 March in common years, as most US jurisdictions count it.
 */
export function birthdayAtAge(birth: Day, years: number): Day {
  const p = dayParts(birth);
  const year = p.year + years;
  if (p.month === 2 && p.day === 29 && daysInMonth(year, 2) === 28) return dayFromParts(year, 3, 1)!;
  return dayFromParts(year, p.month, p.day)!;
}

/** Whole years of age on `day` for someone born on `birth`. */
export function ageOn(birth: Day, day: Day): number {
  const b = dayParts(birth);
  const d = dayParts(day);
  let age = d.year - b.year;
  if (birthdayAtAge(birth, age) > day) age -= 1;
  return age;
}
