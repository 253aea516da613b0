import 'server-only';
import { getDb, type Tx } from '@/lib/db/client';
import type { Actor, RequestInfo } from './actor';

/** A session lives this long after its last request (the cookie's JWT has the same max age). */
export const SESSION_IDLE_SECONDS = 8 * 60 * 60;
/** last_seen_at (and so the expiry) moves at most this often: not a write per request. */
const TOUCH_EVERY_MS = 60_000;

const expiryFrom = (now: Date) => new Date(now.getTime() + SESSION_IDLE_SECONDS * 1000);

/** A new session row for a sign-in, in the caller's transaction (with its audit event). */
export async function startSession(tx: Tx, userId: string, request: RequestInfo | undefined, now = new Date()): Promise<string> {
  const session = await tx.session.create({
    data: {
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: expiryFrom(now),
      ip: request?.ip?.slice(0, 64) ?? null,
      userAgent: request?.userAgent?.slice(0, 512) ?? null,
    },
    select: { id: true },
  });
  return session.id;
}

/** What the session cookie claims; only the database decides whether it still holds. */
export interface SessionClaim {
  sessionId?: string | null;
  userId?: string | null;
  sessionVersion?: number | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The actor of a session that is unrevoked, unexpired, the claimed user's, whose user is enabled
 * and whose session version still matches; otherwise null. A cookie without a session id (one
 * issued before sessions were recorded) is signed out.
 */
export async function actorForSession(claim: SessionClaim, now = new Date()): Promise<Actor | null> {
  if (!claim.sessionId || !UUID.test(claim.sessionId) || !claim.userId) return null;
  const session = await getDb().session.findFirst({
    where: { id: claim.sessionId, userId: claim.userId, revokedAt: null, expiresAt: { gt: now } },
    include: { user: true },
  });
  const user = session?.user;
  if (!session || !user || user.disabledAt || user.sessionVersion !== (claim.sessionVersion ?? 0)) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await getDb().session.updateMany({
      where: { id: session.id, revokedAt: null },
      data: { lastSeenAt: now, expiresAt: expiryFrom(now) },
    });
  }
  return { userId: user.id, username: user.username, roles: user.roles };
}

/** Revokes one session of this user; how many were revoked (0 when it already was). */
export async function revokeSession(tx: Tx, userId: string, sessionId: string, now = new Date()): Promise<number> {
  if (!UUID.test(sessionId)) return 0;
  const { count } = await tx.session.updateMany({ where: { id: sessionId, userId, revokedAt: null }, data: { revokedAt: now } });
  return count;
}

/** Revokes every open session of this user; how many. */
export async function revokeAllSessions(tx: Tx, userId: string, now = new Date()): Promise<number> {
  const { count } = await tx.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
  return count;
}
