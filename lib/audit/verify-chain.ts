import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { getDb, Prisma, type Tx } from '@/lib/db/client';
import { authorizeRead } from '@/lib/operations/perform';
import { canonicalContent, chainHash, type EventFields, type Json, type Outcome } from './canonical';
import { recordEvent } from './record-event';

export interface ChainReport {
  ok: boolean;
  checked: number;
  /** The first event that does not hold, and why. */
  firstBroken: { seq: string; reason: string } | null;
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
    ip: row.ip,
    userAgent: row.userAgent,
  };
}

/** Recomputes the whole chain from the genesis, in one consistent snapshot. */
export async function checkChain(tx: Tx): Promise<ChainReport> {
  let prev: Uint8Array = GENESIS;
  let expected = 1n;
  let checked = 0;
  const broken = (seq: bigint, reason: string): ChainReport => ({ ok: false, checked, firstBroken: { seq: seq.toString(), reason } });
  for (;;) {
    const rows = await tx.auditEvent.findMany({ where: { seq: { gte: expected } }, orderBy: { seq: 'asc' }, take: BATCH });
    for (const row of rows) {
      if (row.seq !== expected) return broken(expected, `event #${expected} is missing`);
      if (!Buffer.from(row.prevHash).equals(prev)) return broken(row.seq, `event #${row.seq} does not link to the event before it`);
      if (!chainHash(prev, row.seq, canonicalContent(fieldsOf(row))).equals(Buffer.from(row.hash))) {
        return broken(row.seq, `event #${row.seq} was modified: its content does not match its hash`);
      }
      prev = row.hash;
      expected++;
      checked++;
    }
    if (rows.length < BATCH) break;
  }
  const head = await tx.auditChainHead.findUnique({ where: { id: 1 } });
  if (!head || head.seq !== expected - 1n || !Buffer.from(head.hash).equals(prev)) {
    return broken(expected, `events after #${expected - 1n} are missing (the chain's head is at #${head?.seq ?? '?'})`);
  }
  return { ok: true, checked, firstBroken: null };
}

/** The "verify" action: checks the chain, and records that it did and what it found. */
export async function verifyAuditChain(ctx: UseCaseContext): Promise<ChainReport> {
  await authorizeRead(ctx, 'audit.verify', 'audit');
  const report = await getDb().$transaction(checkChain, {
    isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead,
    timeout: 600_000,
  });
  await getDb().$transaction((tx) =>
    recordEvent(tx, ctx, { action: 'audit.verify', target: 'audit', outcome: 'succeeded', params: { ...report } }),
  );
  return report;
}
