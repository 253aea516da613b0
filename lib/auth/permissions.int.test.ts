// The permission matrix: every operation, called directly as the server actions and route
// handlers call it (not through the UI), by a user holding exactly one role, is allowed or
// refused exactly as lib/auth/permissions.ts says, and every refusal lands in the audit log.
import { beforeAll, describe, expect, it } from 'vitest';
import { decideRequest } from '@/lib/approvals/decide-request';
import { setPolicy } from '@/lib/approvals/set-policy';
import { withdrawRequest } from '@/lib/approvals/withdraw-request';
import { exportAuditEvents } from '@/lib/audit/export-events';
import { verifyAuditChain } from '@/lib/audit/verify-chain';
import type { UseCaseContext } from '@/lib/auth/actor';
import { getDb } from '@/lib/db/client';
import { DomainError } from '@/lib/errors';
import { createKey } from '@/lib/keys/create-key';
import { updateKeyDetails } from '@/lib/keys/update-key-details';
import { deleteKey } from '@/lib/keys/delete-key';
import { rotateKey } from '@/lib/keys/rotate-key';
import { setDeletionAllowedOperation } from '@/lib/keys/set-deletion-allowed';
import { lowerMinEnabledVersionOperation, raiseMinEnabledVersionOperation } from '@/lib/keys/set-min-enabled-version';
import { authorizeRead } from '@/lib/auth/authorize';
import { distributeKey } from '@/lib/distribution/distribute-key';
import { removeFromProvider } from '@/lib/distribution/remove-from-provider';
import { retryDistribution } from '@/lib/distribution/retry-distribution';
import { createProvider } from '@/lib/providers/create-provider';
import { deleteProvider } from '@/lib/providers/delete-provider';
import { getProvider } from '@/lib/providers/read-providers';
import { testProvider } from '@/lib/providers/test-provider';
import { updateProvider } from '@/lib/providers/update-provider';
import { perform } from '@/lib/operations/perform';
import { actorWith, done } from '@/lib/testing/actors';
import { createUser } from '@/lib/users/create-user';
import { resetPassword, setDisabled, setRoles } from '@/lib/users/update-user';
import { can, PERMISSIONS, ROLES, type Permission, type Role } from './permissions';

let admin: UseCaseContext;
let n = 0;
const unique = (prefix: string) => `${prefix}-${++n}`;

/** A fresh key (rotated to version 3, deletion allowed) for an operation to act on. */
async function freshKey() {
  const name = unique('matrix-key');
  await done(createKey({ name, type: 'aes256-gcm96' }, admin));
  await done(rotateKey({ name }, admin));
  await done(rotateKey({ name }, admin));
  await done(perform(setDeletionAllowedOperation, { name, deletionAllowed: true }, admin));
  await done(perform(raiseMinEnabledVersionOperation, { name, minEnabledVersion: 2 }, admin));
  return name;
}

/** A provider nobody listens for (the job never runs here: only the database side is exercised). */
async function freshProvider() {
  const name = unique('matrix-provider');
  await done(createProvider({ name, kind: 'awskms', keyCollection: 'eu-west-1', endpoint: 'http://127.0.0.1:9' }, admin));
  return name;
}

async function distributedKey() {
  const [key, provider] = [await freshKey(), await freshProvider()];
  await done(distributeKey({ provider, key, purposes: ['encrypt', 'decrypt'], protection: 'hsm' }, admin));
  return { key, provider };
}

async function pendingRequestOfSomeoneElse() {
  const name = await freshKey();
  await setPolicy({ operation: 'key.rotate', requiredApprovals: 1, expiresAfterHours: 24 }, admin);
  const requester = await actorWith(['operator']);
  const performed = await rotateKey({ name }, requester);
  await setPolicy({ operation: 'key.rotate', requiredApprovals: 0, expiresAfterHours: 24 }, admin);
  if (performed.status !== 'requested') throw new Error('expected a request');
  return performed.request.id;
}

/** A pending request of `ctx` itself (only a role that may request can have one). */
async function ownPendingRequest(ctx: UseCaseContext) {
  if (!can(ctx.actor.roles, 'key.rotate')) return pendingRequestOfSomeoneElse();
  const name = await freshKey();
  await setPolicy({ operation: 'key.rotate', requiredApprovals: 1, expiresAfterHours: 24 }, admin);
  const performed = await rotateKey({ name }, ctx);
  await setPolicy({ operation: 'key.rotate', requiredApprovals: 0, expiresAfterHours: 24 }, admin);
  if (performed.status !== 'requested') throw new Error('expected a request');
  return performed.request.id;
}

/** Each permission, exercised the way its action or route handler does. */
const CALLS: Record<Permission, (ctx: UseCaseContext) => Promise<unknown>> = {
  'key.read': (ctx) => authorizeRead(ctx, 'key.read'),
  'key.create': (ctx) => createKey({ name: unique('created'), type: 'aes256-gcm96' }, ctx),
  'key.rotate': async (ctx) => rotateKey({ name: await freshKey() }, ctx),
  'key.raise_min_enabled_version': async (ctx) => perform(raiseMinEnabledVersionOperation, { name: await freshKey(), minEnabledVersion: 3 }, ctx),
  'key.lower_min_enabled_version': async (ctx) => perform(lowerMinEnabledVersionOperation, { name: await freshKey(), minEnabledVersion: 1 }, ctx),
  'key.set_deletion_allowed': async (ctx) => perform(setDeletionAllowedOperation, { name: await freshKey(), deletionAllowed: false }, ctx),
  'key.update_details': async (ctx) => updateKeyDetails({ name: await freshKey(), owner: 'team' }, ctx),
  'key.delete': async (ctx) => deleteKey({ name: await freshKey() }, ctx),
  'key.distribute': async (ctx) =>
    distributeKey({ provider: await freshProvider(), key: await freshKey(), purposes: ['encrypt', 'decrypt'], protection: 'hsm' }, ctx),
  'key.remove_from_provider': async (ctx) => removeFromProvider(await distributedKey(), ctx),
  'distribution.retry': async (ctx) => retryDistribution(await distributedKey(), ctx),
  'provider.read': async (ctx) => getProvider({ name: await freshProvider() }, ctx),
  'provider.create': (ctx) => createProvider({ name: unique('made-provider'), kind: 'awskms', keyCollection: 'us-east-1' }, ctx),
  'provider.update': async (ctx) => updateProvider({ name: await freshProvider(), endpoint: null }, ctx),
  'provider.delete': async (ctx) => deleteProvider({ name: await freshProvider() }, ctx),
  'provider.test': async (ctx) => testProvider({ name: await freshProvider() }, ctx),
  'approval.read': (ctx) => authorizeRead(ctx, 'approval.read'),
  'approval.decide': async (ctx) => decideRequest({ requestId: await pendingRequestOfSomeoneElse(), decision: 'deny', comment: 'matrix' }, ctx),
  'approval.withdraw': async (ctx) => withdrawRequest({ requestId: await ownPendingRequest(ctx) }, ctx),
  'audit.read': (ctx) => authorizeRead(ctx, 'audit.read'),
  'audit.export': async (ctx) => (await exportAuditEvents({ limit: '1' }, 'jsonl', ctx)).cancel(),
  'audit.verify': (ctx) => verifyAuditChain(ctx),
  'user.read': (ctx) => authorizeRead(ctx, 'user.read'),
  'user.create': (ctx) => createUser({ username: unique('made'), password: 'a-long-enough-password', roles: ['viewer'] }, ctx),
  'user.set_roles': async (ctx) => setRoles({ username: (await actorWith(['viewer'])).actor.username, roles: ['auditor'] }, ctx),
  'user.set_disabled': async (ctx) => setDisabled({ username: (await actorWith(['viewer'])).actor.username, disabled: true }, ctx),
  'user.reset_password': async (ctx) => resetPassword({ username: (await actorWith(['viewer'])).actor.username, password: 'another-long-password' }, ctx),
  'policy.read': (ctx) => authorizeRead(ctx, 'policy.read'),
  'policy.set': (ctx) => setPolicy({ operation: 'key.create', requiredApprovals: 0, expiresAfterHours: 12 }, ctx),
};

const actors = {} as Record<Role, UseCaseContext>;
beforeAll(async () => {
  admin = await actorWith([...ROLES], 'matrix-admin');
  for (const role of ROLES) actors[role] = await actorWith([role], `only-${role}`);
  // Every operation runs at once here: whether it would wait for approval is another test.
  for (const operation of ['key.delete', 'key.raise_min_enabled_version', 'key.remove_from_provider']) {
    await setPolicy({ operation, requiredApprovals: 0, expiresAfterHours: 24 }, admin);
  }
});

describe('the permission matrix', () => {
  it('covers every permission in the table', () => {
    expect(Object.keys(CALLS).sort()).toEqual(Object.keys(PERMISSIONS).sort());
  });

  for (const permission of Object.keys(PERMISSIONS) as Permission[]) {
    for (const role of ROLES) {
      const allowed = can([role], permission);
      it(`${permission} by a ${role} is ${allowed ? 'allowed' : 'refused and audited'}`, async () => {
        const ctx = actors[role];
        const outcome = await CALLS[permission](ctx).then(
          () => 'ran',
          (err: unknown) => err,
        );
        if (allowed) {
          expect(outcome).toBe('ran');
          return;
        }
        expect(outcome).toBeInstanceOf(DomainError);
        expect((outcome as DomainError).code).toBe('forbidden');
        const refusals = await getDb().auditEvent.count({
          where: { actorName: ctx.actor.username, action: permission, outcome: 'denied', reason: { startsWith: 'forbidden:' } },
        });
        expect(refusals).toBeGreaterThanOrEqual(1);
      });
    }
  }
});
