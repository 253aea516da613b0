import { createKey } from '@/lib/keys/create-key';
import { listKeys } from '@/lib/keys/list-keys';
import { handle, readJsonObject } from '../_lib/respond';

/** GET /api/keys?q=&type=&sort=&dir=&page=&pageSize= (the /keys page's parameters). */
export function GET(request: Request) {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  return handle(request, () => listKeys(query));
}

/** POST /api/keys {name, type} → 201 with the key. */
export function POST(request: Request) {
  return handle(request, async (actor) => createKey(await readJsonObject(request), { actor }), 201);
}
