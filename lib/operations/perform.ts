import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { can, type Permission } from '@/lib/auth/permissions';
import { recordEvent } from '@/lib/audit/record-event';
import { requestApproval } from '@/lib/approvals/request-approval';
import { policyFor } from '@/lib/approvals/policies';
import { getDb } from '@/lib/db/client';
import { inTransaction } from '@/lib/db/transaction';
import { DomainError } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import type { Operation } from './operation';
import { recordRefusal } from './record-refusal';

export type Performed<R> =
  | { status: 'done'; result: R }
  | { status: 'requested'; request: { id: string; number: number; plan: string; requiredApprovals: number } };

export function requirePermission(ctx: UseCaseContext, id: Permission) {
  if (!can(ctx.actor.roles, id)) {
    throw new DomainError('forbidden', `You are not allowed to ${id.replace('.', ': ').replaceAll('_', ' ')}.`);
  }
}

/** For reads: the permission, or a refusal that is audited like any other. */
export async function authorizeRead(ctx: UseCaseContext, permission: Permission, target: string | null = null) {
  try {
    requirePermission(ctx, permission);
  } catch (err) {
    await recordRefusal({ id: permission, target: () => target ?? '' }, {}, ctx, err);
    throw err;
  }
}

/**
 * The one path for every change: authorize → approval gate → one transaction holding the change
 * and its audit event → return. Refusals and failures are audited too, in a transaction of their
 * own (the change's transaction has rolled back).
 */
export async function perform<P, R, Prepared>(
  op: Operation<P, R, Prepared>,
  input: unknown,
  ctx: UseCaseContext,
): Promise<Performed<R>> {
  try {
    requirePermission(ctx, op.id);
    const params = parseInput(op.schema, input);
    const policy = op.approvable ? await policyFor(op.id, ctx.tx ?? getDb()) : null;
    if (policy && policy.requiredApprovals > 0) {
      return { status: 'requested', request: await requestApproval(op, params, policy, ctx) };
    }
    const prepared = (await op.prepare?.(params, ctx.tx ?? getDb(), ctx)) as Prepared;
    const result = await inTransaction(ctx.tx, async (tx) => {
      const result = await op.execute(params, prepared, tx, ctx);
      await recordEvent(tx, ctx, {
        action: op.id,
        target: op.resultTarget ? op.resultTarget(result) : op.target(params),
        outcome: 'succeeded',
        params: op.auditParams ? op.auditParams(params) : params,
      });
      return result;
    });
    return { status: 'done', result };
  } catch (err) {
    await recordRefusal(op, input, ctx, err);
    throw err;
  }
}
