'use client';
import type { ColumnDef } from '@tanstack/react-table';
import Link from 'next/link';
import type { AuditEventView } from '@/lib/audit/query-events';
import { StatusBadge } from './status-badges';
import { subLineClasses } from './ui/classes';
import { Code } from './ui/code';
import { DataTable } from './ui/data-table';
import { Truncate } from './ui/truncate';

/** Date above time, both UTC (the column says so), to the second. */
function EventTime({ date }: { date: Date }) {
  const iso = date.toISOString();
  return (
    <time dateTime={iso} className="inline-flex flex-col whitespace-nowrap tabular-nums">
      <span>{iso.slice(0, 10)}</span>
      <span className="text-fg-muted">{iso.slice(11, 19)}</span>
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

/** A value's JSON on one line, cut to the cell, that opens into the whole value, indented. */
function JsonDetails({ value }: { value: unknown }) {
  return (
    <details className="group/json">
      <summary className="max-w-[190px] cursor-pointer list-inside truncate font-mono text-[11.5px] text-fg-muted group-open/json:text-fg">{compactJson(value)}</summary>
      <pre className="mt-1.5 max-h-60 overflow-auto whitespace-pre-wrap wrap-anywhere rounded border border-border-muted bg-surface-muted px-2 py-1.5 font-mono text-[11px] leading-[1.4]">
        {JSON.stringify(value, null, 2)}
      </pre>
    </details>
  );
}

const dash = <span className="text-fg-muted">—</span>;

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
          {e.actorRoles.length > 0 && <span className={subLineClasses}>{e.actorRoles.join(' · ')}</span>}
        </span>
      ),
      meta: { className: 'min-w-[110px] max-w-[150px] wrap-anywhere' },
    },
    {
      id: 'event',
      header: compact ? 'Action' : 'Action · Target',
      cell: ({ row: { original: e } }) => (
        <>
          <Code>{e.action}</Code>
          {!compact && e.target && (
            <Link href={`/audit?target=${encodeURIComponent(e.target)}`} className="mt-[3px] block font-mono text-[11.5px] wrap-anywhere" title={`Events about ${e.target}`}>
              {e.target}
            </Link>
          )}
        </>
      ),
      meta: { className: 'min-w-[170px] max-w-[240px]' },
    },
    { id: 'outcome', header: 'Outcome', cell: ({ row }) => <StatusBadge value={row.original.outcome} /> },
    { id: 'reason', header: 'Reason', cell: ({ row }) => row.original.reason ?? dash, meta: { className: 'min-w-[130px] max-w-[210px] wrap-anywhere' } },
    {
      id: 'params',
      header: 'Params',
      cell: ({ row: { original: e } }) =>
        isEmpty(e.params) ? (
          dash
        ) : (
          <JsonDetails value={e.params} />
        ),
      meta: { className: 'min-w-[140px] max-w-[200px]' },
    },
  ];
  if (!compact) {
    columns.push({
      id: 'request',
      header: 'Request · IP',
      cell: ({ row: { original: e } }) =>
        e.requestId || e.ip ? (
          <>
            <span className="block" title={e.requestId ? `Request id ${e.requestId}` : undefined}>
              {e.requestId ? `${e.requestId.slice(0, 8)}…` : '—'}
            </span>
            <span className="block" title={e.userAgent ?? undefined}>
              {e.ip ?? '—'}
            </span>
          </>
        ) : (
          dash
        ),
      meta: { className: 'whitespace-nowrap font-mono text-[11.5px] text-fg-muted' },
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
