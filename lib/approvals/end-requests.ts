import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { recordEvent } from '@/lib/audit/record-event';
import { Prisma, type Tx } from '@/lib/db/client';

/**
 * Changes that take away what pending requests are about, and which requests that ends: every
 * request on a deleted key (but a request to create it), every request naming a deleted provider.
 * A new operation that deletes something approvable requests name joins here.
 */
const ENDED_BY: Record<string, (params: Record<string, unknown>) => { match: Prisma.Sql; reason: string }> = {
  'key.delete': ({ name }) => ({
    match: Prisma.sql`target = ${`key:${String(name)}`} AND operation <> 'key.create'`,
    reason: `key "${String(name)}" was deleted`,
  }),
  'provider.delete': ({ name }) => ({
    match: Prisma.sql`params->>'provider' = ${String(name)}`,
    reason: `provider "${String(name)}" was deleted`,
  }),
};

/**
 * Cancels, in the transaction of the change that ends them, the other pending requests about
 * what `operation` removed, each with its reason and an audit event. A request locked by a
 * decision at this very moment is skipped rather than waited for (waiting could deadlock with
 * that decision's operation waiting for the same key): its execution then fails on the missing
 * target and says so on the request.
 */
export async function endRequestsEndedBy(operation: string, params: unknown, tx: Tx, ctx: UseCaseContext, except?: number) {
  const rule = ENDED_BY[operation];
  if (!rule || typeof params !== 'object' || params === null) return [];
  const { match, reason } = rule(params as Record<string, unknown>);
  const result = `Cancelled: ${reason} (by ${ctx.actor.username}).`;
  const ended = await tx.$queryRaw<{ number: number; operation: string; target: string }[]>`
    UPDATE approval_requests SET state = 'cancelled', resolved_at = now(), result = ${result}
    WHERE id IN (
      SELECT id FROM approval_requests
      WHERE state = 'pending' AND expires_at > now() AND number <> ${except ?? -1} AND ${match}
      FOR UPDATE SKIP LOCKED)
    RETURNING number, operation, target`;
  for (const request of ended) {
    await recordEvent(tx, ctx, {
      action: 'approval.cancel',
      target: request.target,
      outcome: 'succeeded',
      params: { approvalRequest: request.number, operation: request.operation, cause: operation },
      reason: result,
    });
  }
  return ended;
}
