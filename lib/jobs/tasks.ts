import 'server-only';
import type { TaskList } from 'graphile-worker';
import { reconcileDistribution } from '@/lib/distribution/reconcile';
import { RECONCILE_TASK } from '@/lib/distribution/reconcile-job';

/** The job handlers' registry: task name → handler. A handler that throws is retried with backoff. */
export function keywardenTasks(options: { distributionConcurrency?: number } = {}): TaskList {
  return {
    [RECONCILE_TASK]: async (payload) => {
      const { distributionId } = payload as { distributionId?: unknown };
      if (typeof distributionId !== 'string') return; // a malformed job can never succeed
      await reconcileDistribution(distributionId, { concurrency: options.distributionConcurrency });
    },
  };
}
