import { formatRelative, formatUtc } from './format';

/**
 * A server-rendered time: absolute UTC by default, or relative with the absolute time beside it.
 * Server components only: a relative time rendered again in the browser would not match.
 */
export function Timestamp({ date, relative = false }: { date: Date; relative?: boolean }) {
  const absolute = formatUtc(date);
  const iso = date.toISOString();
  if (!relative) {
    return (
      <time dateTime={iso} className="timestamp">
        {absolute}
      </time>
    );
  }
  return (
    <span className="timestamp">
      <time dateTime={iso} title={absolute}>
        {formatRelative(date)}
      </time>
      <span className="timestamp-absolute"> · {absolute}</span>
    </span>
  );
}
