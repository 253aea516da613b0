import { listRequests } from '@/lib/approvals/list-requests';
import { assertStorableInput } from '@/lib/validation';
import { handle, queryOf } from '../_lib/respond';

/** GET /api/approvals?state=pending|executed|denied|expired|failed&page= → { items, total, query, pageCount }. */
export function GET(request: Request) {
  return handle(request, async (ctx) => {
    const query = queryOf(request);
    assertStorableInput(query);
    return listRequests(query, ctx);
  });
}
