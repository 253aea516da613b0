import { verifyAuditChain } from '@/lib/audit/verify-chain';
import { handle } from '../../_lib/respond';

/** POST /api/audit/verify → { ok, checked, firstBroken: { seq, reason } | null }. */
export function POST(request: Request) {
  return handle(request, (ctx) => verifyAuditChain(ctx));
}
