import { listRequests } from '@/lib/approvals/list-requests';
import { handle, queryOf } from '../_lib/respond';

/** GET /api/approvals?state=pending|executed|denied|expired|failed&page= → { items, total, query, pageCount }. */
export function GET(request: Request) {
  return handle(request, (ctx) => listRequests(queryOf(request), ctx));
}
