import 'server-only';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { auth } from '@/auth';
import { DomainError } from '@/lib/errors';
import type { Actor, UseCaseContext } from './actor';
import { can, type Permission } from './permissions';
import { currentRequestInfo } from './request-info';
import { actorForSession } from './sessions';
import { authorizeRead } from '@/lib/auth/authorize';

/**
 * The signed-in user and their session, re-read from the database once per request: null when
 * signed out, when the session was revoked (sign-out, sign out everywhere, a disable or password
 * reset) or expired, or when it predates a password reset (session version).
 */
export const currentSession = cache(async (): Promise<{ actor: Actor; sessionId: string } | null> => {
  const session = await auth();
  const claim = { sessionId: session?.sessionId, userId: session?.user?.id, sessionVersion: session?.sessionVersion };
  const actor = await actorForSession(claim);
  return actor && claim.sessionId ? { actor, sessionId: claim.sessionId } : null;
});

export const currentActor = cache(async (): Promise<Actor | null> => (await currentSession())?.actor ?? null);

/** For pages: the actor, or a redirect to the sign-in page. With a permission, 403 without it. */
export async function requirePageActor(permission?: Permission): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect('/login');
  if (permission && !can(actor.roles, permission)) {
    await authorizeRead({ actor, request: await currentRequestInfo() }, permission).catch(() => {});
    forbidden();
  }
  return actor;
}

/** For actions and route handlers: who acts and where the request came from. */
export async function requireContext(): Promise<UseCaseContext> {
  const actor = await currentActor();
  if (!actor) throw new DomainError('unauthenticated', 'Your session has ended. Sign in again.');
  return { actor, request: await currentRequestInfo() };
}
