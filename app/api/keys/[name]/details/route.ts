import { updateKeyDetails } from '@/lib/keys/update-key-details';
import { handlePerformed, readJsonObject } from '../../../_lib/respond';

type Context = { params: Promise<{ name: string }> };

/**
 * PATCH /api/keys/:name/details {description?, owner?, tags?} → 200 { key, changed, previous }.
 * Tags are a list; each is lower-cased. A key's settings (versions, deletion) stay on PATCH /api/keys/:name.
 */
export function PATCH(request: Request, { params }: Context) {
  return handlePerformed(request, async (ctx) => {
    const body = await readJsonObject(request);
    // The path names the key; a "name" in the body cannot redirect the change to another one.
    return updateKeyDetails({ ...body, name: (await params).name }, ctx);
  });
}
