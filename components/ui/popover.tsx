'use client';
import * as PopoverPrimitive from '@radix-ui/react-popover';
import type { ComponentProps } from 'react';
import { cn } from './cn';
import { surfaceClasses } from './overlay';

export const Popover = PopoverPrimitive.Root;
export const PopoverTrigger = PopoverPrimitive.Trigger;
export const PopoverClose = PopoverPrimitive.Close;

export function PopoverContent({ className, sideOffset = 6, ...props }: ComponentProps<typeof PopoverPrimitive.Content>) {
  return (
    <PopoverPrimitive.Portal>
      <PopoverPrimitive.Content sideOffset={sideOffset} collisionPadding={8} className={cn(surfaceClasses, 'z-50 w-72 max-w-[calc(100vw-1rem)] p-3', className)} {...props} />
    </PopoverPrimitive.Portal>
  );
}
