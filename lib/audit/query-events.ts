import 'server-only';
import { z } from 'zod';
import type { UseCaseContext } from '@/lib/auth/actor';
import { authorizeRead } from '@/lib/auth/authorize';
import { getDb, type Prisma } from '@/lib/db/client';
import { AUDIT_ACTIONS, isAuditAction } from './actions';
import { OUTCOMES, type Json } from './canonical';
import { bigintDigits, instant, parseInput, storableText } from '@/lib/validation';

/** A filter as it arrives: one value (a repeated query parameter is refused by the strict form). */
const text = storableText.trim().min(1).max(200);
const LIMIT = 'The limit is a whole number from 1 to 500.';
const limit = z.union([z.number(), z.string().trim().regex(/^\d{1,3}$/).transform(Number)], { error: LIMIT })
  .pipe(z.number().int(LIMIT).min(1, LIMIT).max(500, LIMIT));

const UNKNOWN_ACTION = `The action is not one the audit log records (for example ${AUDIT_ACTIONS[0]}, or "key." for every key action).`;
const action = text.refine(isAuditAction, { error: UNKNOWN_ACTION });

const reversed = (q: { from?: Date; to?: Date }) => !(q.from && q.to && q.from > q.to);
const REVERSED = { message: 'The time range is reversed: "from" is after "to".', path: ['from'] };

/**
 * The audit filters for the API and exports: every bad value is refused with its reason
 * (parseInput → 400), times are checked against the range every layer can hold, and a reversed
 * range is refused rather than silently answered with nothing.
 */
export const strictAuditQuery = z
  .object({
    actor: text.optional(),
    action: action.optional(),
    target: text.optional(),
    outcome: z.enum(OUTCOMES, { error: `The outcome is one of ${OUTCOMES.join(', ')}.` }).optional(),
    from: instant.optional(),
    to: instant.optional(),
    /** Keyset cursor: events older than this sequence number. */
    before: bigintDigits.optional(),
    limit: limit.default(50),
  })
  .refine(reversed, REVERSED);

/** The same filters for pages: a bad value is dropped (the page shows the unfiltered log), never a database error. */
export const auditQuery = z.object({
  actor: text.optional().catch(undefined),
  action: action.optional().catch(undefined),
  target: text.optional().catch(undefined),
  outcome: z.enum(OUTCOMES).optional().catch(undefined),
  from: instant.optional().catch(undefined),
  to: instant.optional().catch(undefined),
  before: bigintDigits.optional().catch(undefined),
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

/**
 * What the page's filter form shows beside each field: why a value was dropped (an unknown action,
 * a time that is not one, a reversed range). The page still answers, unfiltered by that value.
 */
export function auditFilterProblems(input: Record<string, unknown>): Partial<Record<'action' | 'from' | 'to', string>> {
  const parsed = strictAuditQuery.safeParse({ ...input, before: undefined, limit: undefined });
  if (parsed.success) return {};
  const problems: Partial<Record<'action' | 'from' | 'to', string>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if ((field === 'action' || field === 'from' || field === 'to') && !problems[field]) problems[field] = issue.message;
  }
  return problems;
}

/**
 * Actor: a case-insensitive substring. Target: without a type ("ui-aes") a case-insensitive
 * substring of any type's target; with one ("key:UI-AES") that one target in any case, so the
 * links from a key's or request's history never take in "key:ui-aes-2". Substrings are ILIKE,
 * served by the trigram indexes (README, "Audit log").
 */
const TYPED_TARGET = /^[a-z][a-z_-]*:/i;
/** Prisma puts the value into a LIKE pattern as is: its wildcards must be taken literally. */
const literal = (value: string) => value.replace(/[\\%_]/g, '\\$&');

export function whereOf(q: AuditQuery): Prisma.AuditEventWhereInput {
  return {
    ...(q.actor && { actorName: { contains: literal(q.actor), mode: 'insensitive' as const } }),
    // "key." matches every key operation; anything else is an exact action.
    ...(q.action && { action: q.action.endsWith('.') ? { startsWith: q.action } : q.action }),
    ...(q.target && {
      target: TYPED_TARGET.test(q.target) ? { equals: q.target, mode: 'insensitive' as const } : { contains: literal(q.target), mode: 'insensitive' as const },
    }),
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

/**
 * Newest first, keyset-paginated on seq: page N costs the same as page 1 over millions.
 * `strict` (the API) refuses a bad filter with its reason; pages drop it.
 */
export async function listAuditEvents(input: Record<string, unknown>, ctx: UseCaseContext, { strict = false } = {}) {
  await authorizeRead(ctx, 'audit.read', 'audit');
  const query: AuditQuery = strict ? parseInput(strictAuditQuery, input) : auditQuery.parse(input);
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
