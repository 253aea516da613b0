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
      <time dateTime={iso} className="whitespace-nowrap text-fg-muted">
        {absolute}
      </time>
    );
  }
  return (
    <span className={stacked ? 'inline-flex flex-col whitespace-nowrap leading-snug' : 'whitespace-nowrap text-fg-muted'}>
      <time dateTime={iso} title={absolute} className="text-fg">
        {formatRelative(date)}
      </time>
      <span className={stacked ? 'text-[11.5px] font-normal text-fg-muted' : 'text-xs'}>
        {stacked ? '' : ' · '}
        {absolute}
      </span>
    </span>
  );
}
