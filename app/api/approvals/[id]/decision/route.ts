import { decideRequest } from '@/lib/approvals/decide-request';
import { handlePerformed, readJsonObject } from '../../../_lib/respond';

/**
 * POST /api/approvals/:id/decision {decision: 'approve'|'deny', comment?} → 200 with the outcome:
 * { state: 'pending', approvals, requiredApprovals } or { state: 'executed'|'failed'|'denied', result }.
 * 403 for anyone without approval.decide, and for the requester themselves.
 */
export function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handlePerformed(request, async (ctx) => {
    const body = await readJsonObject(request);
    return decideRequest({ ...body, requestId: (await params).id }, ctx);
  });
}
