import { setPolicy } from '@/lib/approvals/set-policy';
import { handlePerformed, readJsonObject } from '../../_lib/respond';

/** PUT /api/policies/:operation {requiredApprovals, expiresAfterHours} → { operation, requiredApprovals, expiresAfterHours }. */
export function PUT(request: Request, { params }: { params: Promise<{ operation: string }> }) {
  return handlePerformed(request, async (ctx) => {
    const { requiredApprovals, expiresAfterHours } = await readJsonObject(request);
    return setPolicy({ operation: (await params).operation, requiredApprovals, expiresAfterHours }, ctx);
  });
}
