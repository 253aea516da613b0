import 'server-only';
import { EventEmitter } from 'node:events';
import { Logger, run, type Runner, type TaskList, type WorkerEvents } from 'graphile-worker';
import pg from 'pg';

export interface WorkerOptions {
  connectionString: string;
  tasks: TaskList;
  /** Jobs this process runs at once (KEYWARDEN_WORKER_CONCURRENCY, default 4). */
  concurrency?: number;
  /** How often this process proves it is alive, and how long silence means dead. */
  heartbeatMs?: number;
  deadAfterMs?: number;
  pollInterval?: number;
  /** Recurring jobs (graphile-worker's crontab format), e.g. KEYWARDEN_CRONTAB. */
  crontab?: string;
  log?: (line: string) => void;
}

export interface JobWorker {
  /** The ids its jobs are locked by (one per pool). */
  workerIds: string[];
  slots(): number;
  stop(): Promise<void>;
}

/**
 * The job worker (graphile-worker on Keywarden's PostgreSQL). Several processes may run it
 * against one database: jobs are claimed with SKIP LOCKED. graphile-worker holds a job claimed
 * by a worker that died for four hours; instead, every process beats a heartbeat per worker and
 * unlocks the jobs of workers whose heartbeat stopped, so a killed worker's job resumes in
 * seconds (the job itself is idempotent).
 */
export async function startJobWorker(options: WorkerOptions): Promise<JobWorker> {
  const log = options.log ?? ((line: string) => console.log(`[worker] ${line}`));
  const heartbeatMs = options.heartbeatMs ?? 5_000;
  const deadAfterMs = options.deadAfterMs ?? 30_000;
  // Heartbeats on a connection of their own: jobs' transactions queue on the audit chain's lock
  // and must never delay the beat that keeps this process's jobs its own.
  const beats = new pg.Pool({ connectionString: options.connectionString, max: 1 });
  beats.on('error', (err) => log(`heartbeat connection error: ${err.message}`));
  const workerIds: string[] = [];
  const events: WorkerEvents = new EventEmitter();
  // Jobs are locked by the pool's id (graphile-worker 0.17 fetches for its workers), so the pool beats.
  events.on('pool:create', ({ workerPool }) => {
    workerIds.push(workerPool.id);
    void beat([workerPool.id]);
  });
  let slots = 0;
  events.on('worker:create', () => {
    slots++;
  });
  events.on('job:error', ({ job, error }) => {
    log(`${job.task_identifier} job ${job.id} attempt ${job.attempts}/${job.max_attempts} will retry: ${(error as Error)?.message?.split('\n')[0] ?? 'error'}`);
  });

  async function beat(ids: string[]) {
    if (ids.length === 0) return;
    await beats.query(
      `INSERT INTO worker_heartbeats (worker_id, beat_at) SELECT unnest($1::text[]), now()
       ON CONFLICT (worker_id) DO UPDATE SET beat_at = now()`,
      [ids],
    );
  }

  async function unlockDead() {
    const { rows: dead } = await beats.query<{ worker_id: string }>(
      `DELETE FROM worker_heartbeats WHERE beat_at < now() - make_interval(secs => $1::float8) RETURNING worker_id`,
      [deadAfterMs / 1000],
    );
    if (dead.length === 0) return;
    const ids = dead.map((d) => d.worker_id);
    await beats.query(`SELECT graphile_worker.force_unlock_workers($1::text[])`, [ids]);
    log(`unlocked the jobs of ${ids.length} worker(s) that stopped beating: ${ids.join(', ')}`);
  }

  const runner: Runner = await run({
    connectionString: options.connectionString,
    concurrency: options.concurrency ?? 4,
    pollInterval: options.pollInterval ?? 1_000,
    noHandleSignals: true,
    events,
    logger: new Logger((scope) => (level, message) => {
      if (level === 'error' || level === 'warning') log(`${level}: ${message}${scope.taskIdentifier ? ` (${scope.taskIdentifier})` : ''}`);
    }),
    taskList: options.tasks,
    crontab: options.crontab,
  });

  const tick = async () => {
    try {
      await beat(workerIds);
      await unlockDead();
    } catch (err) {
      log(`heartbeat failed: ${err instanceof Error ? err.message.split('\n')[0] : 'error'}`);
    }
  };
  await tick();
  const timer = setInterval(tick, heartbeatMs);
  timer.unref();

  return {
    workerIds,
    slots: () => slots,
    async stop() {
      clearInterval(timer);
      await runner.stop();
      await beats.query(`DELETE FROM worker_heartbeats WHERE worker_id = ANY($1::text[])`, [workerIds]).catch(() => {});
      await beats.end();
    },
  };
}
