import Link from 'next/link';
import { formatCount } from '../format';
import { buttonClasses } from './button';

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
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3">
      <span className="text-fg-muted" data-testid={testId}>
        {count}
      </span>
      <div className="flex items-center gap-2">
        {page > 1 ? (
          <Link href={href(Math.min(page - 1, pageCount))} className={buttonClasses({ size: 'sm' })} rel="prev">
            Previous
          </Link>
        ) : (
          <span className={buttonClasses({ size: 'sm' })} aria-disabled="true">
            Previous
          </span>
        )}
        <span className="whitespace-nowrap text-fg-muted" data-testid={testId && `${testId}-page`}>
          {page > pageCount ? `No page ${page} (${pageCount} ${pageCount === 1 ? 'page' : 'pages'})` : `Page ${page} of ${pageCount}`}
        </span>
        {page < pageCount ? (
          <Link href={href(page + 1)} className={buttonClasses({ size: 'sm' })} rel="next">
            Next
          </Link>
        ) : (
          <span className={buttonClasses({ size: 'sm' })} aria-disabled="true">
            Next
          </span>
        )}
      </div>
    </nav>
  );
}
