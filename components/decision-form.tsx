'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { decideRequestAction } from '@/lib/actions/governance';
import type { ActionResult } from '@/lib/actions/result';
import { AWAITING_QUERY_KEY } from './awaiting-badge';
import { describedBy, UNREACHABLE } from './forms';
import { useToast } from './toast';

/**
 * Approve or deny, with an optional comment. One form, two submit buttons: the button pressed
 * sends `decision` (approve | deny). A mutation rather than form state: the decision usually
 * moves the request out of this list, unmounting the form, and the toast must still appear.
 */
export function DecisionForm({ requestId, number }: { requestId: string; number: number }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);
  const ids = { comment: `decision-comment-${number}`, error: `decision-error-${number}` };

  const decide = useMutation({
    mutationFn: (form: FormData) => decideRequestAction(null, form),
    onSuccess: (result: ActionResult<unknown>) => {
      if (result.ok) {
        setError(null);
        toast(result.message ?? `Decision on request #${number} recorded.`);
      } else {
        setError(result.fieldErrors?.comment?.[0] ?? result.error);
        toast(result.error, 'error');
      }
      // The badge counts requests awaiting this user's decision: one fewer now, or it moved on.
      void queryClient.invalidateQueries({ queryKey: AWAITING_QUERY_KEY });
    },
    onError: () => setError(UNREACHABLE),
    onSettled: () => {
      inFlight.current = false;
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current) return;
    inFlight.current = true;
    // The submitter carries decision=approve|deny; plain new FormData(form) would leave it out.
    decide.mutate(new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter));
  }

  const busy = decide.isPending;
  return (
    <form onSubmit={submit} className="decision-form" aria-label={`Decide on request #${number}`} noValidate>
      <input type="hidden" name="requestId" value={requestId} />
      <div className="field">
        <label htmlFor={ids.comment}>Comment</label>
        <textarea
          id={ids.comment}
          name="comment"
          rows={2}
          maxLength={1000}
          placeholder="Optional: why you approve or deny"
          aria-describedby={describedBy(error && ids.error)}
        />
      </div>
      <div aria-live="polite">
        {error && (
          <p id={ids.error} className="form-error">
            {error}
          </p>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" name="decision" value="approve" className="btn btn-primary" disabled={busy}>
          {busy && decide.variables?.get('decision') === 'approve' && <span className="spinner" aria-hidden="true" />}
          Approve
        </button>
        <button type="submit" name="decision" value="deny" className="btn btn-danger" disabled={busy}>
          {busy && decide.variables?.get('decision') === 'deny' && <span className="spinner" aria-hidden="true" />}
          Deny
        </button>
      </div>
    </form>
  );
}
