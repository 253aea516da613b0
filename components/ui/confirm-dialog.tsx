'use client';
import { cloneElement, isValidElement, useState, type ComponentType, type MouseEvent, type ReactElement } from 'react';
import type { ConfirmDialogModal, ConfirmDialogProps, ConfirmFailure } from './confirm-dialog-modal';

export type { ConfirmDialogProps, ConfirmFailure };

/**
 * A refused action's result as a ConfirmFailure: the errors of the fields the dialog shows go
 * beside them, and the action's message only when none of those fields has one (said once).
 */
export function confirmFailure(result: { error: string; fieldErrors?: Record<string, string[]> }, shownFields: readonly string[]): ConfirmFailure {
  const fieldErrors = Object.fromEntries(Object.entries(result.fieldErrors ?? {}).filter(([field, messages]) => shownFields.includes(field) && messages.length > 0));
  return Object.keys(fieldErrors).length > 0 ? { fieldErrors } : result.error;
}

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
