import type { DistributionVersionView, DistributionView } from '@/lib/distribution/views';

/** Views as they cross the wire: dates become ISO strings (the API's JSON and the page's initial data alike). */
type Wire<T> = T extends Date ? string : T extends (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;
export type DistributionWire = Wire<DistributionView>;
export type DistributionVersionWire = Wire<DistributionVersionView>;

export function toWire<T>(value: T): Wire<T> {
  return JSON.parse(JSON.stringify(value)) as Wire<T>;
}

const STATES: Record<string, { label: string; tone: string }> = {
  pending: { label: 'pending', tone: 'badge-warning' },
  importing: { label: 'importing', tone: 'badge-neutral' },
  syncing: { label: 'syncing', tone: 'badge-neutral' },
  in_sync: { label: 'in sync', tone: 'badge-success' },
  failed: { label: 'failed', tone: 'badge-danger' },
  removing: { label: 'removing', tone: 'badge-warning' },
  removed: { label: 'removed', tone: 'badge-muted' },
};

/** A distribution's (or a version's) sync state, in one place. */
export function SyncBadge({ state }: { state: string }) {
  const { label, tone } = STATES[state] ?? { label: state, tone: 'badge-neutral' };
  return (
    <span className={`badge ${tone}`} data-state={state}>
      {label}
    </span>
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
    <div className="progress-row">
      <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={total} aria-valuenow={done}>
        <div className="progress-bar" style={{ width: `${Math.round((done / total) * 100)}%` }} />
      </div>
      <span className="progress-text">
        {done} of {total} {total === 1 ? 'version' : 'versions'} {verb}
      </span>
    </div>
  );
}
