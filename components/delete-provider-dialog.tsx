'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useRef, useState, type FormEvent } from 'react';
import { deleteProviderAction } from '@/lib/actions/providers';
import { describedBy, UNREACHABLE } from './forms';
import { useToast } from './toast';

interface Props {
  name: string;
  /** Why it cannot be deleted now (it holds keys), if so. */
  blockedReason?: string;
  /** Set when the user's roles cannot delete providers. */
  deniedReason?: string;
}

/** "Delete provider" asks for the provider's name first; the server checks it again, and that it holds no keys. */
export function DeleteProviderDialog({ name, blockedReason, deniedReason }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const router = useRouter();
  const toast = useToast();
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);

  const remove = useMutation({
    mutationFn: (confirmation: string) => deleteProviderAction(name, confirmation),
    onSuccess: (result) => {
      if (result.ok) {
        dialog.current?.close();
        toast(result.message ?? `Provider "${name}" deleted.`);
        router.push('/providers');
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
  const reason = deniedReason ?? blockedReason;

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
      <div className="stack-sm danger-action">
        <button type="button" className="btn btn-danger" onClick={open} disabled={Boolean(reason)} title={reason}>
          Delete provider
        </button>
        {reason && <p className="hint">{reason}</p>}
      </div>
      <dialog ref={dialog} className="dialog" aria-labelledby="delete-provider-title" aria-describedby="delete-provider-description">
        <form onSubmit={confirm} className="stack">
          <h2 id="delete-provider-title" className="dialog-title">
            Delete provider <span className="mono">{name}</span>?
          </h2>
          <p id="delete-provider-description">
            Keywarden forgets this provider and its stored credentials. Nothing in the cloud changes: it holds none of Keywarden&apos;s keys.
          </p>
          <div className="field">
            <label htmlFor="delete-provider-confirmation">
              Type <strong className="mono">{name}</strong> to confirm
            </label>
            <input
              id="delete-provider-confirmation"
              type="text"
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              className="mono"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              aria-describedby={describedBy(error && 'delete-provider-error')}
            />
          </div>
          <div aria-live="polite">
            {error && (
              <p id="delete-provider-error" className="form-error">
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
              Delete provider
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
