import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { actorWith } from '@/lib/testing/actors';
import { resetPassword, setDisabled } from '@/lib/users/update-user';
import { authenticate } from './authenticate';
import { hashPassword } from './password';
import { actorForSession, SESSION_IDLE_SECONDS } from './sessions';
import { signOut, signOutEverywhere } from './sign-out';

const request = { requestId: 'req-s', ip: '198.51.100.9', userAgent: 'session-test' };

/** Signs in as a real user and returns what the session cookie would carry. */
async function signIn(username: string, password: string) {
  const user = await authenticate({ username, password }, request);
  if (!user) throw new Error(`${username} could not sign in`);
  return { sessionId: user.sessionId, userId: user.id, sessionVersion: user.sessionVersion };
}

async function userWithPassword(username: string) {
  await getDb().user.create({ data: { username, passwordHash: await hashPassword(`${username}-passphrase`), roles: ['viewer'] } });
  return (browser = 0) => signIn(username, `${username}-passphrase`).then((claim) => ({ ...claim, browser }));
}

describe('sessions', () => {
  it('signing out ends that session on the server: its cookie, copied anywhere, no longer signs in', async () => {
    const signInAs = await userWithPassword('erin');
    const laptop = await signInAs(1);
    const phone = await signInAs(2);
    const actor = await actorForSession(laptop);
    expect(actor).toMatchObject({ username: 'erin', roles: ['viewer'] });
    expect(await getDb().session.findUnique({ where: { id: laptop.sessionId } })).toMatchObject({ ip: '198.51.100.9', userAgent: 'session-test', revokedAt: null });

    await signOut({ actor: actor!, request }, laptop.sessionId);
    expect(await actorForSession(laptop)).toBeNull();
    // Only that session: the same user's other browser stays signed in.
    expect(await actorForSession(phone)).toMatchObject({ username: 'erin' });
    const event = await getDb().auditEvent.findFirst({ where: { action: 'auth.sign_out' }, orderBy: { seq: 'desc' } });
    expect(event).toMatchObject({ actorName: 'erin', outcome: 'succeeded' });
  });

  it('signing out everywhere ends every session of the user and no one else’s', async () => {
    const signInAs = await userWithPassword('frank');
    const sessions = [await signInAs(1), await signInAs(2), await signInAs(3)];
    const other = await (await userWithPassword('grace'))();
    await signOutEverywhere({ actor: (await actorForSession(sessions[0]!))!, request });
    for (const claim of sessions) expect(await actorForSession(claim)).toBeNull();
    expect(await actorForSession(other)).toMatchObject({ username: 'grace' });
    const event = await getDb().auditEvent.findFirst({ where: { action: 'auth.sign_out_everywhere' } });
    expect(event).toMatchObject({ actorName: 'frank', params: { sessions: 3 } });
  });

  it('an admin disabling a user or resetting their password revokes the user’s sessions', async () => {
    const admin = await actorWith(['admin']);
    const heidi = await (await userWithPassword('heidi'))();
    const ivan = await (await userWithPassword('ivan'))();
    await setDisabled({ username: 'heidi', disabled: true }, admin);
    await resetPassword({ username: 'ivan', password: 'a-new-long-passphrase' }, admin);
    for (const claim of [heidi, ivan]) {
      expect(await actorForSession(claim)).toBeNull();
      expect((await getDb().session.findUnique({ where: { id: claim.sessionId } }))?.revokedAt).not.toBeNull();
    }
    // Enabling heidi again does not bring the old session back.
    await setDisabled({ username: 'heidi', disabled: false }, admin);
    expect(await actorForSession({ ...heidi, sessionVersion: heidi.sessionVersion + 2 })).toBeNull();
  });

  it('refuses an expired session, another user’s session id, and a cookie that names no session', async () => {
    const signInAs = await userWithPassword('judy');
    const judy = await signInAs();
    const other = await (await userWithPassword('mallory'))();
    const later = new Date(Date.now() + (SESSION_IDLE_SECONDS + 60) * 1000);
    expect(await actorForSession(judy, later)).toBeNull();
    expect(await actorForSession({ ...judy, userId: other.userId })).toBeNull();
    expect(await actorForSession({ userId: judy.userId, sessionVersion: 0 })).toBeNull();
    expect(await actorForSession({ ...judy, sessionId: 'not-a-uuid' })).toBeNull();
    // Use keeps a session alive: seen again, it expires a full idle period after that.
    const soon = new Date(Date.now() + 5 * 60_000);
    expect(await actorForSession(judy, soon)).not.toBeNull();
    const row = await getDb().session.findUnique({ where: { id: judy.sessionId } });
    expect(row!.expiresAt.getTime()).toBe(soon.getTime() + SESSION_IDLE_SECONDS * 1000);
  });
});
