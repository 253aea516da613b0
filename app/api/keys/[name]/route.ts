import { deleteKey } from '@/lib/keys/delete-key';
import { getKey } from '@/lib/keys/get-key';
import { updateKeyConfig } from '@/lib/keys/update-key-config';
import { handle, readJsonObject } from '../../_lib/respond';

type Context = { params: Promise<{ name: string }> };

/** GET /api/keys/:name → the key with its versions (public keys only, never material). */
export function GET(request: Request, { params }: Context) {
  return handle(request, async () => getKey({ name: (await params).name }));
}

/** PATCH /api/keys/:name {minEnabledVersion?, deletionAllowed?} → the updated key. */
export function PATCH(request: Request, { params }: Context) {
  return handle(request, async (actor) => {
    const body = await readJsonObject(request);
    // The path names the key; a "name" in the body cannot redirect the change to another one.
    return updateKeyConfig({ ...body, name: (await params).name }, { actor });
  });
}

/** DELETE /api/keys/:name → {name}. Refused (409) unless the key allows deletion. */
export function DELETE(request: Request, { params }: Context) {
  return handle(request, async (actor) => deleteKey({ name: (await params).name }, { actor }));
}
