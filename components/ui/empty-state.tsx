import type { ReactNode } from 'react';
import { Card } from './card';
import { cn } from './cn';

/**
 * What a list says when it has nothing to show, or what a whole page says instead of its content
 * (not found, forbidden, an error). On a page (`page`) the title is the page's one h1, on a card.
 */
export function EmptyState({
  title,
  children,
  action,
  page = false,
  className,
  'data-testid': testId,
}: {
  title: ReactNode;
  children?: ReactNode;
  /** A link or button that leads on (styled by the caller with buttonClasses). */
  action?: ReactNode;
  page?: boolean;
  className?: string;
  'data-testid'?: string;
}) {
  const Title = page ? 'h1' : 'p';
  const body = (
    <div className={cn('flex flex-col items-center gap-2 px-6 text-center text-fg-muted', page ? 'py-14' : 'py-10', className)} data-testid={page ? undefined : testId}>
      <Title className="text-base font-semibold text-fg">{title}</Title>
      {children}
      {action && <div className="mt-2 flex flex-wrap justify-center gap-2">{action}</div>}
    </div>
  );
  return page ? <Card data-testid={testId}>{body}</Card> : body;
}
