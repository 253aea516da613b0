'use client';
import Link from 'next/link';
import { useEffect, useRef, useState, type ComponentType } from 'react';
import { cn } from './cn';
import type { Tooltip as TooltipType } from './tooltip';

/**
 * A long name on one line with an ellipsis, and the full text in a tooltip (on hover and focus)
 * when it is cut. The element's text is the whole name, so a link keeps its full accessible name.
 * The tooltip's code (Radix, positioning) is fetched on the first hover or focus of a cut name,
 * so list pages do not carry it in their first load.
 */
export function Truncate({ text, href, className, testId }: { text: string; href?: string; className?: string; testId?: string }) {
  const ref = useRef<HTMLElement>(null);
  const viaFocus = useRef(false);
  const [Tooltip, setTooltip] = useState<ComponentType<Parameters<typeof TooltipType>[0]> | null>(null);
  const [open, setOpen] = useState(false);
  const isCut = () => Boolean(ref.current && ref.current.scrollWidth > ref.current.clientWidth);

  const load = (focus: boolean) => {
    if (Tooltip || !isCut()) return;
    viaFocus.current = focus;
    void import('./tooltip').then((m) => {
      setTooltip(() => m.Tooltip);
      setOpen(true);
    });
  };

  // Wrapping the element in the tooltip mounts it afresh: keep the keyboard focus where it was.
  useEffect(() => {
    if (Tooltip && viaFocus.current) ref.current?.focus();
  }, [Tooltip]);

  const classes = cn('block min-w-0 max-w-full truncate', className);
  const events = Tooltip ? {} : { onPointerEnter: () => load(false), onFocus: () => load(true) };
  const element = href ? (
    <Link ref={ref as React.Ref<HTMLAnchorElement>} href={href} className={classes} data-testid={testId} {...events}>
      {text}
    </Link>
  ) : (
    <span ref={ref} className={classes} data-testid={testId} {...events}>
      {text}
    </span>
  );
  if (!Tooltip) return element;
  return (
    <Tooltip content={text} open={open} onOpenChange={(next) => setOpen(next && isCut())}>
      {element}
    </Tooltip>
  );
}
