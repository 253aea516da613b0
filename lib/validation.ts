import { z } from 'zod';
import { DomainError } from './errors';

/** zod issues → { field: [messages] } for the form. */
export function fieldErrorsOf(error: z.ZodError) {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    (fieldErrors[field] ??= []).push(issue.message);
  }
  return fieldErrors;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why a string cannot be stored or compared as text, or null. PostgreSQL text refuses U+0000,
 * and a lone UTF-16 surrogate has no UTF-8 encoding (the driver would replace it silently, so
 * what is stored would differ from what was checked).
 */
export function unstorableText(value: string): string | null {
  if (value.includes('\u0000')) return 'contains a NUL character (U+0000)';
  if (LONE_SURROGATE.test(value)) return 'contains a lone UTF-16 surrogate (broken Unicode)';
  return null;
}

/** How deep a JSON body or form may nest: deeper input is refused before any schema walks it. */
export const MAX_INPUT_DEPTH = 16;

/** The first string (value or key) in `input` that cannot be stored, with its top-level field. */
function findUnstorable(input: unknown, field: string, depth: number): { field: string; message: string } | null {
  if (typeof input === 'string') {
    const reason = unstorableText(input);
    return reason ? { field, message: `The field "${printable(field)}" ${reason}.` } : null;
  }
  if (typeof input !== 'object' || input === null) return null;
  if (depth > MAX_INPUT_DEPTH) return { field, message: `The field "${printable(field)}" is nested more than ${MAX_INPUT_DEPTH} levels deep.` };
  for (const [key, value] of Object.entries(input)) {
    const name = depth === 0 ? key : field;
    const reason = unstorableText(key);
    if (reason) return { field: name, message: `A field name ${reason}.` };
    const found = findUnstorable(value, name, depth + 1);
    if (found) return found;
  }
  return null;
}

/** A field name fit for a message: control characters and broken Unicode shown as U+FFFD. */
function printable(field: string): string {
  return field.replace(/[\u0000-\u001f\u007f]/g, '\ufffd').replace(new RegExp(LONE_SURROGATE, 'g'), '\ufffd').slice(0, 64);
}

/** Refuses input holding a string that could not be stored (U+0000, lone surrogates) or nesting too deep. */
export function assertStorableInput(input: unknown): void {
  const found = findUnstorable(input, 'form', 0);
  if (found) throw new DomainError('invalid_input', found.message, { [found.field]: [found.message] });
}

/** Parses at the boundary; a failure is a DomainError carrying every field's messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    const got = input === null ? 'null' : Array.isArray(input) ? 'a list' : typeof input;
    throw new DomainError('invalid_input', `Send the fields as an object (a form or a JSON object), not ${got}.`);
  }
  // Every text field of every use case: checked once here rather than in each schema.
  assertStorableInput(input);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors = fieldErrorsOf(result.error);
  const first = Object.values(fieldErrors)[0]?.[0] ?? 'The input is not valid.';
  throw new DomainError('invalid_input', first, fieldErrors);
}

/** Use cases validate their own input, so callers may hand over raw form fields as they came. */
export type Untrusted<T> = T | Record<string, unknown>;

/** Text that PostgreSQL can store and compare: no U+0000, no lone surrogates. */
export const storableText = z.string({ error: 'Enter text.' }).superRefine((value, ctx) => {
  const reason = unstorableText(value);
  if (reason) ctx.addIssue({ code: 'custom', message: `The text ${reason}.` });
});

/**
 * The instants every layer can hold: JS Date spans ±275,760 years, PostgreSQL's timestamptz
 * 4713 BC to 294276 AD, and ISO 8601 as Prisma writes it has four-digit years; years 1 to 9999
 * fit all three (PostgreSQL has no year 0, which JS calls 1 BC).
 */
export const EARLIEST_INSTANT = Date.parse('0001-01-01T00:00:00.000Z');
export const LATEST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** A timestamp string → a Date in range, or the reason it is not one. */
export function parseInstant(value: string): Date | string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return 'is not a date and time (use ISO 8601, e.g. 2026-06-01T12:00Z)';
  if (ms < EARLIEST_INSTANT || ms > LATEST_INSTANT) return 'is outside the years 0001 to 9999';
  return new Date(ms);
}

/** A date-time in the years 0001–9999. */
export const instant = z.string({ error: 'Enter a date and time (ISO 8601, e.g. 2026-06-01T12:00Z).' }).trim().transform((value, ctx) => {
  const parsed = parseInstant(value);
  if (typeof parsed === 'string') {
    ctx.addIssue({ code: 'custom', message: `The time ${parsed}.` });
    return z.NEVER;
  }
  return parsed;
});

/** PostgreSQL's bigint: a keyset cursor or id beyond it would fail in the database, not here. */
export const MAX_BIGINT = 9_223_372_036_854_775_807n;

/** A non-negative whole number given as digits, within PostgreSQL's bigint. */
export const bigintDigits = z
  .string({ error: 'Enter a whole number as digits.' })
  .trim()
  .regex(/^\d{1,19}$/, 'Enter a whole number of at most 19 digits.')
  .transform((v) => BigInt(v))
  .refine((v) => v <= MAX_BIGINT, 'That number is larger than 9223372036854775807.');
