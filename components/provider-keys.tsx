'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { pollInterval, SyncBadge, SyncProgress, type DistributionWire } from './distribution-state';
import { formatUtc } from './format';
import { tableClasses } from './ui/classes';
import { Notice } from './ui/notice';

async function fetchProviderKeys(provider: string): Promise<DistributionWire[]> {
  const response = await fetch(`/api/providers/${encodeURIComponent(provider)}/keys`, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) throw new Error(`GET /api/providers/${provider}/keys: ${response.status}`);
  return (await response.json()) as DistributionWire[];
}

/** The keys a provider holds, polled: every 1.5 s while any is moving, slowly otherwise. */
export function ProviderKeys({ provider, initial }: { provider: string; initial: DistributionWire[] }) {
  const { data: list = initial, isError } = useQuery({
    queryKey: ['providers', provider, 'keys'],
    queryFn: () => fetchProviderKeys(provider),
    initialData: initial,
    refetchInterval: (query) => pollInterval(query.state.data),
    // A failed poll keeps the last list; the next one tries again.
    retry: false,
  });

  if (list.length === 0) {
    return (
      <div className="flex flex-col items-center gap-2 px-6 py-10 text-center text-fg-muted">
        <p className="text-base font-semibold text-fg">This provider holds no keys</p>
        <p>Distribute a key from its page.</p>
      </div>
    );
  }
  return (
    <>
      {isError && <p className="text-xs text-fg-muted p-4">The last refresh failed; showing what was known. Retrying…</p>}
      <div className="relative overflow-x-auto">
        <table className={tableClasses} aria-label="Keys held">
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Remote name</th>
              <th scope="col">Purposes</th>
              <th scope="col">Protection</th>
              <th scope="col">State</th>
              <th scope="col">Versions</th>
              <th scope="col">Synced</th>
            </tr>
          </thead>
          <tbody>
            {list.map((d) => (
              <tr key={d.key} data-key={d.key} data-state={d.state}>
                <td>
                  <Link href={`/keys/${d.key}`} className="font-mono font-semibold">
                    {d.key}
                  </Link>
                </td>
                <td className="font-mono [overflow-wrap:anywhere]">{d.remoteName ?? <span className="text-fg-muted">—</span>}</td>
                <td>{d.purposes.join(', ')}</td>
                <td>{d.protection}</td>
                <td>
                  <div className="flex flex-col gap-2">
                    <SyncBadge state={d.state} />
                    <SyncProgress d={d} label={`Progress of ${d.key}`} />
                    {d.error && <Notice tone="error" size="sm" className="mt-1.5">{d.error}</Notice>}
                  </div>
                </td>
                <td className="text-right">
                  {d.progress.done} / {d.progress.total}
                </td>
                <td>{d.syncedAt ? <time dateTime={d.syncedAt}>{formatUtc(d.syncedAt)}</time> : <span className="text-fg-muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
