import { verifyAuditChain } from '@/lib/audit/verify-chain';
import { handle } from '../../_lib/respond';

/**
 * POST /api/audit/verify → { ok, checked, firstBroken: { seq, reason } | null, brokenCount,
 * checkpoints: { file, valid, invalid, latest: { seq, hash, at } | null } }: the chain, and the
 * database against the signed checkpoints outside it (lib/audit/checkpoints.ts).
 */
export function POST(request: Request) {
  return handle(request, (ctx) => verifyAuditChain(ctx));
}
