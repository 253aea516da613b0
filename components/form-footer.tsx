import type { ReactNode } from 'react';
import { Button } from './ui/button';
import { Notice } from './ui/notice';
import { Spinner } from './ui/spinner';

/**
 * The end of a form: what its last submit did (the error summary or the success, in a live
 * region), then its submit button, or, when the user's roles cannot submit, the reason instead.
 */
export function FormFooter({
  errorId,
  error,
  success,
  submitLabel,
  pending,
  deniedReason,
  secondary,
}: {
  /** The id the form's aria-describedby names while there is an error. */
  errorId: string;
  error?: string;
  /** A success line, or a node of its own (the approval request a change became). */
  success?: ReactNode;
  submitLabel: string;
  pending: boolean;
  deniedReason?: string;
  /** Beside the submit button: a Cancel link. */
  secondary?: ReactNode;
}) {
  // One block for the form's gap: the live region stays in the page while empty (so what enters it
  // is announced) but takes no room.
  return (
    <div className="flex flex-col">
      <div aria-live="polite" className="flex flex-col gap-2 [&:not(:empty)]:mb-3">
        {error && (
          <Notice id={errorId} tone="error">
            {error}
          </Notice>
        )}
        {typeof success === 'string' ? <Notice tone="success">{success}</Notice> : success}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {deniedReason ? (
          <p className="text-xs text-fg-muted">{deniedReason}</p>
        ) : (
          <Button type="submit" variant="primary" disabled={pending}>
            {pending && <Spinner />}
            {submitLabel}
          </Button>
        )}
        {secondary}
      </div>
    </div>
  );
}
