import { getDistribution } from '@/lib/distribution/read-distributions';
import { retryDistribution } from '@/lib/distribution/retry-distribution';
import { handlePerformed } from '../../../../../_lib/respond';

/** POST /api/providers/:name/keys/:key/retry → 202 with the distribution; its job runs now. */
export function POST(request: Request, { params }: { params: Promise<{ name: string; key: string }> }) {
  return handlePerformed(
    request,
    async (ctx) => {
      const { name, key } = await params;
      const performed = await retryDistribution({ provider: name, key }, ctx);
      return performed.status === 'requested' ? performed : { status: 'done' as const, result: await getDistribution({ provider: name, key }, ctx) };
    },
    202,
  );
}
