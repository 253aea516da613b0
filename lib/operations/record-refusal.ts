import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { recordEvent } from '@/lib/audit/record-event';
import { getDb } from '@/lib/db/client';
import { isDomainError } from '@/lib/errors';
import { unstorableText } from '@/lib/validation';
import { recordedParams } from './operation';

/** What a refusal is audited as: an operation's id, how it names its target, what it records. */
export interface RefusalSubject {
  id: string;
  target(params: never): string;
  recorded: readonly string[];
}

/** Runs `fn`; if it throws, audits the refusal (or failure) and rethrows. */
export async function auditingRefusals<T>(subject: RefusalSubject, input: unknown, ctx: UseCaseContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    await recordRefusal(subject, input, ctx, err);
    throw err;
  }
}

/**
 * The target the refused input names, or null when a field the target is built from was missing,
 * not text, or text that cannot be stored: never `key:undefined`, `user:null` or `key:[object Object]`.
 */
function targetOf(subject: RefusalSubject, input: unknown): string | null {
  const fields = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  let named = true;
  const reader = new Proxy(fields, {
    get(target, property) {
      const value = Reflect.get(target, property);
      if (typeof value !== 'string' || value === '' || unstorableText(value)) named = false;
      return value;
    },
  });
  const text = subject.target(reader as never);
  return named && typeof text === 'string' ? text.slice(0, 200) || null : null;
}

/**
 * Audits an operation that did not happen: `denied` for a refusal the user caused (permission,
 * validation, precondition), `failed` for anything else. Only the subject's recorded parameters
 * are kept, as given; the reason is the refusal's message, or only the error's class for failures.
 */
export async function recordRefusal(subject: RefusalSubject, input: unknown, ctx: UseCaseContext, err: unknown) {
  let target: string | null = null;
  try {
    target = targetOf(subject, input);
  } catch {
    // Input too malformed to name a target.
  }
  const domain = isDomainError(err);
  const event = {
    action: subject.id,
    target,
    outcome: domain ? ('denied' as const) : ('failed' as const),
    params: recordedParams(subject, input),
    reason: domain ? `${err.code}: ${err.message}` : err instanceof Error ? err.name : 'error',
  };
  try {
    await getDb().$transaction((tx) => recordEvent(tx, ctx, event));
  } catch {
    // Whatever the input held that could not be stored, the refusal itself is still recorded.
    try {
      await getDb().$transaction((tx) => recordEvent(tx, ctx, { ...event, target: null, params: { unrecordable: true } }));
    } catch (auditErr) {
      console.error(`audit: could not record the refusal of ${subject.id}: ${auditErr instanceof Error ? auditErr.name : 'error'}`);
    }
  }
}
