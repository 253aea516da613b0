import { Badge, type BadgeTone } from './ui/badge';
import type { DistributionVersionView, DistributionView } from '@/lib/distribution/views';

/** Views as they cross the wire: dates become ISO strings (the API's JSON and the page's initial data alike). */
type Wire<T> = T extends Date ? string : T extends (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;
export type DistributionWire = Wire<DistributionView>;
export type DistributionVersionWire = Wire<DistributionVersionView>;

export function toWire<T>(value: T): Wire<T> {
  return JSON.parse(JSON.stringify(value)) as Wire<T>;
}

const STATES: Record<string, { label: string; tone: BadgeTone }> = {
  pending: { label: 'pending', tone: 'warning' },
  importing: { label: 'importing', tone: 'neutral' },
  syncing: { label: 'syncing', tone: 'neutral' },
  in_sync: { label: 'in sync', tone: 'success' },
  failed: { label: 'failed', tone: 'danger' },
  removing: { label: 'removing', tone: 'warning' },
  removed: { label: 'removed', tone: 'muted' },
};

/** A distribution's (or a version's) sync state, in one place. */
export function SyncBadge({ state }: { state: string }) {
  const { label, tone } = STATES[state] ?? { label: state, tone: 'neutral' };
  return (
    <Badge tone={tone} data-state={state}>
      {label}
    </Badge>
  );
}

export const distributionsQueryKey = (key: string) => ['keys', key, 'distributions'] as const;

/** Work is under way: the list is polled fast until it settles. */
export function isBusy(d: Pick<DistributionWire, 'state' | 'progress'>): boolean {
  return d.state === 'pending' || d.state === 'syncing' || d.state === 'removing' || (d.state !== 'failed' && d.state !== 'removed' && d.progress.done < d.progress.total);
}

/** How often to poll a list of distributions: fast while any is moving, slowly otherwise. */
export function pollInterval(list: readonly Pick<DistributionWire, 'state' | 'progress'>[] | undefined): number {
  return list?.some(isBusy) ? 1_500 : 10_000;
}

export function SyncProgress({ d, label }: { d: Pick<DistributionWire, 'state' | 'progress'>; label: string }) {
  const { done, total } = d.progress;
  if (!isBusy(d) || total === 0) return null;
  const verb = d.state === 'removing' ? 'removed' : 'in sync';
  return (
    <div className="flex items-center gap-2">
      <div className="h-1.5 min-w-20 max-w-60 flex-1 overflow-hidden rounded-full bg-surface-hover" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={total} aria-valuenow={done}>
        <div className="h-full bg-accent transition-[width] duration-300" style={{ width: `${Math.round((done / total) * 100)}%` }} />
      </div>
      <span className="whitespace-nowrap text-xs text-fg-muted">
        {done} of {total} {total === 1 ? 'version' : 'versions'} {verb}
      </span>
    </div>
  );
}

/** A poll failed: the list shown is the last one known (the next poll tries again). */
export function StaleNotice() {
  return <p className="px-4 pt-4 text-xs text-fg-muted">The last refresh failed; showing what was known. Retrying…</p>;
}
