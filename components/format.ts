// Times are rendered on the server, in UTC, so the HTML is the same for every viewer and
// hydration never sees a different clock or time zone.

/** "2026-11-22 17:03 UTC", or "2026-11-22 17:03:09 UTC" with seconds. */
export function formatUtc(date: Date | string, { seconds = false } = {}): string {
  const iso = new Date(date).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, seconds ? 19 : 16)} UTC`;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "just now", "5 minutes ago", "yesterday", ... relative to `now`. */
export function formatRelative(date: Date | string, now: Date = new Date()): string {
  const seconds = Math.round((new Date(date).getTime() - now.getTime()) / 1000);
  if (Math.abs(seconds) < 45) return 'just now';
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(Math.round(seconds / 60), 'minute');
}

const count = new Intl.NumberFormat('en-US');

/** A count with thousands separators: "1,234,567". */
export function formatCount(n: number | bigint): string {
  return count.format(n);
}
