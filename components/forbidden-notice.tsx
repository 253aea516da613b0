import Link from 'next/link';
import { buttonClasses } from './ui/button';
import { EmptyState } from './ui/empty-state';

/** What a page says when the user's roles lack the permission it needs (forbidden(), 403). */
export function ForbiddenNotice() {
  return (
    <EmptyState
      page
      data-testid="forbidden"
      title="You are not allowed to see this page"
      action={
        <Link href="/" className={buttonClasses()}>
          Go to the overview
        </Link>
      }
    >
      <p>Your roles do not include the permission this page needs. An admin can change your roles.</p>
    </EmptyState>
  );
}
