import Link from 'next/link';

export interface RequestedRef {
  id: string;
  number: number;
}

/** "Approval needed…": the operation waits for approval; links to the request(s). */
export function RequestedNotice({ message, requests, id }: { message: string; requests: RequestedRef[]; id?: string }) {
  return (
    <div id={id} className="flex flex-col gap-1.5 rounded-md border border-accent/30 bg-accent-soft px-3 py-2 text-sm" data-testid="approval-requested">
      <p>{message}</p>
      <p className="flex flex-wrap gap-x-4 gap-y-1 font-medium">
        {requests.map((r) => (
          <Link key={r.id} href={`/approvals/${r.number}`}>
            View request #{r.number} →
          </Link>
        ))}
      </p>
    </div>
  );
}
