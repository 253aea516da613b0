'use client';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { deleteKeyAction } from '@/lib/actions/keys';
import { DisabledReason } from './disabled-reason';
import { UNREACHABLE } from './forms';
import { useToast } from './toast';
import { Button } from './ui/button';
import { ConfirmDialog } from './ui/confirm-dialog';

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
  const router = useRouter();
  const toast = useToast();
  // After a deletion the page is on its way out: the dialog stays locked until it is gone.
  const [deleted, setDeleted] = useState(false);
  const reasonId = useId();
  // Said before anyone tries: the button is disabled and describes itself with the reason.
  const reason = deniedReason ?? (deletionAllowed ? undefined : 'Deletion is not allowed for this key: allow it in the settings first.');

  async function remove(confirmation: string): Promise<string | void> {
    let result: Awaited<ReturnType<typeof deleteKeyAction>>;
    try {
      result = await deleteKeyAction(name, confirmation);
    } catch {
      return UNREACHABLE;
    }
    if (!result.ok) return result.error;
    if (result.data.status === 'requested') {
      toast(result.message ?? `Approval needed: request #${result.data.request.number} is pending.`);
      // Stay: the key exists until the request is approved; the page now lists the request.
      router.refresh();
      return;
    }
    setDeleted(true);
    toast(result.message ?? `Key "${name}" deleted.`);
    router.push('/keys');
  }

  return (
    <span className="inline-flex flex-col items-end gap-1">
    <ConfirmDialog
      trigger={
        <Button variant="danger" disabled={Boolean(reason)} aria-describedby={reason ? reasonId : undefined}>
          Delete key
        </Button>
      }
      title={
        <>
          Delete key <span className="font-mono">{name}</span>?
        </>
      }
      confirmLabel="Delete permanently"
      typeToConfirm={name}
      onConfirm={remove}
      busy={deleted}
      errorId="delete-key-error"
    >
      <p>
        Deletion is permanent. Every version of <strong className="font-mono">{name}</strong> and its key material is destroyed, and nothing
        encrypted or signed with it can be recovered through Keywarden.
      </p>
      {requiredApprovals > 0 && (
        <p className="rounded-md border border-border bg-surface-muted px-3 py-2">
          Deleting a key needs {requiredApprovals} approval{requiredApprovals === 1 ? '' : 's'}: confirming files a request, and the key is
          deleted once {requiredApprovals === 1 ? 'an approver approves' : 'enough approvers approve'} it.
        </p>
      )}
    </ConfirmDialog>
      <DisabledReason id={reasonId} reason={reason} />
    </span>
  );
}
