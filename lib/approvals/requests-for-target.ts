import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { authorizeRead } from '@/lib/auth/authorize';
import { getDb } from '@/lib/db/client';
import { countingApprovals } from './independence';

export interface PendingRequestSummary {
  id: string;
  number: number;
  operation: string;
  plan: string;
  requestedBy: string;
  requestedAt: Date;
  expiresAt: Date;
  approvals: number;
  requiredApprovals: number;
}

/**
 * The pending, unexpired approval requests about one target (e.g. `key:<name>`), oldest first:
 * for the target's own page. Read-only; listRequests() expires stale requests on its own.
 */
export async function pendingRequestsForTarget(target: string, ctx: UseCaseContext): Promise<PendingRequestSummary[]> {
  await authorizeRead(ctx, 'approval.read', target);
  const rows = await getDb().approvalRequest.findMany({
    where: { target, state: 'pending', expiresAt: { gt: new Date() } },
    include: { requestedBy: { select: { username: true } } },
    orderBy: { number: 'asc' },
    take: 50,
  });
  return Promise.all(rows.map(async (r) => ({
    id: r.id,
    number: r.number,
    operation: r.operation,
    plan: r.plan,
    requestedBy: r.requestedBy.username,
    requestedAt: r.requestedAt,
    expiresAt: r.expiresAt,
    // Those that count (independence.ts), as on the request's own page.
    approvals: await countingApprovals(getDb(), r.id),
    requiredApprovals: r.requiredApprovals,
  })));
}
