// Distribution to AWS KMS end to end: use cases on real PostgreSQL, the reconcile job, the real
// AWS SDK over HTTP to the local emulator. The emulator's state is read back through the SDK.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsKmsEmulator, type AwsKmsEmulator } from '@/emulators/aws-kms';
import type { UseCaseContext } from '@/lib/auth/actor';
import { getDb } from '@/lib/db/client';
import { DomainError } from '@/lib/errors';
import { createKey } from '@/lib/keys/create-key';
import { deleteKey } from '@/lib/keys/delete-key';
import { rotateKey } from '@/lib/keys/rotate-key';
import { setDeletionAllowedOperation } from '@/lib/keys/set-deletion-allowed';
import { lowerMinEnabledVersionOperation, raiseMinEnabledVersionOperation } from '@/lib/keys/set-min-enabled-version';
import { perform } from '@/lib/operations/perform';
import { setPolicy } from '@/lib/approvals/set-policy';
import { installationId } from '@/lib/providers/installation';
import { deleteProvider } from '@/lib/providers/delete-provider';
import { actorWith, done } from '@/lib/testing/actors';
import { awsProvider, distributionOf, kmsOf, reconcileUntilSettled, remoteCopies } from '@/lib/testing/distribution';
import { distributeKey } from './distribute-key';
import { retryDistribution } from './retry-distribution';
import { recordJobFailure } from './record-job-failure';
import { removeFromProvider } from './remove-from-provider';

let kms: AwsKmsEmulator;
let admin: UseCaseContext;

beforeAll(async () => {
  kms = await startAwsKmsEmulator({ port: 0, quiet: true });
  admin = await actorWith(['admin', 'operator', 'approver'], 'dist-admin');
  for (const operation of ['key.remove_from_provider', 'key.raise_min_enabled_version', 'key.delete']) {
    await setPolicy({ operation, requiredApprovals: 0, expiresAfterHours: 24 }, admin);
  }
  await awsProvider(admin, 'aws-test', kms.url);
});
afterAll(() => kms?.close());

async function jobsFor(distributionId: string) {
  const rows = await getDb().$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM graphile_worker.jobs WHERE key = ${`reconcile:${distributionId}`}`;
  return Number(rows[0]!.n);
}

describe('distribution to AWS KMS', () => {
  it('imports every version, proves it, and mirrors rotate, min_enabled_version and removal', async () => {
    await done(createKey({ name: 'life', type: 'rsa-2048' }, admin));
    await done(rotateKey({ name: 'life' }, admin));
    const distributed = await done(distributeKey({ provider: 'aws-test', key: 'life', purposes: ['sign', 'verify'], protection: 'hsm' }, admin));
    expect(await jobsFor(distributed.id)).toBe(1); // enqueued with the change

    expect(await reconcileUntilSettled(distributed.id)).toBe('in_sync');
    let d = await distributionOf('aws-test', 'life');
    expect(d).toMatchObject({ state: 'in_sync', remoteName: 'alias/keywarden/life', currentVersion: 2, lastError: null });
    expect(d.versions.map((v) => [v.version, v.state, v.enabled])).toEqual([[1, 'in_sync', true], [2, 'in_sync', true]]);
    expect(d.versions.every((v) => v.provenAt && v.proof && v.remoteId)).toBe(true);

    const client = kmsOf(kms.url);
    const installation = await installationId();
    let remote = await remoteCopies(client, 'life');
    expect(remote.copies.map((c) => [c.version, c.keyId, c.state, c.installation])).toEqual(
      d.versions.map((v) => [v.version, v.remoteId, 'Enabled', installation]),
    );
    expect(remote.aliases).toEqual({
      'alias/keywarden/life': d.versions[1]!.remoteId,
      'alias/keywarden/life/v1': d.versions[0]!.remoteId,
      'alias/keywarden/life/v2': d.versions[1]!.remoteId,
    });

    // Rotate: version 3 is imported and the alias moves.
    await done(rotateKey({ name: 'life' }, admin));
    expect((await distributionOf('aws-test', 'life')).state).toBe('syncing');
    expect(await reconcileUntilSettled(d.id)).toBe('in_sync');
    d = await distributionOf('aws-test', 'life');
    expect(d.currentVersion).toBe(3);
    remote = await remoteCopies(client, 'life');
    expect(remote.copies).toHaveLength(3);
    expect(remote.aliases['alias/keywarden/life']).toBe(d.versions[2]!.remoteId);

    // Raise min_enabled_version to 3: versions 1 and 2 are disabled in KMS; lower it back to 2.
    await done(perform(raiseMinEnabledVersionOperation, { name: 'life', minEnabledVersion: 3 }, admin));
    await reconcileUntilSettled(d.id);
    remote = await remoteCopies(client, 'life');
    expect(remote.copies.map((c) => c.state)).toEqual(['Disabled', 'Disabled', 'Enabled']);
    await done(perform(lowerMinEnabledVersionOperation, { name: 'life', minEnabledVersion: 2 }, admin));
    await reconcileUntilSettled(d.id);
    remote = await remoteCopies(client, 'life');
    expect(remote.copies.map((c) => c.state)).toEqual(['Disabled', 'Enabled', 'Enabled']);
    d = await distributionOf('aws-test', 'life');
    expect(d.versions.map((v) => v.enabled)).toEqual([false, true, true]);

    // Deleting the key is refused while a provider holds it; so is deleting the provider.
    await done(perform(setDeletionAllowedOperation, { name: 'life', deletionAllowed: true }, admin));
    await expect(deleteKey({ name: 'life' }, admin)).rejects.toThrow(/while providers hold it \("aws-test"\)/);
    await expect(deleteProvider({ name: 'aws-test' }, admin)).rejects.toThrow(/still holds keys/);

    // Remove: aliases deleted, every KMS key pending deletion with the window asked for.
    await done(removeFromProvider({ provider: 'aws-test', key: 'life', pendingWindowDays: 7 }, admin));
    expect(await reconcileUntilSettled(d.id)).toBe('removed');
    d = await distributionOf('aws-test', 'life');
    expect(d.state).toBe('removed');
    remote = await remoteCopies(client, 'life');
    expect(remote.copies.map((c) => c.state)).toEqual(['PendingDeletion', 'PendingDeletion', 'PendingDeletion']);
    expect(remote.aliases).toEqual({});
    for (const v of d.versions) {
      const days = (v.deletionDate!.getTime() - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(6.9);
      expect(days).toBeLessThan(7.1);
    }

    // Distribute again: fresh KMS keys, nothing reused from the removed copy.
    await done(distributeKey({ provider: 'aws-test', key: 'life', purposes: ['sign', 'verify'], protection: 'hsm' }, admin));
    expect(await reconcileUntilSettled(d.id)).toBe('in_sync');
    remote = await remoteCopies(client, 'life');
    expect(remote.copies.filter((c) => c.state !== 'PendingDeletion').map((c) => c.version)).toEqual([1, 2, 3]);

    // The audit log tells the story, steps as the system on behalf of the operator.
    const events = await getDb().auditEvent.findMany({ where: { target: 'key:life' }, orderBy: { seq: 'asc' } });
    const imported = events.filter((e) => e.action === 'distribution.version_imported');
    expect(imported.length).toBe(6);
    const first = imported.find((e) => (e.params as { version?: number }).version === 1)!;
    expect(first).toMatchObject({ actorName: 'system', outcome: 'succeeded' });
    expect(first.params).toMatchObject({ provider: 'aws-test', onBehalfOf: 'dist-admin', cause: 'key.distribute', remoteId: d.versions[0]!.remoteId });
    const third = imported.find((e) => (e.params as { version?: number }).version === 3)!;
    expect(third.params).toMatchObject({ cause: 'key.rotate' });
  });

  it('refuses bad input with clear errors and changes nothing', async () => {
    await done(createKey({ name: 'refuse-aes', type: 'aes256-gcm96' }, admin));
    await done(createKey({ name: 'refuse-ec', type: 'ecdsa-p256' }, admin));
    const before = await getDb().distribution.count();
    const attempts: [unknown, RegExp][] = [
      [{ provider: 'aws-test', key: 'refuse-aes', purposes: ['sign', 'verify'], protection: 'hsm' }, /exactly encrypt\+decrypt/],
      [{ provider: 'aws-test', key: 'refuse-ec', purposes: ['encrypt', 'decrypt'], protection: 'hsm' }, /exactly sign\+verify/],
      [{ provider: 'aws-test', key: 'refuse-ec', purposes: ['sign', 'verify'], protection: 'software' }, /protection hsm/],
      [{ provider: 'aws-test', key: 'refuse-ec', purposes: ['sign'], protection: 'hsm' }, /exactly sign\+verify/],
      [{ provider: 'nope', key: 'refuse-ec', purposes: ['sign', 'verify'], protection: 'hsm' }, /No provider named "nope"/],
      [{ provider: 'aws-test', key: 'nope', purposes: ['sign', 'verify'], protection: 'hsm' }, /No key named "nope"/],
      [{ provider: 'aws-test', key: 'refuse-ec', purposes: 'everything', protection: 'hsm' }, /purposes/i],
      [{ provider: 'aws-test', key: 'refuse-ec', purposes: [], protection: 'hsm' }, /at least one purpose/],
      ['a string', /not string/],
      [null, /not null/],
      [['provider'], /not a list/],
    ];
    for (const [input, message] of attempts) {
      const err = await distributeKey(input, admin).catch((e: unknown) => e);
      expect(err, JSON.stringify(input)).toBeInstanceOf(DomainError);
      expect((err as DomainError).message).toMatch(message);
    }
    await done(distributeKey({ provider: 'aws-test', key: 'refuse-ec', purposes: ['verify', 'sign'], protection: 'hsm' }, admin));
    const second = await distributeKey({ provider: 'aws-test', key: 'refuse-ec', purposes: ['sign', 'verify'], protection: 'hsm' }, admin).catch((e: unknown) => e);
    expect((second as DomainError).code).toBe('conflict');
    expect(await getDb().distribution.count()).toBe(before + 1);
  });

  it('a removal requested before the first sync finishes at once: nothing had reached the provider', async () => {
    await done(createKey({ name: 'early-removal', type: 'ecdsa-p256' }, admin));
    const d = await done(distributeKey({ provider: 'aws-test', key: 'early-removal', purposes: ['sign', 'verify'], protection: 'hsm' }, admin));
    await done(removeFromProvider({ provider: 'aws-test', key: 'early-removal' }, admin));
    expect(await reconcileUntilSettled(d.id)).toBe('removed');
    expect(await distributionOf('aws-test', 'early-removal')).toMatchObject({ state: 'removed', removalDetail: 'Nothing had reached the provider yet' });
    expect((await remoteCopies(kmsOf(kms.url), 'early-removal')).copies).toEqual([]);
  });

  it('a job that keeps failing says why, and its last attempt leaves the distribution failed (with Retry), never silently pending', async () => {
    await done(createKey({ name: 'gives-up', type: 'ecdsa-p256' }, admin));
    const d = await done(distributeKey({ provider: 'aws-test', key: 'gives-up', purposes: ['sign', 'verify'], protection: 'hsm' }, admin));
    await recordJobFailure(d.id, new TypeError('unsealing failed'), { lastAttempt: false });
    expect(await distributionOf('aws-test', 'gives-up')).toMatchObject({ state: 'pending', lastError: expect.stringMatching(/Internal error \(TypeError\)/) });
    await recordJobFailure(d.id, new TypeError('unsealing failed'), { lastAttempt: true });
    const failed = await distributionOf('aws-test', 'gives-up');
    expect(failed.state).toBe('failed');
    expect(failed.lastError).toMatch(/^Gave up after the last attempt/);
    expect(failed.lastError).not.toContain('unsealing failed'); // internal detail stays in the worker log
    // Retry now runs it again and it converges.
    await done(retryDistribution({ provider: 'aws-test', key: 'gives-up' }, admin));
    expect(await reconcileUntilSettled(d.id)).toBe('in_sync');
    expect(await distributionOf('aws-test', 'gives-up')).toMatchObject({ state: 'in_sync', lastError: null });
  });
});
