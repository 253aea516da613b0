/** The colour of an audit outcome or an approval request's state, in one place. */
const TONE: Record<string, string> = {
  succeeded: 'badge-success',
  executed: 'badge-success',
  requested: 'badge-warning',
  pending: 'badge-warning',
  denied: 'badge-danger',
  failed: 'badge-danger',
  expired: 'badge-muted',
};

export function StatusBadge({ value, label }: { value: string; label?: string }) {
  return (
    <span className={`badge ${TONE[value] ?? 'badge-neutral'}`} data-status={value}>
      {label ?? value}
    </span>
  );
}

/** A request still `pending` past its expiry reads as expired (the next list moves it there). */
export function displayState(request: { state: string; expiresAt: Date }, now = new Date()): string {
  return request.state === 'pending' && request.expiresAt <= now ? 'expired' : request.state;
}
