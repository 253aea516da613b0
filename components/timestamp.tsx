import { formatRelative, formatUtc } from './format';

/**
 * A server-rendered time: absolute UTC by default (to the second with `seconds`), or relative
 * with the absolute time beside (or below) it. Server components only: a relative time rendered again in the
 * browser would not match.
 */
export function Timestamp({
  date,
  relative = false,
  seconds = false,
  stacked = false,
}: {
  date: Date;
  relative?: boolean;
  seconds?: boolean;
  /** Relative time above, absolute time below (for narrow columns). */
  stacked?: boolean;
}) {
  const absolute = formatUtc(date, { seconds });
  const iso = date.toISOString();
  if (!relative) {
    return (
      <time dateTime={iso} className="timestamp">
        {absolute}
      </time>
    );
  }
  return (
    <span className={`timestamp${stacked ? ' timestamp-stacked' : ''}`}>
      <time dateTime={iso} title={absolute}>
        {formatRelative(date)}
      </time>
      <span className="timestamp-absolute">
        {stacked ? '' : ' · '}
        {absolute}
      </span>
    </span>
  );
}
