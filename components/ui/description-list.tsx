import type { HTMLAttributes, ReactNode } from 'react';
import { cn } from './cn';

/** Label/value pairs in a grid of cells at least 170 px wide, each cell ruled below. */
export function DescriptionList({ className, ...props }: HTMLAttributes<HTMLDListElement>) {
  return <dl className={cn('grid grid-cols-[repeat(auto-fill,minmax(170px,1fr))]', className)} {...props} />;
}

interface ItemProps extends HTMLAttributes<HTMLElement> {
  term: ReactNode;
  children: ReactNode;
  /** Two cells wide from 640 px up (an id, a sentence): only in a list as wide as the page, which has room for two there. */
  wide?: boolean;
}

/** One pair: the label (dt) above its value (dd); other props (data-testid, a class) go to the value. */
export function DescriptionItem({ term, wide = false, className, ...props }: ItemProps) {
  return (
    <div className={cn('min-w-0 border-b border-border-muted px-4 py-2.5', wide && 'sm:col-span-2')}>
      <dt className="mb-0.5 text-xs text-fg-muted">{term}</dt>
      <dd className={cn('font-medium tabular-nums', className)} {...props} />
    </div>
  );
}
