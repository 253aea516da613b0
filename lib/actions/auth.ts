'use server';
import { AuthError } from 'next-auth';
import { signIn, signOut } from '@/auth';

export async function signInAction(_prev: unknown, form: FormData): Promise<{ error: string } | undefined> {
  const callbackUrl = String(form.get('callbackUrl') ?? '/');
  try {
    await signIn('credentials', {
      username: form.get('username'),
      password: form.get('password'),
      // Only same-site paths: an open redirect after sign-in is a phishing aid.
      redirectTo: callbackUrl.startsWith('/') && !callbackUrl.startsWith('//') ? callbackUrl : '/',
    });
  } catch (err) {
    if (err instanceof AuthError) return { error: 'Wrong username or password.' };
    throw err;
  }
}

export async function signOutAction() {
  await signOut({ redirectTo: '/login' });
}
