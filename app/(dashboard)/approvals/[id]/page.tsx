import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, permanentRedirect } from 'next/navigation';
import { pageContext, readOrForbidden } from '@/app/_lib/page-read';
import { AuditTable } from '@/components/audit-table';
import { RequestCard } from '@/components/request-card';
import { Breadcrumb } from '@/components/ui/breadcrumb';
import { Card, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { approverGrant } from '@/lib/approvals/independence';
import { getRequest } from '@/lib/approvals/list-requests';
import { listAuditEvents } from '@/lib/audit/query-events';
import { can } from '@/lib/auth/permissions';

export const metadata: Metadata = { title: 'Approval request' };

export default async function ApprovalRequestPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await pageContext();
  const { actor } = ctx;
  const ref = (await params).id;
  const request = await readOrForbidden(getRequest(ref, ctx));
  if (!request) notFound();
  // The page says "#N", so its address does too; a link by id (older pages, bookmarks) lands here.
  if (ref !== String(request.number)) permanentRedirect(`/approvals/${request.number}`);
  // Whether this user's decision would count (the card mirrors decide-request's rule).
  const grant = await approverGrant(actor.userId);
  // The story of what the request is about (requested, decided, executed), for auditors.
  const events = can(actor.roles, 'audit.read')
    ? (await listAuditEvents({ target: request.target, limit: 50 }, ctx)).items
    : null;

  return (
    <>
      <Breadcrumb
        parents={[{ href: '/approvals', label: 'Approvals' }]}
        current={
          <>
            <span className="sr-only">Request </span>#{request.number}
          </>
        }
      />
      <PageHeader title={`Request #${request.number}`} />
      <RequestCard request={request} actor={actor} approverGrant={grant} />
      {events && (
        <Card aria-labelledby="decision-events-title">
          <CardHeader
            id="decision-events-title"
            title={`History of ${request.target}`}
            actions={
              <Link href={`/audit?target=${encodeURIComponent(request.target)}`} className="text-sm">
                Audit log of {request.target}
              </Link>
            }
          />
          {events.length === 0 ? (
            <p className="px-4 py-6 text-center text-fg-muted">No decision has been recorded yet.</p>
          ) : (
            <AuditTable events={events} label="Decisions in the audit log" />
          )}
        </Card>
      )}
    </>
  );
}
