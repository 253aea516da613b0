import { listPolicies } from '@/lib/approvals/set-policy';
import { handle } from '../_lib/respond';

/** GET /api/policies → [{ operation, label, requiredApprovals, expiresAfterHours, default }]. */
export function GET(request: Request) {
  return handle(request, (ctx) => listPolicies(ctx));
}
