import { setDisabled } from '@/lib/users/update-user';
import { handlePerformed } from '../../../_lib/respond';

/** POST /api/users/:username/disable → { username, disabled: true } (ends the user's sessions; 409 for the last active admin). */
export function POST(request: Request, { params }: { params: Promise<{ username: string }> }) {
  return handlePerformed(request, async (ctx) => setDisabled({ username: (await params).username, disabled: true }, ctx));
}
