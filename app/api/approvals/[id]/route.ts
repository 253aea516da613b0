import { getRequest } from '@/lib/approvals/list-requests';
import { DomainError } from '@/lib/errors';
import { handle } from '../../_lib/respond';

/** GET /api/approvals/:id → the request with its decisions. */
export function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(request, async (ctx) => {
    const found = await getRequest((await params).id, ctx);
    if (!found) throw new DomainError('not_found', 'No such approval request.');
    return found;
  });
}
