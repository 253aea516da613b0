import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { getDb, Prisma, type Tx } from '@/lib/db/client';
import { authorizeRead } from '@/lib/auth/authorize';
import { canonicalContent, chainHash, type EventFields, type Json, type Outcome } from './canonical';
import { chainKey } from './chain-key';
import { contradiction, latestCheckpoint, readCheckpoints, type CheckpointLog } from './checkpoints';
import { recordEvent } from './record-event';

export interface ChainReport {
  ok: boolean;
  checked: number;
  /** The first event that does not hold, and why. */
  firstBroken: { seq: string; reason: string } | null;
  /** How many breaks in all: one break never hides a later one. */
  brokenCount: number;
  /** What the checkpoints outside the database (checkpoints.ts) say; null when they were not read. */
  checkpoints: { file: string; valid: number; invalid: number; latest: { seq: string; hash: string; at: string } | null } | null;
}

const GENESIS = Buffer.alloc(32);
const BATCH = 5000;

type Row = Awaited<ReturnType<Tx['auditEvent']['findMany']>>[number];

export function fieldsOf(row: Row): EventFields {
  return {
    occurredAt: row.occurredAt,
    actorId: row.actorId,
    actorName: row.actorName,
    actorRoles: row.actorRoles,
    action: row.action,
    target: row.target,
    outcome: row.outcome as Outcome,
    params: row.params as Json,
    reason: row.reason,
    requestId: row.requestId,
    clientRequestId: row.clientRequestId,
    ip: row.ip,
    userAgent: row.userAgent,
  };
}

/**
 * Recomputes the whole chain from the genesis, in one consistent snapshot. Each event is checked
 * on its own (its hash over its own prev_hash and content; its link to the event before), and
 * the walk goes on after a break, so that a broken event cannot hide what comes after it.
 * Given the checkpoint log, it also reports a head behind or apart from the latest checkpoint
 * (the tail cut off) and every checkpoint not signed with the chain key. Read the log BEFORE the
 * snapshot starts: a checkpoint taken after it would look like missing events.
 */
export async function checkChain(tx: Tx, log?: CheckpointLog): Promise<ChainReport> {
  const key = await chainKey();
  const checkpoint = log ? latestCheckpoint(log) : null;
  let hashAtCheckpoint: string | null = checkpoint?.seq === 0n ? GENESIS.toString('hex') : null;
  let prevHash: Uint8Array = GENESIS;
  let expected = 1n;
  let checked = 0;
  let firstBroken: ChainReport['firstBroken'] = null;
  let brokenCount = 0;
  const broken = (seq: bigint | string, reason: string) => {
    firstBroken ??= { seq: seq.toString(), reason };
    brokenCount++;
  };
  for (;;) {
    const rows = await tx.auditEvent.findMany({ where: { seq: { gte: expected } }, orderBy: { seq: 'asc' }, take: BATCH });
    for (const row of rows) {
      if (row.seq !== expected) broken(expected, `event #${expected}${row.seq - expected > 1n ? `–#${row.seq - 1n}` : ''} is missing`);
      else if (!Buffer.from(row.prevHash).equals(prevHash)) broken(row.seq, `event #${row.seq} does not link to the event before it`);
      if (!chainHash(key, row.prevHash, row.seq, canonicalContent(fieldsOf(row))).equals(Buffer.from(row.hash))) {
        broken(row.seq, `event #${row.seq} was modified: its content does not match its hash`);
      }
      if (row.seq === checkpoint?.seq) hashAtCheckpoint = Buffer.from(row.hash).toString('hex');
      prevHash = row.hash;
      expected = row.seq + 1n;
      checked++;
    }
    if (rows.length < BATCH) break;
  }
  const head = await tx.auditChainHead.findUnique({ where: { id: 1 } });
  if (!head || head.seq !== expected - 1n || !Buffer.from(head.hash).equals(prevHash)) {
    broken(expected, `events after #${expected - 1n} are missing (the chain's head is at #${head?.seq ?? '?'})`);
  }
  if (checkpoint) {
    const problem = contradiction(checkpoint, expected - 1n, hashAtCheckpoint);
    if (problem) broken(problem.seq, problem.reason);
  }
  for (const bad of log?.invalid ?? []) broken(bad.seq ?? '?', bad.reason);
  const checkpoints: ChainReport['checkpoints'] = log ? {
    file: log.file,
    valid: log.checkpoints.length,
    invalid: log.invalid.length,
    latest: checkpoint && { seq: checkpoint.seq.toString(), hash: checkpoint.hash, at: checkpoint.at },
  } : null;
  return { ok: brokenCount === 0, checked, firstBroken, brokenCount, checkpoints };
}

/** The whole chain and the checkpoints, in one snapshot taken after the checkpoints were read. */
export async function checkChainAndCheckpoints(): Promise<ChainReport> {
  const log = await readCheckpoints();
  return getDb().$transaction((tx) => checkChain(tx, log), {
    isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead,
    timeout: 600_000,
  });
}

/** The "verify" action: checks the chain, and records that it did and what it found. */
export async function verifyAuditChain(ctx: UseCaseContext): Promise<ChainReport> {
  await authorizeRead(ctx, 'audit.verify', 'audit');
  const report = await checkChainAndCheckpoints();
  await getDb().$transaction((tx) =>
    recordEvent(tx, ctx, { action: 'audit.verify', target: 'audit', outcome: 'succeeded', params: { ...report } }),
  );
  return report;
}
