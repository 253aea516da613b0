import 'server-only';
import type { Tx } from '@/lib/db/client';
import { DomainError } from '@/lib/errors';

interface LockedUser {
  id: string;
  username: string;
  roles: string[];
  disabledAt: Date | null;
}

async function lockRows(tx: Tx, username: string, withAdmins: boolean) {
  // One statement, rows locked in id order: two admins changing each other at once queue
  // instead of deadlocking.
  return tx.$queryRaw<LockedUser[]>`
    SELECT id, username, roles, disabled_at AS "disabledAt" FROM users
    WHERE username = ${username} OR (${withAdmins} AND 'admin' = ANY(roles) AND disabled_at IS NULL)
    ORDER BY id FOR UPDATE`;
}

function found(rows: LockedUser[], username: string) {
  const user = rows.find((u) => u.username === username);
  if (!user) throw new DomainError('not_found', `No user named "${username}" exists.`);
  return user;
}

export async function lockUser(tx: Tx, username: string) {
  return found(await lockRows(tx, username, false), username);
}

/**
 * Locks the user together with every active admin and refuses, when `losesAdmin` says the change
 * takes the user's admin power away, to leave no active admin.
 */
export async function lockUserKeepingAnAdmin(tx: Tx, username: string, losesAdmin: (user: LockedUser) => boolean) {
  const rows = await lockRows(tx, username, true);
  const user = found(rows, username);
  const activeAdmins = rows.filter((u) => u.roles.includes('admin') && !u.disabledAt);
  if (losesAdmin(user) && activeAdmins.length === 1 && activeAdmins[0]!.id === user.id) {
    throw new DomainError('precondition_failed', `"${user.username}" is the last active admin: make another admin first.`);
  }
  return user;
}
