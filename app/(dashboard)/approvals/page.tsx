import type { Metadata } from 'next';
import Link from 'next/link';
import { pageContext, readOrForbidden } from '@/app/_lib/page-read';
import { ApprovalsTable } from '@/components/approvals-table';
import { approvalRow } from '@/components/request-facts';
import { buttonClasses } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { TabLinks } from '@/components/ui/tab-links';
import { approverGrant } from '@/lib/approvals/independence';
import { listRequests, REQUEST_STATES, type RequestState } from '@/lib/approvals/list-requests';
import { can } from '@/lib/auth/permissions';

export const metadata: Metadata = { title: 'Approvals' };

type SearchParams = Record<string, string | string[] | undefined>;

const TAB_LABELS: Record<RequestState, string> = {
  pending: 'Pending',
  executed: 'Executed',
  denied: 'Denied',
  expired: 'Expired',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

const EMPTY: Record<RequestState, string> = {
  pending: 'Nothing waits for approval. Operations that a policy holds back appear here until approvers decide.',
  executed: 'No approved operation has run yet.',
  denied: 'No request has been denied.',
  expired: 'No request has expired.',
  failed: 'No approved operation has failed.',
  cancelled: 'No request has been withdrawn or cancelled.',
};

function href(state: RequestState, page = 1) {
  const params = new URLSearchParams();
  if (state !== 'pending') params.set('state', state);
  if (page > 1) params.set('page', String(page));
  const search = params.toString();
  return search ? `/approvals?${search}` : '/approvals';
}

export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await pageContext();
  const { actor } = ctx;
  const raw = await searchParams;
  const input = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  // listRequests first moves pending requests past their expiry to `expired`.
  const { items, total, query, pageSize, pageCount } = await readOrForbidden(listRequests(input, ctx));
  // Whether this user's decision would count (the rows mirror decide-request's rule).
  const grant = await approverGrant(actor.userId);
  const { state, page } = query;

  return (
    <>
      <PageHeader
        title="Approvals"
        description="Operations that an approval policy holds back wait here until enough approvers, other than the requester, approve them."
        actions={
          can(actor.roles, 'policy.read') && (
            <Link href="/admin/policies" className={buttonClasses()}>
              Policies
            </Link>
          )
        }
      />

      <TabLinks label="Request states" tabs={REQUEST_STATES.map((s) => ({ href: href(s), label: TAB_LABELS[s], current: s === state }))} />

      <Card>
        {items.length > 0 ? (
          <ApprovalsTable rows={items.map((request) => approvalRow(request, actor, grant))} label={`${TAB_LABELS[state]} requests`} />
        ) : total > 0 ? (
          <EmptyState
            title={`No page ${page}`}
            action={
              <Link href={href(state, pageCount)} className={buttonClasses()}>
                Go to the last page
              </Link>
            }
          >
            <p>{pageCount === 1 ? `These ${state} requests fit on 1 page.` : `These ${state} requests fit on ${pageCount} pages.`}</p>
          </EmptyState>
        ) : (
          <EmptyState title={`No ${state} requests`}>
            <p>{EMPTY[state]}</p>
          </EmptyState>
        )}
      </Card>

      {total > 0 && (
        <Pagination
          page={page}
          pageCount={pageCount}
          total={total}
          shown={items.length}
          pageSize={pageSize}
          noun={[`${state} request`, `${state} requests`]}
          href={(p) => href(state, p)}
          testId="approvals-total"
        />
      )}
    </>
  );
}
