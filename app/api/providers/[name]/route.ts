import { deleteProvider } from '@/lib/providers/delete-provider';
import { getProvider } from '@/lib/providers/read-providers';
import { updateProvider } from '@/lib/providers/update-provider';
import { handle, handlePerformed, readJsonObject } from '../../_lib/respond';

type Context = { params: Promise<{ name: string }> };

/** GET /api/providers/:name → the provider (never a secret) with its keys by state. */
export function GET(request: Request, { params }: Context) {
  return handle(request, async (ctx) => getProvider({ name: (await params).name }, ctx));
}

/** PATCH /api/providers/:name {endpoint?, caBundle?, credentials?} (null clears) → the provider. */
export function PATCH(request: Request, { params }: Context) {
  return handlePerformed(request, async (ctx) => {
    const body = await readJsonObject(request);
    return updateProvider({ ...body, name: (await params).name }, ctx);
  });
}

/** DELETE /api/providers/:name → {name}; 409 while it holds keys. */
export function DELETE(request: Request, { params }: Context) {
  return handlePerformed(request, async (ctx) => deleteProvider({ name: (await params).name }, ctx));
}
