'use client';
import type { ColumnDef } from '@tanstack/react-table';
import type { DistributionVersionWire } from './distribution-state';
import { SyncBadge } from './distribution-state';
import { formatUtc } from './format';
import { DataTable } from './ui/data-table';
import { noticeClasses } from './ui/notice';

interface VersionRow {
  version: string;
  v: DistributionVersionWire;
  /** When the provider deletes (AWS) or purges (Azure) this version's copy, once a removal ran. */
  deletionDate: string | null;
}

const NONE = <span className="text-fg-muted">—</span>;

function UtcTime({ iso }: { iso: string }) {
  return <time dateTime={iso}>{formatUtc(iso)}</time>;
}

function enabledText({ v }: VersionRow, removal: boolean) {
  const enabled = v.enabled === null ? '—' : v.enabled ? 'enabled' : 'disabled';
  const changing = !removal && v.enabled !== null && v.enabled !== v.wantEnabled;
  return (
    <>
      {enabled}
      {changing && <span className="text-fg-muted"> → {v.wantEnabled ? 'enabling' : 'disabling'}</span>}
    </>
  );
}

/** One provider's copy of every version: remote id, enabled, state, proof, deletion date once removed, last error. */
export function DistributionVersionsTable({
  provider,
  versions,
  removal,
  azure,
  keyDeletionDate,
}: {
  provider: string;
  versions: Record<string, DistributionVersionWire>;
  /** A removal was requested: the enabled flags no longer move, and the deletion dates show. */
  removal: boolean;
  azure: boolean;
  /** The whole key's deletion date (Azure deletes one key for all versions). */
  keyDeletionDate: string | null;
}) {
  const rows: VersionRow[] = Object.entries(versions)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([version, v]) => ({ version, v, deletionDate: v.deletionDate ?? keyDeletionDate }));

  const columns: ColumnDef<VersionRow, unknown>[] = [
    { id: 'version', header: 'Version', cell: ({ row }) => <span className="font-semibold">{row.original.version}</span>, meta: { rowHeader: true } },
    { id: 'remoteId', header: 'Remote id', cell: ({ row }) => row.original.v.remoteId ?? NONE, meta: { className: 'whitespace-nowrap font-mono text-xs' } },
    { id: 'enabled', header: 'Enabled', cell: ({ row }) => enabledText(row.original, removal) },
    { id: 'state', header: 'State', cell: ({ row }) => <SyncBadge state={row.original.v.state} /> },
    {
      id: 'proven',
      header: 'Proven',
      cell: ({ row }) => {
        const { provenAt, proof } = row.original.v;
        if (!provenAt) return NONE;
        return (
          <span className="flex min-w-40 flex-col gap-0.5">
            <UtcTime iso={provenAt} />
            {proof && <span className="block max-w-80 text-[11px] text-fg-muted">{proof}</span>}
          </span>
        );
      },
    },
    ...(removal
      ? [
          {
            id: 'deletion',
            header: azure ? 'Purge date' : 'Deletion date',
            cell: ({ row }) => <span data-testid="deletion-date">{row.original.deletionDate ? <UtcTime iso={row.original.deletionDate} /> : NONE}</span>,
            meta: { className: 'whitespace-nowrap' },
          } satisfies ColumnDef<VersionRow, unknown>,
        ]
      : []),
    {
      id: 'error',
      header: 'Last error',
      cell: ({ row }) => {
        const { error, attempts } = row.original.v;
        if (!error) return NONE;
        return (
          <span className={noticeClasses({ tone: 'error', size: 'sm', className: 'inline-block min-w-48 [overflow-wrap:anywhere]' })}>
            {error}
            {attempts > 1 && <span className="text-fg-muted"> ({attempts} attempts)</span>}
          </span>
        );
      },
    },
  ];

  return (
    <DataTable
      columns={columns}
      data={rows}
      label={`Versions in ${provider}`}
      rowKey={(row) => row.version}
      rowProps={({ version, v }) => ({ 'data-version': version, 'data-state': v.state, 'data-enabled': v.enabled === null ? undefined : String(v.enabled) })}
    />
  );
}
