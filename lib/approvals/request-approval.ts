import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { recordEvent } from '@/lib/audit/record-event';
import { inTransaction } from '@/lib/db/transaction';
import { DomainError } from '@/lib/errors';
import { recordedParams, type Operation } from '@/lib/operations/operation';
import type { Policy } from './policies';

/** Instead of running: a pending request with the frozen parameters and a plan of what will happen. */
export async function requestApproval<P>(op: Operation<P, unknown, unknown>, params: P, policy: Policy, ctx: UseCaseContext) {
  const requestedById = ctx.actor.userId;
  if (!requestedById) throw new DomainError('forbidden', 'Only a signed-in user can request an approval.');
  if (!op.plan) throw new Error(`${op.id} is not approvable: it has no plan`);
  const plan = op.plan;
  return inTransaction(ctx.tx, async (tx) => {
    const planText = await plan(params, tx);
    const request = await tx.approvalRequest.create({
      data: {
        operation: op.id,
        params: params as object,
        plan: planText,
        target: op.target(params),
        requestedById,
        expiresAt: new Date(Date.now() + policy.expiresAfterHours * 3_600_000),
        requiredApprovals: policy.requiredApprovals,
      },
    });
    await recordEvent(tx, ctx, {
      action: op.id,
      target: request.target,
      outcome: 'requested',
      params: { ...recordedParams(op, params), approvalRequest: request.number },
    });
    return { id: request.id, number: request.number, plan: planText, requiredApprovals: request.requiredApprovals };
  });
}
