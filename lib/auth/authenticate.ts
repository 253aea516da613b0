import 'server-only';
import { z } from 'zod';
import { recordEvent } from '@/lib/audit/record-event';
import { getDb } from '@/lib/db/client';
import type { RequestInfo } from './actor';
import { burnPasswordCheck, verifyPassword } from './password';
import { startSession } from './sessions';
import { releaseSignInAttempt, reserveSignInAttempt } from './throttle';

export { SIGN_IN_THROTTLE } from './throttle';

const USERNAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
// A username that could not exist never reaches a query (nor, as given, the audit log).
const credentials = z.object({ username: z.string().trim().toLowerCase().regex(USERNAME), password: z.string().min(1).max(256) });

async function refusalReason(input: unknown, now: Date) {
  const parsed = credentials.safeParse(input);
  if (!parsed.success) return { reason: 'malformed credentials', user: null };
  const { username, password } = parsed.data;
  // Reserved before the password is checked: a wrong one keeps its slot, a right one returns it.
  const reservation = await reserveSignInAttempt(username, now);
  if (!reservation) return { reason: 'too many failed sign-ins: try again later', user: null, username };
  const user = await getDb().user.findUnique({ where: { username } });
  if (!user) {
    await burnPasswordCheck(password);
    return { reason: 'unknown user or wrong password', user: null, username };
  }
  if (!(await verifyPassword(password, user.passwordHash))) return { reason: 'unknown user or wrong password', user };
  await releaseSignInAttempt(reservation);
  if (user.disabledAt) return { reason: 'account disabled', user };
  return { reason: null, user };
}

/**
 * Returns the user for a correct username and password of an enabled account, else null (never
 * saying which part was wrong). Every attempt is audited; the password never is.
 */
export async function authenticate(
  input: unknown,
  request?: RequestInfo,
  now = new Date(),
): Promise<{ id: string; name: string; sessionVersion: number; sessionId: string } | null> {
  const { reason, user, username } = await refusalReason(input, now);
  const attempted = username ?? '(invalid)';
  const actor = user ? { userId: user.id, username: user.username, roles: user.roles } : { userId: null, username: attempted, roles: [] };
  const sessionId = await getDb().$transaction(
    async (tx) => {
      // The session exists only if its sign-in was audited.
      const id = !reason && user ? await startSession(tx, user.id, request, now) : null;
      await recordEvent(tx, { actor, request }, {
        action: 'auth.sign_in',
        target: `user:${actor.username}`,
        outcome: reason ? 'denied' : 'succeeded',
        reason,
      });
      return id;
    },
    // A burst of sign-ins queues for connections and the chain's lock: wait, rather than fail.
    { maxWait: 15_000 },
  );
  return reason || !user || !sessionId ? null : { id: user.id, name: user.username, sessionVersion: user.sessionVersion, sessionId };
}
