// What keeps approvals honest beyond counting: one pending request per operation, target and
// parameters (decided by the database, also under concurrency); requests that end when what they
// are about is deleted, or when the requester withdraws them; approvals that count only from
// approvers independent of the request; and the plan as requested next to the plan as it is now.
import { beforeAll, describe, expect, it } from 'vitest';
import type { UseCaseContext } from '@/lib/auth/actor';
import { getDb } from '@/lib/db/client';
import { distributeKey } from '@/lib/distribution/distribute-key';
import { DomainError } from '@/lib/errors';
import { createKey } from '@/lib/keys/create-key';
import { deleteKey } from '@/lib/keys/delete-key';
import { rotateKey } from '@/lib/keys/rotate-key';
import { updateKeyConfig } from '@/lib/keys/update-key-config';
import type { Performed } from '@/lib/operations/perform';
import { createProvider } from '@/lib/providers/create-provider';
import { deleteProvider } from '@/lib/providers/delete-provider';
import { actorWith, done } from '@/lib/testing/actors';
import { createUser } from '@/lib/users/create-user';
import { setDisabled, setRoles } from '@/lib/users/update-user';
import { decideRequest } from './decide-request';
import { getRequest } from './list-requests';
import { setPolicy } from './set-policy';
import { withdrawRequest } from './withdraw-request';

let admin: UseCaseContext;
let secondAdmin: UseCaseContext;
let operator: UseCaseContext;
let approver: UseCaseContext;
let n = 0;

beforeAll(async () => {
  admin = await actorWith(['admin', 'operator'], 'integrity-admin');
  secondAdmin = await actorWith(['admin'], 'integrity-admin-2');
  operator = await actorWith(['operator'], 'integrity-operator');
  approver = await actorWith(['approver'], 'integrity-approver');
});

async function keyReadyForDeletion(owner = operator) {
  const name = `integrity-${++n}`;
  await done(createKey({ name, type: 'aes256-gcm96' }, owner));
  await updateKeyConfig({ name, deletionAllowed: true }, owner);
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
const pendingOn = (target: string) => getDb().approvalRequest.count({ where: { target, state: 'pending' } });

async function withPolicy<T>(operation: string, requiredApprovals: number, fn: () => Promise<T>) {
  await setPolicy({ operation, requiredApprovals, expiresAfterHours: 24 }, admin);
  try {
    return await fn();
  } finally {
    await setPolicy({ operation, requiredApprovals: operation === 'key.delete' ? 1 : 0, expiresAfterHours: 24 }, admin);
  }
}

describe('one pending request per operation, target and parameters', () => {
  it('asked 11 times, the same deletion is one pending request, returned each time', async () => {
    const name = await keyReadyForDeletion();
    const requests = [];
    for (let i = 0; i < 11; i++) requests.push(requested(await deleteKey({ name }, operator)));
    expect(new Set(requests.map((r) => r.id)).size).toBe(1);
    expect(requests.map((r) => r.alreadyPending)).toEqual([false, ...Array(10).fill(true)]);
    expect(await pendingOn(`key:${name}`)).toBe(1);
    // Every ask is audited, naming the one request.
    const events = await getDb().auditEvent.findMany({ where: { action: 'key.delete', target: `key:${name}`, outcome: 'requested' } });
    expect(events).toHaveLength(11);
    expect(new Set(events.map((e) => (e.params as { approvalRequest: number }).approvalRequest))).toEqual(new Set([requests[0]!.number]));
  });

  it('asked by several requesters at the same moment, it is still one pending request', async () => {
    const name = await keyReadyForDeletion();
    const requesters = [operator, ...(await Promise.all([1, 2, 3, 4, 5].map((i) => actorWith(['operator'], `integrity-racer-${n}-${i}`))))];
    const outcomes = await Promise.all([...requesters, ...requesters].map((ctx) => deleteKey({ name }, ctx)));
    expect(new Set(outcomes.map((o) => requested(o).id)).size).toBe(1);
    expect(outcomes.filter((o) => !requested(o).alreadyPending)).toHaveLength(1);
    expect(await pendingOn(`key:${name}`)).toBe(1);
  });

  it('different parameters are different requests; a request past its expiry makes way for a new one', async () => {
    const name = `integrity-minv-${++n}`;
    await done(createKey({ name, type: 'aes256-gcm96' }, operator));
    for (let i = 0; i < 3; i++) await done(rotateKey({ name }, operator));
    const [two] = await updateKeyConfig({ name, minEnabledVersion: 2 }, operator);
    const [three] = await updateKeyConfig({ name, minEnabledVersion: 3 }, operator);
    expect(requested(two!.outcome).id).not.toBe(requested(three!.outcome).id);
    expect(await pendingOn(`key:${name}`)).toBe(2);

    const stale = requested(two!.outcome);
    await getDb().approvalRequest.update({ where: { id: stale.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const [again] = await updateKeyConfig({ name, minEnabledVersion: 2 }, operator);
    const fresh = requested(again!.outcome);
    expect(fresh.id).not.toBe(stale.id);
    expect(fresh.alreadyPending).toBe(false);
    expect(await requestRow(stale.id)).toMatchObject({ state: 'expired' });
  });

  it('the database itself refuses a second pending row for the same request', async () => {
    const name = await keyReadyForDeletion();
    const request = await requestRow(requested(await deleteKey({ name }, operator)).id);
    const copy = getDb().$executeRaw`
      INSERT INTO approval_requests (id, operation, params, params_hash, plan, target, requested_by, expires_at, required_approvals)
      VALUES (gen_random_uuid(), ${request.operation}, ${JSON.stringify(request.params)}::jsonb, ${request.paramsHash}, 'copy',
              ${request.target}, ${admin.actor.userId}::uuid, ${request.expiresAt}, 1)`;
    await expect(copy).rejects.toThrow();
    expect(await pendingOn(`key:${name}`)).toBe(1);
  });
});

describe('requests end when what they are about goes, or when the requester withdraws them', () => {
  it('deleting a key cancels its other pending requests, with the reason, in the same transaction', async () => {
    const name = await keyReadyForDeletion();
    await withPolicy('key.rotate', 1, async () => {
      const rotation = requested(await rotateKey({ name }, operator));
      const deletion = requested(await deleteKey({ name }, operator));
      expect(await done(decideRequest({ requestId: deletion.id, decision: 'approve' }, approver))).toMatchObject({ state: 'executed' });
      expect(await requestRow(rotation.id)).toMatchObject({
        state: 'cancelled',
        result: `Cancelled: key "${name}" was deleted (by ${approver.actor.username}).`,
      });
      expect(await pendingOn(`key:${name}`)).toBe(0);
      const cancel = await getDb().auditEvent.findFirst({ where: { action: 'approval.cancel', target: `key:${name}` } });
      expect(cancel).toMatchObject({ outcome: 'succeeded', actorName: approver.actor.username, params: { approvalRequest: rotation.number, cause: 'key.delete' } });
      // Nobody can approve it any more.
      const late = await refusal(decideRequest({ requestId: rotation.id, decision: 'approve' }, approver));
      expect(late.message).toContain('already cancelled');
    });
  });

  it('a deletion that is refused cancels nothing', async () => {
    const name = await keyReadyForDeletion();
    await withPolicy('key.rotate', 1, async () => {
      const rotation = requested(await rotateKey({ name }, operator));
      await withPolicy('key.delete', 0, async () => {
        await updateKeyConfig({ name, deletionAllowed: false }, operator);
        await refusal(deleteKey({ name }, operator));
      });
      expect(await requestRow(rotation.id)).toMatchObject({ state: 'pending' });
    });
  });

  it('deleting a provider cancels the pending requests to distribute to it', async () => {
    const provider = `integrity-provider-${++n}`;
    await done(createProvider({ name: provider, kind: 'awskms', keyCollection: 'eu-west-1', endpoint: 'http://127.0.0.1:9' }, admin));
    const key = `integrity-dist-${n}`;
    await done(createKey({ name: key, type: 'aes256-gcm96' }, operator));
    await withPolicy('key.distribute', 1, async () => {
      const distribution = requested(await distributeKey({ provider, key, purposes: ['encrypt', 'decrypt'], protection: 'hsm' }, operator));
      await done(deleteProvider({ name: provider }, admin));
      expect(await requestRow(distribution.id)).toMatchObject({
        state: 'cancelled',
        result: expect.stringContaining(`provider "${provider}" was deleted`),
      });
    });
  });

  it('the requester withdraws a pending request; nobody else can, and it cannot be approved after', async () => {
    const name = await keyReadyForDeletion();
    const request = requested(await deleteKey({ name }, operator));
    const someoneElse = await refusal(withdrawRequest({ requestId: request.id }, admin));
    expect(someoneElse.code).toBe('forbidden');
    expect(await done(withdrawRequest({ requestId: request.id, comment: 'wrong key' }, operator))).toMatchObject({
      number: request.number,
      result: `Withdrawn by ${operator.actor.username}: wrong key`,
    });
    expect(await requestRow(request.id)).toMatchObject({ state: 'cancelled', result: `Withdrawn by ${operator.actor.username}: wrong key` });
    expect((await refusal(withdrawRequest({ requestId: request.id }, operator))).message).toContain('already cancelled');
    expect((await refusal(decideRequest({ requestId: request.id, decision: 'approve' }, approver))).message).toContain('already cancelled');
    const events = await getDb().auditEvent.findMany({ where: { action: 'approval.withdraw' }, orderBy: { seq: 'asc' } });
    const mine = events.filter((e) => (e.params as { requestId?: string }).requestId === request.id);
    expect(mine.map((e) => `${e.actorName} ${e.outcome} ${e.target}`)).toEqual([
      `${admin.actor.username} denied approval:${request.id}`,
      `${operator.actor.username} succeeded key:${name}`,
      `${operator.actor.username} denied approval:${request.id}`,
    ]);
    // The slot is free again: the same deletion can be requested anew.
    expect(requested(await deleteKey({ name }, operator)).id).not.toBe(request.id);
  });
});

describe('an approval counts only from an approver independent of the request', () => {
  it("an account the requester creates as approver cannot approve the requester's request", async () => {
    // The admin also operates: they create a second account with the approver role first, then ask.
    const sock = `integrity-sock-${++n}`;
    await done(createUser({ username: sock, password: 'a-long-enough-password', roles: ['approver'] }, admin));
    const sockCtx = await contextOf(sock);
    const name = await keyReadyForDeletion(admin);
    const request = requested(await deleteKey({ name }, admin));
    const err = await refusal(decideRequest({ requestId: request.id, decision: 'approve' }, sockCtx));
    expect(err.code).toBe('forbidden');
    expect(err.message).toContain('granted by the requester');
    expect(await requestRow(request.id)).toMatchObject({ state: 'pending' });
    // Someone else's request, the same account approves: the rule is about who granted, not who.
    const other = requested(await deleteKey({ name: await keyReadyForDeletion() }, operator));
    expect(await done(decideRequest({ requestId: other.id, decision: 'approve' }, sockCtx))).toMatchObject({ state: 'executed' });
  });

  it('an approver role granted after the request was made does not count, whoever granted it', async () => {
    const late = await actorWith(['viewer'], `integrity-late-${++n}`);
    const name = await keyReadyForDeletion();
    const request = requested(await deleteKey({ name }, operator));
    await setRoles({ username: late.actor.username, roles: ['approver'] }, secondAdmin);
    const lateCtx = await contextOf(late.actor.username);
    const err = await refusal(decideRequest({ requestId: request.id, decision: 'approve' }, lateCtx));
    expect(err.message).toContain('granted after request');
    expect(await requestRow(request.id)).toMatchObject({ state: 'pending' });
  });

  it('records who granted each role, and when', async () => {
    const username = `integrity-granted-${++n}`;
    await done(createUser({ username, password: 'a-long-enough-password', roles: ['viewer'] }, admin));
    await setRoles({ username, roles: ['approver', 'viewer'] }, secondAdmin);
    const grants = await getDb().roleGrant.findMany({ where: { user: { username } }, orderBy: { role: 'asc' } });
    expect(grants.map((g) => [g.role, g.grantedById])).toEqual([
      ['approver', secondAdmin.actor.userId],
      ['viewer', admin.actor.userId],
    ]);
    await setRoles({ username, roles: ['viewer'] }, secondAdmin);
    expect(await getDb().roleGrant.count({ where: { user: { username }, role: 'approver' } })).toBe(0);
  });

  it('an approver disabled, or whose role was revoked and granted again, after approving no longer counts', async () => {
    await withPolicy('key.delete', 2, async () => {
      const [leaving, regranted, last] = await Promise.all([1, 2, 3].map((i) => actorWith(['approver'], `integrity-standing-${++n}-${i}`)));
      const name = await keyReadyForDeletion();
      const request = requested(await deleteKey({ name }, operator));
      await decideRequest({ requestId: request.id, decision: 'approve' }, leaving!);
      await setDisabled({ username: leaving!.actor.username, disabled: true }, admin);
      expect(await done(decideRequest({ requestId: request.id, decision: 'approve' }, regranted!))).toMatchObject({ state: 'pending', approvals: 1 });
      await setRoles({ username: regranted!.actor.username, roles: ['viewer'] }, admin);
      await setRoles({ username: regranted!.actor.username, roles: ['approver'] }, admin);
      expect(await done(decideRequest({ requestId: request.id, decision: 'approve' }, last!))).toMatchObject({ state: 'pending', approvals: 1 });
      expect(await requestRow(request.id)).toMatchObject({ state: 'pending' });
    });
  });
});

describe('the plan as requested, and as it would run now', () => {
  it('a deletion requested at one version still says so, and shows what it would delete now', async () => {
    const name = await keyReadyForDeletion();
    const request = requested(await deleteKey({ name }, operator));
    const asked = `Delete key "${name}" and the material of its only version, permanently.`;
    expect(await getRequest(request.id, approver)).toMatchObject({ plan: asked, planNow: null });
    await done(rotateKey({ name }, operator));
    await done(rotateKey({ name }, operator));
    expect(await getRequest(request.id, approver)).toMatchObject({
      plan: asked,
      planNow: { text: `Delete key "${name}" and the material of all 3 versions, permanently.`, runnable: true },
    });
    await updateKeyConfig({ name, deletionAllowed: false }, operator);
    expect((await getRequest(request.id, approver))?.planNow).toMatchObject({ runnable: false, text: expect.stringContaining('deletion_allowed is false') });
  });
});

/** A context acting as an existing user, with the roles the database holds now (as a session would). */
async function contextOf(username: string): Promise<UseCaseContext> {
  const user = await getDb().user.findUniqueOrThrow({ where: { username } });
  return { actor: { userId: user.id, username: user.username, roles: user.roles }, request: { requestId: `test-${username}`, ip: null, userAgent: 'vitest' } };
}
