import 'server-only';
import { endRequestsEndedBy } from '@/lib/approvals/end-requests';
import type { UseCaseContext } from '@/lib/auth/actor';
import { recordEvent } from '@/lib/audit/record-event';
import type { Tx } from '@/lib/db/client';
import { enqueue } from '@/lib/jobs/enqueue';
import { recordedParams, type Operation } from './operation';

/**
 * The one commit step of every change, whether it runs at once (perform) or on its last
 * approval (decide-request): the change, the jobs it enqueues, the pending requests it ends and
 * its audit event, in the caller's transaction. The event goes last: it takes the audit chain's
 * lock, held to commit.
 */
export async function commitChange<P, R, Prepared>(
  op: Operation<P, R, Prepared>,
  params: P,
  prepared: Prepared,
  tx: Tx,
  ctx: UseCaseContext,
  approval?: { requestNumber: number; target: string },
): Promise<R> {
  // Who acts, for the database's own bookkeeping: role_grants.granted_by (users_role_grants trigger).
  await tx.$executeRaw`SELECT set_config('keywarden.actor_id', ${ctx.actor.userId ?? ''}, true)`;
  const result = await op.execute(params, prepared, tx, { ...ctx, tx });
  for (const job of (await op.jobs?.(result, params, tx, ctx)) ?? []) await enqueue(tx, job);
  await endRequestsEndedBy(op.id, params, tx, ctx, approval?.requestNumber);
  await recordEvent(tx, ctx, {
    action: op.id,
    target: approval?.target ?? (op.resultTarget ? op.resultTarget(result) : op.target(params)),
    outcome: 'succeeded',
    params: {
      ...recordedParams(op, params),
      ...op.resultRecord?.(result),
      ...(approval && { approvalRequest: approval.requestNumber }),
    },
  });
  return result;
}
