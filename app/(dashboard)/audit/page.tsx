import type { Metadata } from 'next';
import Link from 'next/link';
import { auditFilters, auditSearch, givenAuditFilters } from '@/app/_lib/audit-filters';
import { pageContext, readOrForbidden } from '@/app/_lib/page-read';
import { AuditFiltersForm } from '@/components/audit-filters-form';
import { AuditTable } from '@/components/audit-table';
import { VerifyChainButton } from '@/components/verify-chain-button';
import { auditFilterProblems, listAuditEvents } from '@/lib/audit/query-events';
import { getAuditActivity } from '@/lib/audit/activity';
import { AuditActivityChart } from '@/components/charts/audit-activity-chart';
import { can } from '@/lib/auth/permissions';

export const metadata: Metadata = { title: 'Audit log' };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await pageContext();
  const { actor } = ctx;
  const raw = await searchParams;
  const given = givenAuditFilters(raw);
  const before = typeof raw.before === 'string' ? raw.before : undefined;
  const { items, nextBefore, query } = await readOrForbidden(listAuditEvents({ ...auditFilters(raw), before }, ctx));
  const activity = await readOrForbidden(getAuditActivity(auditFilters(raw), ctx));
  const filtered = Object.keys(given).length > 0;
  const canExport = can(actor.roles, 'audit.export');
  const canVerify = can(actor.roles, 'audit.verify');

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Audit log</h1>
          <p className="lede">Every change, refusal and sign-in, hash-chained: an event altered or removed in the database shows up when the chain is verified.</p>
        </div>
        <div className="page-actions">
          {canExport && (
            <>
              {/* Plain links: the route answers with a file download, not a page. */}
              <a href={`/api/audit/export?${auditSearch(given, { format: 'csv' })}`} className="btn" download>
                Export CSV
              </a>
              <a href={`/api/audit/export?${auditSearch(given, { format: 'jsonl' })}`} className="btn" download>
                Export JSON Lines
              </a>
            </>
          )}
        </div>
      </div>

      {canVerify && <VerifyChainButton />}

      <AuditFiltersForm given={given} problems={auditFilterProblems(auditFilters(raw))} />

      <AuditActivityChart activity={activity} filtered={filtered} />

      <div className="card">
        {items.length === 0 ? (
          <div className="empty">
            <p className="empty-title">{filtered || before ? 'No events match' : 'No events yet'}</p>
            <p>{filtered ? 'Try other filters, or a wider time range.' : 'Changes, refusals and sign-ins are recorded here.'}</p>
          </div>
        ) : (
          <AuditTable events={items} label="Audit events" />
        )}
      </div>

      <nav aria-label="Pagination" className="pagination">
        <span className="pagination-count" data-testid="audit-count">
          {items.length === 0
            ? 'No events'
            : `Events #${items[0]!.seq}${items.length > 1 ? ` to #${items.at(-1)!.seq}` : ''}, newest first`}
        </span>
        <div className="pagination-links">
          {query.before !== undefined && (
            <Link href={`/audit?${auditSearch(given)}`} className="btn btn-sm">
              ← Newest events
            </Link>
          )}
          {nextBefore ? (
            <Link href={`/audit?${auditSearch(given, { before: nextBefore })}`} className="btn btn-sm" rel="next">
              Older events →
            </Link>
          ) : (
            <span className="btn btn-sm" aria-disabled="true">
              Older events →
            </span>
          )}
        </div>
      </nav>
    </>
  );
}
