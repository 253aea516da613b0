import Link from 'next/link';

export default function RequestNotFound() {
  return (
    <div className="card empty empty-page">
      <p className="empty-title">Approval request not found</p>
      <p>No approval request has this id.</p>
      <Link href="/approvals" className="btn">
        Back to approvals
      </Link>
    </div>
  );
}
