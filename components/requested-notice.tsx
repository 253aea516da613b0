import Link from 'next/link';

export interface RequestedRef {
  id: string;
  number: number;
}

/** "Approval needed…": the operation waits for approval; links to the request(s). */
export function RequestedNotice({ message, requests, id }: { message: string; requests: RequestedRef[]; id?: string }) {
  return (
    <div id={id} className="notice notice-info stack-sm" data-testid="approval-requested">
      <p>{message}</p>
      <p className="notice-links">
        {requests.map((r) => (
          <Link key={r.id} href={`/approvals/${r.id}`}>
            View request #{r.number} →
          </Link>
        ))}
      </p>
    </div>
  );
}
