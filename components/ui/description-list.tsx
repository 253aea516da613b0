import type { HTMLAttributes, ReactNode } from 'react';
import { cn } from './cn';

/** Label/value pairs in a grid of cells at least 170 px wide, each cell ruled below. */
export function DescriptionList({ className, ...props }: HTMLAttributes<HTMLDListElement>) {
  return <dl className={cn('grid grid-cols-[repeat(auto-fill,minmax(170px,1fr))]', className)} {...props} />;
}

/** One pair: the label (dt) above its value (dd); other props (data-testid, a class) go to the value. */
export function DescriptionItem({ term, className, ...props }: HTMLAttributes<HTMLElement> & { term: ReactNode; children: ReactNode }) {
  return (
    <div className="min-w-0 border-b border-border-muted px-4 py-2.5">
      <dt className="mb-0.5 text-xs text-fg-muted">{term}</dt>
      <dd className={cn('font-medium tabular-nums', className)} {...props} />
    </div>
  );
}
