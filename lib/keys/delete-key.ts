import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { DomainError } from '@/lib/errors';
import { defineOperation } from '@/lib/operations/operation';
import { perform } from '@/lib/operations/perform';
import { lockKey, type LockedKey } from './lock-key';
import { keyRef } from './schemas';

function assertDeletable(key: Pick<LockedKey, 'name' | 'deletionAllowed'>) {
  if (!key.deletionAllowed) {
    throw new DomainError(
      'precondition_failed',
      `Key "${key.name}" cannot be deleted: deletion_allowed is false. Allow deletion in the key's settings first.`,
    );
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
    assertDeletable(key);
    const versions = key.latestVersion === 1 ? 'its only version' : `all ${key.latestVersion} versions`;
    return `Delete key "${name}" and the material of ${versions}, permanently.`;
  },
  async execute({ name }, _prepared: undefined, tx) {
    const key = await lockKey(tx, name);
    assertDeletable(key);
    await tx.key.delete({ where: { id: key.id } });
    return { name };
  },
});

export const deleteKey = (input: unknown, ctx: UseCaseContext) => perform(deleteKeyOperation, input, ctx);
