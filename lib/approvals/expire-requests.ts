import 'server-only';
import { SYSTEM_ACTOR } from '@/lib/auth/actor';
import { recordEvent } from '@/lib/audit/record-event';
import { getDb, Prisma, type Tx } from '@/lib/db/client';

/**
 * Moves pending requests past their expiry to `expired`, each with an audit event by the system:
 * all of them, or only those matching `only` (one operation, target and parameters' hash, before
 * a new request for the same takes the pending slot). A request past its expiry can never be
 * decided meanwhile (decideRequest checks the time under the request's lock).
 */
export async function expireIn(tx: Tx, now = new Date(), only?: { operation: string; target: string; paramsHash: Prisma.Sql }) {
  const match = only
    ? Prisma.sql`AND operation = ${only.operation} AND target = ${only.target} AND params_hash = ${only.paramsHash}`
    : Prisma.empty;
  const expired = await tx.$queryRaw<{ number: number; operation: string; target: string }[]>`
    UPDATE approval_requests SET state = 'expired', resolved_at = ${now}, result = 'Expired before enough approvals.'
    WHERE state = 'pending' AND expires_at <= ${now} ${match}
    RETURNING number, operation, target`;
  for (const request of expired) {
    await recordEvent(tx, { actor: SYSTEM_ACTOR }, {
      action: 'approval.expire',
      target: request.target,
      outcome: 'succeeded',
      params: { approvalRequest: request.number, operation: request.operation },
    });
  }
  return expired.length;
}

/** Runs whenever requests are listed. */
export async function expireRequests(now = new Date()) {
  return getDb().$transaction((tx) => expireIn(tx, now));
}
