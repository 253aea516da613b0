import 'server-only';
import { randomUUID } from 'node:crypto';
import type { UseCaseContext } from '@/lib/auth/actor';
import { recordEvent } from '@/lib/audit/record-event';
import { Prisma, type Tx } from '@/lib/db/client';
import { inTransaction } from '@/lib/db/transaction';
import { DomainError } from '@/lib/errors';
import { recordedParams, type Operation } from '@/lib/operations/operation';
import { expireIn } from './expire-requests';
import type { Policy } from './policies';

export interface RequestedApproval {
  id: string;
  number: number;
  plan: string;
  requiredApprovals: number;
  /** True when the same request was already pending: it is returned instead of a new one. */
  alreadyPending: boolean;
}

interface Row {
  id: string;
  number: number;
  plan: string;
  requiredApprovals: number;
}

/**
 * Instead of running: a pending request with the frozen parameters and a plan of what will
 * happen, or the request already pending for the same operation, target and parameters. The
 * database decides which (the partial unique index approval_requests_one_pending): two identical
 * requests at the same moment make one.
 */
export async function requestApproval<P>(op: Operation<P, unknown, unknown>, params: P, policy: Policy, ctx: UseCaseContext) {
  const requestedById = ctx.actor.userId;
  if (!requestedById) throw new DomainError('forbidden', 'Only a signed-in user can request an approval.');
  if (!op.plan) throw new Error(`${op.id} is not approvable: it has no plan`);
  const plan = op.plan;
  const target = op.target(params);
  const json = JSON.stringify(params);
  // The same expression as the CHECK approval_requests_params_hash_true: jsonb's text is canonical.
  const paramsHash = Prisma.sql`encode(sha256(convert_to(${json}::jsonb::text, 'UTF8')), 'hex')`;
  return inTransaction(ctx.tx, async (tx): Promise<RequestedApproval> => {
    const planText = await plan(params, tx);
    await expireIn(tx, new Date(), { operation: op.id, target, paramsHash });
    let request: Row | undefined;
    let alreadyPending = false;
    // A pending duplicate can leave `pending` between the insert and the read: then insert again.
    for (let attempt = 0; !request && attempt < 3; attempt++) {
      [request] = await tx.$queryRaw<Row[]>`
        INSERT INTO approval_requests (id, operation, params, params_hash, plan, target, requested_by, expires_at, required_approvals)
        VALUES (${randomUUID()}::uuid, ${op.id}, ${json}::jsonb, ${paramsHash}, ${planText}, ${target}, ${requestedById}::uuid,
                ${new Date(Date.now() + policy.expiresAfterHours * 3_600_000)}, ${policy.requiredApprovals})
        ON CONFLICT (operation, target, params_hash) WHERE state = 'pending' DO NOTHING
        RETURNING id, number, plan, required_approvals AS "requiredApprovals"`;
      if (!request) {
        request = await pendingDuplicate(tx, op.id, target, paramsHash);
        alreadyPending = Boolean(request);
      }
    }
    if (!request) throw new Error(`Could not record a request for ${op.id} on ${target}`);
    await recordEvent(tx, ctx, {
      action: op.id,
      target,
      outcome: 'requested',
      params: { ...recordedParams(op, params), approvalRequest: request.number, ...(alreadyPending && { alreadyPending: true }) },
    });
    return { ...request, alreadyPending };
  });
}

async function pendingDuplicate(tx: Tx, operation: string, target: string, paramsHash: Prisma.Sql) {
  const [row] = await tx.$queryRaw<Row[]>`
    SELECT id, number, plan, required_approvals AS "requiredApprovals" FROM approval_requests
    WHERE operation = ${operation} AND target = ${target} AND params_hash = ${paramsHash} AND state = 'pending'`;
  return row;
}
