import { Badge, type BadgeTone } from '@/components/ui/badge';

/** The colour of an audit outcome or an approval request's state, in one place. */
const TONE: Record<string, BadgeTone> = {
  succeeded: 'success',
  executed: 'success',
  requested: 'warning',
  pending: 'warning',
  denied: 'danger',
  failed: 'danger',
  expired: 'muted',
  // Ended without running, by the requester (withdrawn) or by a deletion of what it named.
  cancelled: 'info',
  withdrawn: 'info',
};

export function StatusBadge({ value, label }: { value: string; label?: string }) {
  return (
    <Badge tone={TONE[value] ?? 'neutral'} data-status={value}>
      {label ?? value}
    </Badge>
  );
}

/** A request still `pending` past its expiry reads as expired (the next list moves it there). */
export function displayState(request: { state: string; expiresAt: Date }, now = new Date()): string {
  return request.state === 'pending' && request.expiresAt <= now ? 'expired' : request.state;
}
