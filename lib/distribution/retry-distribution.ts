import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { defineOperation } from '@/lib/operations/operation';
import { perform } from '@/lib/operations/perform';
import { lockDistribution } from './lock-distribution';
import { reconcileJob } from './reconcile-job';
import { distributionRef } from './schemas';

/** "Retry now": runs the distribution's reconcile job at once, whatever its backoff said. */
export const retryDistributionOperation = defineOperation({
  id: 'distribution.retry',
  label: 'Retry a distribution now',
  approvable: false,
  schema: distributionRef,
  recorded: ['provider', 'key'],
  target: (p) => `key:${p.key}`,
  async execute({ provider, key }, _prepared: undefined, tx, ctx) {
    const d = await lockDistribution(tx, provider, key);
    await tx.distribution.update({
      where: { id: d.id },
      data: {
        state: d.removalRequestedAt ? 'removing' : 'syncing',
        requestedBy: ctx.actor.username,
        requestedAction: 'distribution.retry',
        updatedAt: new Date(),
      },
    });
    return { id: d.id, provider, key };
  },
  jobs: (result) => [reconcileJob(result.id)],
});

export const retryDistribution = (input: unknown, ctx: UseCaseContext) => perform(retryDistributionOperation, input, ctx);
