import { createKey } from '@/lib/keys/create-key';
import { listKeys } from '@/lib/keys/list-keys';
import { assertStorableInput } from '@/lib/validation';
import { handle, handlePerformed, queryOf, readJsonObject } from '../_lib/respond';

/** GET /api/keys?q=&type=&sort=&dir=&page=&pageSize= (the /keys page's parameters). */
export function GET(request: Request) {
  return handle(request, async (ctx) => {
    // The page drops a search it cannot run; the API says why (400).
    const query = queryOf(request);
    assertStorableInput(query);
    return listKeys(query, ctx);
  });
}

/** POST /api/keys {name, type} → 201 with the key, or 202 with the approval request. */
export function POST(request: Request) {
  return handlePerformed(request, async (ctx) => createKey(await readJsonObject(request), ctx), 201);
}
