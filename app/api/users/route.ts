import { createUser } from '@/lib/users/create-user';
import { listUsers } from '@/lib/users/list-users';
import { handle, handlePerformed, readJsonObject } from '../_lib/respond';

/** GET /api/users → [{ username, roles, disabled, createdAt }]. */
export function GET(request: Request) {
  return handle(request, (ctx) => listUsers(ctx));
}

/** POST /api/users {username, password, roles} → 201 { username, roles }. */
export function POST(request: Request) {
  return handlePerformed(request, async (ctx) => createUser(await readJsonObject(request), ctx), 201);
}
