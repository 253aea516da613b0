'use client';
import { useQuery } from '@tanstack/react-query';

export const AWAITING_QUERY_KEY = ['approvals', 'awaiting'] as const;

async function fetchAwaiting(): Promise<number> {
  const response = await fetch('/api/approvals/awaiting', { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) throw new Error(`GET /api/approvals/awaiting: ${response.status}`);
  const body: unknown = await response.json();
  const count = (body as { count?: unknown }).count;
  return typeof count === 'number' ? count : 0;
}

/**
 * How many approval requests await this approver's decision; polled every 15 s. The server renders
 * the first value, so the badge is right before any JavaScript runs.
 */
export function AwaitingBadge({ initialCount }: { initialCount: number }) {
  const { data: count = initialCount } = useQuery({
    queryKey: AWAITING_QUERY_KEY,
    queryFn: fetchAwaiting,
    initialData: initialCount,
    refetchInterval: 15_000,
    // A failed poll keeps the last count; the next one tries again.
    retry: false,
  });
  if (count <= 0) return null;
  return (
    // Amber on the dark top bar in both themes; white on #9a6700 keeps 4.5:1 at this size.
    <span
      className="h-[18px] min-w-[18px] rounded-full bg-[#9a6700] px-[5px] text-center text-[11px] font-semibold leading-[18px] text-white tabular-nums"
      data-testid="approvals-badge"
      title={`${count} awaiting your decision`}
    >
      {count > 99 ? '99+' : count}
      <span className="sr-only"> awaiting your decision</span>
    </span>
  );
}
