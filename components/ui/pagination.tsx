import Link from 'next/link';
import type { ReactNode } from 'react';
import { formatCount } from '../format';
import { buttonClasses } from './button';

/** A link to a neighbouring page; without an href, the same label shown disabled. */
export interface PageStep {
  label: string;
  href?: string;
  rel?: 'prev' | 'next';
}

function StepLink({ step }: { step: PageStep }) {
  return step.href ? (
    <Link href={step.href} className={buttonClasses({ size: 'sm' })} rel={step.rel}>
      {step.label}
    </Link>
  ) : (
    <span className={buttonClasses({ size: 'sm' })} aria-disabled="true">
      {step.label}
    </span>
  );
}

/**
 * The bar under a list: what this page shows on the left, the steps to the pages beside it on the
 * right. Lists paged by a cursor instead of page numbers (the audit log) use it directly.
 */
export function PaginationBar({
  count,
  position,
  previous,
  next,
  testId,
}: {
  count: ReactNode;
  /** Between the steps: "Page 2 of 5". */
  position?: ReactNode;
  previous: PageStep;
  next: PageStep;
  testId?: string;
}) {
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3">
      <span className="text-fg-muted" data-testid={testId}>
        {count}
      </span>
      <div className="flex items-center gap-2">
        <StepLink step={previous} />
        {position && (
          <span className="whitespace-nowrap text-fg-muted" data-testid={testId && `${testId}-page`}>
            {position}
          </span>
        )}
        <StepLink step={next} />
      </div>
    </nav>
  );
}

/**
 * "1–25 of 340 keys", Previous / Page n of m / Next. `href(page)` builds each page's URL, so lists
 * stay server-rendered with the page in the search params. A page past the end is not "Page 99999
 * of 1": it says there is no such page, and Previous leads to the last one.
 */
export function Pagination({
  page,
  pageCount,
  total,
  shown,
  pageSize,
  noun,
  href,
  testId,
}: {
  page: number;
  pageCount: number;
  total: number;
  /** Items on this page. */
  shown: number;
  pageSize: number;
  noun: [singular: string, plural: string];
  href: (page: number) => string;
  testId?: string;
}) {
  // Counts get thousands separators; page numbers stay as the URL spells them.
  const first = (page - 1) * pageSize + 1;
  const word = total === 1 ? noun[0] : noun[1];
  const n = formatCount;
  const count = total === 0 ? `0 ${noun[1]}` : shown === 0 ? `${n(total)} ${word}` : `${n(first)}–${n(first + shown - 1)} of ${n(total)} ${word}`;
  return (
    <PaginationBar
      count={count}
      position={page > pageCount ? `No page ${page} (${pageCount} ${pageCount === 1 ? 'page' : 'pages'})` : `Page ${page} of ${pageCount}`}
      previous={{ label: 'Previous', href: page > 1 ? href(Math.min(page - 1, pageCount)) : undefined, rel: 'prev' }}
      next={{ label: 'Next', href: page < pageCount ? href(page + 1) : undefined, rel: 'next' }}
      testId={testId}
    />
  );
}
