import 'server-only';
import { getDb } from '@/lib/db/client';
import { SIGN_IN_THROTTLE } from './throttle';

/** Ended sessions are kept this long (a signed-in user's recent sessions stay inspectable). */
export const ENDED_SESSION_RETENTION_DAYS = 7;

/**
 * Deletes what can no longer decide anything: sessions ended (expired or revoked) longer ago than
 * the retention, and throttle windows that are over. Random usernames at the sign-in form would
 * otherwise grow the throttle table without bound. Audit events keep the history.
 */
export async function pruneAuthState(now = new Date()): Promise<{ sessions: number; throttles: number }> {
  const sessionsBefore = new Date(now.getTime() - ENDED_SESSION_RETENTION_DAYS * 86_400_000);
  const windowsBefore = new Date(now.getTime() - SIGN_IN_THROTTLE.windowMinutes * 60_000);
  const db = getDb();
  const sessions = await db.session.deleteMany({
    where: { OR: [{ expiresAt: { lt: sessionsBefore } }, { revokedAt: { lt: sessionsBefore } }] },
  });
  const throttles = await db.signInThrottle.deleteMany({ where: { windowStartedAt: { lte: windowsBefore } } });
  return { sessions: sessions.count, throttles: throttles.count };
}
