import 'server-only';
import type { Tx } from '@/lib/db/client';
import { DomainError } from '@/lib/errors';

export async function lockUser(tx: Tx, username: string) {
  const [user] = await tx.$queryRaw<{ id: string; username: string; roles: string[]; disabledAt: Date | null }[]>`
    SELECT id, username, roles, disabled_at AS "disabledAt" FROM users WHERE username = ${username} FOR UPDATE`;
  if (!user) throw new DomainError('not_found', `No user named "${username}" exists.`);
  return user;
}

/**
 * Refuses a change that would leave no active admin. The active admins are locked together, so
 * two admins demoting each other at once cannot both succeed.
 */
export async function assertKeepsAnAdmin(tx: Tx, user: { id: string; username: string }) {
  const admins = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM users WHERE 'admin' = ANY(roles) AND disabled_at IS NULL ORDER BY id FOR UPDATE`;
  if (admins.length === 1 && admins[0]!.id === user.id) {
    throw new DomainError('precondition_failed', `"${user.username}" is the last active admin: make another admin first.`);
  }
}
