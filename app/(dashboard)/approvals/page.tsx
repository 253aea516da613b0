import type { Metadata } from 'next';
import Link from 'next/link';
import { pageContext, readOrForbidden } from '@/app/_lib/page-read';
import { RequestCard } from '@/components/request-card';
import { buttonClasses } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
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
  const { items, total, query, pageCount } = await readOrForbidden(listRequests(input, ctx));
  // Whether this user's decision would count (the card mirrors decide-request's rule).
  const grant = await approverGrant(actor.userId);
  const state = query.state;
  const page = query.page;

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

      <nav aria-label="Request states" className="tabs">
        {REQUEST_STATES.map((s) => (
          <Link key={s} href={href(s)} className="tab" aria-current={s === state ? 'page' : undefined}>
            {TAB_LABELS[s]}
          </Link>
        ))}
      </nav>

      {items.length === 0 ? (
        <div className="card empty">
          {total > 0 ? (
            <>
              <p className="empty-title">Page {page} is past the end</p>
              <Link href={href(state, pageCount)} className="btn">
                Go to the last page
              </Link>
            </>
          ) : (
            <>
              <p className="empty-title">No {state} requests</p>
              <p>{EMPTY[state]}</p>
            </>
          )}
        </div>
      ) : (
        <div className="flex flex-col gap-3" data-testid="request-list">
          {items.map((request) => (
            <RequestCard key={request.id} request={request} actor={actor} approverGrant={grant} />
          ))}
        </div>
      )}

      {total > 0 && (
        <nav aria-label="Pagination" className="pagination">
          <span className="pagination-count">
            {total} {state} {total === 1 ? 'request' : 'requests'}
          </span>
          {pageCount > 1 && (
            <div className="pagination-links">
              {page > 1 ? (
                <Link href={href(state, Math.min(page - 1, pageCount))} className="btn btn-sm" rel="prev">
                  Newer
                </Link>
              ) : (
                <span className="btn btn-sm" aria-disabled="true">
                  Newer
                </span>
              )}
              <span className="pagination-page">
                Page {page} of {pageCount}
              </span>
              {page < pageCount ? (
                <Link href={href(state, page + 1)} className="btn btn-sm" rel="next">
                  Older
                </Link>
              ) : (
                <span className="btn btn-sm" aria-disabled="true">
                  Older
                </span>
              )}
            </div>
          )}
        </nav>
      )}
    </>
  );
}
