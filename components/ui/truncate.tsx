'use client';
import Link from 'next/link';
import { useRef, useState } from 'react';
import { cn } from './cn';
import { Tooltip } from './tooltip';

/**
 * A long name on one line with an ellipsis, and the full text in a tooltip (on hover and focus)
 * when it is cut. The element's text is the whole name, so a link keeps its full accessible name.
 */
export function Truncate({ text, href, className, testId }: { text: string; href?: string; className?: string; testId?: string }) {
  const ref = useRef<HTMLElement>(null);
  const [open, setOpen] = useState(false);
  const isCut = () => Boolean(ref.current && ref.current.scrollWidth > ref.current.clientWidth);
  const classes = cn('block min-w-0 max-w-full truncate', className);
  return (
    <Tooltip content={text} open={open} onOpenChange={(next) => setOpen(next && isCut())}>
      {href ? (
        <Link ref={ref as React.Ref<HTMLAnchorElement>} href={href} className={classes} data-testid={testId}>
          {text}
        </Link>
      ) : (
        <span ref={ref} className={classes} data-testid={testId}>
          {text}
        </span>
      )}
    </Tooltip>
  );
}
