'use client';
import type { ColumnDef } from '@tanstack/react-table';
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { PlanNow } from '@/lib/approvals/plan-now';
import { DecisionList, PlanNowNotice, RequestPlan, RequestResult, targetHref, type RequestDecision } from './request-parts';
import { StatusBadge } from './status-badges';
import { buttonClasses } from './ui/button';
import { subLineClasses } from './ui/classes';
import { DataTable } from './ui/data-table';
import { Truncate } from './ui/truncate';
import { WithdrawButton } from './withdraw-button';

export interface ApprovalRow {
  id: string;
  number: number;
  operation: string;
  operationLabel: string;
  plan: string;
  planNow: PlanNow | null;
  target: string;
  requestedBy: string;
  /** Rendered on the server (relative times): components/request-facts.tsx. */
  requestedAt: ReactNode;
  end: { label: string; time: ReactNode };
  approvals: number;
  requiredApprovals: number;
  /** The state as shown (a pending request past its expiry reads as expired). */
  state: string;
  decisions: RequestDecision[];
  result: string | null;
  canDecide: boolean;
  /** Why this user cannot decide, when they are an approver. */
  note?: string;
  canWithdraw: boolean;
}

const columns: ColumnDef<ApprovalRow, unknown>[] = [
  {
    id: 'number',
    header: 'Request',
    cell: ({ row: { original: r } }) => (
      <Link href={`/approvals/${r.number}`} className="whitespace-nowrap font-semibold">
        <span className="sr-only">Request </span>#{r.number}
      </Link>
    ),
    meta: { rowHeader: true },
  },
  {
    id: 'operation',
    header: 'Operation',
    cell: ({ row: { original: r } }) => (
      <div className="flex min-w-[16rem] flex-col gap-1.5">
        <span>
          <span className="font-medium">{r.operationLabel}</span>
          <code className={`${subLineClasses} font-mono`}>{r.operation}</code>
        </span>
        <RequestPlan plan={r.plan} />
        {r.planNow && <PlanNowNotice planNow={r.planNow} />}
        {r.result && <RequestResult result={r.result} state={r.state} />}
      </div>
    ),
  },
  {
    id: 'target',
    header: 'Target',
    cell: ({ row: { original: r } }) => <Truncate text={r.target} href={targetHref(r.target) ?? undefined} className="max-w-[12rem] font-mono" />,
  },
  {
    id: 'requested',
    header: 'Requested',
    cell: ({ row: { original: r } }) => (
      <span className="flex flex-col gap-0.5">
        <Truncate text={r.requestedBy} className="max-w-[12rem] font-medium" />
        {r.requestedAt}
      </span>
    ),
  },
  {
    id: 'approvals',
    header: 'Approvals',
    cell: ({ row: { original: r } }) => (
      <div className="max-w-[12rem]">
        <span className="whitespace-nowrap font-medium" data-testid="request-approvals">
          {r.approvals} of {r.requiredApprovals}
        </span>
        <DecisionList decisions={r.decisions} compact />
      </div>
    ),
  },
  {
    id: 'status',
    header: 'Status',
    cell: ({ row: { original: r } }) => (
      <span className="flex flex-col items-start gap-0.5">
        <StatusBadge value={r.state} />
        <span className={`${subLineClasses} mt-1`}>
          {r.end.label} {r.end.time}
        </span>
      </span>
    ),
  },
];

const actions: ColumnDef<ApprovalRow, unknown> = {
  id: 'actions',
  header: 'Actions',
  cell: ({ row: { original: r } }) => (
    <div className="ml-auto flex max-w-[10rem] flex-col items-end gap-1.5">
      {r.canDecide && (
        <Link href={`/approvals/${r.number}`} className={buttonClasses({ variant: 'primary', size: 'sm' })}>
          Decide<span className="sr-only"> on request #{r.number}</span>
        </Link>
      )}
      {r.canWithdraw && <WithdrawButton requestId={r.id} number={r.number} compact />}
      {r.note && <p className="text-right text-xs text-fg-muted">{r.note}</p>}
    </div>
  ),
  meta: { align: 'right' },
};

/**
 * One page of approval requests. Deciding takes the request's page (its plan, history and a
 * comment); the requester can withdraw from here.
 */
export function ApprovalsTable({ rows, label }: { rows: ApprovalRow[]; label: string }) {
  const withActions = rows.some((r) => r.canDecide || r.canWithdraw || r.note);
  return (
    <DataTable
      columns={withActions ? [...columns, actions] : columns}
      data={rows}
      label={label}
      rowKey={(r) => r.id}
      rowProps={(r) => ({ 'data-request': r.number, 'data-state': r.state })}
    />
  );
}
