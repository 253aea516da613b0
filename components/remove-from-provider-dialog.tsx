'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useRef, useState, type FormEvent } from 'react';
import { removeFromProviderAction } from '@/lib/actions/distributions';
import type { ProviderKind } from '@/lib/providers/capabilities';
import { distributionsQueryKey } from './distribution-state';
import { DisabledReason } from './disabled-reason';
import { describedBy, FieldError, UNREACHABLE } from './forms';
import { useToast } from './toast';
import { buttonClasses } from './ui/button';
import { fieldClasses } from './ui/classes';
import { Spinner } from './ui/spinner';
import { inputClasses } from './ui/field';
import { cn } from './ui/cn';
import { Notice } from './ui/notice';

interface Props {
  provider: string;
  providerKind: ProviderKind;
  keyName: string;
  /** Approvals the removal policy asks for (0: it runs at once). */
  requiredApprovals: number;
  deniedReason?: string;
}

/**
 * "Remove from provider": the key's name typed to confirm; AWS schedules every version's KMS key
 * for deletion after a pending window, Azure deletes the key (purge optional). The key stays here.
 */
export function RemoveFromProviderDialog({ provider, providerKind, keyName, requiredApprovals, deniedReason }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  const id = useId();
  const [typed, setTyped] = useState('');
  const [days, setDays] = useState('30');
  const [purge, setPurge] = useState(false);
  const [error, setError] = useState<{ message: string; fields?: Record<string, string[]> } | null>(null);
  const inFlight = useRef(false);

  const remove = useMutation({
    mutationFn: () =>
      removeFromProviderAction({
        provider,
        key: keyName,
        confirmation: typed,
        ...(providerKind === 'awskms' ? { pendingWindowDays: days } : { purge }),
      }),
    onSuccess: (result) => {
      if (result.ok) {
        dialog.current?.close();
        toast(result.message ?? `Removing "${keyName}" from "${provider}".`);
        void queryClient.invalidateQueries({ queryKey: distributionsQueryKey(keyName) });
        // The key's page lists the request when one was filed.
        router.refresh();
      } else {
        setError({ message: result.error, fields: result.fieldErrors });
      }
    },
    onError: () => setError({ message: UNREACHABLE }),
    onSettled: () => {
      inFlight.current = false;
    },
  });

  const matches = typed === keyName;

  function open() {
    setTyped('');
    setDays('30');
    setPurge(false);
    setError(null);
    remove.reset();
    dialog.current?.showModal();
  }

  function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!matches || inFlight.current) return;
    inFlight.current = true;
    setError(null);
    remove.mutate();
  }

  const daysErrors = error?.fields?.pendingWindowDays;

  return (
    <>
      <button
        type="button"
        className={buttonClasses({ size: 'sm', variant: 'danger' })}
        onClick={open}
        disabled={Boolean(deniedReason)}
        aria-describedby={deniedReason ? `${id}-reason` : undefined}
      >
        Remove from provider
      </button>
      <DisabledReason id={`${id}-reason`} reason={deniedReason} />
      <dialog ref={dialog} className="m-auto w-[min(480px,calc(100vw-32px))] rounded-xl border border-border bg-surface p-5 text-fg shadow-[var(--shadow-overlay)] backdrop:bg-black/45" aria-labelledby={`${id}-title`} aria-describedby={`${id}-description`}>
        <form onSubmit={confirm} className="flex flex-col gap-4">
          <h2 id={`${id}-title`} className="break-all text-base font-semibold">
            Remove <span className="font-mono">{keyName}</span> from <span className="font-mono">{provider}</span>?
          </h2>
          <div id={`${id}-description`} className="flex flex-col gap-2">
            <p>
              {providerKind === 'awskms'
                ? 'Keywarden deletes the aliases and schedules every version’s KMS key for deletion. Until the pending window ends, AWS can still cancel the deletion; after it, anything encrypted under those KMS keys is lost unless it is decrypted elsewhere.'
                : 'Keywarden deletes the key from the vault. With soft delete it stays recoverable until the vault purges it; purging makes it unrecoverable at once.'}{' '}
              The key stays in Keywarden and can be distributed again.
            </p>
            {requiredApprovals > 0 && (
              <Notice tone="info">
                Removing a key from a provider needs {requiredApprovals} approval{requiredApprovals === 1 ? '' : 's'}: confirming files a request, and the
                removal starts once {requiredApprovals === 1 ? 'an approver approves' : 'enough approvers approve'} it.
              </Notice>
            )}
          </div>
          {providerKind === 'awskms' ? (
            <div className={fieldClasses}>
              <label htmlFor={`${id}-days`}>Pending window (days)</label>
              <input
                id={`${id}-days`}
                type="number"
                inputMode="numeric"
                min={7}
                max={30}
                step={1}
                className={cn(inputClasses, 'max-w-[140px]')}
                value={days}
                onChange={(e) => setDays(e.target.value)}
                aria-invalid={daysErrors ? true : undefined}
                aria-describedby={describedBy(`${id}-days-hint`, daysErrors && `${id}-days-error`)}
              />
              <p id={`${id}-days-hint`} className="text-xs text-fg-muted">
                7 to 30 days; AWS deletes the KMS keys when it ends.
              </p>
              <FieldError id={`${id}-days-error`} messages={daysErrors} />
            </div>
          ) : (
            <div className={fieldClasses}>
              <label className="inline-flex cursor-pointer items-center gap-1.5 [&_input]:m-0 [&_input]:accent-accent">
                <input type="checkbox" checked={purge} onChange={(e) => setPurge(e.target.checked)} aria-describedby={`${id}-purge-hint`} />
                Purge as well (unrecoverable)
              </label>
              <p id={`${id}-purge-hint`} className="text-xs text-fg-muted">
                Without purge, the vault keeps the deleted key for its soft-delete retention and purges it on the scheduled date, shown here once
                removed. A vault with purge protection refuses an early purge; the key then waits for its scheduled date.
              </p>
            </div>
          )}
          <div className={fieldClasses}>
            <label htmlFor={`${id}-confirmation`}>
              Type <strong className="font-mono">{keyName}</strong> to confirm
            </label>
            <input
              id={`${id}-confirmation`}
              type="text"
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              className={cn(inputClasses, 'font-mono')}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              aria-describedby={describedBy(error && `${id}-error`)}
            />
          </div>
          <div aria-live="polite">
            {error && !daysErrors && (
              <Notice tone="error" id={`${id}-error`}>
                {error.message}
              </Notice>
            )}
          </div>
          <div className="flex items-center gap-2 justify-end">
            <button type="button" className={buttonClasses()} onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button type="submit" className={buttonClasses({ variant: 'danger-solid' })} disabled={!matches || remove.isPending}>
              {remove.isPending && <Spinner />}
              {requiredApprovals > 0 ? 'Request removal' : 'Remove from provider'}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
