import { resetPassword } from '@/lib/users/update-user';
import { handlePerformed, readJsonObject } from '../../../_lib/respond';

/** POST /api/users/:username/password {password} → { username }. Ends every session of the user. */
export function POST(request: Request, { params }: { params: Promise<{ username: string }> }) {
  return handlePerformed(request, async (ctx) => {
    const { password } = await readJsonObject(request);
    return resetPassword({ username: (await params).username, password }, ctx);
  });
}
