import type { ButtonHTMLAttributes } from 'react';
import { cn } from './cn';

const VARIANTS = {
  default: 'border-border bg-surface-muted text-fg hover:bg-surface-hover',
  primary: 'border-black/15 bg-primary text-white hover:bg-primary-strong dark:border-white/10',
  danger: 'border-border bg-surface-muted text-danger hover:border-danger hover:bg-danger hover:text-white',
  'danger-solid': 'border-black/15 bg-danger text-white hover:bg-danger-strong',
  ghost: 'border-transparent bg-transparent text-fg hover:bg-surface-hover',
  link: 'border-transparent bg-transparent text-accent hover:underline',
} as const;
const SIZES = { sm: 'h-7 text-xs', md: 'h-8 text-sm' } as const;

export type ButtonVariant = keyof typeof VARIANTS;

/** The classes of a button, for links and other elements that look like one. */
export function buttonClasses({ variant = 'default', size = 'md', className }: { variant?: ButtonVariant; size?: keyof typeof SIZES; className?: string } = {}) {
  return cn(
    'inline-flex shrink-0 cursor-pointer items-center justify-center gap-1.5 whitespace-nowrap rounded-md border font-medium no-underline transition-colors hover:no-underline',
    'focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-accent',
    'disabled:cursor-not-allowed disabled:opacity-55 aria-disabled:cursor-not-allowed aria-disabled:opacity-55',
    VARIANTS[variant],
    SIZES[size],
    variant === 'link' ? 'px-1' : size === 'sm' ? 'px-2.5' : 'px-3',
    className,
  );
}

export function Button({
  variant,
  size,
  className,
  type = 'button',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant; size?: keyof typeof SIZES }) {
  return <button type={type} className={buttonClasses({ variant, size, className })} {...props} />;
}
