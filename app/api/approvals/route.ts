import { listRequests } from '@/lib/approvals/list-requests';
import { handleRead, queryOf } from '../_lib/respond';

/** GET /api/approvals?state=pending|executed|denied|expired|failed&page= → { items, total, query, pageCount }. */
export function GET(request: Request) {
  return handleRead('approval.read', () => listRequests(queryOf(request)));
}
