'use client';
import { deleteProviderAction } from '@/lib/actions/providers';
import { DeleteByNameDialog } from './delete-by-name-dialog';

interface Props {
  name: string;
  /** Why it cannot be deleted now (it holds keys), if so. */
  blockedReason?: string;
  /** Set when the user's roles cannot delete providers. */
  deniedReason?: string;
}

/** "Delete provider" asks for the provider's name first; the server checks it again, and that it holds no keys. */
export function DeleteProviderDialog({ name, blockedReason, deniedReason }: Props) {
  return (
    <DeleteByNameDialog
      name={name}
      thing="provider"
      confirmLabel="Delete provider"
      reason={deniedReason ?? blockedReason}
      errorId="delete-provider-error"
      align="start"
      action={deleteProviderAction}
      outcome={(_, message) => ({ toast: message ?? `Provider "${name}" deleted.`, next: { goTo: '/providers' } })}
    >
      <p>Keywarden forgets this provider and its stored credentials. Nothing in the cloud changes: it holds none of Keywarden&apos;s keys.</p>
    </DeleteByNameDialog>
  );
}
