import { countAwaitingDecision } from '@/lib/approvals/list-requests';
import { handle } from '../../_lib/respond';

/**
 * GET /api/approvals/awaiting → { count }: pending requests of others this user may still decide
 * (the navigation badge polls it). 0 for anyone who cannot decide.
 */
export function GET(request: Request) {
  return handle(request, async (ctx) => ({ count: await countAwaitingDecision(ctx) }));
}
