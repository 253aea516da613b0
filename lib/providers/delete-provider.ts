import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { DomainError } from '@/lib/errors';
import { defineOperation } from '@/lib/operations/operation';
import { perform } from '@/lib/operations/perform';
import { lockProvider } from './lock-provider';
import { providerRef } from './schemas';

/**
 * A provider holding keys cannot be deleted: remove its keys first. Distributions already
 * removed go with it; the foreign key (ON DELETE RESTRICT) refuses any other.
 */
export const deleteProviderOperation = defineOperation({
  id: 'provider.delete',
  label: 'Delete a provider',
  approvable: false,
  schema: providerRef,
  recorded: ['name'],
  target: (p) => `provider:${p.name}`,
  async execute({ name }, _prepared: undefined, tx) {
    const provider = await lockProvider(tx, name);
    const holding = await tx.distribution.findMany({
      where: { providerId: provider.id, state: { not: 'removed' } },
      select: { key: { select: { name: true } } },
      take: 5,
    });
    if (holding.length > 0) {
      const names = holding.map((d) => `"${d.key.name}"`).join(', ');
      throw new DomainError('precondition_failed', `Provider "${name}" still holds keys (${names}${holding.length === 5 ? ', …' : ''}): remove them from it first.`);
    }
    await tx.distribution.deleteMany({ where: { providerId: provider.id } });
    await tx.provider.delete({ where: { id: provider.id } });
    return { name };
  },
});

export const deleteProvider = (input: unknown, ctx: UseCaseContext) => perform(deleteProviderOperation, input, ctx);
