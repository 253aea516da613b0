import { rotateKey } from '@/lib/keys/rotate-key';
import { handlePerformed } from '../../../_lib/respond';

/** POST /api/keys/:name/rotate → 200 with the key at its new latest version, or 202 with the approval request. */
export function POST(request: Request, { params }: { params: Promise<{ name: string }> }) {
  return handlePerformed(request, async (ctx) => rotateKey({ name: (await params).name }, ctx));
}
