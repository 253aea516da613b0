import 'server-only';
import { z } from 'zod';
import type { UseCaseContext } from '@/lib/auth/actor';
import { can, type Permission } from '@/lib/auth/permissions';
import { recordEvent } from '@/lib/audit/record-event';
import type { Tx } from '@/lib/db/client';
import { DomainError, isDomainError } from '@/lib/errors';
import { commitChange } from '@/lib/operations/commit-change';
import { defineOperation, type AnyOperation } from '@/lib/operations/operation';
import { perform } from '@/lib/operations/perform';
import { APPROVABLE_OPERATIONS } from '@/lib/operations/registry';
import { parseInput } from '@/lib/validation';
import { assertIndependentApprover, countingApprovals } from './independence';

const decisionInput = z.object({
  requestId: z.uuid({ error: 'Unknown approval request.' }),
  decision: z.enum(['approve', 'deny'], { error: 'Decide approve or deny.' }),
  comment: z.string().trim().max(1000, 'A comment has at most 1000 characters.').default(''),
});

export type DecisionOutcome = { number: number; target: string } & (
  | { state: 'pending'; approvals: number; requiredApprovals: number }
  | { state: 'executed' | 'failed' | 'denied'; result: string }
);

interface LockedRequest {
  id: string;
  number: number;
  operation: string;
  target: string;
  params: unknown;
  requestedById: string;
  requestedAt: Date;
  expiresAt: Date;
  requiredApprovals: number;
  state: string;
}

type Prepared = { operation: string; value: unknown } | undefined;

/**
 * Runs an approved operation exactly once: the caller holds the request's row lock, and the
 * request leaves `pending` in the same transaction. Its preconditions are checked again now, and
 * the requester must still be allowed to do it. A failure rolls back to a savepoint and is
 * recorded on the request, keeping the approval itself.
 */
async function executeApproved(request: LockedRequest, prepared: Prepared, tx: Tx, ctx: UseCaseContext) {
  const op: AnyOperation | undefined = APPROVABLE_OPERATIONS[request.operation];
  const requester = await tx.user.findUnique({ where: { id: request.requestedById } });
  await tx.$executeRawUnsafe('SAVEPOINT approved_operation');
  let state: 'executed' | 'failed';
  let result: string;
  try {
    if (!op) throw new Error(`Unknown operation ${request.operation}`);
    if (!requester || requester.disabledAt || !can(requester.roles, request.operation as Permission)) {
      throw new DomainError('forbidden', `The requester is no longer allowed to ${request.operation}.`);
    }
    const params = parseInput(op.schema, request.params);
    const value = prepared?.operation === op.id ? prepared.value : await op.prepare?.(params, tx, ctx);
    await commitChange(op, params, value, tx, ctx, { requestNumber: request.number, target: request.target });
    state = 'executed';
    result = 'Executed.';
  } catch (err) {
    await tx.$executeRawUnsafe('ROLLBACK TO SAVEPOINT approved_operation');
    state = 'failed';
    result = isDomainError(err) ? err.message : `The operation failed (${err instanceof Error ? err.name : 'error'}).`;
    await recordEvent(tx, ctx, {
      action: request.operation,
      target: request.target,
      outcome: 'failed',
      params: { approvalRequest: request.number },
      reason: result,
    });
  }
  await tx.approvalRequest.update({ where: { id: request.id }, data: { state, result, resolvedAt: new Date() } });
  return { state, number: request.number, target: request.target, result };
}

export const decideRequestOperation = defineOperation<z.output<typeof decisionInput>, DecisionOutcome, Prepared>({
  id: 'approval.decide',
  label: 'Approve or deny a request',
  approvable: false,
  schema: decisionInput,
  target: (p) => `approval:${p.requestId}`,
  // The decision belongs to the story of what it decides on (e.g. key:payments).
  resultTarget: (outcome) => outcome.target,
  recorded: ['requestId', 'decision', 'comment'],
  // If this approval may be the last one, generate what the operation needs before the
  // transaction (e.g. key material), as perform() does for operations that run at once.
  async prepare({ requestId, decision }, db, ctx) {
    if (decision !== 'approve') return undefined;
    const request = await db.approvalRequest.findUnique({ where: { id: requestId } });
    const op = request && APPROVABLE_OPERATIONS[request.operation];
    if (!request || !op?.prepare || request.state !== 'pending' || request.requestedById === ctx.actor.userId) return undefined;
    if ((await countingApprovals(db, requestId)) + 1 < request.requiredApprovals) return undefined;
    try {
      return { operation: op.id, value: await op.prepare(parseInput(op.schema, request.params), db, ctx) };
    } catch {
      return undefined; // execution will meet the same problem and record it on the request
    }
  },
  async execute({ requestId, decision, comment }, prepared, tx, ctx) {
    const [request] = await tx.$queryRaw<LockedRequest[]>`
      SELECT id, number, operation, target, params, requested_by AS "requestedById", requested_at AS "requestedAt",
             expires_at AS "expiresAt",
             required_approvals AS "requiredApprovals", state
      FROM approval_requests WHERE id = ${requestId}::uuid FOR UPDATE`;
    if (!request) throw new DomainError('not_found', 'No such approval request.');
    if (request.state !== 'pending') {
      throw new DomainError('precondition_failed', `Request #${request.number} is already ${request.state}.`);
    }
    if (request.expiresAt <= new Date()) {
      throw new DomainError('precondition_failed', `Request #${request.number} expired at ${request.expiresAt.toISOString()}.`);
    }
    if (request.requestedById === ctx.actor.userId) {
      throw new DomainError('forbidden', 'You cannot approve or deny your own request.');
    }
    const approverId = ctx.actor.userId!;
    await assertIndependentApprover(tx, approverId, request);
    const earlier = await tx.approvalDecision.findUnique({ where: { requestId_approverId: { requestId, approverId } } });
    if (earlier) throw new DomainError('conflict', `You have already decided on request #${request.number}.`);
    await tx.approvalDecision.create({ data: { requestId, approverId, decision, comment } });

    if (decision === 'deny') {
      const result = `Denied by ${ctx.actor.username}${comment ? `: ${comment}` : '.'}`;
      await tx.approvalRequest.update({ where: { id: requestId }, data: { state: 'denied', result, resolvedAt: new Date() } });
      return { state: 'denied', number: request.number, target: request.target, result };
    }
    const count = await countingApprovals(tx, requestId);
    if (count < request.requiredApprovals) {
      return { state: 'pending', number: request.number, target: request.target, approvals: count, requiredApprovals: request.requiredApprovals };
    }
    return executeApproved(request, prepared, tx, ctx);
  },
});

export const decideRequest = (input: unknown, ctx: UseCaseContext) => perform(decideRequestOperation, input, ctx);
