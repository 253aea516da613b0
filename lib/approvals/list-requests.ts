import 'server-only';
import { z } from 'zod';
import type { UseCaseContext } from '@/lib/auth/actor';
import { authorizeRead } from '@/lib/auth/authorize';
import { can } from '@/lib/auth/permissions';
import { getDb, type Prisma } from '@/lib/db/client';
import { expireRequests } from './expire-requests';
import { approverGrant, countingApprovals } from './independence';
import { planNow, type PlanNow } from './plan-now';

export const REQUEST_STATES = ['pending', 'executed', 'denied', 'expired', 'failed', 'cancelled'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

const listQuery = z.object({
  state: z.enum(REQUEST_STATES).default('pending').catch('pending'),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});

export interface ApprovalRequestView {
  id: string;
  number: number;
  operation: string;
  /** The plan as it was when the request was made. */
  plan: string;
  /** For a pending request whose plan reads differently now: what would happen now. */
  planNow: PlanNow | null;
  target: string;
  state: RequestState;
  requestedBy: string;
  requestedById: string;
  requestedAt: Date;
  expiresAt: Date;
  resolvedAt: Date | null;
  result: string | null;
  requiredApprovals: number;
  /** Approvals that count now (lib/approvals/independence.ts); for a resolved request, all of them. */
  approvals: number;
  decisions: { approver: string; decision: string; comment: string; decidedAt: Date }[];
}

const include = {
  requestedBy: { select: { username: true } },
  decisions: { include: { approver: { select: { username: true } } }, orderBy: { decidedAt: 'asc' } },
} satisfies Prisma.ApprovalRequestInclude;

type Row = Prisma.ApprovalRequestGetPayload<{ include: typeof include }>;

async function toView(r: Row): Promise<ApprovalRequestView> {
  const live = r.state === 'pending' && r.expiresAt > new Date();
  return {
    id: r.id,
    number: r.number,
    operation: r.operation,
    plan: r.plan,
    planNow: live ? await planNow(r) : null,
    target: r.target,
    state: r.state as RequestState,
    requestedBy: r.requestedBy.username,
    requestedById: r.requestedById,
    requestedAt: r.requestedAt,
    expiresAt: r.expiresAt,
    resolvedAt: r.resolvedAt,
    result: r.result,
    requiredApprovals: r.requiredApprovals,
    approvals: r.state === 'pending' ? await countingApprovals(getDb(), r.id) : r.decisions.filter((d) => d.decision === 'approve').length,
    decisions: r.decisions.map((d) => ({ approver: d.approver.username, decision: d.decision, comment: d.comment, decidedAt: d.decidedAt })),
  };
}

const PAGE_SIZE = 25;

export async function listRequests(input: Record<string, string | string[] | undefined>, ctx: UseCaseContext) {
  await authorizeRead(ctx, 'approval.read');
  await expireRequests();
  const query = listQuery.parse(input);
  const where = { state: query.state };
  const [total, rows] = await Promise.all([
    getDb().approvalRequest.count({ where }),
    getDb().approvalRequest.findMany({
      where,
      include,
      orderBy: { number: 'desc' },
      skip: (query.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
    }),
  ]);
  return { items: await Promise.all(rows.map(toView)), total, query, pageSize: PAGE_SIZE, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

/** A request by its number ("12", as the page and its URL say "#12") or by its id (older links). */
export async function getRequest(ref: string, ctx: UseCaseContext): Promise<ApprovalRequestView | null> {
  await authorizeRead(ctx, 'approval.read');
  const where = /^[1-9]\d{0,8}$/.test(ref) ? { number: Number(ref) } : z.uuid().safeParse(ref).success ? { id: ref } : null;
  if (!where) return null;
  const row = await getDb().approvalRequest.findUnique({ where, include });
  return row && (await toView(row));
}

/**
 * The badge: pending, unexpired requests of others that this approver has not decided on and
 * whose decision would count (made after their approver role was granted, by someone other than
 * its granter: lib/approvals/independence.ts); 0 for anyone who cannot decide.
 */
export async function countAwaitingDecision(ctx: UseCaseContext): Promise<number> {
  await authorizeRead(ctx, 'approval.read');
  const { actor } = ctx;
  if (!actor.userId || !can(actor.roles, 'approval.decide')) return 0;
  const grant = await approverGrant(actor.userId);
  if (!grant) return 0;
  return getDb().approvalRequest.count({
    where: {
      state: 'pending',
      expiresAt: { gt: new Date() },
      requestedAt: { gt: grant.grantedAt },
      AND: [{ requestedById: { not: actor.userId } }, ...(grant.grantedById ? [{ requestedById: { not: grant.grantedById } }] : [])],
      decisions: { none: { approverId: actor.userId } },
    },
  });
}
