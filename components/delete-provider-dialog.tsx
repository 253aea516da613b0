'use client';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { deleteProviderAction } from '@/lib/actions/providers';
import { DisabledReason } from './disabled-reason';
import { UNREACHABLE } from './forms';
import { useToast } from './toast';
import { Button } from './ui/button';
import { ConfirmDialog } from './ui/confirm-dialog';

interface Props {
  name: string;
  /** Why it cannot be deleted now (it holds keys), if so. */
  blockedReason?: string;
  /** Set when the user's roles cannot delete providers. */
  deniedReason?: string;
}

/** "Delete provider" asks for the provider's name first; the server checks it again, and that it holds no keys. */
export function DeleteProviderDialog({ name, blockedReason, deniedReason }: Props) {
  const router = useRouter();
  const toast = useToast();
  // After a deletion the page is on its way out: the dialog stays locked until it is gone.
  const [deleted, setDeleted] = useState(false);
  const reason = deniedReason ?? blockedReason;

  const reasonId = useId();

  async function remove(confirmation: string): Promise<string | void> {
    let result: Awaited<ReturnType<typeof deleteProviderAction>>;
    try {
      result = await deleteProviderAction(name, confirmation);
    } catch {
      return UNREACHABLE;
    }
    if (!result.ok) return result.error;
    setDeleted(true);
    toast(result.message ?? `Provider "${name}" deleted.`);
    router.push('/providers');
  }

  return (
    <div className="flex flex-col items-start gap-1">
      <ConfirmDialog
        trigger={
          <Button variant="danger" disabled={Boolean(reason)} aria-describedby={reason ? reasonId : undefined}>
            Delete provider
          </Button>
        }
        title={
          <>
            Delete provider <span className="font-mono">{name}</span>?
          </>
        }
        confirmLabel="Delete provider"
        typeToConfirm={name}
        onConfirm={remove}
        busy={deleted}
        errorId="delete-provider-error"
      >
        <p>Keywarden forgets this provider and its stored credentials. Nothing in the cloud changes: it holds none of Keywarden&apos;s keys.</p>
      </ConfirmDialog>
      <DisabledReason id={reasonId} reason={reason} />
    </div>
  );
}
