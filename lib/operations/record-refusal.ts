import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { recordEvent } from '@/lib/audit/record-event';
import { getDb } from '@/lib/db/client';
import { isDomainError } from '@/lib/errors';

/**
 * Audits an operation that did not happen: `denied` for a refusal the user caused (permission,
 * validation, precondition), `failed` for anything else. The input is recorded as given, minus
 * secrets; the reason is the refusal's message, or only the error's class for failures.
 */
export async function recordRefusal(
  op: { id: string; target(params: never): string },
  input: unknown,
  ctx: UseCaseContext,
  err: unknown,
) {
  let target: string | null = null;
  try {
    target = op.target((input ?? {}) as never).slice(0, 200) || null;
  } catch {
    // Input too malformed to name a target.
  }
  const domain = isDomainError(err);
  const event = {
    action: op.id,
    target,
    outcome: domain ? ('denied' as const) : ('failed' as const),
    params: input,
    reason: domain ? `${err.code}: ${err.message}` : err instanceof Error ? err.name : 'error',
  };
  try {
    await getDb().$transaction((tx) => recordEvent(tx, ctx, event));
  } catch {
    // Whatever the input held that could not be stored, the refusal itself is still recorded.
    try {
      await getDb().$transaction((tx) => recordEvent(tx, ctx, { ...event, target: null, params: { unrecordable: true } }));
    } catch (auditErr) {
      console.error(`audit: could not record the refusal of ${op.id}: ${auditErr instanceof Error ? auditErr.name : 'error'}`);
    }
  }
}
