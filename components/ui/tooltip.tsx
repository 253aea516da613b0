'use client';
import * as TooltipPrimitive from '@radix-ui/react-tooltip';
import type { ReactNode } from 'react';
import { cn } from './cn';

/** A short label shown on hover and keyboard focus of `children` (which must accept a ref and focus). */
export function Tooltip({
  content,
  children,
  className,
  open,
  onOpenChange,
}: {
  content: ReactNode;
  children: ReactNode;
  className?: string;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
}) {
  return (
    // Each tooltip has its own provider, so pages without tooltips load none of this code.
    <TooltipPrimitive.Provider delayDuration={300}>
    <TooltipPrimitive.Root open={open} onOpenChange={onOpenChange}>
      <TooltipPrimitive.Trigger asChild>{children}</TooltipPrimitive.Trigger>
      <TooltipPrimitive.Portal>
        <TooltipPrimitive.Content
          sideOffset={4}
          collisionPadding={8}
          className={cn('z-50 max-w-[min(32rem,calc(100vw-1rem))] break-all rounded-md bg-topbar px-2 py-1 text-xs text-topbar-fg shadow-overlay', className)}
        >
          {content}
        </TooltipPrimitive.Content>
      </TooltipPrimitive.Portal>
    </TooltipPrimitive.Root>
    </TooltipPrimitive.Provider>
  );
}
