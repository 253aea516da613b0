import 'server-only';
import { getDb } from '@/lib/db/client';
import { isDomainError } from '@/lib/errors';
import { APPROVABLE_OPERATIONS } from '@/lib/operations/registry';
import { parseInput } from '@/lib/validation';

/** What a pending request would do if it ran now, when that is not what its frozen plan says. */
export interface PlanNow {
  text: string;
  /** false: the operation could not run now (the text says why); its approval would fail. */
  runnable: boolean;
}

/**
 * The request's plan read again from the current state (a plan only reads), or null when it
 * still reads as it did when the request was made. The frozen plan stays what approvers are
 * shown first: it is what was asked for.
 */
export async function planNow(request: { operation: string; params: unknown; plan: string }): Promise<PlanNow | null> {
  const op = APPROVABLE_OPERATIONS[request.operation];
  if (!op?.plan) return null;
  try {
    const text = await op.plan(parseInput(op.schema, request.params), getDb());
    return text === request.plan ? null : { text, runnable: true };
  } catch (err) {
    if (!isDomainError(err)) throw err;
    return { text: err.message, runnable: false };
  }
}
