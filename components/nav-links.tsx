'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { AwaitingBadge } from './awaiting-badge';

export interface NavItem {
  href: string;
  label: string;
  /** 'exact', or a path prefix that marks the link current for everything below it. */
  match: 'exact' | string;
  /** Shows the count of approval requests awaiting the user's decision. */
  badge?: boolean;
}

function isActive(path: string, match: NavItem['match'], href: string) {
  return match === 'exact' ? path === href : path === match || path.startsWith(`${match}/`);
}

export function NavLinks({ items, awaitingDecision }: { items: NavItem[]; awaitingDecision: number }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="topbar-nav">
      {items.map(({ href, label, match, badge }) => (
        <Link key={href} href={href} className="topbar-link" aria-current={isActive(pathname, match, href) ? 'page' : undefined}>
          {label}
          {badge && <AwaitingBadge initialCount={awaitingDecision} />}
        </Link>
      ))}
    </nav>
  );
}
