import 'server-only';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { auth } from '@/auth';
import { getDb } from '@/lib/db/client';
import { DomainError } from '@/lib/errors';
import type { Actor } from './actor';

/** The signed-in user, re-read from the database once per request; null when signed out. */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  const user = await getDb().user.findUnique({ where: { id: userId }, select: { id: true, username: true } });
  return user ? { userId: user.id, username: user.username } : null;
});

/** For pages: the actor, or a redirect to the sign-in page. */
export async function requirePageActor(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect('/login');
  return actor;
}

/** For actions and route handlers: the actor, or an `unauthenticated` DomainError. */
export async function requireActor(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) throw new DomainError('unauthenticated', 'Your session has ended. Sign in again.');
  return actor;
}
