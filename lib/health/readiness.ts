import 'server-only';
import { getDb } from '@/lib/db/client';

export interface Check {
  ok: boolean;
  /** What is wrong (or what was seen), in words an operator can act on; never a secret. */
  detail: string;
}

export interface Readiness {
  /** This process can serve requests: the database answers. */
  serving: boolean;
  /** Every check passed: the database answers and a job worker is beating. */
  ready: boolean;
  checks: { database: Check; worker: Check };
}

const DEFAULT_DEAD_AFTER_MS = 30_000; // lib/jobs/worker.ts: a worker silent this long is dead

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'P1001', 'P1017', 'DatabaseNotReachable', 'ConnectionClosed', '57P01', '57P03']);

/** The error's codes only (its message may carry connection details). */
function describe(err: unknown, timeoutMs: number): string {
  const codes: string[] = [];
  const seen = new Set<unknown>();
  const visit = (e: unknown, depth: number) => {
    if (!e || typeof e !== 'object' || seen.has(e) || depth > 5) return;
    seen.add(e);
    const { code, kind, originalCode, cause, meta } = e as Record<string, unknown>;
    for (const c of [code, originalCode, kind]) if (typeof c === 'string' && /^[\w.-]{1,40}$/.test(c) && !codes.includes(c)) codes.push(c);
    visit(cause, depth + 1);
    // Prisma's driver adapters put the database's error under meta.driverAdapterError.
    visit((meta as { driverAdapterError?: unknown } | undefined)?.driverAdapterError, depth + 1);
  };
  visit(err, 0);
  if (codes.includes('TIMEOUT')) return `no answer within ${timeoutMs} ms`;
  if (codes.some((c) => UNREACHABLE.has(c))) return `unreachable (${codes.join(', ')}): is PostgreSQL running?`;
  return `query failed (${codes.join(', ') || 'unknown error'})`;
}

/**
 * Readiness: the database answers a query, and some job worker beat its heartbeat
 * (worker_heartbeats, written by lib/jobs/worker.ts) within KEYWARDEN_WORKER_DEAD_AFTER_MS.
 * Bounded by `timeoutMs` per query, so a hung database gives a prompt answer too.
 */
export async function checkReadiness({
  timeoutMs = 2_000,
  workerDeadAfterMs = Number(process.env.KEYWARDEN_WORKER_DEAD_AFTER_MS) || DEFAULT_DEAD_AFTER_MS,
} = {}): Promise<Readiness> {
  const db = getDb();
  let database: Check;
  try {
    await withTimeout(db.$queryRaw`SELECT 1`, timeoutMs);
    database = { ok: true, detail: 'answers' };
  } catch (err) {
    database = { ok: false, detail: describe(err, timeoutMs) };
    const worker = { ok: false, detail: 'unknown: the database does not answer' };
    return { serving: false, ready: false, checks: { database, worker } };
  }

  let worker: Check;
  try {
    const [row] = await withTimeout(
      db.$queryRaw<{ age_ms: number | null }[]>`SELECT (EXTRACT(EPOCH FROM now() - max(beat_at)) * 1000)::float8 AS age_ms FROM worker_heartbeats`,
      timeoutMs,
    );
    const age = row?.age_ms;
    if (age === null || age === undefined) worker = { ok: false, detail: 'no job worker has ever beaten a heartbeat: is the worker running?' };
    else if (age > workerDeadAfterMs) worker = { ok: false, detail: `the last heartbeat of any job worker was ${Math.round(age / 1000)} s ago: is the worker running?` };
    else worker = { ok: true, detail: `last heartbeat ${Math.max(0, Math.round(age / 1000))} s ago` };
  } catch (err) {
    worker = { ok: false, detail: `heartbeats cannot be read: ${describe(err, timeoutMs)}` };
  }
  return { serving: true, ready: worker.ok, checks: { database, worker } };
}
