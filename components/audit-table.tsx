'use client';
import type { ColumnDef } from '@tanstack/react-table';
import Link from 'next/link';
import type { AuditEventView } from '@/lib/audit/query-events';
import { StatusBadge } from './status-badges';
import { DataTable } from './ui/data-table';
import { Truncate } from './ui/truncate';

/** Date above time, both UTC (the column says so), to the second. */
function EventTime({ date }: { date: Date }) {
  const iso = date.toISOString();
  return (
    <time dateTime={iso} className="event-time">
      <span>{iso.slice(0, 10)}</span>
      <span>{iso.slice(11, 19)}</span>
    </time>
  );
}

/** A value as one line of JSON, for a compact cell. */
function compactJson(value: unknown): string {
  return JSON.stringify(value) ?? '';
}

function isEmpty(value: unknown) {
  return value === null || (typeof value === 'object' && Object.keys(value as object).length === 0);
}

const dash = <span className="muted">—</span>;

/**
 * Audit events, newest first. `compact` (a key's history) leaves out the target and where the
 * request came from; the full log shows everything. Targets link to the log filtered by them.
 */
export function AuditTable({ events, compact = false, label }: { events: AuditEventView[]; compact?: boolean; label: string }) {
  const columns: ColumnDef<AuditEventView, unknown>[] = [
    { id: 'seq', header: 'Seq', cell: ({ row }) => row.original.seq, meta: { numeric: true, className: 'font-mono' } },
    { id: 'time', header: 'Time (UTC)', cell: ({ row }) => <EventTime date={row.original.occurredAt} /> },
    {
      id: 'actor',
      header: 'Actor',
      cell: ({ row: { original: e } }) => (
        <span className="block max-w-[12rem]">
          <Truncate text={e.actorName} className="font-semibold" />
          {e.actorRoles.length > 0 && <span className="cell-sub">{e.actorRoles.join(' · ')}</span>}
        </span>
      ),
      meta: { className: 'cell-actor' },
    },
    {
      id: 'event',
      header: compact ? 'Action' : 'Action · Target',
      cell: ({ row: { original: e } }) => (
        <>
          <code className="type-code">{e.action}</code>
          {!compact && e.target && (
            <Link href={`/audit?target=${encodeURIComponent(e.target)}`} className="cell-target mono" title={`Events about ${e.target}`}>
              {e.target}
            </Link>
          )}
        </>
      ),
      meta: { className: 'cell-event' },
    },
    { id: 'outcome', header: 'Outcome', cell: ({ row }) => <StatusBadge value={row.original.outcome} /> },
    { id: 'reason', header: 'Reason', cell: ({ row }) => row.original.reason ?? dash, meta: { className: 'cell-wrap cell-reason' } },
    {
      id: 'params',
      header: 'Params',
      cell: ({ row: { original: e } }) =>
        isEmpty(e.params) ? (
          dash
        ) : (
          <details className="json">
            <summary>{compactJson(e.params)}</summary>
            <pre>{JSON.stringify(e.params, null, 2)}</pre>
          </details>
        ),
      meta: { className: 'cell-params' },
    },
  ];
  if (!compact) {
    columns.push({
      id: 'request',
      header: 'Request · IP',
      cell: ({ row: { original: e } }) =>
        e.requestId || e.ip ? (
          <>
            <span className="cell-id-line" title={e.requestId ? `Request id ${e.requestId}` : undefined}>
              {e.requestId ? `${e.requestId.slice(0, 8)}…` : '—'}
            </span>
            <span className="cell-id-line" title={e.userAgent ?? undefined}>
              {e.ip ?? '—'}
            </span>
          </>
        ) : (
          dash
        ),
      meta: { className: 'mono cell-id' },
    });
  }
  return (
    <DataTable
      columns={columns}
      data={events}
      label={label}
      dense
      rowKey={(e) => String(e.seq)}
      rowProps={(e) => ({ 'data-seq': e.seq, 'data-action': e.action, 'data-outcome': e.outcome })}
    />
  );
}
