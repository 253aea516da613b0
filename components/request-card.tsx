import type { ReactNode } from 'react';
import Link from 'next/link';
import { dependence, type ApproverGrant } from '@/lib/approvals/independence';
import type { ApprovalRequestView } from '@/lib/approvals/list-requests';
import type { Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/permissions';
import { APPROVABLE_OPERATIONS } from '@/lib/operations/registry';
import { DecisionForm } from './decision-form';
import { cn } from '@/components/ui/cn';
import { displayState, StatusBadge } from './status-badges';
import { Timestamp } from './timestamp';
import { WithdrawButton } from './withdraw-button';

function operationLabel(operation: string) {
  return APPROVABLE_OPERATIONS[operation]?.label ?? operation;
}

/**
 * Whether this actor may decide now, and if not, why not (shown instead of the buttons). The
 * server decides again (decide-request.ts); this only mirrors it.
 */
function decisionStatus(request: ApprovalRequestView, actor: Actor, state: string, grant: ApproverGrant | null): { canDecide: boolean; note?: string } {
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

/** The page of what a request is about, where there is one (a key not yet created has none to show). */
function targetHref(target: string): string | null {
  const colon = target.indexOf(':');
  const [type, name] = [target.slice(0, colon), target.slice(colon + 1)];
  if (colon < 1 || !name) return null;
  if (type === 'key') return `/keys/${encodeURIComponent(name)}`;
  if (type === 'provider') return `/providers/${encodeURIComponent(name)}`;
  return null;
}

function TargetLink({ target }: { target: string }) {
  const href = targetHref(target);
  return href ? <Link href={href}>{target}</Link> : <>{target}</>;
}

/** What a pending request would do now, when its frozen plan no longer says it. */
function PlanNowNotice({ planNow }: { planNow: NonNullable<ApprovalRequestView['planNow']> }) {
  return (
    <div className="flex flex-col gap-1.5 rounded-md border border-warning-border bg-warning-soft px-3 py-2 text-sm text-warning-fg" data-testid="request-plan-now">
      <p>
        <span className="font-semibold">{planNow.runnable ? 'If approved now:' : 'It could not run now:'}</span> {planNow.text}
      </p>
      <p>The plan above is the one requested, as it read then; approving runs the requested operation on the state at that moment.</p>
    </div>
  );
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-fg-muted">{label}</dt>
      <dd className="font-medium [overflow-wrap:anywhere]" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

const RESULT_TONE: Record<string, string> = {
  executed: 'border-success/30 bg-success-soft',
  failed: 'border-danger/30 bg-danger-soft',
  denied: 'border-danger/30 bg-danger-soft',
};

/** One approval request: what it will do, who asked, how far it is, and the decision buttons. */
export function RequestCard({
  request,
  actor,
  approverGrant,
  detail = false,
}: {
  request: ApprovalRequestView;
  actor: Actor;
  /** The actor's approver grant (role_grants), to tell whether their decision would count. */
  approverGrant: ApproverGrant | null;
  detail?: boolean;
}) {
  const state = displayState(request);
  const approvals = request.approvals;
  const { canDecide, note } = decisionStatus(request, actor, state, approverGrant);
  const canWithdraw = state === 'pending' && request.requestedById === actor.userId && can(actor.roles, 'approval.withdraw');
  const titleId = `request-${request.number}-title`;
  return (
    // An article (the card's own landmark in a list of them), with the look of components/ui's Card.
    <article
      aria-labelledby={titleId}
      data-request={request.number}
      data-state={state}
      className="relative min-w-0 overflow-hidden rounded-md border border-border bg-surface shadow-[var(--shadow)]"
    >
      <header className="flex flex-wrap items-center justify-between gap-3 border-b border-border-muted bg-surface-muted px-4 py-2.5">
        <h2 id={titleId} className="flex min-w-0 flex-wrap items-baseline gap-x-2.5 gap-y-1 text-[15px] font-semibold">
          {detail ? <span>Request #{request.number}</span> : <Link href={`/approvals/${request.number}`}>Request #{request.number}</Link>}
          <span className="text-sm font-medium text-fg-muted">{operationLabel(request.operation)}</span>
          <code className="font-mono text-xs font-normal text-fg-muted">{request.operation}</code>
        </h2>
        <StatusBadge value={state} />
      </header>

      <div className="flex flex-col gap-3 px-4 pb-4 pt-3.5">
        <p className="rounded-r-md border-l-[3px] border-accent bg-accent-soft px-3 py-2 text-sm" data-testid="request-plan">
          {request.plan}
        </p>
        {request.planNow && <PlanNowNotice planNow={request.planNow} />}

        <dl className="grid grid-cols-[repeat(auto-fill,minmax(150px,1fr))] gap-x-5 gap-y-2.5">
          <Fact label="Target">
            <span className="font-mono">
              <TargetLink target={request.target} />
            </span>
          </Fact>
          <Fact label="Requested by">{request.requestedBy}</Fact>
          <Fact label="Requested">
            <Timestamp date={request.requestedAt} relative stacked />
          </Fact>
          {state === 'pending' || state === 'expired' || !request.resolvedAt ? (
            <Fact label={state === 'pending' ? 'Expires' : 'Expired'}>
              <Timestamp date={request.expiresAt} relative stacked />
            </Fact>
          ) : (
            <Fact label="Resolved">
              <Timestamp date={request.resolvedAt} relative stacked />
            </Fact>
          )}
          <Fact label="Approvals" testId="request-approvals">
            {approvals} of {request.requiredApprovals}
          </Fact>
        </dl>

        {request.decisions.length > 0 && (
          <ul className="flex flex-col gap-1.5" aria-label="Decisions">
            {request.decisions.map((d) => (
              <li key={d.approver} className="flex flex-wrap items-baseline gap-2">
                <StatusBadge value={d.decision === 'approve' ? 'succeeded' : 'denied'} label={d.decision === 'approve' ? 'Approved' : 'Denied'} />
                <span className="font-semibold">{d.approver}</span>
                <Timestamp date={d.decidedAt} />
                {d.comment && <q className="italic text-fg-muted">{d.comment}</q>}
              </li>
            ))}
          </ul>
        )}

        {request.result && (
          <p className={cn('rounded-md border border-border-muted bg-surface-muted px-3 py-2 text-[13px]', RESULT_TONE[state])} data-testid="request-result">
            <span className="font-semibold">Result:</span> {request.result}
          </p>
        )}

        {canDecide && <DecisionForm requestId={request.id} number={request.number} operation={request.operation} plan={request.plan} />}
        {note && <p className="border-t border-border-muted pt-2.5 text-sm text-fg-muted">{note}</p>}
        {canWithdraw && <WithdrawButton requestId={request.id} number={request.number} />}
      </div>
    </article>
  );
}
