import { getRequest } from '@/lib/approvals/list-requests';
import { DomainError } from '@/lib/errors';
import { handleRead } from '../../_lib/respond';

/** GET /api/approvals/:id → the request with its decisions. */
export function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handleRead('approval.read', async () => {
    const found = await getRequest((await params).id);
    if (!found) throw new DomainError('not_found', 'No such approval request.');
    return found;
  });
}
