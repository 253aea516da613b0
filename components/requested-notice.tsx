import Link from 'next/link';
import { Notice } from './ui/notice';

export interface RequestedRef {
  id: string;
  number: number;
}

/** "Approval needed…": the operation waits for approval; links to the request(s). */
export function RequestedNotice({ message, requests, id }: { message: string; requests: RequestedRef[]; id?: string }) {
  return (
    <Notice as="div" tone="info" id={id} className="flex flex-col gap-1.5" data-testid="approval-requested">
      <p>{message}</p>
      <p className="flex flex-wrap gap-x-4 gap-y-1 font-medium">
        {requests.map((r) => (
          <Link key={r.id} href={`/approvals/${r.number}`}>
            View request #{r.number} →
          </Link>
        ))}
      </p>
    </Notice>
  );
}
