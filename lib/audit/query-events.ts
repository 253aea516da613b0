import 'server-only';
import { z } from 'zod';
import type { UseCaseContext } from '@/lib/auth/actor';
import { authorizeRead } from '@/lib/auth/authorize';
import { getDb, type Prisma } from '@/lib/db/client';
import { OUTCOMES, type Json } from './canonical';

const text = z.string().trim().min(1).max(200).optional().catch(undefined);
const time = z
  .string()
  .trim()
  .refine((s) => !Number.isNaN(Date.parse(s)))
  .transform((s) => new Date(s))
  .optional()
  .catch(undefined);

export const auditQuery = z.object({
  actor: text,
  action: text,
  target: text,
  outcome: z.enum(OUTCOMES).optional().catch(undefined),
  from: time,
  to: time,
  /** Keyset cursor: events older than this sequence number. */
  before: z.string().regex(/^\d{1,19}$/).transform(BigInt).optional().catch(undefined),
  limit: z.coerce.number().int().min(1).max(500).default(50).catch(50),
});
export type AuditQuery = z.output<typeof auditQuery>;

export interface AuditEventView {
  seq: string;
  occurredAt: Date;
  actorName: string;
  actorRoles: string[];
  action: string;
  target: string | null;
  outcome: string;
  params: Json;
  reason: string | null;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
  hash: string;
}

export function whereOf(q: AuditQuery): Prisma.AuditEventWhereInput {
  return {
    ...(q.actor && { actorName: q.actor }),
    // "key." matches every key operation; anything else is an exact action.
    ...(q.action && { action: q.action.endsWith('.') ? { startsWith: q.action } : q.action }),
    ...(q.target && { target: q.target }),
    ...(q.outcome && { outcome: q.outcome }),
    ...((q.from || q.to) && { occurredAt: { ...(q.from && { gte: q.from }), ...(q.to && { lte: q.to }) } }),
  };
}

function toView(e: Awaited<ReturnType<Prisma.TransactionClient['auditEvent']['findMany']>>[number]): AuditEventView {
  return {
    seq: e.seq.toString(),
    occurredAt: e.occurredAt,
    actorName: e.actorName,
    actorRoles: e.actorRoles,
    action: e.action,
    target: e.target,
    outcome: e.outcome,
    params: e.params as Json,
    reason: e.reason,
    requestId: e.requestId,
    ip: e.ip,
    userAgent: e.userAgent,
    hash: Buffer.from(e.hash).toString('hex'),
  };
}

/** Newest first, keyset-paginated on seq: page N costs the same as page 1 over millions. */
export async function listAuditEvents(input: Record<string, unknown>, ctx: UseCaseContext) {
  await authorizeRead(ctx, 'audit.read', 'audit');
  const query = auditQuery.parse(input);
  const rows = await getDb().auditEvent.findMany({
    where: { ...whereOf(query), ...(query.before !== undefined && { seq: { lt: query.before } }) },
    orderBy: { seq: 'desc' },
    take: query.limit + 1,
  });
  const items = rows.slice(0, query.limit).map(toView);
  return {
    items,
    nextBefore: rows.length > query.limit ? items.at(-1)!.seq : null,
    query: { ...query, before: query.before?.toString() },
  };
}

/** Every matching event, newest first, in batches: for exportAuditEvents, which authorizes the caller. */
export async function* allAuditEvents(query: AuditQuery): AsyncGenerator<AuditEventView> {
  let before = query.before;
  for (;;) {
    const rows = await getDb().auditEvent.findMany({
      where: { ...whereOf(query), ...(before !== undefined && { seq: { lt: before } }) },
      orderBy: { seq: 'desc' },
      take: 1000,
    });
    for (const row of rows) yield toView(row);
    if (rows.length < 1000) return;
    before = rows.at(-1)!.seq;
  }
}
