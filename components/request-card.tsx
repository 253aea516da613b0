import type { ReactNode } from 'react';
import type { ApproverGrant } from '@/lib/approvals/independence';
import type { ApprovalRequestView } from '@/lib/approvals/list-requests';
import type { Actor } from '@/lib/auth/actor';
import { DecisionForm } from './decision-form';
import { canWithdraw, decisionStatus, operationLabel, requestEnd } from './request-facts';
import { DecisionList, PlanNowNotice, RequestPlan, RequestResult, TargetLink } from './request-parts';
import { displayState, StatusBadge } from './status-badges';
import { Timestamp } from './timestamp';
import { Card, CardBody, CardHeader } from './ui/card';
import { WithdrawButton } from './withdraw-button';

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

/** An approval request on its page: what it will do, who asked, how far it is, and the decision. */
export function RequestCard({
  request,
  actor,
  approverGrant,
}: {
  request: ApprovalRequestView;
  actor: Actor;
  /** The actor's approver grant (role_grants), to tell whether their decision would count. */
  approverGrant: ApproverGrant | null;
}) {
  const state = displayState(request);
  const { canDecide, note } = decisionStatus(request, actor, state, approverGrant);
  const end = requestEnd(request, state);
  const titleId = `request-${request.number}-title`;
  return (
    <Card aria-labelledby={titleId} data-request={request.number} data-state={state}>
      <CardHeader
        id={titleId}
        title={
          <span className="flex min-w-0 flex-wrap items-baseline gap-x-2.5 gap-y-1">
            {operationLabel(request.operation)}
            <code className="font-mono text-xs font-normal text-fg-muted">{request.operation}</code>
          </span>
        }
        actions={<StatusBadge value={state} />}
      />

      <CardBody className="flex flex-col gap-3">
        <RequestPlan plan={request.plan} />
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
          <Fact label={end.label}>
            <Timestamp date={end.date} relative stacked />
          </Fact>
          <Fact label="Approvals" testId="request-approvals">
            {request.approvals} of {request.requiredApprovals}
          </Fact>
        </dl>

        <DecisionList decisions={request.decisions} />
        {request.result && <RequestResult result={request.result} state={state} />}

        {canDecide && <DecisionForm requestId={request.id} number={request.number} operation={request.operation} plan={request.plan} />}
        {note && <p className="border-t border-border-muted pt-2.5 text-sm text-fg-muted">{note}</p>}
        {canWithdraw(request, actor, state) && (
          <div className="flex flex-wrap gap-2">
            <WithdrawButton requestId={request.id} number={request.number} />
          </div>
        )}
      </CardBody>
    </Card>
  );
}
