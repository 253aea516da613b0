import type { HTMLAttributes } from 'react';
import { cn } from './cn';

const TONES = {
  neutral: 'border-border bg-surface-muted text-fg',
  muted: 'border-border-muted bg-surface-muted text-fg-muted',
  success: 'border-success/30 bg-success-soft text-success',
  warning: 'border-warning-border bg-warning-soft text-warning-fg',
  danger: 'border-danger/30 bg-danger-soft text-danger',
  info: 'border-accent/30 bg-accent-soft text-accent',
} as const;

export type BadgeTone = keyof typeof TONES;

export function Badge({ tone = 'neutral', className, ...props }: HTMLAttributes<HTMLSpanElement> & { tone?: BadgeTone }) {
  return (
    <span
      className={cn('inline-flex items-center whitespace-nowrap rounded-full border px-2 py-px text-xs font-medium leading-5', TONES[tone], className)}
      {...props}
    />
  );
}
