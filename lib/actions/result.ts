import 'server-only';
import { randomUUID } from 'node:crypto';
import { unstable_rethrow } from 'next/navigation';
import { currentRequestInfo } from '@/lib/auth/request-info';
import { isDomainError } from '@/lib/errors';

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

/** A form's text fields; repeated fields (checkbox groups) become arrays. */
export function formFields(form: unknown): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  // Server actions are public endpoints: a caller may send anything, not only the form's FormData.
  if (!(form instanceof FormData)) return fields;
  for (const [key, value] of form.entries()) {
    if (typeof value !== 'string' || key.startsWith('$ACTION')) continue;
    const existing = fields[key];
    fields[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return fields;
}
