import type { HTMLAttributes, ReactNode } from 'react';
import { cn } from './cn';

/** A bordered surface. Wide content (tables) scrolls inside it instead of widening the page. */
export function Card({ className, danger = false, warning = false, ...props }: HTMLAttributes<HTMLElement> & { danger?: boolean; warning?: boolean }) {
  return (
    <section
      className={cn(
        'relative min-w-0 rounded-md border bg-surface shadow-[var(--shadow)]',
        danger ? 'border-danger-border' : warning ? 'border-warning-border' : 'border-border',
        className,
      )}
      {...props}
    />
  );
}

export function CardHeader({ title, actions, id, className }: { title: ReactNode; actions?: ReactNode; id?: string; className?: string }) {
  return (
    <div className={cn('flex flex-wrap items-center justify-between gap-3 border-b border-border-muted px-4 py-3', className)}>
      <h2 id={id} className="text-sm font-semibold">
        {title}
      </h2>
      {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
    </div>
  );
}

export function CardBody({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  return <div className={cn('p-4', className)} {...props} />;
}
