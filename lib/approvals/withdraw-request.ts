import 'server-only';
import { z } from 'zod';
import type { UseCaseContext } from '@/lib/auth/actor';
import { DomainError } from '@/lib/errors';
import { defineOperation } from '@/lib/operations/operation';
import { perform } from '@/lib/operations/perform';

const withdrawInput = z.object({
  requestId: z.uuid({ error: 'Unknown approval request.' }),
  comment: z.string().trim().max(1000, 'A comment has at most 1000 characters.').default(''),
});

export interface WithdrawOutcome {
  number: number;
  target: string;
  result: string;
}

/** The requester takes their pending request back: it ends `cancelled`, and nobody can approve it. */
export const withdrawRequestOperation = defineOperation<z.output<typeof withdrawInput>, WithdrawOutcome>({
  id: 'approval.withdraw',
  label: 'Withdraw your approval request',
  approvable: false,
  schema: withdrawInput,
  target: (p) => `approval:${p.requestId}`,
  // The withdrawal belongs to the story of what the request was about (e.g. key:payments).
  resultTarget: (outcome) => outcome.target,
  resultRecord: (outcome) => ({ approvalRequest: outcome.number }),
  recorded: ['requestId', 'comment'],
  async execute({ requestId, comment }, _prepared: undefined, tx, ctx) {
    // The request's row lock orders this against a decision arriving at the same moment.
    const [request] = await tx.$queryRaw<{ number: number; target: string; state: string; requestedById: string; expiresAt: Date }[]>`
      SELECT number, target, state, requested_by AS "requestedById", expires_at AS "expiresAt"
      FROM approval_requests WHERE id = ${requestId}::uuid FOR UPDATE`;
    if (!request) throw new DomainError('not_found', 'No such approval request.');
    if (request.requestedById !== ctx.actor.userId) {
      throw new DomainError('forbidden', `Only the requester can withdraw request #${request.number}.`);
    }
    if (request.state !== 'pending') {
      throw new DomainError('precondition_failed', `Request #${request.number} is already ${request.state}.`);
    }
    if (request.expiresAt <= new Date()) {
      throw new DomainError('precondition_failed', `Request #${request.number} expired at ${request.expiresAt.toISOString()}.`);
    }
    const result = `Withdrawn by ${ctx.actor.username}${comment ? `: ${comment}` : '.'}`;
    await tx.approvalRequest.update({ where: { id: requestId }, data: { state: 'cancelled', result, resolvedAt: new Date() } });
    return { number: request.number, target: request.target, result };
  },
});

export const withdrawRequest = (input: unknown, ctx: UseCaseContext) => perform(withdrawRequestOperation, input, ctx);
