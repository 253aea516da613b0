import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { checkReadiness } from './readiness';

const globalForDb = globalThis as { keywardenDb?: ReturnType<typeof getDb> };

async function closedPort() {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('readiness', () => {
  it('is not ready until a job worker beats, and not once its heartbeat is stale', async () => {
    const db = getDb();
    await db.workerHeartbeat.deleteMany();
    const none = await checkReadiness();
    expect(none).toMatchObject({ serving: true, ready: false, checks: { database: { ok: true } } });
    expect(none.checks.worker).toEqual({ ok: false, detail: expect.stringMatching(/no job worker/) });

    await db.workerHeartbeat.create({ data: { workerId: 'readiness-test', beatAt: new Date() } });
    expect(await checkReadiness()).toMatchObject({ serving: true, ready: true, checks: { worker: { ok: true } } });

    await db.workerHeartbeat.update({ where: { workerId: 'readiness-test' }, data: { beatAt: new Date(Date.now() - 3_600_000) } });
    const stale = await checkReadiness({ workerDeadAfterMs: 30_000 });
    expect(stale).toMatchObject({ serving: true, ready: false });
    expect(stale.checks.worker.detail).toMatch(/last heartbeat .* (3599|3600|3601) s ago/);
  });

  it('says the database is unreachable when PostgreSQL is down, without the connection string', async () => {
    const saved = { client: globalForDb.keywardenDb, url: process.env.DATABASE_URL };
    const down = new URL(process.env.DATABASE_URL!);
    down.port = String(await closedPort());
    down.password = 'not-a-real-password';
    globalForDb.keywardenDb = undefined;
    process.env.DATABASE_URL = down.toString();
    try {
      const readiness = await checkReadiness();
      expect(readiness).toMatchObject({ serving: false, ready: false });
      expect(readiness.checks.database).toEqual({ ok: false, detail: expect.stringMatching(/^unreachable \(.*DatabaseNotReachable.*\): is PostgreSQL running\?$/) });
      expect(JSON.stringify(readiness)).not.toContain('not-a-real-password');
      expect(JSON.stringify(readiness)).not.toContain(down.port);
    } finally {
      await (globalForDb.keywardenDb as ReturnType<typeof getDb> | undefined)?.$disconnect();
      globalForDb.keywardenDb = saved.client;
      process.env.DATABASE_URL = saved.url;
    }
  });
});
