import Link from 'next/link';
import { dependence, type ApproverGrant } from '@/lib/approvals/independence';
import type { ApprovalRequestView } from '@/lib/approvals/list-requests';
import type { Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/permissions';
import { APPROVABLE_OPERATIONS } from '@/lib/operations/registry';
import { DecisionForm } from './decision-form';
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

/** What a pending request would do now, when its frozen plan no longer says it. */
function PlanNowNotice({ planNow }: { planNow: NonNullable<ApprovalRequestView['planNow']> }) {
  return (
    <div className="notice notice-warning stack-sm" data-testid="request-plan-now">
      <p>
        <span className="strong">{planNow.runnable ? 'If approved now:' : 'It could not run now:'}</span> {planNow.text}
      </p>
      <p>The plan above is the one requested, as it read then; approving runs the requested operation on the state at that moment.</p>
    </div>
  );
}

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
    <article className="card request" aria-labelledby={titleId} data-request={request.number} data-state={state}>
      <header className="request-header">
        <h2 id={titleId} className="request-title">
          {detail ? (
            <span>Request #{request.number}</span>
          ) : (
            <Link href={`/approvals/${request.id}`}>Request #{request.number}</Link>
          )}
          <span className="request-operation">{operationLabel(request.operation)}</span>
          <code className="type-code">{request.operation}</code>
        </h2>
        <StatusBadge value={state} />
      </header>

      <div className="request-body">
        <p className="request-plan" data-testid="request-plan">
          {request.plan}
        </p>
        {request.planNow && <PlanNowNotice planNow={request.planNow} />}

        <dl className="request-facts">
          <div>
            <dt>Target</dt>
            <dd className="mono">{request.target}</dd>
          </div>
          <div>
            <dt>Requested by</dt>
            <dd>{request.requestedBy}</dd>
          </div>
          <div>
            <dt>Requested</dt>
            <dd>
              <Timestamp date={request.requestedAt} relative stacked />
            </dd>
          </div>
          {state === 'pending' || state === 'expired' || !request.resolvedAt ? (
            <div>
              <dt>{state === 'pending' ? 'Expires' : 'Expired'}</dt>
              <dd>
                <Timestamp date={request.expiresAt} relative stacked />
              </dd>
            </div>
          ) : (
            <div>
              <dt>Resolved</dt>
              <dd>
                <Timestamp date={request.resolvedAt} relative stacked />
              </dd>
            </div>
          )}
          <div>
            <dt>Approvals</dt>
            <dd data-testid="request-approvals">
              {approvals} of {request.requiredApprovals}
            </dd>
          </div>
        </dl>

        {request.decisions.length > 0 && (
          <ul className="decision-list" aria-label="Decisions">
            {request.decisions.map((d) => (
              <li key={d.approver}>
                <StatusBadge value={d.decision === 'approve' ? 'succeeded' : 'denied'} label={d.decision === 'approve' ? 'Approved' : 'Denied'} />
                <span className="strong">{d.approver}</span>
                <Timestamp date={d.decidedAt} />
                {d.comment && <q className="decision-comment">{d.comment}</q>}
              </li>
            ))}
          </ul>
        )}

        {request.result && (
          <p className={`request-result request-result-${state}`} data-testid="request-result">
            <span className="strong">Result:</span> {request.result}
          </p>
        )}

        {canDecide && <DecisionForm requestId={request.id} number={request.number} />}
        {note && <p className="hint request-note">{note}</p>}
        {canWithdraw && <WithdrawButton requestId={request.id} number={request.number} />}
      </div>
    </article>
  );
}
