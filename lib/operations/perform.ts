import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { requirePermission } from '@/lib/auth/authorize';
import { requestApproval, type RequestedApproval } from '@/lib/approvals/request-approval';
import { policyFor } from '@/lib/approvals/policies';
import { getDb } from '@/lib/db/client';
import { inTransaction } from '@/lib/db/transaction';
import { parseInput } from '@/lib/validation';
import { commitChange } from './commit-change';
import type { Operation } from './operation';
import { auditingRefusals } from './record-refusal';

export type Performed<R> =
  | { status: 'done'; result: R }
  | { status: 'requested'; request: RequestedApproval };

/**
 * The one path for every change: authorize → approval gate → commitChange → return. Refusals
 * and failures are audited too, in a transaction of their own (the change's has rolled back).
 */
export async function perform<P, R, Prepared>(
  op: Operation<P, R, Prepared>,
  input: unknown,
  ctx: UseCaseContext,
): Promise<Performed<R>> {
  return auditingRefusals(op, input, ctx, async () => {
    requirePermission(ctx, op.id);
    const params = parseInput(op.schema, input);
    const policy = op.approvable ? await policyFor(op.id, ctx.tx ?? getDb()) : null;
    if (policy && policy.requiredApprovals > 0) {
      return { status: 'requested', request: await requestApproval(op, params, policy, ctx) };
    }
    const prepared = (await op.prepare?.(params, ctx.tx ?? getDb(), ctx)) as Prepared;
    const result = await inTransaction(ctx.tx, (tx) => commitChange(op, params, prepared, tx, ctx));
    return { status: 'done', result };
  });
}
