import { listKeyDistributions } from '@/lib/distribution/read-distributions';
import { handle } from '../../../_lib/respond';

/** GET /api/keys/:name/distributions → the key's copies in every provider, with per-version states. */
export function GET(request: Request, { params }: { params: Promise<{ name: string }> }) {
  return handle(request, async (ctx) => listKeyDistributions({ name: (await params).name }, ctx));
}
