import type { HTMLAttributes } from 'react';
import { cn } from './cn';

const TONES = {
  error: 'border-danger-border bg-danger-soft text-danger-strong',
  success: 'border-success/30 bg-success-soft text-success',
  info: 'border-accent/30 bg-accent-soft text-accent',
  warning: 'border-warning-border bg-warning-soft text-warning-fg',
} as const;

export type NoticeTone = keyof typeof TONES;

/** The classes of a notice, for elements that are not a <p> or <div>. */
export function noticeClasses({ tone, size = 'md', className }: { tone: NoticeTone; size?: 'sm' | 'md'; className?: string }) {
  return cn('rounded-md border', size === 'sm' ? 'px-2 py-1 text-xs' : 'px-3 py-2 text-[13px]', TONES[tone], className);
}

/**
 * A form's error summary, a success line, a note before a step. One message, shown once: an error
 * that belongs to a field is shown by its Field instead.
 */
export function Notice({
  tone,
  size,
  as: Element = 'p',
  className,
  ...props
}: HTMLAttributes<HTMLElement> & { tone: NoticeTone; size?: 'sm' | 'md'; as?: 'p' | 'div' }) {
  return <Element className={noticeClasses({ tone, size, className })} {...props} />;
}
