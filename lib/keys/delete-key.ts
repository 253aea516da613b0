import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { inTransaction } from '@/lib/db/transaction';
import { DomainError } from '@/lib/errors';
import { parseInput, type Untrusted } from '@/lib/validation';
import { lockKey } from './lock-key';
import { keyRef, type KeyRef } from './schemas';

/** Deletes a key and every version's material. Refused unless deletion_allowed is true. */
export async function deleteKey(input: Untrusted<KeyRef>, ctx: UseCaseContext): Promise<{ name: string }> {
  const { name } = parseInput(keyRef, input);
  return inTransaction(ctx.tx, async (tx) => {
    const key = await lockKey(tx, name);
    if (!key.deletionAllowed) {
      throw new DomainError(
        'precondition_failed',
        `Key "${name}" cannot be deleted: deletion_allowed is false. Allow deletion in the key's settings first.`,
      );
    }
    await tx.key.delete({ where: { id: key.id } });
    return { name };
  });
}
