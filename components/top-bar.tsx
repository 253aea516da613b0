import Link from 'next/link';
import { signOutAction } from '@/lib/actions/auth';
import { Logo } from './logo';
import { NavLinks } from './nav-links';

export function TopBar({ username }: { username: string }) {
  return (
    <header className="topbar">
      <div className="topbar-inner">
        <Link href="/" className="brand">
          <Logo />
          <span>Keywarden</span>
        </Link>
        <NavLinks />
        <div className="topbar-user">
          <span className="topbar-username" data-testid="current-user" title="Signed in as">
            {username}
          </span>
          <form action={signOutAction}>
            <button type="submit" className="btn btn-sm btn-on-dark">
              Sign out
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
