import 'server-only';
import { randomUUID } from 'node:crypto';
import { unstable_rethrow } from 'next/navigation';
import { currentRequestInfo } from '@/lib/auth/request-info';
import { isDomainError } from '@/lib/errors';
import { unstorableText } from '@/lib/validation';

export type ActionResult<T = undefined> =
  | { ok: true; data: T; message?: string }
  | { ok: false; code: string; error: string; fieldErrors?: Record<string, string[]> };

/**
 * Runs a use case for an action or route handler. Domain errors go back as they are; anything
 * else is logged under a request id (name, code and first line only: Prisma puts the query's
 * arguments in later lines) and reaches the browser as a generic message.
 */
export async function toActionResult<T>(fn: () => Promise<T>, message?: (data: T) => string): Promise<ActionResult<T>> {
  try {
    const data = await fn();
    return { ok: true, data, message: message?.(data) };
  } catch (err) {
    unstable_rethrow(err);
    if (isDomainError(err)) {
      return { ok: false, code: err.code, error: err.message, fieldErrors: err.fieldErrors };
    }
    const { requestId } = await currentRequestInfo().catch(() => ({ requestId: randomUUID() }));
    console.error(`[${requestId}] unexpected error: ${describeError(err)}`);
    return { ok: false, code: 'internal', error: `Something went wrong; nothing was changed. (request ${requestId})` };
  }
}

export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return typeof err;
  const code = (err as { code?: unknown }).code;
  const firstLine = err.message.split('\n', 1)[0]!.slice(0, 200);
  return `${err.name}${typeof code === 'string' ? ` ${code}` : ''}: ${firstLine}`;
}

/**
 * Server actions are public endpoints: anyone can call one with any arguments React can encode.
 * Each action checks the shape of what it was given before anything else; a call the UI would
 * never make is refused with this result, and nothing runs or is audited (there is no operation,
 * and nothing trustworthy to name as its target).
 */
export function wrongArguments(): Extract<ActionResult<never>, { ok: false }> {
  return { ok: false, code: 'invalid_input', error: 'This action was called with arguments it does not take; nothing was changed.' };
}

/** The longest name or confirmation an action takes as a plain argument (key and provider names are at most 128). */
const MAX_ARGUMENT = 256;

/** A plain text argument (a name, a confirmation): a string that can be stored, of a sane length. */
export function isTextArgument(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_ARGUMENT && unstorableText(value) === null;
}

/** A plain object argument (not a list, a FormData, a class instance). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A form's text fields; repeated fields (checkbox groups) become arrays. */
export function formFields(form: FormData): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== 'string' || key.startsWith('$ACTION')) continue;
    const existing = fields[key];
    fields[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return fields;
}
