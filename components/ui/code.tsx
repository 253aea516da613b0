import type { HTMLAttributes } from 'react';
import { cn } from './cn';

/** A short identifier set in code type on a chip: a key type (`rsa-2048`), an action, an id. */
export function Code({ className, ...props }: HTMLAttributes<HTMLElement>) {
  return <code className={cn('whitespace-nowrap rounded bg-surface-hover px-1.5 py-px font-mono text-xs text-fg', className)} {...props} />;
}
