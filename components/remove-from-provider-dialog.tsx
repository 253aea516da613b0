'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId } from 'react';
import { removeFromProviderAction } from '@/lib/actions/distributions';
import type { ProviderKind } from '@/lib/providers/capabilities';
import { DisabledReason } from './disabled-reason';
import { distributionsQueryKey } from './distribution-state';
import { FieldError, UNREACHABLE } from './forms';
import { useToast } from './toast';
import { Button } from './ui/button';
import { choiceClasses, fieldClasses } from './ui/classes';
import { ConfirmDialog, confirmFailure, type ConfirmFailure } from './ui/confirm-dialog';
import { Field, inputBase } from './ui/field';
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

const SHOWN = ['confirmation', 'pendingWindowDays', 'purge'];

/**
 * "Remove from provider": the key's name typed to confirm; AWS schedules every version's KMS key
 * for deletion after a pending window, Azure deletes the key (purge optional). The key stays here.
 */
export function RemoveFromProviderDialog({ provider, providerKind, keyName, requiredApprovals, deniedReason }: Props) {
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  const id = useId();
  const aws = providerKind === 'awskms';

  async function remove(confirmation: string, values: FormData): Promise<ConfirmFailure | void> {
    let result: Awaited<ReturnType<typeof removeFromProviderAction>>;
    try {
      result = await removeFromProviderAction({
        provider,
        key: keyName,
        confirmation,
        ...(aws ? { pendingWindowDays: String(values.get('pendingWindowDays') ?? '') } : { purge: values.get('purge') === 'on' }),
      });
    } catch {
      return UNREACHABLE;
    }
    if (!result.ok) return confirmFailure(result, SHOWN);
    toast(result.message ?? `Removing "${keyName}" from "${provider}".`);
    void queryClient.invalidateQueries({ queryKey: distributionsQueryKey(keyName) });
    // The key's page lists the request when one was filed.
    router.refresh();
  }

  return (
    <span className="inline-flex flex-col items-end gap-1">
      <ConfirmDialog
        trigger={
          <Button size="sm" variant="danger" disabled={Boolean(deniedReason)} aria-describedby={deniedReason ? `${id}-reason` : undefined}>
            Remove from provider
          </Button>
        }
        title={
          <span className="break-all">
            Remove <span className="font-mono">{keyName}</span> from <span className="font-mono">{provider}</span>?
          </span>
        }
        confirmLabel={requiredApprovals > 0 ? 'Request removal' : 'Remove from provider'}
        typeToConfirm={keyName}
        onConfirm={remove}
        fields={(errors) =>
          aws ? (
            <Field id={`${id}-days`} label="Pending window (days)" hint="7 to 30 days; AWS deletes the KMS keys when it ends." errors={errors.pendingWindowDays}>
              {(control) => (
                <input {...control} name="pendingWindowDays" type="number" inputMode="numeric" min={7} max={30} step={1} defaultValue="30" className={cn(inputBase, 'w-36')} />
              )}
            </Field>
          ) : (
            <div className={fieldClasses}>
              <label className={choiceClasses}>
                <input type="checkbox" name="purge" aria-describedby={`${id}-purge-hint`} />
                Purge as well (unrecoverable)
              </label>
              <p id={`${id}-purge-hint`} className="text-xs text-fg-muted">
                Without purge, the vault keeps the deleted key for its soft-delete retention and purges it on the scheduled date, shown here once
                removed. A vault with purge protection refuses an early purge; the key then waits for its scheduled date.
              </p>
              <FieldError id={`${id}-purge-error`} messages={errors.purge} />
            </div>
          )
        }
      >
        <p>
          {aws
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
      </ConfirmDialog>
      <DisabledReason id={`${id}-reason`} reason={deniedReason} />
    </span>
  );
}
