import { beforeAll, describe, expect, it } from 'vitest';
import type { UseCaseContext } from '@/lib/auth/actor';
import { getDb } from '@/lib/db/client';
import { DomainError } from '@/lib/errors';
import { actorWith, done } from '@/lib/testing/actors';
import { createUser } from './create-user';
import { resetPassword, setDisabled, setRoles } from './update-user';

let root: UseCaseContext;
beforeAll(async () => {
  root = await actorWith(['admin'], 'root-admin');
});

describe('user administration', () => {
  it('creates users with roles, refuses duplicates, weak passwords and unknown roles, and never stores the password', async () => {
    expect(await done(createUser({ username: 'Dana', password: 'correct horse battery', roles: ['operator', 'viewer', 'operator'] }, root))).toEqual({
      username: 'dana',
      roles: ['operator', 'viewer'],
    });
    const dup = await createUser({ username: 'dana', password: 'correct horse battery', roles: [] }, root).catch((e: DomainError) => e);
    expect(dup).toMatchObject({ code: 'conflict' });
    const weak = await createUser({ username: 'erin', password: 'short', roles: [] }, root).catch((e: DomainError) => e);
    expect(weak).toMatchObject({ code: 'invalid_input', fieldErrors: { password: [expect.stringContaining('at least 12')] } });
    const role = await createUser({ username: 'erin', password: 'long enough password', roles: ['root'] }, root).catch((e: DomainError) => e);
    expect(role).toMatchObject({ code: 'invalid_input' });
    const stored = await getDb().user.findUniqueOrThrow({ where: { username: 'dana' } });
    expect(stored.passwordHash).toMatch(/^scrypt\$/);
  });

  it('ends sessions on disable and on password reset (the session version moves)', async () => {
    const before = await getDb().user.findUniqueOrThrow({ where: { username: 'dana' } });
    await done(resetPassword({ username: 'dana', password: 'a brand new passphrase' }, root));
    await done(setDisabled({ username: 'dana', disabled: true }, root));
    const after = await getDb().user.findUniqueOrThrow({ where: { username: 'dana' } });
    expect(after.sessionVersion).toBe(before.sessionVersion + 2);
    expect(after.disabledAt).not.toBeNull();
    expect(after.passwordHash).not.toBe(before.passwordHash);
  });

  it('never leaves the system without an active admin, even when two admins demote each other at once', async () => {
    const other = await actorWith(['admin'], 'second-admin');
    // Only these two are active admins from here on.
    await getDb().user.updateMany({ where: { username: { notIn: ['root-admin', 'second-admin'] }, roles: { has: 'admin' } }, data: { disabledAt: new Date() } });
    const results = await Promise.allSettled([
      setRoles({ username: 'second-admin', roles: ['viewer'] }, root),
      setRoles({ username: 'root-admin', roles: ['viewer'] }, other),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(DomainError);
    expect((refused.reason as DomainError).message).toContain('last active admin');
    const admins = await getDb().user.count({ where: { roles: { has: 'admin' }, disabledAt: null } });
    expect(admins).toBe(1);
    const last = await getDb().user.findFirstOrThrow({ where: { roles: { has: 'admin' }, disabledAt: null } });
    const lastCtx = last.username === 'root-admin' ? root : other;
    const selfDisable = await setDisabled({ username: last.username, disabled: true }, lastCtx).catch((e: DomainError) => e);
    expect(selfDisable).toMatchObject({ code: 'precondition_failed' });
  });
});
