/** A job a committed change asks for; enqueued in the change's transaction (lib/jobs/enqueue.ts). */
export interface JobRequest {
  task: string;
  payload: Record<string, unknown>;
  /** At most one pending job per key: a newer request replaces a waiting one (idempotency). */
  jobKey?: string;
  /** Jobs of one queue run one at a time, across every worker. */
  queueName?: string;
  runAt?: Date;
  maxAttempts?: number;
}
