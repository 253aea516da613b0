'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

const LINKS = [
  { href: '/', label: 'Overview', isActive: (path: string) => path === '/' },
  { href: '/keys', label: 'Keys', isActive: (path: string) => path === '/keys' || path.startsWith('/keys/') },
];

export function NavLinks() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="topbar-nav">
      {LINKS.map(({ href, label, isActive }) => (
        <Link key={href} href={href} className="topbar-link" aria-current={isActive(pathname) ? 'page' : undefined}>
          {label}
        </Link>
      ))}
    </nav>
  );
}
