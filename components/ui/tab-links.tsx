import Link from 'next/link';
import { cn } from './cn';

/**
 * Tabs that are links (each tab is its own URL, e.g. a list's state in the search params): the
 * current one carries aria-current="page". For tabs that switch content in place, use tabs.tsx.
 */
export function TabLinks({ label, tabs, className }: { label: string; tabs: { href: string; label: string; current: boolean }[]; className?: string }) {
  return (
    <nav aria-label={label} className={cn('flex flex-wrap gap-x-1 border-b border-border', className)}>
      {tabs.map((tab) => (
        <Link
          key={tab.href}
          href={tab.href}
          aria-current={tab.current ? 'page' : undefined}
          className={cn(
            '-mb-px whitespace-nowrap border-b-2 border-transparent px-3 py-2 text-sm font-medium text-fg-muted',
            'hover:border-border hover:text-fg hover:no-underline',
            'aria-[current=page]:border-[#fd8c73] aria-[current=page]:font-semibold aria-[current=page]:text-fg',
          )}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
