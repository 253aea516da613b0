import { withdrawRequest } from '@/lib/approvals/withdraw-request';
import { handlePerformed, readJsonObject } from '../../../_lib/respond';

/**
 * POST /api/approvals/:id/withdraw {comment?} → 200 { number, target, result }: the requester
 * ends their pending request (state `cancelled`). 403 for anyone but the requester, 409 when it
 * is no longer pending.
 */
export function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handlePerformed(request, async (ctx) => {
    const body = request.headers.get('content-length') === '0' ? {} : await readJsonObject(request);
    return withdrawRequest({ ...body, requestId: (await params).id }, ctx);
  });
}
