'use server';
import { AuthError } from 'next-auth';
import { signIn, signOut } from '@/auth';
import { recordEvent } from '@/lib/audit/record-event';
import { currentRequestInfo } from '@/lib/auth/request-info';
import { currentActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';

export async function signInAction(_prev: unknown, form: FormData): Promise<{ error: string } | undefined> {
  try {
    await signIn('credentials', {
      username: form.get('username'),
      password: form.get('password'),
      redirectTo: sameSitePath(String(form.get('callbackUrl') ?? '/')),
    });
  } catch (err) {
    if (err instanceof AuthError) return { error: 'Wrong username or password.' };
    throw err;
  }
}

/** Only a path on this site: an open redirect after sign-in is a phishing aid. */
function sameSitePath(target: string) {
  const base = 'http://keywarden.invalid';
  const url = new URL(target, base);
  return url.origin === base ? `${url.pathname}${url.search}` : '/';
}

export async function signOutAction() {
  const actor = await currentActor();
  if (actor) {
    const request = await currentRequestInfo();
    await getDb().$transaction((tx) =>
      recordEvent(tx, { actor, request }, { action: 'auth.sign_out', target: `user:${actor.username}`, outcome: 'succeeded' }),
    );
  }
  await signOut({ redirectTo: '/login' });
}
