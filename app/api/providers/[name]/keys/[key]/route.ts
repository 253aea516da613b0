import { distributeKey } from '@/lib/distribution/distribute-key';
import { getDistribution } from '@/lib/distribution/read-distributions';
import { removeFromProvider } from '@/lib/distribution/remove-from-provider';
import type { UseCaseContext } from '@/lib/auth/actor';
import type { Performed } from '@/lib/operations/perform';
import { handle, handlePerformed, queryOf, readJsonObject } from '../../../../_lib/respond';

type Context = { params: Promise<{ name: string; key: string }> };

/** The distribution as it stands once the change committed (the job runs in the background). */
async function withView(performed: Performed<unknown>, ref: { provider: string; key: string }, ctx: UseCaseContext) {
  return performed.status === 'requested' ? performed : { status: 'done' as const, result: await getDistribution(ref, ctx) };
}

/** GET /api/providers/:name/keys/:key → {provider, key, purposes, protection, state, versions: {"1": {...}}}. */
export function GET(request: Request, { params }: Context) {
  return handle(request, async (ctx) => {
    const { name, key } = await params;
    return getDistribution({ provider: name, key }, ctx);
  });
}

/** PUT /api/providers/:name/keys/:key {purposes, protection} → 202 with the distribution (or the approval request). */
export function PUT(request: Request, { params }: Context) {
  return handlePerformed(
    request,
    async (ctx) => {
      const { name, key } = await params;
      const body = await readJsonObject(request);
      const ref = { provider: name, key };
      return withView(await distributeKey({ ...body, ...ref }, ctx), ref, ctx);
    },
    202,
  );
}

/** DELETE /api/providers/:name/keys/:key[?pendingWindowDays=7..30&purge=true] → 202 with the distribution being removed, or the request. */
export function DELETE(request: Request, { params }: Context) {
  return handlePerformed(
    request,
    async (ctx) => {
      const { name, key } = await params;
      const hasBody = (request.headers.get('content-length') ?? '0') !== '0' || request.headers.has('transfer-encoding');
      const body = hasBody ? await readJsonObject(request) : {};
      const ref = { provider: name, key };
      return withView(await removeFromProvider({ ...queryOf(request), ...body, ...ref }, ctx), ref, ctx);
    },
    202,
  );
}
