import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { checkChain } from '@/lib/audit/verify-chain';
import { authenticate, SIGN_IN_THROTTLE } from './authenticate';
import { hashPassword } from './password';

const request = { requestId: 'req-1', ip: '198.51.100.4', userAgent: 'test-agent' };

describe('signing in', () => {
  it('accepts the right password, refuses a wrong one, an unknown user and junk alike, and audits each attempt', async () => {
    const user = await getDb().user.create({
      data: { username: 'alice', passwordHash: await hashPassword('s3cret-passphrase'), roles: ['viewer'] },
    });
    const ok = { id: user.id, name: 'alice', sessionVersion: 0, sessionId: expect.any(String) };
    expect(await authenticate({ username: 'alice', password: 's3cret-passphrase' }, request)).toEqual(ok);
    expect(await authenticate({ username: ' Alice ', password: 's3cret-passphrase' })).toEqual(ok);
    expect(await authenticate({ username: 'alice', password: 'wrong' }, request)).toBeNull();
    expect(await authenticate({ username: 'mallory', password: 's3cret-passphrase' })).toBeNull();
    expect(await authenticate({ username: ['alice'], password: { $ne: 1 } })).toBeNull();
    expect(await authenticate(undefined)).toBeNull();

    const events = await getDb().auditEvent.findMany({ where: { action: 'auth.sign_in' }, orderBy: { seq: 'asc' } });
    expect(events.map((e) => [e.actorName, e.outcome])).toEqual([
      ['alice', 'succeeded'],
      ['alice', 'succeeded'],
      ['alice', 'denied'],
      ['mallory', 'denied'],
      ['(invalid)', 'denied'],
      ['(invalid)', 'denied'],
    ]);
    expect(events[0]).toMatchObject({ ip: '198.51.100.4', userAgent: 'test-agent', requestId: 'req-1', actorRoles: ['viewer'] });
    expect(JSON.stringify(events, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))).not.toContain('s3cret-passphrase');
  });

  it('refuses a disabled account even with the right password', async () => {
    await getDb().user.create({
      data: { username: 'bob', passwordHash: await hashPassword('another-passphrase'), disabledAt: new Date() },
    });
    expect(await authenticate({ username: 'bob', password: 'another-passphrase' })).toBeNull();
    const [event] = await getDb().auditEvent.findMany({ where: { actorName: 'bob' } });
    expect(event).toMatchObject({ outcome: 'denied', reason: 'account disabled' });
  });

  it('stops checking passwords for a username after repeated failures, for a while', async () => {
    await getDb().user.create({ data: { username: 'carol', passwordHash: await hashPassword('carols-passphrase') } });
    for (let i = 0; i < SIGN_IN_THROTTLE.failures; i++) {
      expect(await authenticate({ username: 'carol', password: `guess-${i}` })).toBeNull();
    }
    // Even the right password is refused now, without being checked.
    expect(await authenticate({ username: 'carol', password: 'carols-passphrase' })).toBeNull();
    const last = await getDb().auditEvent.findFirst({ where: { target: 'user:carol' }, orderBy: { seq: 'desc' } });
    expect(last?.reason).toBe('too many failed sign-ins: try again later');
    // Once the window has passed, the right password works again.
    const later = new Date(Date.now() + (SIGN_IN_THROTTLE.windowMinutes + 1) * 60_000);
    expect(await authenticate({ username: 'carol', password: 'carols-passphrase' }, undefined, later)).not.toBeNull();
  });

  it('checks at most the limit of passwords however many attempts arrive at once', async () => {
    await getDb().user.create({ data: { username: 'dave', passwordHash: await hashPassword('daves-passphrase') } });
    const attempts = 40;
    const results = await Promise.all(
      Array.from({ length: attempts }, (_, i) => authenticate({ username: 'dave', password: i === attempts - 1 ? 'daves-passphrase' : `guess-${i}` })),
    );
    const events = await getDb().auditEvent.findMany({ where: { target: 'user:dave', action: 'auth.sign_in' } });
    const checked = events.filter((e) => e.reason !== 'too many failed sign-ins: try again later');
    expect(events).toHaveLength(attempts);
    expect(checked.length).toBeLessThanOrEqual(SIGN_IN_THROTTLE.failures);
    // Nothing got in past the limit: an accepted password was one of the checked ones.
    expect(results.filter(Boolean).length).toBe(checked.filter((e) => e.outcome === 'succeeded').length);
    // And the limit holds afterwards too, for the right password.
    expect(await authenticate({ username: 'dave', password: 'daves-passphrase' })).toBeNull();
  });

  it('records hostile usernames as (invalid), and the chain still verifies', async () => {
    for (const username of [`${'a'.repeat(63)}😀`, 'x\u0000y', '\ud800', 'Robert"); DROP TABLE users;--']) {
      expect(await authenticate({ username, password: 'whatever' })).toBeNull();
    }
    const names = await getDb().auditEvent.findMany({ where: { action: 'auth.sign_in' }, orderBy: { seq: 'desc' }, take: 4 });
    expect(names.map((e) => e.actorName)).toEqual(['(invalid)', '(invalid)', '(invalid)', '(invalid)']);
    expect((await getDb().$transaction((tx) => checkChain(tx))).ok).toBe(true);
  });
});
