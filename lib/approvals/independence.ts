import 'server-only';
import { getDb, type Tx } from '@/lib/db/client';
import { DomainError } from '@/lib/errors';

/** An approver's grant of the role: when, and by whom (null: the system). */
export interface ApproverGrant {
  grantedAt: Date;
  grantedById: string | null;
}

interface RequestFacts {
  number: number;
  requestedById: string;
  requestedAt: Date;
}

export async function approverGrant(userId: string | null, db: Tx = getDb()): Promise<ApproverGrant | null> {
  if (!userId) return null;
  return db.roleGrant.findUnique({ where: { userId_role: { userId, role: 'approver' } }, select: { grantedAt: true, grantedById: true } });
}

/**
 * Why this approver's decision on the request would not count, or null when it would: the
 * approver must hold the role since before the request was made, granted by someone other than
 * the requester (so no requester can mint an approver for their own request).
 */
export function dependence(grant: ApproverGrant | null, request: RequestFacts): string | null {
  if (!grant) return 'You do not hold the approver role.';
  if (grant.grantedById === request.requestedById) {
    return `Your approver role was granted by the requester of request #${request.number}: another approver must decide on it.`;
  }
  if (grant.grantedAt >= request.requestedAt) {
    return `Your approver role was granted after request #${request.number} was made: an approver of longer standing must decide on it.`;
  }
  return null;
}

export async function assertIndependentApprover(tx: Tx, approverId: string, request: RequestFacts) {
  const why = dependence(await approverGrant(approverId, tx), request);
  if (why) throw new DomainError('forbidden', why);
}

/**
 * The approvals that count, evaluated now: from approvers who are enabled, still hold the role
 * by the same grant, and that grant predates the request and was not made by the requester. An
 * approver disabled or stripped of the role since deciding no longer counts (nor after a
 * re-grant, which is newer than the request).
 */
export async function countingApprovals(tx: Tx, requestId: string): Promise<number> {
  const [row] = await tx.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count
    FROM approval_decisions d
    JOIN approval_requests r ON r.id = d.request_id
    JOIN users u ON u.id = d.approver_id AND u.disabled_at IS NULL
    JOIN role_grants g ON g.user_id = d.approver_id AND g.role = 'approver'
    WHERE d.request_id = ${requestId}::uuid AND d.decision = 'approve'
      AND d.approver_id <> r.requested_by
      AND g.granted_at < r.requested_at
      AND g.granted_by IS DISTINCT FROM r.requested_by`;
  return row?.count ?? 0;
}
