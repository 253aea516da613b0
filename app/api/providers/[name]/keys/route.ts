import { listProviderDistributions } from '@/lib/distribution/read-distributions';
import { handle } from '../../../_lib/respond';

/** GET /api/providers/:name/keys → the keys this provider holds, with their states. */
export function GET(request: Request, { params }: { params: Promise<{ name: string }> }) {
  return handle(request, async (ctx) => listProviderDistributions({ name: (await params).name }, ctx));
}
