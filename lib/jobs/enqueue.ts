import 'server-only';
import type { Tx } from '@/lib/db/client';
import type { JobRequest } from './job-request';

/**
 * Enqueues a job inside the caller's transaction, so a committed change always has its job and
 * a rolled-back one never does (graphile-worker's SQL API; the schema is migrated with ours).
 */
export async function enqueue(tx: Tx, job: JobRequest): Promise<void> {
  await tx.$queryRaw`
    SELECT graphile_worker.add_job(
      ${job.task}, ${JSON.stringify(job.payload)}::json,
      queue_name := ${job.queueName ?? null}::text,
      run_at := ${job.runAt ?? null}::timestamptz,
      max_attempts := ${job.maxAttempts ?? 25}::int,
      job_key := ${job.jobKey ?? null}::text,
      job_key_mode := 'replace') IS NOT NULL AS ok`;
}
