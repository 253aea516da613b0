import { randomBytes } from 'node:crypto';
import type { UseCaseContext } from '@/lib/auth/actor';
import type { Role } from '@/lib/auth/permissions';
import { getDb } from '@/lib/db/client';
import type { Performed } from '@/lib/operations/perform';

/** A real user row with these roles, and a context acting as it. */
export async function actorWith(roles: Role[], name = `${roles.join('-') || 'nobody'}-${randomBytes(3).toString('hex')}`): Promise<UseCaseContext> {
  const user = await getDb().user.create({ data: { username: name, passwordHash: 'scrypt$test', roles } });
  return {
    actor: { userId: user.id, username: user.username, roles },
    request: { requestId: `test-${randomBytes(4).toString('hex')}`, ip: '203.0.113.7', userAgent: 'vitest' },
  };
}

/** The result of an operation that must have run at once. */
export async function done<R>(performed: Promise<Performed<R>>): Promise<R> {
  const p = await performed;
  if (p.status !== 'done') throw new Error(`expected the operation to run, but it became request #${p.request.number}`);
  return p.result;
}
