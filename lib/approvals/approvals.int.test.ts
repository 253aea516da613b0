import { beforeAll, describe, expect, it } from 'vitest';
import type { UseCaseContext } from '@/lib/auth/actor';
import { getDb } from '@/lib/db/client';
import { DomainError } from '@/lib/errors';
import { createKey } from '@/lib/keys/create-key';
import { deleteKey } from '@/lib/keys/delete-key';
import { getKey } from '@/lib/keys/get-key';
import { rotateKey } from '@/lib/keys/rotate-key';
import { updateKeyConfig } from '@/lib/keys/update-key-config';
import type { Performed } from '@/lib/operations/perform';
import { actorWith, done } from '@/lib/testing/actors';
import { setRoles } from '@/lib/users/update-user';
import { decideRequest } from './decide-request';
import { listRequests } from './list-requests';
import { setPolicy } from './set-policy';

let admin: UseCaseContext;
let operator: UseCaseContext;
let approvers: UseCaseContext[];
let n = 0;

beforeAll(async () => {
  admin = await actorWith(['admin', 'operator'], 'approvals-admin');
  operator = await actorWith(['operator', 'approver'], 'requester');
  approvers = await Promise.all([1, 2, 3, 4, 5].map((i) => actorWith(['approver'], `approver-${i}`)));
});

async function keyReadyForDeletion() {
  const name = `appr-${++n}`;
  await done(createKey({ name, type: 'ecdsa-p256' }, operator));
  await updateKeyConfig({ name, deletionAllowed: true }, operator);
  return name;
}

function requested(p: Performed<unknown>) {
  if (p.status !== 'requested') throw new Error('expected an approval request');
  return p.request;
}

async function refusal(promise: Promise<unknown>) {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
}

const requestRow = (id: string) => getDb().approvalRequest.findUniqueOrThrow({ where: { id } });

describe('approval requests', () => {
  it('by default, deleting a key becomes a request with a plan instead of running', async () => {
    const name = await keyReadyForDeletion();
    const request = requested(await deleteKey({ name }, operator));
    expect(request.requiredApprovals).toBe(1);
    expect(request.plan).toBe(`Delete key "${name}" and the material of its only version, permanently.`);
    expect(await getKey({ name }, operator)).toMatchObject({ name });
    expect(await requestRow(request.id)).toMatchObject({ state: 'pending', operation: 'key.delete', params: { name } });
    const event = await getDb().auditEvent.findFirst({ where: { action: 'key.delete', target: `key:${name}` } });
    expect(event).toMatchObject({ outcome: 'requested', actorName: 'requester' });
  });

  it('by default, raising min_enabled_version needs approval and lowering does not', async () => {
    const name = `minv-${++n}`;
    await done(createKey({ name, type: 'aes256-gcm96' }, operator));
    await done(rotateKey({ name }, operator));
    const [raise] = await updateKeyConfig({ name, minEnabledVersion: 2 }, operator);
    const request = requested(raise!.outcome);
    expect(request.plan).toBe(`Raise min_enabled_version of key "${name}" from 0 to 2: disables version 1.`);
    expect((await getKey({ name }, operator)).minEnabledVersion).toBe(0);
    await decideRequest({ requestId: request.id, decision: 'approve' }, approvers[0]!);
    expect((await getKey({ name }, operator)).minEnabledVersion).toBe(2);
    const [lower] = await updateKeyConfig({ name, minEnabledVersion: 0 }, operator);
    expect(lower!.outcome.status).toBe('done');
  });

  it('refuses a request that could not run now, so nobody approves a doomed one', async () => {
    const name = `doomed-${++n}`;
    await done(createKey({ name, type: 'aes256-gcm96' }, operator));
    const err = await refusal(deleteKey({ name }, operator));
    expect(err.message).toContain('deletion_allowed is false');
    expect(await getDb().approvalRequest.count({ where: { target: `key:${name}` } })).toBe(0);
  });

  it('never lets the requester approve their own request', async () => {
    const request = requested(await deleteKey({ name: await keyReadyForDeletion() }, operator));
    const err = await refusal(decideRequest({ requestId: request.id, decision: 'approve' }, operator));
    expect(err.code).toBe('forbidden');
    expect(await requestRow(request.id)).toMatchObject({ state: 'pending' });
    expect(await getDb().auditEvent.count({ where: { action: 'approval.decide', actorName: 'requester', outcome: 'denied' } })).toBe(1);
  });

  it('needs N distinct approvers; one approver counts once', async () => {
    await setPolicy({ operation: 'key.delete', requiredApprovals: 2, expiresAfterHours: 24 }, admin);
    try {
      const name = await keyReadyForDeletion();
      const request = requested(await deleteKey({ name }, operator));
      expect(request.requiredApprovals).toBe(2);
      expect(await done(decideRequest({ requestId: request.id, decision: 'approve', comment: 'looks right' }, approvers[0]!))).toMatchObject({
        state: 'pending',
        approvals: 1,
        requiredApprovals: 2,
      });
      const again = await refusal(decideRequest({ requestId: request.id, decision: 'approve' }, approvers[0]!));
      expect(again.code).toBe('conflict');
      expect(await getKey({ name }, operator)).toMatchObject({ name });
      expect(await done(decideRequest({ requestId: request.id, decision: 'approve' }, approvers[1]!))).toMatchObject({ state: 'executed' });
      expect((await refusal(getKey({ name }, operator))).code).toBe('not_found');
      const decisions = await getDb().approvalDecision.findMany({ where: { requestId: request.id } });
      expect(decisions.map((d) => d.comment).sort()).toEqual(['', 'looks right']);
    } finally {
      await setPolicy({ operation: 'key.delete', requiredApprovals: 1, expiresAfterHours: 24 }, admin);
    }
  });

  it('ends at the first denial', async () => {
    const name = await keyReadyForDeletion();
    const request = requested(await deleteKey({ name }, operator));
    expect(await done(decideRequest({ requestId: request.id, decision: 'deny', comment: 'not today' }, approvers[0]!))).toMatchObject({
      state: 'denied',
      result: 'Denied by approver-1: not today',
    });
    const late = await refusal(decideRequest({ requestId: request.id, decision: 'approve' }, approvers[1]!));
    expect(late.message).toContain('already denied');
    expect(await getKey({ name }, operator)).toMatchObject({ name });
  });

  it('expires: a request past its time cannot be approved and is marked expired', async () => {
    const name = await keyReadyForDeletion();
    const request = requested(await deleteKey({ name }, operator));
    await getDb().approvalRequest.update({ where: { id: request.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const err = await refusal(decideRequest({ requestId: request.id, decision: 'approve' }, approvers[0]!));
    expect(err.message).toContain('expired');
    const expired = await listRequests({ state: 'expired' }, operator);
    expect(expired.items.map((r) => r.id)).toContain(request.id);
    expect(await getDb().auditEvent.count({ where: { action: 'approval.expire', actorName: 'system', target: `key:${name}` } })).toBe(1);
    expect(await getKey({ name }, operator)).toMatchObject({ name });
  });

  it('uses the policy expiry for new requests', async () => {
    await setPolicy({ operation: 'key.delete', requiredApprovals: 1, expiresAfterHours: 2 }, admin);
    try {
      const request = requested(await deleteKey({ name: await keyReadyForDeletion() }, operator));
      const row = await requestRow(request.id);
      expect(row.expiresAt.getTime() - row.requestedAt.getTime()).toBeGreaterThan(2 * 3600_000 - 5000);
      expect(row.expiresAt.getTime() - row.requestedAt.getTime()).toBeLessThan(2 * 3600_000 + 5000);
    } finally {
      await setPolicy({ operation: 'key.delete', requiredApprovals: 1, expiresAfterHours: 24 }, admin);
    }
  });

  it('runs the operation exactly once when approvers and double clicks race', async () => {
    const name = `race-${++n}`;
    await done(createKey({ name, type: 'rsa-2048' }, operator));
    try {
      await setPolicy({ operation: 'key.rotate', requiredApprovals: 1, expiresAfterHours: 24 }, admin);
      const request = requested(await rotateKey({ name }, operator));
      const racers = [...approvers, approvers[0]!, approvers[1]!];
      const outcomes = await Promise.allSettled(
        racers.map((ctx) => decideRequest({ requestId: request.id, decision: 'approve' }, ctx)),
      );
      const executed = outcomes.filter((o) => o.status === 'fulfilled' && o.value.status === 'done' && o.value.result.state === 'executed');
      expect(executed).toHaveLength(1);
      for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(DomainError);
      expect((await getKey({ name }, operator)).latestVersion).toBe(2);
      expect(await getDb().keyVersion.count({ where: { key: { name } } })).toBe(2);
      expect(await getDb().auditEvent.count({ where: { action: 'key.rotate', target: `key:${name}`, outcome: 'succeeded' } })).toBe(1);
      expect(await requestRow(request.id)).toMatchObject({ state: 'executed' });
    } finally {
      await setPolicy({ operation: 'key.rotate', requiredApprovals: 0, expiresAfterHours: 24 }, admin);
    }
  });

  it('re-checks preconditions when the last approval arrives, and records a failure on the request', async () => {
    const name = await keyReadyForDeletion();
    const request = requested(await deleteKey({ name }, operator));
    await updateKeyConfig({ name, deletionAllowed: false }, operator);
    expect(await done(decideRequest({ requestId: request.id, decision: 'approve' }, approvers[2]!))).toMatchObject({
      state: 'failed',
      result: expect.stringContaining('deletion_allowed is false'),
    });
    expect(await getKey({ name }, operator)).toMatchObject({ name });
    expect(await requestRow(request.id)).toMatchObject({ state: 'failed' });
    const failed = await getDb().auditEvent.findFirst({ where: { action: 'key.delete', target: `key:${name}`, outcome: 'failed' } });
    expect(failed?.reason).toContain('deletion_allowed is false');
    // The approval itself stands, and it was audited.
    expect(await getDb().approvalDecision.count({ where: { requestId: request.id } })).toBe(1);
  });

  it('fails an approved request whose requester has lost the permission since', async () => {
    const requester = await actorWith(['operator'], `leaver-${++n}`);
    const name = `leaver-key-${n}`;
    await done(createKey({ name, type: 'aes256-gcm96' }, requester));
    await updateKeyConfig({ name, deletionAllowed: true }, requester);
    const request = requested(await deleteKey({ name }, requester));
    await setRoles({ username: requester.actor.username, roles: ['viewer'] }, admin);
    expect(await done(decideRequest({ requestId: request.id, decision: 'approve' }, approvers[3]!))).toMatchObject({
      state: 'failed',
      result: expect.stringContaining('no longer allowed'),
    });
    expect(await getKey({ name }, operator)).toMatchObject({ name });
  });

  it('fails a stale raise of min_enabled_version that would now lower it', async () => {
    const name = `stale-${++n}`;
    await done(createKey({ name, type: 'aes256-gcm96' }, operator));
    for (let i = 0; i < 4; i++) await done(rotateKey({ name }, operator));
    const [small] = await updateKeyConfig({ name, minEnabledVersion: 1 }, operator);
    const stale = requested(small!.outcome);
    const [big] = await updateKeyConfig({ name, minEnabledVersion: 4 }, operator);
    await decideRequest({ requestId: requested(big!.outcome).id, decision: 'approve' }, approvers[0]!);
    expect((await getKey({ name }, operator)).minEnabledVersion).toBe(4);
    expect(await done(decideRequest({ requestId: stale.id, decision: 'approve' }, approvers[1]!))).toMatchObject({
      state: 'failed',
      result: expect.stringContaining('would not raise it'),
    });
    expect((await getKey({ name }, operator)).minEnabledVersion).toBe(4);
  });

  it('counts only approvals of approvers who still are approvers', async () => {
    await setPolicy({ operation: 'key.delete', requiredApprovals: 2, expiresAfterHours: 24 }, admin);
    try {
      const leaving = await actorWith(['approver'], `leaving-approver-${++n}`);
      const name = await keyReadyForDeletion();
      const request = requested(await deleteKey({ name }, operator));
      await decideRequest({ requestId: request.id, decision: 'approve' }, leaving);
      await setRoles({ username: leaving.actor.username, roles: ['viewer'] }, admin);
      expect(await done(decideRequest({ requestId: request.id, decision: 'approve' }, approvers[4]!))).toMatchObject({
        state: 'pending',
        approvals: 1,
      });
      expect(await getKey({ name }, operator)).toMatchObject({ name });
    } finally {
      await setPolicy({ operation: 'key.delete', requiredApprovals: 1, expiresAfterHours: 24 }, admin);
    }
  });
});
