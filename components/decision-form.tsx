'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Field, inputClasses } from '@/components/ui/field';
import { Spinner } from '@/components/ui/spinner';
import { decideRequestAction } from '@/lib/actions/governance';
import type { ActionResult } from '@/lib/actions/result';
import { AWAITING_QUERY_KEY } from './awaiting-badge';
import { UNREACHABLE } from './forms';
import { useToast } from './toast';

/** Approving these cannot be undone (material destroyed, copies scheduled for deletion): it asks first. */
const IRREVERSIBLE = new Set(['key.delete', 'key.remove_from_provider']);

/**
 * Approve or deny, with an optional comment. Approving an irreversible operation and denying (it
 * ends the request) ask first. A mutation rather than form state: the decision usually moves the
 * request out of this list, unmounting the form, and the toast must still appear.
 */
export function DecisionForm({ requestId, number, operation, plan }: { requestId: string; number: number; operation: string; plan: string }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const inFlight = useRef(false);

  const decide = useMutation({
    mutationFn: (form: FormData) => decideRequestAction(null, form),
    onSuccess: (result: ActionResult<unknown>) => {
      if (result.ok) {
        setError(null);
        toast(result.message ?? `Decision on request #${number} recorded.`);
      }
      // The badge counts requests awaiting this user's decision: one fewer now, or it moved on.
      void queryClient.invalidateQueries({ queryKey: AWAITING_QUERY_KEY });
    },
    onSettled: () => {
      inFlight.current = false;
    },
  });

  function formWith(decision: 'approve' | 'deny') {
    const form = new FormData(formRef.current ?? undefined);
    form.set('decision', decision);
    return form;
  }

  /** The refusal, if any: shown once, in the dialog that asked, or else beside the comment. */
  async function run(decision: 'approve' | 'deny'): Promise<string | undefined> {
    if (inFlight.current) return;
    inFlight.current = true;
    const result = await decide.mutateAsync(formWith(decision)).catch(() => null);
    if (!result) return UNREACHABLE;
    return result.ok ? undefined : (result.fieldErrors?.comment?.[0] ?? result.error);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void run('approve').then((refusal) => setError(refusal ?? null));
  }

  const busy = decide.isPending;
  const spinner = (decision: string) => busy && decide.variables?.get('decision') === decision && <Spinner />;
  const approveButton = (
    <Button type={IRREVERSIBLE.has(operation) ? 'button' : 'submit'} variant="primary" disabled={busy}>
      {spinner('approve')}
      Approve
    </Button>
  );
  return (
    <form ref={formRef} onSubmit={submit} className="flex flex-col gap-3 border-t border-border-muted pt-3" aria-label={`Decide on request #${number}`} noValidate>
      <input type="hidden" name="requestId" value={requestId} />
      <Field id={`decision-comment-${number}`} label="Comment" errors={error ? [error] : undefined}>
        {(control) => <textarea {...control} name="comment" rows={2} maxLength={1000} placeholder="Optional: why you approve or deny" className={`${inputClasses} h-auto py-1.5`} />}
      </Field>
      <div className="flex flex-wrap gap-2">
        {IRREVERSIBLE.has(operation) ? (
          <ConfirmDialog
            trigger={approveButton}
            title={`Approve request #${number}?`}
            confirmLabel={`Approve request #${number}`}
            onConfirm={() => run('approve')}
          >
            It runs at once and cannot be undone: {plan}
          </ConfirmDialog>
        ) : (
          approveButton
        )}
        <ConfirmDialog
          trigger={
            <Button variant="danger" disabled={busy}>
              {spinner('deny')}
              Deny
            </Button>
          }
          title={`Deny request #${number}?`}
          confirmLabel={`Deny request #${number}`}
          onConfirm={() => run('deny')}
        >
          Denying ends the request: the operation will not run, and asking again files a new request.
        </ConfirmDialog>
      </div>
    </form>
  );
}
