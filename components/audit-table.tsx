import Link from 'next/link';
import type { AuditEventView } from '@/lib/audit/query-events';
import { StatusBadge } from './status-badges';

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

/**
 * Audit events, newest first. `compact` (a key's history) leaves out the target and where the
 * request came from; the full log shows everything. Targets link to the log filtered by them.
 */
export function AuditTable({ events, compact = false, label }: { events: AuditEventView[]; compact?: boolean; label: string }) {
  return (
    <div className="table-scroll">
      <table className="table table-audit" aria-label={label}>
        <thead>
          <tr>
            <th scope="col" className="num">
              Seq
            </th>
            <th scope="col">Time (UTC)</th>
            <th scope="col">Actor</th>
            <th scope="col">{compact ? 'Action' : 'Action · Target'}</th>
            <th scope="col">Outcome</th>
            <th scope="col">Reason</th>
            <th scope="col">Params</th>
            {!compact && <th scope="col">Request · IP</th>}
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.seq} data-seq={e.seq} data-action={e.action} data-outcome={e.outcome}>
              <td className="num mono">{e.seq}</td>
              <td>
                <EventTime date={e.occurredAt} />
              </td>
              <td className="cell-actor">
                <span className="strong">{e.actorName}</span>
                {e.actorRoles.length > 0 && <span className="cell-sub">{e.actorRoles.join(' · ')}</span>}
              </td>
              <td className="cell-event">
                <code className="type-code">{e.action}</code>
                {!compact && e.target && (
                  <Link href={`/audit?target=${encodeURIComponent(e.target)}`} className="cell-target mono" title={`Events about ${e.target}`}>
                    {e.target}
                  </Link>
                )}
              </td>
              <td>
                <StatusBadge value={e.outcome} />
              </td>
              <td className="cell-wrap cell-reason">{e.reason ?? <span className="muted">—</span>}</td>
              <td className="cell-params">
                {isEmpty(e.params) ? (
                  <span className="muted">—</span>
                ) : (
                  <details className="json">
                    <summary>{compactJson(e.params)}</summary>
                    <pre>{JSON.stringify(e.params, null, 2)}</pre>
                  </details>
                )}
              </td>
              {!compact && (
                <td className="mono cell-id">
                  {e.requestId || e.ip ? (
                    <>
                      <span className="cell-id-line" title={e.requestId ? `Request id ${e.requestId}` : undefined}>
                        {e.requestId ? `${e.requestId.slice(0, 8)}…` : '—'}
                      </span>
                      <span className="cell-id-line" title={e.userAgent ?? undefined}>
                        {e.ip ?? '—'}
                      </span>
                    </>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
