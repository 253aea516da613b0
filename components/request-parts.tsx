import Link from 'next/link';
import type { PlanNow } from '@/lib/approvals/plan-now';
import { StatusBadge } from './status-badges';
import { Timestamp } from './timestamp';
import { cn } from './ui/cn';
import { Notice } from './ui/notice';

// The pieces of an approval request that its page and the approvals table both show.

export interface RequestDecision {
  approver: string;
  decision: string;
  comment: string;
  decidedAt: Date;
}

/** The page of what a request is about, where there is one (a key not yet created has none to show). */
export function targetHref(target: string): string | null {
  const colon = target.indexOf(':');
  const [type, name] = [target.slice(0, colon), target.slice(colon + 1)];
  if (colon < 1 || !name) return null;
  if (type === 'key') return `/keys/${encodeURIComponent(name)}`;
  if (type === 'provider') return `/providers/${encodeURIComponent(name)}`;
  return null;
}

export function TargetLink({ target }: { target: string }) {
  const href = targetHref(target);
  return href ? <Link href={href}>{target}</Link> : <>{target}</>;
}

/** The plan as it read when the request was made: what approvers are asked to approve. */
export function RequestPlan({ plan, className }: { plan: string; className?: string }) {
  return (
    <p className={cn('rounded-r-md border-l-[3px] border-accent bg-accent-soft px-3 py-2 text-sm', className)} data-testid="request-plan">
      {plan}
    </p>
  );
}

/** What a pending request would do now, when its frozen plan no longer says it. */
export function PlanNowNotice({ planNow }: { planNow: PlanNow }) {
  return (
    <Notice as="div" tone="warning" className="flex flex-col gap-1.5" data-testid="request-plan-now">
      <p>
        <span className="font-semibold">{planNow.runnable ? 'If approved now:' : 'It could not run now:'}</span> {planNow.text}
      </p>
      <p>The plan above is the one requested, as it read then; approving runs the requested operation on the state at that moment.</p>
    </Notice>
  );
}

const RESULT_TONE: Record<string, string> = {
  executed: 'border-success/30 bg-success-soft',
  failed: 'border-danger/30 bg-danger-soft',
  denied: 'border-danger/30 bg-danger-soft',
};

export function RequestResult({ result, state }: { result: string; state: string }) {
  return (
    <p className={cn('rounded-md border px-3 py-2 text-[13px]', RESULT_TONE[state] ?? 'border-border-muted bg-surface-muted')} data-testid="request-result">
      <span className="font-semibold">Result:</span> {result}
    </p>
  );
}

/** Who approved or denied, when, and why; `compact` puts the comment under the name (table cells). */
export function DecisionList({ decisions, compact = false }: { decisions: RequestDecision[]; compact?: boolean }) {
  if (decisions.length === 0) return null;
  return (
    <ul className={cn('flex flex-col', compact ? 'mt-1.5 gap-1 text-xs' : 'gap-1.5')} aria-label="Decisions">
      {decisions.map((d) => (
        <li key={d.approver} className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
          <StatusBadge value={d.decision === 'approve' ? 'succeeded' : 'denied'} label={d.decision === 'approve' ? 'Approved' : 'Denied'} />
          <span className="font-semibold">{d.approver}</span>
          <Timestamp date={d.decidedAt} />
          {d.comment && <q className={cn('italic text-fg-muted', compact && 'basis-full [overflow-wrap:anywhere]')}>{d.comment}</q>}
        </li>
      ))}
    </ul>
  );
}
