import type { Metadata } from 'next';
import { pageContext, readOrForbidden } from '@/app/_lib/page-read';
import { Timestamp } from '@/components/timestamp';
import { CreateUserForm, DisableButton, ResetPasswordForm, RolesForm } from '@/components/user-forms';
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
      <div className="page-header">
        <div>
          <h1>Users</h1>
          <p className="lede">Roles decide what each user may do; disabling a user or resetting a password ends their sessions at once.</p>
          <p className="card-meta" data-testid="seal-status">
            {seal} (<code>npm run seal -- status</code>)
          </p>
        </div>
      </div>

      <section className="card" aria-labelledby="users-title">
        <div className="card-title-row">
          <h2 id="users-title" className="card-title">
            Accounts
          </h2>
          <span className="card-meta">
            {users.length} {users.length === 1 ? 'user' : 'users'} · {active} active
          </span>
        </div>
        <div className="table-scroll">
          <table className="table table-users" aria-labelledby="users-title">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Roles</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                {(may.setDisabled || may.resetPassword) && (
                  <th scope="col" className="cell-actions">
                    Actions
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <tr key={user.username} data-username={user.username} className={user.disabled ? 'muted-row' : undefined}>
                  <th scope="row" className="cell-label">
                    <span className="strong mono">{user.username}</span>
                    {user.username === actor.username && <span className="badge badge-neutral badge-inline">you</span>}
                  </th>
                  <td>
                    <RolesForm username={user.username} roles={user.roles} disabled={!may.setRoles} />
                  </td>
                  <td>
                    <span className={`badge ${user.disabled ? 'badge-muted' : 'badge-success'}`} data-testid="user-status">
                      {user.disabled ? 'Disabled' : 'Active'}
                    </span>
                  </td>
                  <td>
                    <Timestamp date={user.createdAt} />
                  </td>
                  {(may.setDisabled || may.resetPassword) && (
                    <td className="cell-actions">
                      <div className="row-actions">
                        {may.resetPassword && <ResetPasswordForm username={user.username} />}
                        {may.setDisabled && <DisableButton username={user.username} disabled={user.disabled} />}
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {may.create && (
        <section className="card" aria-labelledby="create-user-title">
          <h2 id="create-user-title" className="card-title">
            Add a user
          </h2>
          <div className="card-body">
            <CreateUserForm />
          </div>
        </section>
      )}
    </>
  );
}
