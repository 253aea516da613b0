'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useRef, useState, type FormEvent } from 'react';
import { deleteKeyAction } from '@/lib/actions/keys';
import { describedBy, UNREACHABLE } from './forms';
import { useToast } from './toast';

/** "Delete key" opens a modal that asks for the key's name before anything is sent. */
export function DeleteKeyDialog({ name, deletionAllowed }: { name: string; deletionAllowed: boolean }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const router = useRouter();
  const toast = useToast();
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);

  const remove = useMutation({
    mutationFn: (confirmation: string) => deleteKeyAction(name, confirmation),
    onSuccess: (result) => {
      if (result.ok) {
        dialog.current?.close();
        toast(`Key "${result.data.name}" deleted.`);
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

  const busy = remove.isPending || remove.data?.ok === true;

  return (
    <>
      <button type="button" className="btn btn-danger" onClick={open}>
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
