import 'server-only';
import type { Tx } from '@/lib/db/client';
import type { JobRequest } from '@/lib/jobs/job-request';

export const RECONCILE_TASK = 'distribution.reconcile';

/**
 * One idempotent reconcile job per distribution (DESIGN.md §1). The job key keeps at most one
 * waiting job per distribution (a newer change replaces it and runs it now); the queue makes
 * jobs of one distribution run one at a time across every worker.
 */
export function reconcileJob(distributionId: string): JobRequest {
  return {
    task: RECONCILE_TASK,
    payload: { distributionId },
    jobKey: `reconcile:${distributionId}`,
    queueName: `distribution:${distributionId}`,
    maxAttempts: 25,
  };
}

/**
 * A change to a key (rotate, min_enabled_version) reconciles every provider holding it; who
 * asked is recorded on each distribution, so the job's audit events say on whose behalf.
 */
export async function reconcileJobsForKey(tx: Tx, keyId: string, cause: { action: string; username: string }): Promise<JobRequest[]> {
  const live = { keyId, state: { not: 'removed' }, removalRequestedAt: null };
  const distributions = await tx.distribution.findMany({ where: live, select: { id: true } });
  if (distributions.length === 0) return [];
  await tx.distribution.updateMany({
    where: { id: { in: distributions.map((d) => d.id) }, ...live },
    data: { requestedBy: cause.username, requestedAction: cause.action, state: 'syncing', updatedAt: new Date() },
  });
  return distributions.map((d) => reconcileJob(d.id));
}
