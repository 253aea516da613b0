'use client';
import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { pollInterval, StaleNotice, SyncBadge, SyncProgress, type DistributionWire } from './distribution-state';
import { formatUtc } from './format';
import { DataTable } from './ui/data-table';
import { EmptyState } from './ui/empty-state';
import { Notice } from './ui/notice';
import { Truncate } from './ui/truncate';

async function fetchProviderKeys(provider: string): Promise<DistributionWire[]> {
  const response = await fetch(`/api/providers/${encodeURIComponent(provider)}/keys`, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) throw new Error(`GET /api/providers/${provider}/keys: ${response.status}`);
  return (await response.json()) as DistributionWire[];
}

const NONE = <span className="text-fg-muted">—</span>;

const COLUMNS: ColumnDef<DistributionWire, unknown>[] = [
  {
    id: 'key',
    header: 'Key',
    cell: ({ row }) => <Truncate text={row.original.key} href={`/keys/${row.original.key}`} className="font-mono font-semibold" />,
    meta: { rowHeader: true, className: 'max-w-[24rem]' },
  },
  {
    id: 'remoteName',
    header: 'Remote name',
    cell: ({ row }) => row.original.remoteName ?? NONE,
    meta: { className: 'min-w-40 font-mono [overflow-wrap:anywhere]' },
  },
  { id: 'purposes', header: 'Purposes', cell: ({ row }) => row.original.purposes.join(', ') },
  { id: 'protection', header: 'Protection', cell: ({ row }) => row.original.protection },
  {
    id: 'state',
    header: 'State',
    cell: ({ row }) => {
      const d = row.original;
      return (
        <div className="flex min-w-40 flex-col items-start gap-2">
          <SyncBadge state={d.state} />
          <SyncProgress d={d} label={`Progress of ${d.key}`} />
          {d.error && (
            <Notice tone="error" size="sm">
              {d.error}
            </Notice>
          )}
        </div>
      );
    },
  },
  { id: 'versions', header: 'Versions', cell: ({ row }) => `${row.original.progress.done} / ${row.original.progress.total}`, meta: { numeric: true, className: 'whitespace-nowrap' } },
  {
    id: 'synced',
    header: 'Synced',
    cell: ({ row }) => (row.original.syncedAt ? <time dateTime={row.original.syncedAt}>{formatUtc(row.original.syncedAt)}</time> : NONE),
    meta: { className: 'whitespace-nowrap' },
  },
];

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

  return (
    <>
      {isError && <StaleNotice />}
      <DataTable
        columns={COLUMNS}
        data={list}
        label="Keys held"
        rowKey={(d) => d.key}
        rowProps={(d) => ({ 'data-key': d.key, 'data-state': d.state })}
        empty={
          <EmptyState title="This provider holds no keys">
            <p>Distribute a key from its page.</p>
          </EmptyState>
        }
      />
    </>
  );
}
