'use client';
import type { ColumnDef } from '@tanstack/react-table';
import { PROVIDER_KIND_LABELS, type ProviderKind } from '@/lib/providers/capabilities';
import { SyncBadge } from './distribution-state';
import { DataTable } from './ui/data-table';
import { Truncate } from './ui/truncate';

export interface ProviderTableRow {
  id: string;
  name: string;
  kind: ProviderKind;
  keyCollection: string;
  endpoint: string | null;
  /** How it authenticates ("access key", "SDK default chain"), never a value. */
  credentials: string;
  /** Keys held, counted by sync state. */
  keys: Record<string, number>;
}

const COLUMNS: ColumnDef<ProviderTableRow, unknown>[] = [
  {
    id: 'name',
    header: 'Name',
    cell: ({ row }) => <Truncate text={row.original.name} href={`/providers/${row.original.name}`} className="font-mono font-semibold" />,
    meta: { rowHeader: true, className: 'max-w-[20rem]' },
  },
  { id: 'kind', header: 'Kind', cell: ({ row }) => PROVIDER_KIND_LABELS[row.original.kind], meta: { className: 'whitespace-nowrap' } },
  { id: 'collection', header: 'Key collection', cell: ({ row }) => row.original.keyCollection, meta: { className: 'font-mono' } },
  {
    id: 'endpoint',
    header: 'Endpoint',
    cell: ({ row }) => row.original.endpoint ?? <span className="text-fg-muted">default</span>,
    meta: { className: 'min-w-40 font-mono [overflow-wrap:anywhere]' },
  },
  { id: 'credentials', header: 'Credentials', cell: ({ row }) => row.original.credentials },
  {
    id: 'keys',
    header: 'Keys held',
    cell: ({ row }) => {
      const states = Object.entries(row.original.keys);
      if (states.length === 0) return <span className="text-fg-muted">none</span>;
      return (
        <span className="inline-flex flex-wrap gap-1.5">
          {states.map(([state, count]) => (
            <span key={state} className="inline-flex items-center gap-1 text-[13px]">
              {count} <SyncBadge state={state} />
            </span>
          ))}
        </span>
      );
    },
  },
];

/** The /providers table: every provider, what it is and how many keys it holds in each state. */
export function ProvidersTable({ rows }: { rows: ProviderTableRow[] }) {
  return <DataTable columns={COLUMNS} data={rows} label="Providers" rowKey={(p) => p.id} rowProps={(p) => ({ 'data-provider': p.name })} />;
}
