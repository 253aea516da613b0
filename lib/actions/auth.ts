'use server';
import { AuthError } from 'next-auth';
import { signIn, signOut } from '@/auth';
import { sameSiteUrl } from '@/lib/auth/same-site';
import { currentRequestInfo } from '@/lib/auth/request-info';
import { currentActor, currentSession } from '@/lib/auth/session';
import { signOut as signOutSession, signOutEverywhere } from '@/lib/auth/sign-out';

export async function signInAction(_prev: unknown, form: FormData): Promise<{ error: string } | undefined> {
  // A public endpoint: a call the sign-in form would never make is refused before anything runs.
  if (!(form instanceof FormData)) return { error: 'Sign in with the sign-in form.' };
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

/** Only a path on this site (lib/auth/same-site.ts). */
function sameSitePath(target: string) {
  const url = sameSiteUrl(target, 'http://keywarden.invalid');
  return url ? `${url.pathname}${url.search}` : '/';
}

export async function signOutAction() {
  const session = await currentSession();
  if (session) await signOutSession({ actor: session.actor, request: await currentRequestInfo() }, session.sessionId);
  await signOut({ redirectTo: '/login' });
}

export async function signOutEverywhereAction() {
  const actor = await currentActor();
  if (actor) await signOutEverywhere({ actor, request: await currentRequestInfo() });
  await signOut({ redirectTo: '/login' });
}
