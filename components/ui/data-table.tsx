'use client';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { cn } from './cn';

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData, TValue> {
    /** Right-aligned tabular numbers. */
    numeric?: boolean;
    /** aria-sort of the header, when the list is sorted by this column (server-side sorting). */
    sort?: 'ascending' | 'descending';
    className?: string;
    align?: 'right';
    /** The cell that names its row (th scope="row"). */
    rowHeader?: boolean;
  }
}

/**
 * A table over TanStack Table's row model. Sorting, filtering and paging stay on the server
 * (search params), so this renders the given page of rows; headers may be sort links. The table
 * scrolls horizontally inside its container on narrow screens instead of widening the page.
 */
export function DataTable<T>({
  columns,
  data,
  label,
  rowKey,
  rowProps,
  empty,
  dense = false,
}: {
  columns: ColumnDef<T, unknown>[];
  data: T[];
  /** The table's accessible name. */
  label: string;
  rowKey: (row: T) => string;
  /** data-* attributes (tests and styles find rows by them) and a class for a row. */
  rowProps?: (row: T) => { className?: string } & Record<`data-${string}`, string | number | undefined>;
  empty?: ReactNode;
  /** Smaller type and padding, cells aligned to the top (the audit log). */
  dense?: boolean;
}) {
  // TanStack Table's instance is not memoizable by the React Compiler; a page of rows renders cheaply anyway.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({ data, columns, getCoreRowModel: getCoreRowModel(), getRowId: rowKey });
  if (data.length === 0 && empty) return <>{empty}</>;
  return (
    <div className="relative w-full overflow-x-auto">
      <table className={cn('w-full border-collapse tabular-nums', dense ? 'text-[12.5px]' : 'text-sm')} aria-label={label}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const meta = header.column.columnDef.meta;
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={meta?.sort}
                    className={cn(
                      'whitespace-nowrap border-b border-border bg-surface-muted align-bottom text-xs font-semibold text-fg-muted',
                      dense ? 'px-2 py-[7px] first:pl-3' : 'px-4 py-2',
                      meta?.numeric || meta?.align === 'right' ? 'text-right' : 'text-left',
                      meta?.className,
                    )}
                  >
                    {header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => {
            const { className, ...attributes } = rowProps?.(row.original) ?? {};
            return (
            <tr key={row.id} className={cn('border-b border-border-muted last:border-b-0 hover:bg-surface-muted', className)} {...attributes}>
              {row.getVisibleCells().map((cell) => {
                const meta = cell.column.columnDef.meta;
                const Cell = meta?.rowHeader ? 'th' : 'td';
                return (
                  <Cell
                    key={cell.id}
                    scope={meta?.rowHeader ? 'row' : undefined}
                    className={cn(
                      'font-normal',
                      dense ? 'px-2 py-[7px] align-top first:pl-3' : 'px-4 py-2 align-middle',
                      meta?.numeric || meta?.align === 'right' ? 'text-right' : 'text-left',
                      meta?.className,
                    )}
                  >
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </Cell>
                );
              })}
            </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** A column header that links to the list sorted by it (the arrow shows the current order). */
export function SortLink({ href, label, active, dir }: { href: string; label: string; active: boolean; dir?: 'asc' | 'desc' }) {
  return (
    <Link href={href} className={cn('inline-flex items-center gap-1 text-fg-muted hover:text-fg hover:no-underline', active && 'text-fg')}>
      {label}
      <span className="text-[10px]" aria-hidden="true">
        {active ? (dir === 'asc' ? '▲' : '▼') : '↕'}
      </span>
    </Link>
  );
}
