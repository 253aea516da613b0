import { deleteKey } from '@/lib/keys/delete-key';
import { getKey } from '@/lib/keys/get-key';
import { updateKeyConfig } from '@/lib/keys/update-key-config';
import { handle, handlePerformed, readJsonObject } from '../../_lib/respond';

type Context = { params: Promise<{ name: string }> };

/** GET /api/keys/:name → the key with its versions (public keys only, never material). */
export function GET(request: Request, { params }: Context) {
  return handle(request, async (ctx) => getKey({ name: (await params).name }, ctx));
}

/**
 * PATCH /api/keys/:name {minEnabledVersion?, deletionAllowed?} → 200 with one entry per setting
 * that changed: { setting, outcome }, the outcome being done (with the key) or requested.
 */
export function PATCH(request: Request, { params }: Context) {
  return handle(request, async (ctx) => {
    const body = await readJsonObject(request);
    // The path names the key; a "name" in the body cannot redirect the change to another one.
    return updateKeyConfig({ ...body, name: (await params).name }, ctx);
  });
}

/** DELETE /api/keys/:name → 200 {name}, or 202 with the approval request. 409 unless deletion is allowed. */
export function DELETE(request: Request, { params }: Context) {
  return handlePerformed(request, async (ctx) => deleteKey({ name: (await params).name }, ctx));
}
