import 'server-only';
import { getDb } from '@/lib/db/client';

/** Online guessing: at most this many passwords are checked per username in a window. */
export const SIGN_IN_THROTTLE = { failures: 10, windowMinutes: 15 };

export interface Reservation {
  username: string;
  windowStartedAt: Date;
}

/**
 * Reserves one password check for this username, or returns null when the window's checks are
 * used up. One statement: the upsert holds the username's row lock while it counts and reserves,
 * and re-reads the row after waiting for it, so however many attempts arrive together, no more
 * than the limit are ever let through per window. A window starts with its first attempt.
 */
export async function reserveSignInAttempt(username: string, now: Date): Promise<Reservation | null> {
  const windowStart = new Date(now.getTime() - SIGN_IN_THROTTLE.windowMinutes * 60_000);
  const [row] = await getDb().$queryRaw<{ window_started_at: Date }[]>`
    INSERT INTO sign_in_throttle AS t (username, window_started_at, attempts)
    VALUES (${username}, ${now}, 1)
    ON CONFLICT (username) DO UPDATE SET
      window_started_at = CASE WHEN t.window_started_at <= ${windowStart} THEN ${now} ELSE t.window_started_at END,
      attempts = CASE WHEN t.window_started_at <= ${windowStart} THEN 1 ELSE t.attempts + 1 END
    WHERE t.window_started_at <= ${windowStart} OR t.attempts < ${SIGN_IN_THROTTLE.failures}
    RETURNING window_started_at`;
  return row ? { username, windowStartedAt: row.window_started_at } : null;
}

/** A check that succeeded gives its slot back (only in the window that reserved it). */
export async function releaseSignInAttempt({ username, windowStartedAt }: Reservation): Promise<void> {
  await getDb().$executeRaw`
    UPDATE sign_in_throttle SET attempts = attempts - 1
    WHERE username = ${username} AND window_started_at = ${windowStartedAt} AND attempts > 0`;
}
