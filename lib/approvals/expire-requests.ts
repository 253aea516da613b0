import 'server-only';
import { SYSTEM_ACTOR } from '@/lib/auth/actor';
import { recordEvent } from '@/lib/audit/record-event';
import { getDb } from '@/lib/db/client';

/**
 * Moves pending requests past their expiry to `expired`, each with an audit event by the system.
 * Runs whenever requests are listed; a request past its expiry can never be decided meanwhile
 * (decideRequest checks the time under the request's lock).
 */
export async function expireRequests(now = new Date()) {
  return getDb().$transaction(async (tx) => {
    const expired = await tx.$queryRaw<{ number: number; operation: string; target: string }[]>`
      UPDATE approval_requests SET state = 'expired', resolved_at = ${now}, result = 'Expired before enough approvals.'
      WHERE state = 'pending' AND expires_at <= ${now}
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
  });
}
