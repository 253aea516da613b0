import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { DomainError } from '@/lib/errors';
import { defineOperation } from '@/lib/operations/operation';
import { perform } from '@/lib/operations/perform';
import { lockDistribution, type LockedDistribution } from './lock-distribution';
import { reconcileJob } from './reconcile-job';
import { removeInput } from './schemas';

function assertNotRemoving(d: LockedDistribution) {
  if (d.removalRequestedAt) {
    throw new DomainError('precondition_failed', `Key "${d.keyName}" is already being removed from "${d.providerName}".`);
  }
}

function deletionWords(kind: string, days: number, purge: boolean) {
  if (kind === 'awskms') {
    const on = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    return `delete its aliases and schedule every version's KMS key for deletion in ${days} days (about ${on})`;
  }
  return purge ? 'delete the Azure key and purge it (unrecoverable)' : 'delete the Azure key (soft delete: recoverable until the vault purges it)';
}

/**
 * Removes a key's copy from a provider (Vault's `DELETE keymgmt/kms/:name/key/:key`); the key
 * stays in Keywarden and can be distributed again. Approval-gated by default, like delete.
 */
export const removeFromProviderOperation = defineOperation({
  id: 'key.remove_from_provider',
  label: 'Remove a key from a provider',
  approvable: true,
  schema: removeInput,
  recorded: ['provider', 'key', 'pendingWindowDays', 'purge'],
  target: (p) => `key:${p.key}`,
  async plan({ provider, key, pendingWindowDays, purge }, tx) {
    const d = await lockDistribution(tx, provider, key, { lock: false });
    assertNotRemoving(d);
    return `Remove key "${key}" from provider "${provider}": ${deletionWords(d.providerKind, pendingWindowDays, purge)}. The key stays in Keywarden.`;
  },
  async execute({ provider, key, pendingWindowDays, purge }, _prepared: undefined, tx, ctx) {
    const d = await lockDistribution(tx, provider, key);
    assertNotRemoving(d);
    await tx.distribution.update({
      where: { id: d.id },
      data: {
        state: 'removing',
        removalRequestedAt: new Date(),
        // The pending window is AWS's; Azure's retention is the vault's.
        pendingWindowDays: d.providerKind === 'awskms' ? pendingWindowDays : null,
        purge,
        lastError: null,
        requestedBy: ctx.actor.username,
        requestedAction: 'key.remove_from_provider',
        updatedAt: new Date(),
      },
    });
    return { id: d.id, provider, key };
  },
  jobs: (result) => [reconcileJob(result.id)],
});

export const removeFromProvider = (input: unknown, ctx: UseCaseContext) => perform(removeFromProviderOperation, input, ctx);
