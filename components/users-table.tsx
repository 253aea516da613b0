'use client';
import type { ColumnDef } from '@tanstack/react-table';
import { Timestamp } from './timestamp';
import { Badge } from './ui/badge';
import { DataTable } from './ui/data-table';
import { Truncate } from './ui/truncate';
import { DisableButton, ResetPasswordForm, RolesForm } from './user-forms';

export interface UserRow {
  username: string;
  roles: string[];
  disabled: boolean;
  createdAt: Date;
}

/** The accounts table of /admin/users; the controls appear only for what the admin may do. */
export function UsersTable({
  users,
  me,
  may,
}: {
  users: UserRow[];
  me: string;
  may: { setRoles: boolean; setDisabled: boolean; resetPassword: boolean };
}) {
  const columns: ColumnDef<UserRow, unknown>[] = [
    {
      id: 'user',
      header: 'User',
      cell: ({ row: { original: user } }) => (
        <span className="flex min-w-0 max-w-[16rem] items-center gap-2">
          <Truncate text={user.username} className="font-mono font-semibold" />
          {user.username === me && <Badge>you</Badge>}
        </span>
      ),
      meta: { rowHeader: true },
    },
    { id: 'roles', header: 'Roles', cell: ({ row }) => <RolesForm username={row.original.username} roles={row.original.roles} disabled={!may.setRoles} /> },
    {
      id: 'status',
      header: 'Status',
      cell: ({ row }) => (
        <Badge tone={row.original.disabled ? 'muted' : 'success'} data-testid="user-status">
          {row.original.disabled ? 'Disabled' : 'Active'}
        </Badge>
      ),
    },
    { id: 'created', header: 'Created', cell: ({ row }) => <Timestamp date={row.original.createdAt} />, meta: { className: 'whitespace-nowrap' } },
  ];
  if (may.setDisabled || may.resetPassword) {
    columns.push({
      id: 'actions',
      header: 'Actions',
      cell: ({ row: { original: user } }) => (
        <div className="flex flex-wrap items-start justify-end gap-2">
          {may.resetPassword && <ResetPasswordForm username={user.username} />}
          {may.setDisabled && <DisableButton username={user.username} disabled={user.disabled} />}
        </div>
      ),
      meta: { align: 'right' },
    });
  }
  return (
    <DataTable
      columns={columns}
      data={users}
      label="Accounts"
      rowKey={(user) => user.username}
      rowProps={(user) => ({ 'data-username': user.username, className: user.disabled ? 'text-fg-muted' : undefined })}
    />
  );
}
