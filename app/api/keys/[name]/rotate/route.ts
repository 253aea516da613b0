import { rotateKey } from '@/lib/keys/rotate-key';
import { handle } from '../../../_lib/respond';

/** POST /api/keys/:name/rotate → the key with its new latest version. */
export function POST(request: Request, { params }: { params: Promise<{ name: string }> }) {
  return handle(request, async (actor) => rotateKey({ name: (await params).name }, { actor }));
}
