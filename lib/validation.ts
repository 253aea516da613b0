import type { z } from 'zod';
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

/** Parses at the boundary; a failure is a DomainError carrying every field's messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    const got = input === null ? 'null' : Array.isArray(input) ? 'a list' : typeof input;
    throw new DomainError('invalid_input', `Send the fields as an object (a form or a JSON object), not ${got}.`);
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors = fieldErrorsOf(result.error);
  const first = Object.values(fieldErrors)[0]?.[0] ?? 'The input is not valid.';
  throw new DomainError('invalid_input', first, fieldErrors);
}

/** Use cases validate their own input, so callers may hand over raw form fields as they came. */
export type Untrusted<T> = T | Record<string, unknown>;
