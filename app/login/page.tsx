import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/login-form';
import { Logo } from '@/components/logo';
import { currentActor } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Sign in' };

/**
 * The page to return to after signing in, as a same-site path. The proxy sends absolute URLs
 * (http://host/keys?q=a); only their path, query and fragment are kept. signInAction checks again.
 */
function returnPath(raw: string | string[] | undefined): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return '/';
  try {
    const url = new URL(value, 'http://keywarden.invalid');
    const path = `${url.pathname}${url.search}${url.hash}`;
    return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/login') ? path : '/';
  } catch {
    return '/';
  }
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const callbackUrl = returnPath((await searchParams).callbackUrl);
  if (await currentActor()) redirect(callbackUrl);
  return (
    <main className="login">
      <div className="login-panel">
        <div className="login-brand">
          <Logo size={28} />
          <span>Keywarden</span>
        </div>
        <div className="card card-body">
          <h1 className="login-title">Sign in</h1>
          <LoginForm callbackUrl={callbackUrl} />
        </div>
        <p className="login-footnote">Access is restricted to authorized operators.</p>
      </div>
    </main>
  );
}
