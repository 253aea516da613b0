import { KmsError, validationError } from './errors';

/**
 * Request shapes as the AWS model declares them. Type mismatches fail at once with a
 * SerializationException; constraint failures are collected and reported together in AWS's
 * "N validation errors detected: ..." form, before any handler runs.
 */
export interface Field<T> {
  readonly required: boolean;
  read(raw: unknown, path: string, problems: string[]): T | undefined;
}

export type Shape = Record<string, Field<unknown>>;
type ValueOf<F> = F extends Field<infer T> ? T : never;
export type Input<S extends Shape> = {
  [K in keyof S]: S[K] extends { required: true } ? ValueOf<S[K]> : ValueOf<S[K]> | undefined;
};

const jsonToken = (raw: unknown): string => {
  if (typeof raw === 'string') return 'STRING_VALUE';
  if (typeof raw === 'number') return 'NUMBER_VALUE';
  if (typeof raw === 'boolean') return raw ? 'VALUE_TRUE' : 'VALUE_FALSE';
  return Array.isArray(raw) ? 'START_ARRAY' : 'START_OBJECT';
};

const mismatch = (raw: unknown, target: string) =>
  new KmsError('SerializationException', `${jsonToken(raw)} can not be converted to ${target}`);

/** `undefined` hides the value, as AWS does for binary members. */
const constraint = (value: string | null | undefined, path: string, rule: string) =>
  `Value${value === undefined ? '' : value === null ? ' null' : ` '${value}'`} at '${path}' failed to satisfy constraint: Member must ${rule}`;

function lengthRule(length: number, min?: number, max?: number): string | undefined {
  if (min !== undefined && length < min) return `have length greater than or equal to ${min}`;
  if (max !== undefined && length > max) return `have length less than or equal to ${max}`;
  return undefined;
}

function field<T>(read: (raw: unknown, path: string, problems: string[]) => T | undefined): Field<T> {
  return { required: false, read };
}

export function required<T>(inner: Field<T>): Field<T> & { required: true } {
  return {
    required: true,
    read(raw, path, problems) {
      if (raw === undefined || raw === null) {
        problems.push(constraint(null, path, 'not be null'));
        return undefined;
      }
      return inner.read(raw, path, problems);
    },
  };
}

interface StringRules {
  min?: number;
  max?: number;
  pattern?: RegExp;
  enum?: readonly string[];
}

export function string<E extends string = string>(rules: StringRules & { enum?: readonly E[] } = {}): Field<E> {
  return field((raw, path, problems) => {
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw !== 'string') throw mismatch(raw, 'String');
    const rule =
      (rules.enum && !rules.enum.includes(raw) && `satisfy enum value set: [${rules.enum.join(', ')}]`) ||
      lengthRule(raw.length, rules.min, rules.max) ||
      (rules.pattern && !rules.pattern.test(raw) && `satisfy regular expression pattern: ${rules.pattern.source}`);
    if (rule) problems.push(constraint(raw, path, rule));
    return raw as E;
  });
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Binary members never echo their value, as AWS does for plaintexts and ciphertexts. */
export function blob(rules: { min?: number; max?: number } = {}): Field<Buffer> {
  return field((raw, path, problems) => {
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw !== 'string') throw mismatch(raw, 'Blob');
    if (!BASE64.test(raw)) throw new KmsError('SerializationException', `Invalid base64 at '${path}'`);
    const bytes = Buffer.from(raw, 'base64');
    const rule = lengthRule(bytes.length, rules.min, rules.max);
    if (rule) problems.push(constraint(undefined, path, rule));
    return bytes;
  });
}

export function integer(rules: { min?: number; max?: number } = {}): Field<number> {
  return field((raw, path, problems) => {
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw !== 'number' || !Number.isInteger(raw)) throw mismatch(raw, 'Integer');
    if (rules.min !== undefined && raw < rules.min) {
      problems.push(constraint(String(raw), path, `have value greater than or equal to ${rules.min}`));
    } else if (rules.max !== undefined && raw > rules.max) {
      problems.push(constraint(String(raw), path, `have value less than or equal to ${rules.max}`));
    }
    return raw;
  });
}

export function boolean(): Field<boolean> {
  return field((raw) => {
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw !== 'boolean') throw mismatch(raw, 'Boolean');
    return raw;
  });
}

/** Timestamps arrive as epoch seconds (possibly fractional); handlers get milliseconds. */
export function timestamp(): Field<number> {
  return field((raw) => {
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw !== 'number' || !Number.isFinite(raw)) throw mismatch(raw, 'Timestamp');
    return raw * 1000;
  });
}

export function stringMap(): Field<Record<string, string>> {
  return field((raw) => {
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw !== 'object' || Array.isArray(raw)) throw mismatch(raw, 'Map');
    const entries = Object.entries(raw as Record<string, unknown>);
    for (const [, value] of entries) if (typeof value !== 'string') throw mismatch(value, 'String');
    return Object.fromEntries(entries) as Record<string, string>;
  });
}

export function list<T>(member: Field<T>, rules: { min?: number; max?: number } = {}): Field<T[]> {
  return field((raw, path, problems) => {
    if (raw === undefined || raw === null) return undefined;
    if (!Array.isArray(raw)) throw mismatch(raw, 'List');
    const rule = lengthRule(raw.length, rules.min, rules.max);
    if (rule) problems.push(constraint(`[${raw.map(String).join(', ')}]`, path, rule));
    return raw.map((item, i) => member.read(item, `${path}.${i + 1}.member`, problems) as T);
  });
}

export function structure<S extends Shape>(shape: S): Field<Input<S>> {
  return field((raw, path, problems) => {
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw !== 'object' || Array.isArray(raw)) throw mismatch(raw, 'Structure');
    return readMembers(shape, raw as Record<string, unknown>, `${path}.`, problems);
  });
}

const memberPath = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

function readMembers<S extends Shape>(
  shape: S,
  raw: Record<string, unknown>,
  prefix: string,
  problems: string[],
): Input<S> {
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(shape)) {
    out[name] = member.read(raw[name], prefix + memberPath(name), problems);
  }
  return out as Input<S>;
}

export function parseInput<S extends Shape>(shape: S, raw: Record<string, unknown>): Input<S> {
  const problems: string[] = [];
  const input = readMembers(shape, raw, '', problems);
  if (problems.length > 0) {
    const count = problems.length;
    throw validationError(
      `${count} validation error${count === 1 ? '' : 's'} detected: ${problems.join('; ')}`,
    );
  }
  return input;
}
