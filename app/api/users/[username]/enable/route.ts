import { setDisabled } from '@/lib/users/update-user';
import { handlePerformed } from '../../../_lib/respond';

/** POST /api/users/:username/enable → { username, disabled: false } (lets the user sign in again). */
export function POST(request: Request, { params }: { params: Promise<{ username: string }> }) {
  return handlePerformed(request, async (ctx) => setDisabled({ username: (await params).username, disabled: false }, ctx));
}
