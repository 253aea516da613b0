'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { AwaitingBadge } from './awaiting-badge';
import { cn } from './ui/cn';
import { LazyMenu } from './ui/lazy-menu';

export interface NavItem {
  href: string;
  label: string;
  /** 'exact', or a path prefix that marks the link current for everything below it. */
  match: 'exact' | string;
  /** Shows the count of approval requests awaiting the user's decision. */
  badge?: boolean;
}

export function isActive(path: string, match: NavItem['match'], href: string) {
  return match === 'exact' ? path === href : path === match || path.startsWith(`${match}/`);
}

/** The links in the bar from the lg breakpoint up. */
export function NavLinks({ items, awaitingDecision }: { items: NavItem[]; awaitingDecision: number }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="hidden min-w-0 items-center gap-1 lg:flex xl:shrink-0">
      {items.map(({ href, label, match, badge }) => (
        <Link
          key={href}
          href={href}
          className={cn(
            'inline-flex items-center gap-1.5 whitespace-nowrap rounded-md px-2.5 py-1.5 font-medium text-topbar-fg/80 hover:bg-white/10 hover:text-white hover:no-underline',
            'aria-[current=page]:bg-white/15 aria-[current=page]:text-white',
          )}
          aria-current={isActive(pathname, match, href) ? 'page' : undefined}
        >
          {label}
          {badge && <AwaitingBadge initialCount={awaitingDecision} />}
        </Link>
      ))}
    </nav>
  );
}

export const MENU_TRIGGER_CLASSES =
  'inline-flex h-8 cursor-pointer items-center gap-1.5 rounded-md border border-white/20 px-2.5 font-medium text-topbar-fg hover:bg-white/10 lg:hidden';

export function MenuTriggerContent() {
  return (
    <>
      <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <path d="M2 4h12M2 8h12M2 12h12" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
      </svg>
      Menu
    </>
  );
}

/** Below the lg breakpoint the same links (and who is signed in) collapse into one menu. */
export function NavMenu(props: { items: NavItem[]; username: string; roles: string }) {
  return (
    <LazyMenu
      load={() => import('./nav-menu').then((m) => m.NavMenuDropdown)}
      props={props}
      trigger={(open) => (
        <button type="button" className={MENU_TRIGGER_CLASSES} aria-haspopup="menu" aria-expanded={false} onClick={open}>
          <MenuTriggerContent />
        </button>
      )}
    />
  );
}
