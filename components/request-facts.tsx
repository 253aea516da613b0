import 'server-only';
import { dependence, type ApproverGrant } from '@/lib/approvals/independence';
import type { ApprovalRequestView } from '@/lib/approvals/list-requests';
import type { Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/permissions';
import { APPROVABLE_OPERATIONS } from '@/lib/operations/registry';
import type { ApprovalRow } from './approvals-table';
import { displayState } from './status-badges';
import { formatRelative, formatUtc } from './format';

export function operationLabel(operation: string) {
  return APPROVABLE_OPERATIONS[operation]?.label ?? operation;
}

/**
 * Whether this actor may decide now, and if not, why not (shown instead of the buttons). The
 * server decides again (decide-request.ts); this only mirrors it.
 */
export function decisionStatus(request: ApprovalRequestView, actor: Actor, state: string, grant: ApproverGrant | null): { canDecide: boolean; note?: string } {
  if (state !== 'pending') return { canDecide: false };
  if (!can(actor.roles, 'approval.decide')) return { canDecide: false };
  if (request.requestedById === actor.userId) {
    return { canDecide: false, note: 'This is your request: another approver must decide on it.' };
  }
  const mine = request.decisions.find((d) => d.approver === actor.username);
  if (mine) return { canDecide: false, note: `You ${mine.decision === 'approve' ? 'approved' : 'denied'} this request.` };
  const why = dependence(grant, request);
  if (why) return { canDecide: false, note: why };
  return { canDecide: true };
}

export function canWithdraw(request: ApprovalRequestView, actor: Actor, state: string) {
  return state === 'pending' && request.requestedById === actor.userId && can(actor.roles, 'approval.withdraw');
}

/** When a request ends (pending) or ended: its expiry, or the time it was resolved. */
export function requestEnd(request: ApprovalRequestView, state: string): { label: string; date: Date } {
  if (state === 'pending' || state === 'expired' || !request.resolvedAt) {
    return { label: state === 'pending' ? 'Expires' : 'Expired', date: request.expiresAt };
  }
  return { label: 'Resolved', date: request.resolvedAt };
}

/** "5 minutes ago", the UTC time in its title: for table cells (the request's page shows both). */
function RelativeTime({ date }: { date: Date }) {
  return (
    <time dateTime={date.toISOString()} title={formatUtc(date)} className="whitespace-nowrap">
      {formatRelative(date)}
    </time>
  );
}

/**
 * A request as a row of the approvals table. Relative times are rendered here, on the server:
 * the table is a client component, and a clock read again in the browser would not match.
 */
export function approvalRow(request: ApprovalRequestView, actor: Actor, grant: ApproverGrant | null): ApprovalRow {
  const state = displayState(request);
  const end = requestEnd(request, state);
  const { canDecide, note } = decisionStatus(request, actor, state, grant);
  // A row's note is short; the request's page says it in full.
  const own = request.requestedById === actor.userId;
  return {
    id: request.id,
    number: request.number,
    operation: request.operation,
    operationLabel: operationLabel(request.operation),
    plan: request.plan,
    planNow: request.planNow,
    target: request.target,
    requestedBy: request.requestedBy,
    requestedAt: <RelativeTime date={request.requestedAt} />,
    end: { label: end.label, time: <RelativeTime date={end.date} /> },
    approvals: request.approvals,
    requiredApprovals: request.requiredApprovals,
    state,
    decisions: request.decisions,
    result: request.result,
    canDecide,
    note: own && note ? 'Your request' : note,
    canWithdraw: canWithdraw(request, actor, state),
  };
}
