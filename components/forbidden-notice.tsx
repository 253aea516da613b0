import Link from 'next/link';

/** What a page says when the user's roles lack the permission it needs (forbidden(), 403). */
export function ForbiddenNotice() {
  return (
    <div className="card empty empty-page" data-testid="forbidden">
      <p className="empty-title">You are not allowed to see this page</p>
      <p>Your roles do not include the permission this page needs. An admin can change your roles.</p>
      <Link href="/" className="btn">
        Go to the overview
      </Link>
    </div>
  );
}
