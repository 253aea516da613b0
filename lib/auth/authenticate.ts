import 'server-only';
import { z } from 'zod';
import { recordEvent } from '@/lib/audit/record-event';
import { getDb } from '@/lib/db/client';
import type { RequestInfo } from './actor';
import { burnPasswordCheck, verifyPassword } from './password';

const credentials = z.object({ username: z.string().trim().toLowerCase().min(1).max(64), password: z.string().min(1).max(256) });

/**
 * Returns the user for a correct username and password of an enabled account, else null (never
 * saying which part was wrong). Every attempt is audited; the password never is.
 */
export async function authenticate(
  input: unknown,
  request?: RequestInfo,
): Promise<{ id: string; name: string; sessionVersion: number } | null> {
  const parsed = credentials.safeParse(input);
  const attempted = typeof (input as { username?: unknown })?.username === 'string' ? String((input as { username: string }).username).trim().toLowerCase().slice(0, 64) : '';
  const user = parsed.success ? await getDb().user.findUnique({ where: { username: parsed.data.username } }) : null;
  let reason: string | null = null;
  if (!parsed.success) reason = 'malformed credentials';
  else if (!user) {
    await burnPasswordCheck(parsed.data.password);
    reason = 'unknown user or wrong password';
  } else if (!(await verifyPassword(parsed.data.password, user.passwordHash))) reason = 'unknown user or wrong password';
  else if (user.disabledAt) reason = 'account disabled';

  const actor = user ? { userId: user.id, username: user.username, roles: user.roles } : { userId: null, username: attempted || '(none)', roles: [] };
  await getDb().$transaction((tx) =>
    recordEvent(tx, { actor, request }, {
      action: 'auth.sign_in',
      target: `user:${actor.username}`,
      outcome: reason ? 'denied' : 'succeeded',
      reason,
    }),
  );
  return reason || !user ? null : { id: user.id, name: user.username, sessionVersion: user.sessionVersion };
}
