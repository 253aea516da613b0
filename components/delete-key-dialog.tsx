'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useRef, useState, type FormEvent } from 'react';
import { deleteKeyAction } from '@/lib/actions/keys';
import { describedBy, UNREACHABLE } from './forms';
import { useToast } from './toast';

interface Props {
  name: string;
  deletionAllowed: boolean;
  /** Approvals the deletion policy asks for (0: it runs at once). */
  requiredApprovals: number;
  /** Set when the user's roles cannot delete keys. */
  deniedReason?: string;
}

/**
 * "Delete key" opens a modal that asks for the key's name before anything is sent. When the
 * policy asks for approval, the deletion becomes a request and the key stays until it is approved.
 */
export function DeleteKeyDialog({ name, deletionAllowed, requiredApprovals, deniedReason }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const router = useRouter();
  const toast = useToast();
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);

  const remove = useMutation({
    mutationFn: (confirmation: string) => deleteKeyAction(name, confirmation),
    onSuccess: (result) => {
      if (result.ok && result.data.status === 'requested') {
        dialog.current?.close();
        toast(result.message ?? `Approval needed: request #${result.data.request.number} is pending.`);
        // Stay: the key exists until the request is approved; the page now lists the request.
        router.refresh();
      } else if (result.ok) {
        dialog.current?.close();
        toast(result.message ?? `Key "${name}" deleted.`);
        router.push('/keys');
      } else {
        setError(result.error);
      }
    },
    onError: () => setError(UNREACHABLE),
    onSettled: () => {
      inFlight.current = false;
    },
  });

  const matches = typed === name;

  function open() {
    setTyped('');
    setError(null);
    remove.reset();
    dialog.current?.showModal();
  }

  function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!matches || inFlight.current) return;
    inFlight.current = true;
    setError(null);
    remove.mutate(typed);
  }

  // After a deletion the page is on its way out: the button stays locked until it is gone.
  const busy = remove.isPending || (remove.data?.ok === true && remove.data.data.status === 'done');

  return (
    <>
      <button type="button" className="btn btn-danger" onClick={open} disabled={Boolean(deniedReason)} title={deniedReason}>
        Delete key
      </button>
      <dialog ref={dialog} className="dialog" aria-labelledby="delete-key-title" aria-describedby="delete-key-description">
        <form onSubmit={confirm} className="stack">
          <h2 id="delete-key-title" className="dialog-title">
            Delete key <span className="mono">{name}</span>?
          </h2>
          <div id="delete-key-description" className="stack-sm">
            <p>
              Deletion is permanent. Every version of <strong className="mono">{name}</strong> and its key material is destroyed, and
              nothing encrypted or signed with it can be recovered through Keywarden.
            </p>
            {requiredApprovals > 0 && (
              <p className="notice notice-info">
                Deleting a key needs {requiredApprovals} approval{requiredApprovals === 1 ? '' : 's'}: confirming files a request, and the key
                is deleted once {requiredApprovals === 1 ? 'an approver approves' : 'enough approvers approve'} it.
              </p>
            )}
            {!deletionAllowed && (
              <p className="notice notice-warning">This key does not currently allow deletion; change that in its settings first.</p>
            )}
          </div>
          <div className="field">
            <label htmlFor="delete-confirmation">
              Type <strong className="mono">{name}</strong> to confirm
            </label>
            <input
              id="delete-confirmation"
              name="confirmation"
              type="text"
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              className="mono"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              aria-describedby={describedBy(error && 'delete-key-error')}
            />
          </div>
          <div aria-live="polite">
            {error && (
              <p id="delete-key-error" className="form-error">
                {error}
              </p>
            )}
          </div>
          <div className="form-actions form-actions-end">
            <button type="button" className="btn" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button type="submit" className="btn btn-danger-solid" disabled={!matches || busy}>
              {busy && <span className="spinner" aria-hidden="true" />}
              Delete permanently
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
