import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { DomainError } from '@/lib/errors';
import { actorWith, done } from '@/lib/testing/actors';
import { createUser } from './create-user';
import { resetPassword, setDisabled, setRoles } from './update-user';

// Each test makes its own users, so it passes alone and in any order.
const unique = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;

describe('user administration', () => {
  it('creates users with roles, refuses duplicates, weak passwords and unknown roles, and never stores the password', async () => {
    const admin = await actorWith(['admin']);
    const name = unique('Dana');
    const password = 'correct horse battery';
    expect(await done(createUser({ username: name, password, roles: ['operator', 'viewer', 'operator'] }, admin))).toEqual({
      username: name.toLowerCase(),
      roles: ['operator', 'viewer'],
    });
    const dup = await createUser({ username: name.toLowerCase(), password, roles: [] }, admin).catch((e: DomainError) => e);
    expect(dup).toMatchObject({ code: 'conflict' });
    const weak = await createUser({ username: unique('erin'), password: 'short', roles: [] }, admin).catch((e: DomainError) => e);
    expect(weak).toMatchObject({ code: 'invalid_input', fieldErrors: { password: [expect.stringContaining('at least 12')] } });
    const erin = unique('erin');
    const role = await createUser({ username: erin, password: 'long enough password', roles: ['root'] }, admin).catch((e: DomainError) => e);
    expect(role).toMatchObject({ code: 'invalid_input' });
    expect(await getDb().user.count({ where: { username: erin } })).toBe(0);
    const stored = await getDb().user.findUniqueOrThrow({ where: { username: name.toLowerCase() } });
    expect(stored.passwordHash).toMatch(/^scrypt\$/);
    expect(stored.passwordHash).not.toContain(password);
  });

  it('ends sessions on disable and on password reset (the session version moves)', async () => {
    const admin = await actorWith(['admin']);
    const name = unique('frank');
    await done(createUser({ username: name, password: 'the first passphrase', roles: ['viewer'] }, admin));
    const before = await getDb().user.findUniqueOrThrow({ where: { username: name } });
    await done(resetPassword({ username: name, password: 'a brand new passphrase' }, admin));
    const reset = await getDb().user.findUniqueOrThrow({ where: { username: name } });
    expect(reset.sessionVersion).toBe(before.sessionVersion + 1);
    expect(reset.passwordHash).not.toBe(before.passwordHash);
    await done(setDisabled({ username: name, disabled: true }, admin));
    const after = await getDb().user.findUniqueOrThrow({ where: { username: name } });
    expect(after.sessionVersion).toBe(before.sessionVersion + 2);
    expect(after.disabledAt).not.toBeNull();
  });

  it('never leaves the system without an active admin, even when two admins demote each other at once', async () => {
    const [one, other] = [await actorWith(['admin']), await actorWith(['admin'])];
    const pair = [one.actor.username, other.actor.username];
    // Only these two are active admins from here on (this file's database is its own).
    await getDb().user.updateMany({ where: { username: { notIn: pair }, roles: { has: 'admin' } }, data: { disabledAt: new Date() } });
    const results = await Promise.allSettled([
      setRoles({ username: other.actor.username, roles: ['viewer'] }, one),
      setRoles({ username: one.actor.username, roles: ['viewer'] }, other),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(DomainError);
    expect((refused.reason as DomainError).message).toContain('last active admin');
    const admins = await getDb().user.findMany({ where: { roles: { has: 'admin' }, disabledAt: null } });
    expect(admins.map((u) => u.username)).toHaveLength(1);
    const last = admins[0]!;
    expect(pair).toContain(last.username);
    const lastCtx = last.username === one.actor.username ? one : other;
    const selfDisable = await setDisabled({ username: last.username, disabled: true }, lastCtx).catch((e: DomainError) => e);
    expect(selfDisable).toMatchObject({ code: 'precondition_failed' });
    const selfDemote = await setRoles({ username: last.username, roles: ['viewer'] }, lastCtx).catch((e: DomainError) => e);
    expect(selfDemote).toMatchObject({ code: 'precondition_failed' });
  });
});
