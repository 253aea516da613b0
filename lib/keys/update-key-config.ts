import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { inTransaction } from '@/lib/db/transaction';
import { DomainError } from '@/lib/errors';
import { parseInput, type Untrusted } from '@/lib/validation';
import { lockKey } from './lock-key';
import { updateKeyConfigInput, type UpdateKeyConfigInput } from './schemas';
import { toKeySummary, type KeySummary } from './views';

/** Sets min_enabled_version (0..latest_version) and/or deletion_allowed. */
export async function updateKeyConfig(input: Untrusted<UpdateKeyConfigInput>, ctx: UseCaseContext): Promise<KeySummary> {
  const { name, minEnabledVersion, deletionAllowed } = parseInput(updateKeyConfigInput, input);
  return inTransaction(ctx.tx, async (tx) => {
    const key = await lockKey(tx, name);
    if (minEnabledVersion !== undefined && minEnabledVersion > key.latestVersion) {
      const message = `min_enabled_version must be between 0 and ${key.latestVersion}, the latest version of "${name}".`;
      throw new DomainError('invalid_input', message, { minEnabledVersion: [message] });
    }
    const updated = await tx.key.update({
      where: { id: key.id },
      data: { minEnabledVersion, deletionAllowed, updatedAt: new Date() },
    });
    return toKeySummary(updated);
  });
}
