import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import type { Tx } from '@/lib/db/client';
import { DomainError } from '@/lib/errors';
import { defineOperation } from '@/lib/operations/operation';
import { perform } from '@/lib/operations/perform';
import { lockKey, type LockedKey } from './lock-key';
import { keyRef } from './schemas';

/** Vault's rule, and ours: deletion_allowed must be true and no provider may hold a copy. */
async function assertDeletable(tx: Tx, key: Pick<LockedKey, 'id' | 'name' | 'deletionAllowed'>) {
  if (!key.deletionAllowed) {
    throw new DomainError(
      'precondition_failed',
      `Key "${key.name}" cannot be deleted: deletion_allowed is false. Allow deletion in the key's settings first.`,
    );
  }
  const holders = await tx.distribution.findMany({
    where: { keyId: key.id, state: { not: 'removed' } },
    select: { provider: { select: { name: true } } },
  });
  if (holders.length > 0) {
    const names = holders.map((d) => `"${d.provider.name}"`).join(', ');
    throw new DomainError('precondition_failed', `Key "${key.name}" cannot be deleted while providers hold it (${names}): remove it from them first.`);
  }
}

/** Deletes a key and every version's material. Refused unless deletion_allowed is true. */
export const deleteKeyOperation = defineOperation({
  id: 'key.delete',
  label: 'Delete a key',
  approvable: true,
  schema: keyRef,
  recorded: ['name'],
  target: (p) => `key:${p.name}`,
  async plan({ name }, tx) {
    const key = await lockKey(tx, name, { lock: false });
    await assertDeletable(tx, key);
    const versions = key.latestVersion === 1 ? 'its only version' : `all ${key.latestVersion} versions`;
    return `Delete key "${name}" and the material of ${versions}, permanently.`;
  },
  async execute({ name }, _prepared: undefined, tx) {
    const key = await lockKey(tx, name);
    await assertDeletable(tx, key);
    // Copies already removed go with the key; the foreign key refuses any other (ON DELETE RESTRICT).
    await tx.distribution.deleteMany({ where: { keyId: key.id, state: 'removed' } });
    await tx.key.delete({ where: { id: key.id } });
    return { name };
  },
});

export const deleteKey = (input: unknown, ctx: UseCaseContext) => perform(deleteKeyOperation, input, ctx);
