import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';

export default function RequestNotFound() {
  return (
    <EmptyState
      page
      title="Approval request not found"
      action={
        <Link href="/approvals" className={buttonClasses()}>
          Back to approvals
        </Link>
      }
    >
      <p>No approval request has this id.</p>
    </EmptyState>
  );
}
