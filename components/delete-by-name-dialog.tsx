'use client';
import { useRouter } from 'next/navigation';
import { useId, useState, type ReactNode } from 'react';
import type { ActionResult } from '@/lib/actions/result';
import { DisabledReason } from './disabled-reason';
import { UNREACHABLE } from './forms';
import { useToast } from './toast';
import { Button } from './ui/button';
import { cn } from './ui/cn';
import { ConfirmDialog, confirmFailure, type ConfirmFailure } from './ui/confirm-dialog';

/** What a successful deletion led to: a toast, then the page to go to (the thing is gone) or a refresh of this one (a request was filed). */
export interface Deleted {
  toast: string;
  next: { goTo: string } | 'refresh';
}

interface Props<T> {
  name: string;
  /** "key", "provider": the trigger reads "Delete key", the title "Delete key <name>?". */
  thing: string;
  confirmLabel: string;
  /** Why the button is disabled, said beside it before anyone tries. */
  reason?: string;
  errorId: string;
  /** Where the button and its reason sit in their row. */
  align?: 'start' | 'end';
  /** The server action; it checks the typed confirmation again. */
  action: (name: string, confirmation: string) => Promise<ActionResult<T>>;
  outcome: (data: T, message: string | undefined) => Deleted;
  /** What deleting it means. */
  children: ReactNode;
}

/** "Delete <thing>": a modal that asks for the thing's name before anything is sent. */
export function DeleteByNameDialog<T>({ name, thing, confirmLabel, reason, errorId, align = 'end', action, outcome, children }: Props<T>) {
  const router = useRouter();
  const toast = useToast();
  // After a deletion the page is on its way out: the dialog stays locked until it is gone.
  const [leaving, setLeaving] = useState(false);
  const reasonId = useId();

  async function remove(confirmation: string): Promise<ConfirmFailure | void> {
    let result: ActionResult<T>;
    try {
      result = await action(name, confirmation);
    } catch {
      return UNREACHABLE;
    }
    if (!result.ok) return confirmFailure(result, ['confirmation']);
    const { toast: message, next } = outcome(result.data, result.message);
    toast(message);
    if (next === 'refresh') {
      router.refresh();
      return;
    }
    setLeaving(true);
    router.push(next.goTo);
  }

  return (
    <span className={cn('inline-flex flex-col gap-1', align === 'end' ? 'items-end' : 'items-start')}>
      <ConfirmDialog
        trigger={
          <Button variant="danger" disabled={Boolean(reason)} aria-describedby={reason ? reasonId : undefined}>
            Delete {thing}
          </Button>
        }
        title={
          <>
            Delete {thing} <span className="font-mono">{name}</span>?
          </>
        }
        confirmLabel={confirmLabel}
        typeToConfirm={name}
        onConfirm={remove}
        busy={leaving}
        errorId={errorId}
      >
        {children}
      </ConfirmDialog>
      <DisabledReason id={reasonId} reason={reason} />
    </span>
  );
}
