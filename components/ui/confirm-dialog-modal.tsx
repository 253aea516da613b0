'use client';
import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Button, type ButtonVariant } from './button';
import { cn } from './cn';
import { contentClasses, overlayClasses } from './dialog';
import { Field, inputClasses } from './field';
import { Notice } from './notice';
import { Spinner } from './spinner';

/**
 * Why a confirmation did not go through: a message for the dialog, or errors that belong to its
 * fields (each shown beside its field: the typed confirmation's under `confirmation`, the rest by
 * `fields`), with a message only when no field says it.
 */
export type ConfirmFailure = string | { message?: string; fieldErrors?: Record<string, string[]> };

export interface ConfirmDialogProps {
  trigger: ReactNode;
  title: ReactNode;
  /** What will happen (the dialog's description). */
  children: ReactNode;
  confirmLabel: string;
  confirmVariant?: ButtonVariant;
  typeToConfirm?: string;
  typeToConfirmLabel?: ReactNode;
  /** Given the typed text and the form's values (`fields`' named inputs); a failure keeps the dialog open. */
  onConfirm: (typed: string, values: FormData) => Promise<ConfirmFailure | void> | ConfirmFailure | void;
  /** More inputs inside the dialog's form, above the typed confirmation; given the last failure's field errors. */
  fields?: (fieldErrors: Record<string, string[]>) => ReactNode;
  onOpenChange?: (open: boolean) => void;
  /** Keeps the dialog locked (after a deletion, until the page has navigated away). */
  busy?: boolean;
  errorId?: string;
}

const NO_ERRORS: Record<string, string[]> = {};

/**
 * Asks before a destructive or irreversible action. With `typeToConfirm`, the confirm button stays
 * disabled until the user types that text (a key's name). `onConfirm` returns a failure to show in
 * the dialog, or nothing to close it. The dialog stays open (and locked) while it runs.
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
  fields,
  onOpenChange,
  busy = false,
  errorId: givenErrorId,
  defaultOpen = false,
}: ConfirmDialogProps & { defaultOpen?: boolean }) {
  const [open, setOpen] = useState(defaultOpen);
  const [typed, setTyped] = useState('');
  const [failure, setFailure] = useState<Exclude<ConfirmFailure, string> | null>(null);
  const [running, setRunning] = useState(false);
  const inputId = useId();
  const generatedErrorId = useId();
  const errorId = givenErrorId ?? generatedErrorId;
  const contentRef = useRef<HTMLDivElement>(null);
  // A double click submits twice before React re-renders: the ref, not the state, guards it.
  const inFlight = useRef(false);
  const locked = running || busy;
  const matches = typeToConfirm === undefined || typed === typeToConfirm;
  const error = failure?.message;
  const fieldErrors = failure?.fieldErrors ?? NO_ERRORS;

  function change(next: boolean) {
    if (locked && !next) return;
    if (next) {
      setTyped('');
      setFailure(null);
    }
    setOpen(next);
    onOpenChange?.(next);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!matches || locked || inFlight.current) return;
    inFlight.current = true;
    setRunning(true);
    setFailure(null);
    let outcome: ConfirmFailure | void;
    try {
      outcome = await onConfirm(typed, new FormData(event.currentTarget));
    } finally {
      inFlight.current = false;
      setRunning(false);
    }
    if (outcome) setFailure(typeof outcome === 'string' ? { message: outcome } : outcome);
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
        {/* With inputs (a typed confirmation, fields) it is a form dialog (role dialog) and the
            first input takes focus; otherwise an alertdialog whose Cancel button takes focus (Radix's default). */}
        <AlertDialog.Content
          ref={contentRef}
          className={contentClasses}
          {...(typeToConfirm !== undefined || fields ? { role: 'dialog' } : {})}
          onOpenAutoFocus={(event) => {
            const input = contentRef.current?.querySelector<HTMLElement>('input, select, textarea');
            if (!input) return;
            event.preventDefault();
            input.focus();
          }}
        >
          <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-describedby={error ? errorId : undefined}>
            <AlertDialog.Title className="break-words text-base font-semibold">{title}</AlertDialog.Title>
            <AlertDialog.Description asChild>
              <div className="flex flex-col gap-2">{children}</div>
            </AlertDialog.Description>
            {fields?.(fieldErrors)}
            {typeToConfirm !== undefined && (
              <Field
                id={inputId}
                label={
                  typeToConfirmLabel ?? (
                    <>
                      Type <strong className="font-mono">{typeToConfirm}</strong> to confirm
                    </>
                  )
                }
                errors={fieldErrors.confirmation}
              >
                {(control) => (
                  <input
                    {...control}
                    name="confirmation"
                    type="text"
                    autoComplete="off"
                    autoCapitalize="none"
                    spellCheck={false}
                    className={cn(inputClasses, 'font-mono')}
                    value={typed}
                    onChange={(e) => setTyped(e.target.value)}
                  />
                )}
              </Field>
            )}
            <div aria-live="polite">
              {error && (
                <Notice id={errorId} tone="error">
                  {error}
                </Notice>
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
