'use client';
import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Button, type ButtonVariant } from './button';
import { cn } from './cn';
import { contentClasses, overlayClasses } from './dialog';
import { inputClasses } from './field';
import { Spinner } from './spinner';

export interface ConfirmDialogProps {
  trigger: ReactNode;
  title: ReactNode;
  /** What will happen (the dialog's description). */
  children: ReactNode;
  confirmLabel: string;
  confirmVariant?: ButtonVariant;
  typeToConfirm?: string;
  typeToConfirmLabel?: ReactNode;
  onConfirm: (typed: string) => Promise<string | void> | string | void;
  onOpenChange?: (open: boolean) => void;
  /** Keeps the dialog locked (after a deletion, until the page has navigated away). */
  busy?: boolean;
  errorId?: string;
}

/**
 * Asks before a destructive or irreversible action. With `typeToConfirm`, the confirm button stays
 * disabled until the user types that text (a key's name). `onConfirm` returns an error message to
 * show in the dialog, or nothing to close it. The dialog stays open (and locked) while it runs.
 */
export function ConfirmDialogModal({
  trigger,
  title,
  children,
  confirmLabel,
  confirmVariant = 'danger-solid',
  typeToConfirm,
  typeToConfirmLabel,
  onConfirm,
  onOpenChange,
  busy = false,
  errorId: givenErrorId,
  defaultOpen = false,
}: ConfirmDialogProps & { defaultOpen?: boolean }) {
  const [open, setOpen] = useState(defaultOpen);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const inputId = useId();
  const generatedErrorId = useId();
  const errorId = givenErrorId ?? generatedErrorId;
  const inputRef = useRef<HTMLInputElement>(null);
  // A double click submits twice before React re-renders: the ref, not the state, guards it.
  const inFlight = useRef(false);
  const locked = running || busy;
  const matches = typeToConfirm === undefined || typed === typeToConfirm;

  function change(next: boolean) {
    if (locked && !next) return;
    if (next) {
      setTyped('');
      setError(null);
    }
    setOpen(next);
    onOpenChange?.(next);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!matches || locked || inFlight.current) return;
    inFlight.current = true;
    setRunning(true);
    setError(null);
    let failure: string | void;
    try {
      failure = await onConfirm(typed);
    } finally {
      inFlight.current = false;
      setRunning(false);
    }
    if (failure) setError(failure);
    else {
      setOpen(false);
      onOpenChange?.(false);
    }
  }

  return (
    <AlertDialog.Root open={open} onOpenChange={change}>
      <AlertDialog.Trigger asChild>{trigger}</AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className={overlayClasses} />
        {/* With a typed confirmation it is a form dialog (role dialog) and the input takes focus;
            otherwise an alertdialog whose Cancel button takes focus (Radix's default). */}
        <AlertDialog.Content
          className={contentClasses}
          {...(typeToConfirm !== undefined ? { role: 'dialog' } : {})}
          onOpenAutoFocus={(event) => {
            if (!inputRef.current) return;
            event.preventDefault();
            inputRef.current.focus();
          }}
        >
          <form onSubmit={submit} className="flex flex-col gap-4">
            <AlertDialog.Title className="break-words text-base font-semibold">{title}</AlertDialog.Title>
            <AlertDialog.Description asChild>
              <div className="flex flex-col gap-2">{children}</div>
            </AlertDialog.Description>
            {typeToConfirm !== undefined && (
              <div className="flex flex-col gap-1">
                <label htmlFor={inputId} className="text-sm font-semibold">
                  {typeToConfirmLabel ?? (
                    <>
                      Type <strong className="font-mono">{typeToConfirm}</strong> to confirm
                    </>
                  )}
                </label>
                <input
                  ref={inputRef}
                  id={inputId}
                  name="confirmation"
                  type="text"
                  autoComplete="off"
                  autoCapitalize="none"
                  spellCheck={false}
                  className={cn(inputClasses, 'font-mono')}
                  value={typed}
                  onChange={(e) => setTyped(e.target.value)}
                  aria-describedby={error ? errorId : undefined}
                />
              </div>
            )}
            <div aria-live="polite">
              {error && (
                <p id={errorId} className="rounded-md border border-danger-border bg-danger-soft px-3 py-2 text-danger">
                  {error}
                </p>
              )}
            </div>
            <div className="flex flex-wrap justify-end gap-2">
              <AlertDialog.Cancel asChild>
                <Button disabled={locked}>Cancel</Button>
              </AlertDialog.Cancel>
              <Button type="submit" variant={confirmVariant} disabled={!matches || locked}>
                {locked && <Spinner />}
                {confirmLabel}
              </Button>
            </div>
          </form>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
