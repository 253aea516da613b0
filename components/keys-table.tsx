'use client';
import type { ColumnDef } from '@tanstack/react-table';
import { KEY_TYPES, type KeyType } from '@/lib/keys/key-types';
import { Timestamp } from './timestamp';
import { Code } from './ui/code';
import { DataTable, SortLink } from './ui/data-table';
import { Truncate } from './ui/truncate';

export interface KeyRow {
  id: string;
  name: string;
  type: KeyType;
  latestVersion: number;
  minEnabledVersion: number;
  createdAt: Date;
  updatedAt: Date;
}

export type KeySort = 'name' | 'type' | 'versions' | 'created' | 'updated';
/** Per sortable column: the link that sorts by it, and whether (and how) the list is sorted by it now. */
export type SortLinks = Record<KeySort, { href: string; active: boolean; dir: 'asc' | 'desc' }>;

function sortHeader(sorts: SortLinks, sort: KeySort, label: string) {
  return function Header() {
    return <SortLink label={label} {...sorts[sort]} />;
  };
}

function ariaSort({ active, dir }: SortLinks[KeySort]) {
  return active ? (dir === 'asc' ? 'ascending' : 'descending') : undefined;
}

/** The /keys table: one page of keys, sorted on the server; long names end in an ellipsis. */
export function KeysTable({ rows, sorts }: { rows: KeyRow[]; sorts: SortLinks }) {
  const columns: ColumnDef<KeyRow, unknown>[] = [
    {
      id: 'name',
      header: sortHeader(sorts, 'name', 'Name'),
      cell: ({ row }) => <Truncate text={row.original.name} href={`/keys/${row.original.name}`} className="font-mono font-semibold" />,
      meta: { sort: ariaSort(sorts.name), className: 'max-w-[24rem]' },
    },
    {
      id: 'type',
      header: sortHeader(sorts, 'type', 'Type'),
      cell: ({ row }) => (
<Code title={KEY_TYPES[row.original.type].label}>{row.original.type}</Code>
      ),
      meta: { sort: ariaSort(sorts.type) },
    },
    { id: 'versions', header: sortHeader(sorts, 'versions', 'Latest version'), cell: ({ row }) => row.original.latestVersion, meta: { numeric: true, sort: ariaSort(sorts.versions) } },
    { id: 'min', header: 'Min enabled', cell: ({ row }) => row.original.minEnabledVersion, meta: { numeric: true } },
    { id: 'created', header: sortHeader(sorts, 'created', 'Created'), cell: ({ row }) => <Timestamp date={row.original.createdAt} />, meta: { sort: ariaSort(sorts.created), className: 'whitespace-nowrap' } },
    { id: 'updated', header: sortHeader(sorts, 'updated', 'Updated'), cell: ({ row }) => <Timestamp date={row.original.updatedAt} />, meta: { sort: ariaSort(sorts.updated), className: 'whitespace-nowrap' } },
  ];
  return <DataTable columns={columns} data={rows} label="Keys" rowKey={(key) => key.id} />;
}
