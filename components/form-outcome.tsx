import { Notice } from './ui/notice';

/**
 * What a small form's last submit did (a table row's form, a popover's), in a live region that is
 * always there so the message is announced: the error under the id its controls point at, or the
 * success. A toasted success is not passed here: a message is shown once.
 */
export function FormOutcome({ errorId, error, success }: { errorId?: string; error?: string; success?: string }) {
  return (
    <div aria-live="polite">
      {error && (
        <Notice tone="error" size="sm" className="mt-1.5" id={errorId}>
          {error}
        </Notice>
      )}
      {success && (
        <Notice tone="success" size="sm" className="mt-1.5">
          {success}
        </Notice>
      )}
    </div>
  );
}
