import { UserError } from '../errors.ts';

/**
 * Reads fields out of a request body or a JSON file whose shape nobody has checked
 * yet. Every problem becomes one sentence naming the field and what was expected, so
 * the CLI and the API answer bad input the same way.
 */
export class Input {
  constructor(
    private readonly value: Record<string, unknown>,
    /** Where the object came from, for messages ("the measure", "plan"). */
    readonly what: string,
    private readonly prefix = '',
  ) {}

  static of(value: unknown, what: string): Input {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UserError(`${capital(what)} must be a JSON object.`);
    return new Input(value as Record<string, unknown>, what);
  }

  /** The field as given, for fields that take several shapes. */
  raw(key: string): unknown {
    return this.value[key];
  }

  has(key: string): boolean {
    return this.value[key] !== undefined;
  }

  /** Fields that are not among `known`, to refuse typos rather than ignore them. */
  rejectUnknown(known: readonly string[]): void {
    const extra = Object.keys(this.value).filter((k) => !known.includes(k));
    if (extra.length) throw this.error(extra[0], `is not a field of ${this.what}: expected one of ${known.join(', ')}`);
  }

  private name(key: string): string {
    return this.prefix + key;
  }

  error(key: string, message: string): UserError {
    return new UserError(`${capital(this.what)}: "${this.name(key)}" ${message}.`);
  }

  string(key: string): string {
    const v = this.value[key];
    if (typeof v !== 'string' || v.trim() === '') throw this.error(key, 'is required: expected text');
    return v.trim();
  }

  optionalString(key: string): string | null | undefined {
    const v = this.value[key];
    if (v === undefined) return undefined;
    if (v === null || v === '') return null;
    if (typeof v !== 'string') throw this.error(key, 'must be text');
    return v.trim() === '' ? null : v.trim();
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const v = this.value[key];
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw this.error(key, `${v === undefined ? 'is required' : `is "${String(v)}"`}: expected one of ${allowed.join(', ')}`);
    return v as T;
  }

  optionalOneOf<T extends string>(key: string, allowed: readonly T[]): T | null | undefined {
    const v = this.value[key];
    if (v === undefined) return undefined;
    if (v === null || v === '') return null;
    return this.oneOf(key, allowed);
  }

  number(key: string): number {
    const v = this.value[key];
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isFinite(n)) throw this.error(key, `${v === undefined ? 'is required' : `is ${JSON.stringify(v)}`}: expected a number`);
    return n;
  }

  optionalNumber(key: string): number | null | undefined {
    const v = this.value[key];
    if (v === undefined) return undefined;
    if (v === null || v === '') return null;
    return this.number(key);
  }

  integer(key: string, min: number, max: number): number {
    const n = this.number(key);
    if (!Number.isInteger(n) || n < min || n > max) throw this.error(key, `is ${n}: expected a whole number from ${min} to ${max}`);
    return n;
  }

  optionalInteger(key: string, min: number, max: number): number | null | undefined {
    const v = this.value[key];
    if (v === undefined) return undefined;
    if (v === null || v === '') return null;
    return this.integer(key, min, max);
  }

  optionalBoolean(key: string): boolean | null | undefined {
    const v = this.value[key];
    if (v === undefined) return undefined;
    if (v === null) return null;
    if (typeof v !== 'boolean') throw this.error(key, `is ${JSON.stringify(v)}: expected true or false`);
    return v;
  }

  /** A list of texts; a single text counts as a list of one. */
  optionalStrings(key: string): string[] | undefined {
    const v = this.value[key];
    if (v === undefined) return undefined;
    if (v === null) return [];
    const list = typeof v === 'string' ? [v] : v;
    if (!Array.isArray(list) || list.some((s) => typeof s !== 'string')) throw this.error(key, 'must be a list of texts');
    return (list as string[]).map((s) => s.trim()).filter((s) => s !== '');
  }

  optionalObject(key: string): Input | undefined {
    const v = this.value[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) throw this.error(key, 'must be an object');
    return new Input(v as Record<string, unknown>, this.what, `${this.name(key)}.`);
  }

  /** Objects of a list, each read with its own Input. */
  optionalObjects(key: string): Input[] | undefined {
    const v = this.value[key];
    if (v === undefined) return undefined;
    if (v === null) return [];
    if (!Array.isArray(v)) throw this.error(key, 'must be a list');
    return v.map((item, i) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) throw this.error(`${key}[${i + 1}]`, 'must be an object');
      return new Input(item as Record<string, unknown>, this.what, `${this.name(key)}[${i + 1}].`);
    });
  }

  /** A list of people, each `{name, role?, lived_experience?}` (a PDSA team, a decision's participants). */
  optionalPeople(key: string): { name: string; role: string | null; lived_experience: boolean }[] | undefined {
    return this.optionalObjects(key)?.map((m) => {
      m.rejectUnknown(['name', 'role', 'lived_experience']);
      return { name: m.string('name'), role: m.optionalString('role') ?? null, lived_experience: m.optionalBoolean('lived_experience') ?? false };
    });
  }
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Throws the domain's problems as one UserError. */
export function refuse(what: string, problems: readonly string[]): void {
  if (problems.length === 0) return;
  throw new UserError(`${capital(what)} is not valid: ${problems.join('; ')}.`);
}
