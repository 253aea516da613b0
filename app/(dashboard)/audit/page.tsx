import type { Metadata } from 'next';
import { auditFilters, auditSearch, givenAuditFilters } from '@/app/_lib/audit-filters';
import { pageContext, readOrForbidden } from '@/app/_lib/page-read';
import { AuditFiltersForm } from '@/components/audit-filters-form';
import { AuditTable } from '@/components/audit-table';
import { VerifyChainButton } from '@/components/verify-chain-button';
import { auditFilterProblems, listAuditEvents } from '@/lib/audit/query-events';
import { getAuditActivity } from '@/lib/audit/activity';
import { AuditActivityChart } from '@/components/charts/audit-activity-chart';
import { buttonClasses } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { PaginationBar } from '@/components/ui/pagination';
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
      <PageHeader
        title="Audit log"
        description="Every change, refusal and sign-in, hash-chained: an event altered or removed in the database shows up when the chain is verified."
        actions={
          canExport && (
            <>
              {/* Plain links: the route answers with a file download, not a page. */}
              <a href={`/api/audit/export?${auditSearch(given, { format: 'csv' })}`} className={buttonClasses()} download>
                Export CSV
              </a>
              <a href={`/api/audit/export?${auditSearch(given, { format: 'jsonl' })}`} className={buttonClasses()} download>
                Export JSON Lines
              </a>
            </>
          )
        }
      />

      {canVerify && <VerifyChainButton />}

      <AuditFiltersForm given={given} problems={auditFilterProblems(auditFilters(raw))} />

      <AuditActivityChart activity={activity} filtered={filtered} />

      <Card>
        {items.length === 0 ? (
          <EmptyState title={filtered || before ? 'No events match' : 'No events yet'}>
            <p>{filtered ? 'Try other filters, or a wider time range.' : 'Changes, refusals and sign-ins are recorded here.'}</p>
          </EmptyState>
        ) : (
          <AuditTable events={items} label="Audit events" />
        )}
      </Card>

      {/* The log is paged by a cursor (the oldest event shown), not by page numbers: new events never shift a page. */}
      <PaginationBar
        testId="audit-count"
        count={items.length === 0 ? 'No events' : `Events #${items[0]!.seq}${items.length > 1 ? ` to #${items.at(-1)!.seq}` : ''}, newest first`}
        previous={{ label: '← Newest events', href: query.before !== undefined ? `/audit?${auditSearch(given)}` : undefined }}
        next={{ label: 'Older events →', href: nextBefore ? `/audit?${auditSearch(given, { before: nextBefore })}` : undefined, rel: 'next' }}
      />
    </>
  );
}
