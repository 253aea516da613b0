import Link from 'next/link';
import { signOutAction } from '@/lib/actions/auth';
import type { Actor } from '@/lib/auth/actor';
import { can, ROLES } from '@/lib/auth/permissions';
import { Logo } from './logo';
import { NavLinks, NavMenu, type NavItem } from './nav-links';
import { SignOutEverywhere } from './sign-out-everywhere';
import { ThemeToggle } from './theme-toggle';

/** The top bar mirrors the permission table: a link appears only for someone who may open it. */
export function TopBar({ actor, awaitingDecision }: { actor: Actor; awaitingDecision: number }) {
  const items: NavItem[] = [
    { href: '/', label: 'Overview', match: 'exact' },
    ...(can(actor.roles, 'key.read') ? [{ href: '/keys', label: 'Keys', match: '/keys' }] : []),
    ...(can(actor.roles, 'provider.read') ? [{ href: '/providers', label: 'Providers', match: '/providers' }] : []),
    ...(can(actor.roles, 'approval.read')
      ? [{ href: '/approvals', label: 'Approvals', match: '/approvals', badge: can(actor.roles, 'approval.decide') }]
      : []),
    ...(can(actor.roles, 'audit.read') ? [{ href: '/audit', label: 'Audit log', match: '/audit' }] : []),
    ...(can(actor.roles, 'user.read') ? [{ href: '/admin/users', label: 'Users', match: '/admin/users' }] : []),
    ...(can(actor.roles, 'policy.read') ? [{ href: '/admin/policies', label: 'Policies', match: '/admin/policies' }] : []),
  ];
  // In the table's order (viewer … admin), not the order they were granted in.
  const roles = ROLES.filter((role) => actor.roles.includes(role));
  const roleText = roles.length > 0 ? roles.join(' · ') : 'no roles';
  return (
    <header className="bg-topbar text-topbar-fg border-b border-[#30363d]">
      <div className="mx-auto flex h-13 max-w-[1200px] items-center gap-3 px-4 sm:px-6 md:gap-5">
        <NavMenu items={items} username={actor.username} roles={roleText} />
        <Link href="/" className="inline-flex shrink-0 items-center gap-2 text-[15px] font-semibold text-topbar-fg hover:text-white hover:no-underline">
          <Logo />
          <span className="max-sm:sr-only">Keywarden</span>
        </Link>
        <NavLinks items={items} awaitingDecision={awaitingDecision} />
        <div className="ml-auto flex min-w-0 items-center gap-2 sm:gap-3">
          <div className="hidden min-w-0 flex-col items-end leading-tight xl:flex">
            <span className="max-w-48 truncate text-[13px] font-semibold text-topbar-fg" data-testid="current-user" title="Signed in as">
              {actor.username}
            </span>
            <span className="max-w-64 truncate text-xs text-topbar-muted" data-testid="current-roles" title="Your roles">
              {roleText}
            </span>
          </div>
          <ThemeToggle />
          <SignOutEverywhere />
          <form action={signOutAction}>
            <button
              type="submit"
              className="inline-flex h-7 cursor-pointer items-center whitespace-nowrap rounded-md border border-white/25 px-2.5 text-xs font-medium text-topbar-fg hover:border-white/50 hover:bg-white/10"
            >
              Sign out
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
