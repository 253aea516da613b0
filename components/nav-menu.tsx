'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { isActive, MENU_TRIGGER_CLASSES, MenuTriggerContent, type NavItem } from './nav-links';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from './ui/dropdown-menu';

/** The phone menu itself (components/nav-links.tsx loads it on the first click). */
export function NavMenuDropdown({ items, username, roles, defaultOpen }: { items: NavItem[]; username: string; roles: string; defaultOpen?: boolean }) {
  const pathname = usePathname();
  return (
    <DropdownMenu defaultOpen={defaultOpen}>
      <DropdownMenuTrigger className={MENU_TRIGGER_CLASSES}>
        <MenuTriggerContent />
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="min-w-56">
        <DropdownMenuLabel>
          <span className="block truncate font-semibold text-fg">{username}</span>
          <span className="block truncate">{roles}</span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        {items.map(({ href, label, match }) => (
          <DropdownMenuItem key={href} asChild>
            <Link href={href} aria-current={isActive(pathname, match, href) ? 'page' : undefined} className="aria-[current=page]:font-semibold hover:no-underline">
              {label}
            </Link>
          </DropdownMenuItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
