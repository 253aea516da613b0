import Link from 'next/link';
import type { ReactNode } from 'react';

/** Where a page sits: links to its parents, then the page itself (aria-current). */
export function Breadcrumb({ parents, current }: { parents: { href: string; label: ReactNode }[]; current: ReactNode }) {
  return (
    <nav aria-label="Breadcrumb" className="-mb-2 flex min-w-0 flex-wrap items-center gap-1.5 text-[13px] text-fg-muted">
      {parents.map(({ href, label }) => (
        <span key={href} className="contents">
          <Link href={href}>{label}</Link>
          <span aria-hidden="true">/</span>
        </span>
      ))}
      <span aria-current="page" className="min-w-0 break-words text-fg">
        {current}
      </span>
    </nav>
  );
}
