import { listPolicies } from '@/lib/approvals/set-policy';
import { handleRead } from '../_lib/respond';

/** GET /api/policies → [{ operation, label, requiredApprovals, expiresAfterHours, default }]. */
export function GET() {
  return handleRead('policy.read', () => listPolicies());
}
