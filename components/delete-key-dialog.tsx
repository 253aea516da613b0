'use client';
import { deleteKeyAction } from '@/lib/actions/keys';
import { DeleteByNameDialog } from './delete-by-name-dialog';
import { Notice } from './ui/notice';

interface Props {
  name: string;
  deletionAllowed: boolean;
  /** Approvals the deletion policy asks for (0: it runs at once). */
  requiredApprovals: number;
  /** Set when the user's roles cannot delete keys. */
  deniedReason?: string;
}

/**
 * "Delete key" asks for the key's name first. When the policy asks for approval, the deletion
 * becomes a request and the key stays (the page lists the request) until it is approved.
 */
export function DeleteKeyDialog({ name, deletionAllowed, requiredApprovals, deniedReason }: Props) {
  return (
    <DeleteByNameDialog
      name={name}
      thing="key"
      confirmLabel="Delete permanently"
      reason={deniedReason ?? (deletionAllowed ? undefined : 'Deletion is not allowed for this key: allow it in the settings first.')}
      errorId="delete-key-error"
      action={deleteKeyAction}
      outcome={(performed, message) =>
        performed.status === 'requested'
          ? { toast: message ?? `Approval needed: request #${performed.request.number} is pending.`, next: 'refresh' }
          : { toast: message ?? `Key "${name}" deleted.`, next: { goTo: '/keys' } }
      }
    >
      <p>
        Deletion is permanent. Every version of <strong className="font-mono">{name}</strong> and its key material is destroyed, and nothing
        encrypted or signed with it can be recovered through Keywarden.
      </p>
      {requiredApprovals > 0 && (
        <Notice tone="info">
          Deleting a key needs {requiredApprovals} approval{requiredApprovals === 1 ? '' : 's'}: confirming files a request, and the key is
          deleted once {requiredApprovals === 1 ? 'an approver approves' : 'enough approvers approve'} it.
        </Notice>
      )}
    </DeleteByNameDialog>
  );
}
