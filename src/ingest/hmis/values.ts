/**
 * Reading the values of an HMIS CSV file by their HUD type. Each reader returns the
 * typed value, null for a blank, or `undefined` when the text cannot be read as the
 * type (the caller flags it). Written with character codes rather than regular
 * expressions: a metro export has hundreds of millions of values.
 */

const D0 = 48;
const D9 = 57;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const SPACE = 32;
const T = 84;

const DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isDigit(c: number): boolean {
  return c >= D0 && c <= D9;
}

/** The text without surrounding spaces or tabs ('' for a blank). Cheap when there are none. */
export function clean(raw: string): string {
  if (raw.length === 0) return raw;
  const a = raw.charCodeAt(0);
  const b = raw.charCodeAt(raw.length - 1);
  if (a > SPACE && b > SPACE) return raw;
  return raw.trim();
}

function num2(s: string, i: number): number {
  const a = s.charCodeAt(i);
  const b = s.charCodeAt(i + 1);
  if (!isDigit(a) || !isDigit(b)) return -1;
  return (a - D0) * 10 + (b - D0);
}

/** Checks `YYYY-MM-DD` at the start of s (a real calendar day, years 1000–9999). */
function isDateAt(s: string): boolean {
  if (s.length < 10 || s.charCodeAt(4) !== DASH || s.charCodeAt(7) !== DASH) return false;
  const y1 = num2(s, 0);
  const y2 = num2(s, 2);
  const m = num2(s, 5);
  const d = num2(s, 8);
  if (y1 < 10 || y2 < 0 || m < 1 || m > 12 || d < 1) return false;
  const year = y1 * 100 + y2;
  if (d > DAYS_IN_MONTH[m]) return false;
  if (m === 2 && d === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return false;
  return true;
}

/** Checks `HH:MM:SS` at position i. */
function isTimeAt(s: string, i: number): boolean {
  if (s.length !== i + 8 || s.charCodeAt(i + 2) !== COLON || s.charCodeAt(i + 5) !== COLON) return false;
  const h = num2(s, i);
  const m = num2(s, i + 3);
  const sec = num2(s, i + 6);
  return h >= 0 && h <= 23 && m >= 0 && m <= 59 && sec >= 0 && sec <= 59;
}

/**
 * A date: `YYYY-MM-DD`. A timestamp (`YYYY-MM-DD HH:MM:SS`) is read as its day, since
 * some systems write dates that way; anything else cannot be read.
 */
export function readDate(raw: string): string | null | undefined {
  const s = clean(raw);
  if (s.length === 0) return null;
  if (!isDateAt(s)) return undefined;
  if (s.length === 10) return s;
  const sep = s.charCodeAt(10);
  if ((sep === SPACE || sep === T) && isTimeAt(s, 11)) return s.slice(0, 10);
  return undefined;
}

/**
 * A timestamp: `YYYY-MM-DD HH:MM:SS` (or with a `T`, written back with a space). A bare
 * `YYYY-MM-DD` is midnight of that day: real exports write some timestamps that way
 * (both HUD samples do), and nothing is lost by reading them.
 */
export function readDateTime(raw: string): string | null | undefined {
  const s = clean(raw);
  if (s.length === 0) return null;
  if (!isDateAt(s)) return undefined;
  if (s.length === 10) return `${s} 00:00:00`;
  const sep = s.charCodeAt(10);
  if (sep === SPACE && isTimeAt(s, 11)) return s;
  if (sep === T && isTimeAt(s, 11)) return `${s.slice(0, 10)} ${s.slice(11)}`;
  return undefined;
}

/** A whole number of at most 15 digits, optionally negative. */
export function readInteger(raw: string): number | null | undefined {
  const s = clean(raw);
  const n = s.length;
  if (n === 0) return null;
  let i = s.charCodeAt(0) === DASH ? 1 : 0;
  if (i === n || n - i > 15) return undefined;
  let v = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return undefined;
    v = v * 10 + (c - D0);
  }
  return s.charCodeAt(0) === DASH ? -v : v;
}

/** An amount: digits with an optional decimal part (`1800`, `426.50`, `.5`), optionally negative. */
export function readMoney(raw: string): number | null | undefined {
  const s = clean(raw);
  const n = s.length;
  if (n === 0) return null;
  let i = s.charCodeAt(0) === DASH ? 1 : 0;
  let digits = 0;
  let dots = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) digits++;
    else if (c === DOT && dots === 0) dots++;
    else return undefined;
  }
  if (digits === 0 || digits > 17) return undefined;
  return Number(s);
}
