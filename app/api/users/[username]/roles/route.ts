import { setRoles } from '@/lib/users/update-user';
import { handlePerformed, readJsonObject } from '../../../_lib/respond';

/** PUT /api/users/:username/roles {roles: [...]} → { username, roles }. 409 if it would leave no active admin. */
export function PUT(request: Request, { params }: { params: Promise<{ username: string }> }) {
  return handlePerformed(request, async (ctx) => {
    const { roles } = await readJsonObject(request);
    // Absent roles default to none in the use case (an HTML form sends nothing when no box is
    // checked); a JSON body must say [] to mean none, so absent here is invalid (null fails parsing).
    return setRoles({ username: (await params).username, roles: roles ?? null }, ctx);
  });
}
