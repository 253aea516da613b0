import { countAwaitingDecision } from '@/lib/approvals/list-requests';
import { can } from '@/lib/auth/permissions';
import { handleRead } from '../../_lib/respond';

/**
 * GET /api/approvals/awaiting → { count }: pending requests of others this user may still decide
 * (the navigation badge polls it). 0 for anyone who cannot decide.
 */
export function GET() {
  return handleRead('approval.read', async ({ actor }) => ({
    count: can(actor.roles, 'approval.decide') ? await countAwaitingDecision(actor) : 0,
  }));
}
