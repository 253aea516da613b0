import 'server-only';
import { distributeKeyOperation } from '@/lib/distribution/distribute-key';
import { removeFromProviderOperation } from '@/lib/distribution/remove-from-provider';
import { createKeyOperation } from '@/lib/keys/create-key';
import { deleteKeyOperation } from '@/lib/keys/delete-key';
import { rotateKeyOperation } from '@/lib/keys/rotate-key';
import { setDeletionAllowedOperation } from '@/lib/keys/set-deletion-allowed';
import { lowerMinEnabledVersionOperation, raiseMinEnabledVersionOperation } from '@/lib/keys/set-min-enabled-version';
import type { AnyOperation } from './operation';

/**
 * The operations an approval policy can apply to, by id. A later operation (removing a copy from
 * a provider, deleting a provider, pruning orphans) joins approvals with one line here.
 */
export const APPROVABLE_OPERATIONS: Record<string, AnyOperation> = Object.fromEntries(
  [
    createKeyOperation,
    rotateKeyOperation,
    raiseMinEnabledVersionOperation,
    lowerMinEnabledVersionOperation,
    setDeletionAllowedOperation,
    deleteKeyOperation,
    distributeKeyOperation,
    removeFromProviderOperation,
  ].map((op) => [op.id, op]),
);
