import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { parseCrontab } from 'graphile-worker';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { UseCaseContext } from '@/lib/auth/actor';
import { getDb } from '@/lib/db/client';
import { AUDIT_CHECKPOINT_TASK, KEYWARDEN_CRONTAB, keywardenTasks } from '@/lib/jobs/tasks';
import { startJobWorker } from '@/lib/jobs/worker';
import { actorWith } from '@/lib/testing/actors';
import { ownerDb } from '@/lib/testing/owner-db';
import { readCheckpoints, writeCheckpoint } from './checkpoints';
import { recordEvent } from './record-event';
import { verifyAuditChain } from './verify-chain';

const run = promisify(execFile);
const file = () => process.env.KEYWARDEN_AUDIT_CHECKPOINT_FILE!;
let auditor: UseCaseContext;
beforeAll(async () => {
  auditor = await actorWith(['auditor'], 'checkpoint-auditor');
});
// Every test starts from no checkpoints; the chain itself stays consistent between tests.
beforeEach(() => rm(file(), { force: true }));

async function appendEvents(n: number) {
  for (let i = 0; i < n; i++) {
    await getDb().$transaction((tx) => recordEvent(tx, auditor, { action: 'checkpoint.test', outcome: 'succeeded' }));
  }
  return (await getDb().auditChainHead.findUniqueOrThrow({ where: { id: 1 } })).seq;
}

/** Deletes the events after `seq` and rewinds the head to it, as someone with the owner's rights can, without any key. */
async function cutTailAfter(seq: bigint) {
  await ownerDb().$transaction([
    ownerDb().$executeRawUnsafe('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete'),
    ownerDb().$executeRawUnsafe(`DELETE FROM audit_events WHERE seq > ${seq}`),
    ownerDb().$executeRawUnsafe(`UPDATE audit_chain_head h SET seq = e.seq, hash = e.hash FROM audit_events e WHERE h.id = 1 AND e.seq = ${seq}`),
    ownerDb().$executeRawUnsafe('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete'),
  ]);
}

describe('audit checkpoints outside the database', () => {
  it('reports events missing after the last checkpoint when the tail is cut off and the head rewound', async () => {
    const kept = await appendEvents(3);
    const head = await appendEvents(4);
    expect(await writeCheckpoint()).toMatchObject({ status: 'written', checkpoint: { seq: head } });
    expect(await verifyAuditChain(auditor)).toMatchObject({ ok: true, checkpoints: { valid: 1, invalid: 0, latest: { seq: head.toString() } } });

    await cutTailAfter(kept);
    const report = await verifyAuditChain(auditor);
    expect(report).toMatchObject({ ok: false, brokenCount: 1, firstBroken: { seq: (kept + 1n).toString() } });
    expect(report.firstBroken!.reason).toMatch(new RegExp(`^events #${kept + 1n}–#${head} are missing: the checkpoint of .* recorded the chain's head at #${head}, the database's ends at #${kept}`));
    // Without the checkpoint, the shortened chain is consistent in itself: the gap this closes.
    await rm(file());
    expect(await verifyAuditChain(auditor)).toMatchObject({ ok: true, checkpoints: { valid: 0, latest: null } });
  });

  it('reports a head that is not behind but differs from the checkpoint (the tail replaced)', async () => {
    const kept = await appendEvents(2);
    const head = await appendEvents(1);
    await writeCheckpoint();
    await cutTailAfter(kept);
    await appendEvents(1); // the same seq again, a different event
    const report = await verifyAuditChain(auditor);
    expect(report).toMatchObject({ ok: false, firstBroken: { seq: head.toString() } });
    expect(report.firstBroken!.reason).toMatch(`event #${head} differs from the checkpoint`);
  });

  it('writes a checkpoint only when the head moved, and never one that contradicts the last', async () => {
    const kept = await appendEvents(1);
    const head = await appendEvents(2);
    expect((await writeCheckpoint()).status).toBe('written');
    // A long file: the writer reads only its end.
    await writeFile(file(), '\n'.repeat(100 * 1024) + (await readFile(file(), 'utf8')));
    expect((await writeCheckpoint()).status).toBe('unchanged');
    await cutTailAfter(kept);
    const before = await readFile(file(), 'utf8');
    expect(await writeCheckpoint()).toMatchObject({ status: 'refused', checkpoint: { seq: head } });
    expect(await readFile(file(), 'utf8')).toBe(before);
  });

  it('a line a crash left torn never swallows the next checkpoint', async () => {
    await appendEvents(1);
    await writeFile(file(), '{"v":1,"seq":"1","ha'); // a write cut off mid-line
    const head = await appendEvents(1);
    expect((await writeCheckpoint()).status).toBe('written');
    const log = await readCheckpoints();
    expect(log.checkpoints.map((c) => c.seq)).toEqual([head]);
    expect(log.invalid.map((i) => i.line)).toEqual([1]);
  });

  it('reports checkpoints that are not signed with the chain key: altered, forged or garbled', async () => {
    await appendEvents(1);
    await writeCheckpoint();
    const [line] = (await readFile(file(), 'utf8')).split('\n').filter(Boolean);
    const real = JSON.parse(line!) as { seq: string; hash: string; at: string; mac: string };
    const altered = { ...real, seq: (BigInt(real.seq) + 1000n).toString() };
    const forged = { ...real, at: new Date(0).toISOString(), mac: 'ab'.repeat(32) };
    await writeFile(file(), [line, JSON.stringify(altered), JSON.stringify(forged), '{"v":1', ''].join('\n'));
    const log = await readCheckpoints();
    expect(log.checkpoints).toHaveLength(1);
    expect(log.invalid.map((i) => i.line)).toEqual([2, 3, 4]);
    const report = await verifyAuditChain(auditor);
    // The altered line is ignored as the latest (its signature fails), so no false "missing" either.
    expect(report).toMatchObject({ ok: false, brokenCount: 3, checkpoints: { valid: 1, invalid: 3, latest: { seq: real.seq } } });
    expect(report.firstBroken).toEqual({ seq: altered.seq, reason: `checkpoint line 2 (#${altered.seq}) is not signed by this installation's chain key: forged or altered` });
  });

  it('is written by the job worker (as the application role) on its schedule, every minute', async () => {
    expect(parseCrontab(KEYWARDEN_CRONTAB)).toContainEqual(expect.objectContaining({ task: AUDIT_CHECKPOINT_TASK, match: expect.any(Function) }));
    const head = await appendEvents(1);
    const worker = await startJobWorker({ connectionString: process.env.DATABASE_URL!, tasks: keywardenTasks(), crontab: KEYWARDEN_CRONTAB, pollInterval: 100, concurrency: 1, log: () => {} });
    try {
      // The schedule's job, enqueued now rather than at the next minute.
      await getDb().$executeRaw`SELECT graphile_worker.add_job(${AUDIT_CHECKPOINT_TASK}, '{}'::json)`;
      await expect.poll(async () => (await readCheckpoints()).checkpoints.at(-1)?.seq, { timeout: 30_000, interval: 200 }).toBe(head);
    } finally {
      await worker.stop();
    }
  });

  it('npm run audit -- checkpoint | verify: writes one on demand, and verification exits 1 naming the missing events', async () => {
    const kept = await appendEvents(1);
    const head = await appendEvents(1);
    const cli = (command: string) =>
      run(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/audit.ts', command], { env: { ...process.env } });
    expect((await cli('checkpoint')).stdout).toMatch(`Checkpoint written: head #${head}`);
    expect((await cli('verify')).stdout).toMatch(`consistent with the checkpoint of`);
    await cutTailAfter(kept);
    const failed = await cli('verify').catch((err: { code: number; stderr: string }) => err);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toMatch(`First: #${head}: event #${head} is missing: the checkpoint of`);
    expect(await cli('checkpoint').catch((err: { code: number; stderr: string }) => err)).toMatchObject({ code: 1, stderr: expect.stringMatching('No checkpoint written') });
  });
});
