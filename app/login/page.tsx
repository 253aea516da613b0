import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/login-form';
import { Logo } from '@/components/logo';
import { Card, CardBody } from '@/components/ui/card';
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
    <main id="main" className="flex min-h-screen items-start justify-center px-4 pb-8 pt-[12vh]">
      <div className="flex w-full max-w-[360px] flex-col gap-4">
        <div className="flex items-center justify-center gap-2.5 text-xl font-semibold [&_svg]:text-accent">
          <Logo size={28} />
          <span>Keywarden</span>
        </div>
        <Card>
          <CardBody>
            <h1 className="mb-4 text-lg font-semibold">Sign in</h1>
            <LoginForm callbackUrl={callbackUrl} />
          </CardBody>
        </Card>
        <p className="text-center text-xs text-fg-muted">Access is restricted to authorized operators.</p>
      </div>
    </main>
  );
}
