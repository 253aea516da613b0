'use client';
import { cloneElement, isValidElement, useState, type ComponentType, type MouseEvent, type ReactElement } from 'react';
import type { ConfirmDialogModal, ConfirmDialogProps } from './confirm-dialog-modal';

export type { ConfirmDialogProps };

/**
 * Asks before a destructive or irreversible action (components/ui/confirm-dialog-modal.tsx).
 * The dialog's code (Radix AlertDialog, focus trap) is fetched on the trigger's first click, so
 * pages carry none of it in their first load; from then on the real dialog stays mounted.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const [Modal, setModal] = useState<ComponentType<Parameters<typeof ConfirmDialogModal>[0]> | null>(null);
  if (Modal) return <Modal {...props} defaultOpen />;
  const trigger = props.trigger as ReactElement<{ onClick?: (event: MouseEvent) => void }>;
  if (!isValidElement(trigger)) return <>{props.trigger}</>;
  return cloneElement(trigger, {
    onClick: () => void import('./confirm-dialog-modal').then((m) => setModal(() => m.ConfirmDialogModal)),
  });
}
