import { parseCrontab } from 'graphile-worker';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { AUTH_PRUNE_TASK, KEYWARDEN_CRONTAB, keywardenTasks } from '@/lib/jobs/tasks';
import { hashPassword } from './password';
import { ENDED_SESSION_RETENTION_DAYS, pruneAuthState } from './prune';
import { SIGN_IN_THROTTLE } from './throttle';

const DAY = 86_400_000;

describe('pruning sessions and sign-in throttle windows', () => {
  it('deletes sessions ended before the retention and throttle windows that are over, and nothing that can still decide', async () => {
    const now = new Date('2026-11-20T12:00:00Z');
    const old = new Date(now.getTime() - (ENDED_SESSION_RETENTION_DAYS + 1) * DAY);
    const recent = new Date(now.getTime() - DAY);
    const user = await getDb().user.create({ data: { username: 'pruned-user', passwordHash: await hashPassword('pruned-user-pass'), roles: ['viewer'] } });
    const session = (data: { expiresAt: Date; revokedAt?: Date }) => getDb().session.create({ data: { userId: user.id, ...data } });
    const expiredLongAgo = await session({ expiresAt: old });
    const revokedLongAgo = await session({ expiresAt: new Date(now.getTime() + DAY), revokedAt: old });
    const revokedRecently = await session({ expiresAt: new Date(now.getTime() + DAY), revokedAt: recent });
    const live = await session({ expiresAt: new Date(now.getTime() + DAY) });
    const windowOver = new Date(now.getTime() - (SIGN_IN_THROTTLE.windowMinutes + 1) * 60_000);
    await getDb().signInThrottle.createMany({
      data: [
        { username: 'random-guess-1', windowStartedAt: windowOver, attempts: 10 },
        { username: 'still-throttled', windowStartedAt: new Date(now.getTime() - 60_000), attempts: 10 },
      ],
    });

    expect(await pruneAuthState(now)).toEqual({ sessions: 2, throttles: 1 });

    const left = await getDb().session.findMany({ where: { userId: user.id }, select: { id: true } });
    expect(left.map((s) => s.id).sort()).toEqual([revokedRecently.id, live.id].sort());
    expect(left.map((s) => s.id)).not.toContain(expiredLongAgo.id);
    expect(left.map((s) => s.id)).not.toContain(revokedLongAgo.id);
    const throttles = await getDb().signInThrottle.findMany({ where: { username: { in: ['random-guess-1', 'still-throttled'] } } });
    expect(throttles.map((t) => t.username)).toEqual(['still-throttled']);
  });

  it('runs on the job worker every hour', () => {
    expect(parseCrontab(KEYWARDEN_CRONTAB)).toContainEqual(expect.objectContaining({ task: AUTH_PRUNE_TASK }));
    expect(keywardenTasks()[AUTH_PRUNE_TASK]).toBeTypeOf('function');
  });
});
