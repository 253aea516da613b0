import 'server-only';
import type { JobHelpers, TaskList } from 'graphile-worker';
import { writeCheckpoint } from '@/lib/audit/checkpoints';
import { pruneAuthState } from '@/lib/auth/prune';
import { recordJobFailure } from '@/lib/distribution/record-job-failure';
import { reconcileDistribution, RetryLater } from '@/lib/distribution/reconcile';
import { RECONCILE_TASK } from '@/lib/distribution/reconcile-job';
import { REWRAP_TASK, runRewrap } from '@/lib/seal/rotation';

/**
 * Runs `fn` holding a session-level advisory lock on the distribution, on a connection of its
 * own: two reconciles of one distribution never run at once, even if a live but starved worker
 * had its job unlocked by another. A worker that dies drops its connection, and the lock with it.
 */
async function exclusively(helpers: JobHelpers, distributionId: string, fn: () => Promise<unknown>) {
  await helpers.withPgClient(async (client) => {
    const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtextextended($1, 7)) AS locked`, [distributionId]);
    if (!rows[0]?.locked) throw new RetryLater('another worker is reconciling this distribution');
    try {
      await fn();
    } finally {
      await client.query(`SELECT pg_advisory_unlock(hashtextextended($1, 7))`, [distributionId]);
    }
  });
}

// Cron task names may not hold dots (graphile-worker's crontab syntax).
export const AUDIT_CHECKPOINT_TASK = 'audit_checkpoint';
export const AUTH_PRUNE_TASK = 'auth_prune';

/** The recurring jobs (graphile-worker crontab; each runs once per slot across every worker). */
export const KEYWARDEN_CRONTAB = [`* * * * * ${AUDIT_CHECKPOINT_TASK} ?max=1`, `17 * * * * ${AUTH_PRUNE_TASK} ?max=1`].join('\n');

/** The job handlers' registry: task name → handler. A handler that throws is retried with backoff. */
export function keywardenTasks(options: { distributionConcurrency?: number } = {}): TaskList {
  return {
    [RECONCILE_TASK]: async (payload, helpers) => {
      const { distributionId } = payload as { distributionId?: unknown };
      if (typeof distributionId !== 'string') return; // a malformed job can never succeed
      try {
        await exclusively(helpers, distributionId, () => reconcileDistribution(distributionId, { concurrency: options.distributionConcurrency }));
      } catch (err) {
        // Whatever failed (even before the provider was reached), the operator sees it, and the
        // last attempt leaves the distribution failed with a Retry button, never silently pending.
        await recordJobFailure(distributionId, err, { lastAttempt: helpers.job.attempts >= helpers.job.max_attempts });
        throw err;
      }
    },
    // A root key rotation's rewrap (lib/seal/rotation.ts): batches, resumable, one job per rotation.
    [REWRAP_TASK]: async (payload) => {
      const { rotationId } = payload as { rotationId?: unknown };
      if (typeof rotationId !== 'number') return;
      await runRewrap(rotationId);
    },
    // A checkpoint of the audit chain's head outside the database (lib/audit/checkpoints.ts).
    [AUDIT_CHECKPOINT_TASK]: async (_payload, helpers) => {
      const result = await writeCheckpoint();
      if (result.status === 'refused') helpers.logger.error(`audit checkpoint refused: ${result.reason}`);
    },
    // Ended sessions and finished sign-in throttle windows (lib/auth/prune.ts).
    [AUTH_PRUNE_TASK]: async () => {
      await pruneAuthState();
    },
  };
}
