import Link from 'next/link';
import { signOutAction } from '@/lib/actions/auth';
import type { Actor } from '@/lib/auth/actor';
import { can, ROLES } from '@/lib/auth/permissions';
import { Logo } from './logo';
import { NavLinks, type NavItem } from './nav-links';
import { SignOutEverywhere } from './sign-out-everywhere';

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
  return (
    <header className="topbar">
      <div className="topbar-inner">
        <Link href="/" className="brand">
          <Logo />
          <span>Keywarden</span>
        </Link>
        <NavLinks items={items} awaitingDecision={awaitingDecision} />
        <div className="topbar-user">
          <div className="topbar-identity">
            <span className="topbar-username" data-testid="current-user" title="Signed in as">
              {actor.username}
            </span>
            <span className="topbar-roles" data-testid="current-roles" title="Your roles">
              {roles.length > 0 ? roles.join(' · ') : 'no roles'}
            </span>
          </div>
          <SignOutEverywhere />
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
