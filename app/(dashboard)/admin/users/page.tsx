import type { Metadata } from 'next';
import { pageContext, readOrForbidden } from '@/app/_lib/page-read';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { CreateUserForm } from '@/components/user-forms';
import { UsersTable } from '@/components/users-table';
import { can } from '@/lib/auth/permissions';
import { sealSummary } from '@/lib/seal/status';
import { listUsers } from '@/lib/users/list-users';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage() {
  const ctx = await pageContext();
  const { actor } = ctx;
  const users = await readOrForbidden(listUsers(ctx));
  const seal = await sealSummary().catch(() => 'Seal: status unavailable');
  const may = {
    create: can(actor.roles, 'user.create'),
    setRoles: can(actor.roles, 'user.set_roles'),
    setDisabled: can(actor.roles, 'user.set_disabled'),
    resetPassword: can(actor.roles, 'user.reset_password'),
  };
  const active = users.filter((u) => !u.disabled).length;

  return (
    <>
      <PageHeader
        title="Users"
        description={
          <>
            Roles decide what each user may do; disabling a user or resetting a password ends their sessions at once.
            <span className="mt-1 block text-xs" data-testid="seal-status">
              {seal} (<code>npm run seal -- status</code>)
            </span>
          </>
        }
      />

      <Card aria-labelledby="users-title">
        <CardHeader
          id="users-title"
          title="Accounts"
          actions={
            <span className="text-fg-muted">
              {users.length} {users.length === 1 ? 'user' : 'users'} · {active} active
            </span>
          }
        />
        <UsersTable
          users={users.map(({ username, roles, disabled, createdAt }) => ({ username, roles, disabled, createdAt }))}
          me={actor.username}
          may={may}
        />
      </Card>

      {may.create && (
        <Card aria-labelledby="create-user-title">
          <CardHeader id="create-user-title" title="Add a user" />
          <CardBody>
            <CreateUserForm />
          </CardBody>
        </Card>
      )}
    </>
  );
}
