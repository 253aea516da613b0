import { DescribeKeyCommand, ListAliasesCommand, CreateKeyCommand, CreateAliasCommand, type KMSClient } from '@aws-sdk/client-kms';
import { describe, expect, it, type TestContext } from 'vitest';
import { advanceClockBy } from './test-clock';
import type { GeneratedKey } from '@/lib/crypto/key-generation';
import type { KeyType } from '@/lib/keys/key-types';
import { capabilityOf } from '../capabilities';
import { ProofMismatchError, ProviderError, type DistributionRef, type ProviderAdapter, type VersionSpec } from '../contract';
import { createAwsAdapter } from './aws-adapter';
import { mainAlias, versionAlias } from './names';
import {
  CREDENTIALS,
  closedPort,
  distFor,
  keysByTag,
  materialFor,
  settingsFor,
  specFor,
  startErrorServer,
  startHarness,
  startLosingProxy,
  uniqueName,
  type Harness,
} from './test-support';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Generous: the emulator makes an RSA-4096 wrapping key per import, and CI machines are small and busy. */
const SLOW = { timeout: 120_000 };

/** Tests run concurrently, so cleanup registers on the test's own context. */
async function harness(context: TestContext, options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const h = await startHarness(options);
  context.onTestFinished(() => h.emulator.close());
  return h;
}

const noRecord = async () => undefined;

async function importAndProve(adapter: ProviderAdapter, dist: DistributionRef, spec: VersionSpec) {
  const recorded: string[] = [];
  const { remoteId } = await adapter.importVersion(dist, spec, null, async (id) => void recorded.push(id));
  expect(recorded).toEqual([remoteId]);
  return { remoteId, proof: await adapter.proveVersion(dist, spec, remoteId) };
}

/** Only the CreateKey step: the import stops as if the worker died right after it. */
async function createOnly(adapter: ProviderAdapter, dist: DistributionRef, spec: VersionSpec): Promise<string> {
  let created = '';
  const stop = new Error('stop after CreateKey');
  const outcome = await caught(
    adapter.importVersion(dist, spec, null, async (remoteId) => {
      created = remoteId;
      throw stop;
    }),
  );
  expect(outcome).toBe(stop);
  return created;
}

async function aliasTargetOf(sdk: KMSClient, alias: string): Promise<string | null> {
  const page = await sdk.send(new ListAliasesCommand({}));
  return page.Aliases?.find((a) => a.AliasName === alias)?.TargetKeyId ?? null;
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

async function providerError(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await caught(promise);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

const KEY_TYPES_TO_TEST: KeyType[] = ['aes256-gcm96', 'rsa-2048', 'rsa-3072', 'rsa-4096', 'ecdsa-p256', 'ecdsa-p384', 'ecdsa-p521'];
const EXPECTED_SPECS: Record<KeyType, string> = {
  'aes256-gcm96': 'SYMMETRIC_DEFAULT',
  'rsa-2048': 'RSA_2048',
  'rsa-3072': 'RSA_3072',
  'rsa-4096': 'RSA_4096',
  'ecdsa-p256': 'ECC_NIST_P256',
  'ecdsa-p384': 'ECC_NIST_P384',
  'ecdsa-p521': 'ECC_NIST_P521',
};

describe.concurrent('AWS KMS adapter against the emulator', () => {
  it.concurrent.for(KEY_TYPES_TO_TEST)('imports and proves %s with every allowed purpose set', SLOW, async (type, context) => {
    const h = await harness(context);
    const answer = capabilityOf('awskms', type);
    if (!answer.ok) throw new Error(answer.reason);
    const generated = await materialFor(type);
    for (const purposes of answer.capability.purposeSets) {
      const name = uniqueName(type);
      const dist = distFor(name, type, purposes);
      expect(await h.adapter.prepareDistribution(dist, null)).toEqual({ remoteName: `alias/keywarden/${name}` });
      expect(await h.adapter.prepareDistribution(dist, dist.remoteName)).toEqual({ remoteName: dist.remoteName });
      const spec = specFor(dist, 1, generated);
      const { remoteId, proof } = await importAndProve(h.adapter, dist, spec);
      expect(remoteId).toMatch(/^[0-9a-f-]{36}$/);
      expect(proof.method).toMatch(type.startsWith('aes') ? /re-import.*round trip/ : purposes.includes('sign') ? /GetPublicKey matches; KMS Sign|GetPublicKey matches.*Sign/ : /Decrypt RSAES_OAEP_SHA_256/);
      const { KeyMetadata: metadata } = await h.sdk.send(new DescribeKeyCommand({ KeyId: versionAlias(mainAlias(name), 1) }));
      expect(metadata).toMatchObject({
        KeyId: remoteId,
        KeySpec: EXPECTED_SPECS[type],
        KeyUsage: purposes.includes('sign') ? 'SIGN_VERIFY' : 'ENCRYPT_DECRYPT',
        Origin: 'EXTERNAL',
        KeyState: 'Enabled',
        ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
      });
      expect(metadata?.Description).toContain(name);
      expect(metadata?.Description).toContain(h.installationId);
      // Importing again with the recorded id is a no-op that returns the same key.
      expect(await h.adapter.importVersion(dist, spec, remoteId, noRecord)).toEqual({ remoteId });
      const tagged = (await keysByTag(h.sdk)).filter((k) => k.tags['keywarden:key'] === name);
      expect(tagged).toEqual([{ keyId: remoteId, tags: { 'keywarden:installation': h.installationId, 'keywarden:provider': 'aws-test', 'keywarden:key': name, 'keywarden:version': '1' } }]);
    }
  });

  it('refuses purposes the capability matrix does not allow', async (context) => {
    const h = await harness(context);
    const error = await providerError(h.adapter.prepareDistribution(distFor('x', 'ecdsa-p256', ['encrypt', 'decrypt']), null));
    expect(error.code).toBe('UnsupportedKeyShape');
    expect(error.retryable).toBe(false);
  });

  it('keeps version aliases and moves the main alias with pointCurrent', SLOW, async (context) => {
    const h = await harness(context);
    const name = uniqueName('alias');
    const dist = distFor(name, 'ecdsa-p256', ['sign', 'verify']);
    const v1 = await importAndProve(h.adapter, dist, specFor(dist, 1, await materialFor('ecdsa-p256')));
    const v2 = await importAndProve(h.adapter, dist, specFor(dist, 2, await materialFor('ecdsa-p256', true)));
    expect(await aliasTargetOf(h.sdk, versionAlias(mainAlias(name), 1))).toBe(v1.remoteId);
    expect(await aliasTargetOf(h.sdk, versionAlias(mainAlias(name), 2))).toBe(v2.remoteId);

    await h.adapter.pointCurrent(dist, { version: 2, remoteId: v2.remoteId });
    expect(await aliasTargetOf(h.sdk, mainAlias(name))).toBe(v2.remoteId);
    await h.adapter.pointCurrent(dist, { version: 2, remoteId: v2.remoteId });
    await h.adapter.pointCurrent(dist, { version: 1, remoteId: v1.remoteId });
    expect(await aliasTargetOf(h.sdk, mainAlias(name))).toBe(v1.remoteId);
    await h.adapter.pointCurrent(dist, null);
    expect(await aliasTargetOf(h.sdk, mainAlias(name))).toBeNull();
    await h.adapter.pointCurrent(dist, null);
  });

  it('disables and enables versions idempotently', SLOW, async (context) => {
    const h = await harness(context);
    const name = uniqueName('toggle');
    const dist = distFor(name, 'ecdsa-p384', ['sign', 'verify']);
    const { remoteId } = await importAndProve(h.adapter, dist, specFor(dist, 1, await materialFor('ecdsa-p384')));
    for (const enabled of [false, false, true, true, false]) {
      await h.adapter.setVersionEnabled(dist, 1, remoteId, enabled);
      const { KeyMetadata: metadata } = await h.sdk.send(new DescribeKeyCommand({ KeyId: remoteId }));
      expect(metadata).toMatchObject({ Enabled: enabled, KeyState: enabled ? 'Enabled' : 'Disabled' });
    }
    expect(await h.adapter.inspect(dist)).toEqual([{ version: 1, remoteId, enabled: false, state: 'Disabled', deletionDate: null }]);
  });

  it('removes versions with their deletion dates, and redistribution creates fresh keys', SLOW, async (context) => {
    const h = await harness(context);
    const name = uniqueName('remove');
    const dist = distFor(name, 'ecdsa-p256', ['sign', 'verify']);
    const materials = [await materialFor('ecdsa-p256'), await materialFor('ecdsa-p256', true)];
    const importOnly = async (version: number) =>
      (await h.adapter.importVersion(dist, specFor(dist, version, materials[version - 1] as GeneratedKey), null, noRecord)).remoteId;
    const first = [await importOnly(1), await importOnly(2)];
    await h.adapter.pointCurrent(dist, { version: 2, remoteId: first[1] as string });
    await h.adapter.setVersionEnabled(dist, 1, first[0] as string, false);

    const before = Date.now();
    const windows = [7, 30];
    const removals = [];
    for (const [index, remoteId] of first.entries()) {
      const result = await h.adapter.removeVersion(dist, index + 1, remoteId, { pendingWindowDays: windows[index] as number });
      const days = ((result.deletionDate?.getTime() ?? 0) - before) / DAY_MS;
      expect(days).toBeGreaterThanOrEqual((windows[index] as number) - 0.01);
      expect(days).toBeLessThanOrEqual((windows[index] as number) + 1);
      expect(result.detail).toContain(result.deletionDate?.toISOString().slice(0, 10));
      removals.push(result);
    }
    // Removing again reports the date already set.
    const again = await h.adapter.removeVersion(dist, 1, first[0] as string, { pendingWindowDays: 30 });
    expect(again.deletionDate).toEqual(removals[0]?.deletionDate);
    expect(again.detail).toMatch(/already scheduled/);
    // Disabling a key pending deletion has nothing left to do.
    await h.adapter.setVersionEnabled(dist, 2, first[1] as string, false);
    expect(await h.adapter.removeDistribution(dist, { pendingWindowDays: 30, purge: false })).toMatchObject({ deletionDate: null });
    for (const alias of [mainAlias(name), versionAlias(mainAlias(name), 1), versionAlias(mainAlias(name), 2)]) expect(await aliasTargetOf(h.sdk, alias)).toBeNull();
    expect(await h.adapter.locateVersion(dist, 1)).toBeNull();

    const second = [await importOnly(2)];
    expect(first).not.toContain(second[0]);
    expect(await h.adapter.locateVersion(dist, 2)).toBe(second[0]);
    await h.adapter.pointCurrent(dist, { version: 2, remoteId: second[0] as string });
    expect(await aliasTargetOf(h.sdk, mainAlias(name))).toBe(second[0]);
    expect(await aliasTargetOf(h.sdk, versionAlias(mainAlias(name), 2))).toBe(second[0]);

    const inspected = await h.adapter.inspect(dist);
    expect(inspected).toEqual([
      { version: 1, remoteId: first[0], enabled: false, state: 'PendingDeletion', deletionDate: removals[0]?.deletionDate },
      { version: 2, remoteId: first[1], enabled: false, state: 'PendingDeletion', deletionDate: removals[1]?.deletionDate },
      { version: 2, remoteId: second[0], enabled: true, state: 'Enabled', deletionDate: null },
    ]);
    const viaSdk = (await keysByTag(h.sdk)).filter((k) => k.tags['keywarden:installation'] === h.installationId);
    expect(viaSdk.map((k) => k.keyId).sort()).toEqual(inspected.map((s) => s.remoteId).sort());

    // When the window has passed, the key is gone and removal says so.
    await advanceClockBy(h.url, 31 * 24 * 60 * 60);
    const gone = await h.adapter.removeVersion(dist, 1, first[0] as string, { pendingWindowDays: 30 });
    expect(gone.deletionDate).toBeNull();
    expect(gone.detail).toMatch(/already gone/);
  });

  it('resumes after a crash right after CreateKey with exactly one KMS key', SLOW, async (context) => {
    const h = await harness(context);
    const name = uniqueName('crash');
    const dist = distFor(name, 'ecdsa-p521', ['sign', 'verify']);
    const spec = specFor(dist, 1, await materialFor('ecdsa-p521'));
    const crash = new Error('worker died');
    expect(await caught(h.adapter.importVersion(dist, spec, null, async () => Promise.reject(crash)))).toBe(crash);
    expect(await h.adapter.locateVersion(dist, 2)).toBeNull();
    const located = await h.adapter.locateVersion(dist, 1);
    expect(located).not.toBeNull();
    expect((await h.sdk.send(new DescribeKeyCommand({ KeyId: located as string }))).KeyMetadata?.KeyState).toBe('PendingImport');
    expect(await h.adapter.inspect(dist)).toMatchObject([{ version: 1, remoteId: located, state: 'PendingImport', enabled: false }]);

    const resumed = await h.adapter.importVersion(dist, spec, located, noRecord);
    expect(resumed).toEqual({ remoteId: located });
    await h.adapter.proveVersion(dist, spec, located as string);
    const forVersion = (await keysByTag(h.sdk)).filter((k) => k.tags['keywarden:key'] === name && k.tags['keywarden:version'] === '1');
    expect(forVersion.map((k) => k.keyId)).toEqual([located]);
  });

  it('refuses to resume into a key that is gone, pending deletion or not this version', SLOW, async (context) => {
    const h = await harness(context);
    const name = uniqueName('resume');
    const dist = distFor(name, 'ecdsa-p256', ['sign', 'verify']);
    const spec = specFor(dist, 1, await materialFor('ecdsa-p256'));
    const gone = await providerError(h.adapter.importVersion(dist, spec, '00000000-0000-4000-8000-000000000000', noRecord));
    expect(gone).toMatchObject({ code: 'NotFoundException', retryable: false });

    const remoteId = await createOnly(h.adapter, dist, spec);
    const otherVersion = await providerError(h.adapter.importVersion(dist, { ...spec, version: 2 }, remoteId, noRecord));
    expect(otherVersion).toMatchObject({ code: 'KeyNotOwned', retryable: false });

    await h.adapter.removeVersion(dist, 1, remoteId, { pendingWindowDays: 7 });
    const pending = await providerError(h.adapter.importVersion(dist, spec, remoteId, noRecord));
    expect(pending).toMatchObject({ code: 'KMSInvalidStateException', retryable: false });
    expect(pending.message).toMatch(/pending deletion/);
  });

  it('fails the proof loudly when the KMS key is not this version', SLOW, async (context) => {
    const h = await harness(context);
    const ecName = uniqueName('mismatch');
    const ecDist = distFor(ecName, 'ecdsa-p256', ['sign', 'verify']);
    const [one, two] = [await materialFor('ecdsa-p256'), await materialFor('ecdsa-p256', true)];
    const { remoteId } = await h.adapter.importVersion(ecDist, specFor(ecDist, 1, one), null, noRecord);
    const error = await caught(h.adapter.proveVersion(ecDist, specFor(ecDist, 1, { material: one.material, publicKeyPem: two.publicKeyPem }), remoteId));
    expect(error).toBeInstanceOf(ProofMismatchError);
    expect((error as Error).message).toMatch(/GetPublicKey returned a public key that is not this version's/);

    const aesDist = distFor(uniqueName('mismatch-aes'), 'aes256-gcm96', ['encrypt', 'decrypt']);
    const aes = await h.adapter.importVersion(aesDist, specFor(aesDist, 1, await materialFor('aes256-gcm96')), null, noRecord);
    const aesError = await caught(h.adapter.proveVersion(aesDist, specFor(aesDist, 1, await materialFor('aes256-gcm96', true)), aes.remoteId));
    expect(aesError).toBeInstanceOf(ProofMismatchError);
    expect((aesError as Error).message).toMatch(/not this version's/);
  });

  it('keeps two installations in one account apart', SLOW, async (context) => {
    const h = await harness(context);
    const other = h.adapterFor('installation-b');
    const name = uniqueName('shared');
    const dist = distFor(name, 'ecdsa-p256', ['sign', 'verify']);
    const spec = specFor(dist, 1, await materialFor('ecdsa-p256'));
    const mine = await importAndProve(h.adapter, dist, spec);
    await h.adapter.pointCurrent(dist, { version: 1, remoteId: mine.remoteId });

    let theirs: string | null = null;
    const conflict = await providerError(other.importVersion(dist, spec, null, async (id) => void (theirs = id)));
    expect(conflict).toMatchObject({ code: 'AliasOwnedElsewhere', retryable: false });
    expect(conflict.message).toContain(versionAlias(mainAlias(name), 1));
    expect(theirs).not.toBeNull();
    expect(await other.locateVersion(dist, 1)).toBe(theirs);
    expect(await h.adapter.locateVersion(dist, 1)).toBe(mine.remoteId);
    expect((await h.adapter.inspect(dist)).map((s) => s.remoteId)).toEqual([mine.remoteId]);
    expect((await other.inspect(dist)).map((s) => s.remoteId)).toEqual([theirs]);

    expect(await providerError(other.pointCurrent(dist, { version: 1, remoteId: theirs as unknown as string }))).toMatchObject({ code: 'AliasOwnedElsewhere' });
    expect((await other.removeDistribution(dist, { pendingWindowDays: 30, purge: false })).detail).toMatch(/left alone/);
    await other.pointCurrent(dist, null);
    expect(await providerError(other.removeVersion(dist, 1, mine.remoteId, { pendingWindowDays: 7 }))).toMatchObject({ code: 'KeyNotOwned' });
    expect(await aliasTargetOf(h.sdk, mainAlias(name))).toBe(mine.remoteId);
    expect(await aliasTargetOf(h.sdk, versionAlias(mainAlias(name), 1))).toBe(mine.remoteId);
    expect((await h.sdk.send(new DescribeKeyCommand({ KeyId: mine.remoteId }))).KeyMetadata?.KeyState).toBe('Enabled');
  });

  it('sends CreateKey once: a lost answer is a retryable error, and locateVersion finds the one KMS key', SLOW, async (context) => {
    const h = await harness(context);
    const proxy = await startLosingProxy(h.url, 'CreateKey');
    context.onTestFinished(() => proxy.close());
    // SDK retries stay on (3 attempts) for every other call.
    const adapter = h.adapterFor(h.installationId, { endpoint: proxy.url, maxAttempts: 3 });
    const name = uniqueName('lost');
    const dist = distFor(name, 'ecdsa-p256', ['sign', 'verify']);
    const spec = specFor(dist, 1, await materialFor('ecdsa-p256'));
    const recorded: string[] = [];
    const error = await providerError(adapter.importVersion(dist, spec, null, async (id) => void recorded.push(id)));
    expect(error).toMatchObject({ code: 'ConnectionDropped', retryable: true, throttled: false });
    expect(proxy.lost()).toBe(1);
    expect(recorded).toEqual([]);
    const copies = (await keysByTag(h.sdk)).filter((k) => k.tags['keywarden:key'] === name);
    expect(copies).toHaveLength(1);

    // The job's next attempt: it recorded createStartedAt, so it locates before creating.
    const located = await adapter.locateVersion(dist, 1);
    expect(located).toBe(copies[0]?.keyId);
    expect(await adapter.importVersion(dist, spec, located, noRecord)).toEqual({ remoteId: located });
    await adapter.proveVersion(dist, spec, located as string);
    expect((await keysByTag(h.sdk)).filter((k) => k.tags['keywarden:key'] === name)).toHaveLength(1);
  });

  it('reports a throttled CreateKey as throttled even with SDK retries on', SLOW, async (context) => {
    const h = await harness(context, { faults: ['CreateKey:throttle:1'], maxAttempts: 3 });
    const name = uniqueName('throttle-create');
    const dist = distFor(name, 'ecdsa-p256', ['sign', 'verify']);
    const error = await providerError(h.adapter.importVersion(dist, specFor(dist, 1, await materialFor('ecdsa-p256')), null, noRecord));
    expect(error).toMatchObject({ code: 'ThrottlingException', retryable: true, throttled: true });
    expect((await keysByTag(h.sdk)).filter((k) => k.tags['keywarden:key'] === name)).toEqual([]);
  });

  it('locateVersion keeps one of two copies and schedules the others for deletion in 7 days, never another provider\'s', SLOW, async (context) => {
    const h = await harness(context);
    const other = h.adapterFor(h.installationId, { name: 'aws-other' });
    const name = uniqueName('twins');
    const dist = distFor(name, 'ecdsa-p256', ['sign', 'verify']);
    const spec = specFor(dist, 1, await materialFor('ecdsa-p256'));
    const first = await createOnly(h.adapter, dist, spec);
    const second = await createOnly(h.adapter, dist, spec);
    const theirs = await createOnly(other, dist, spec);

    expect(await h.adapter.locateVersion(dist, 1)).toBe(first);
    const state = async (keyId: string) => (await h.sdk.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata;
    expect((await state(first))?.KeyState).toBe('PendingImport');
    const extra = await state(second);
    expect(extra?.KeyState).toBe('PendingDeletion');
    const days = ((extra?.DeletionDate?.getTime() ?? 0) - Date.now()) / DAY_MS;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThan(7.1);
    expect((await state(theirs))?.KeyState).toBe('PendingImport');
    // Deterministic: asked again, the same key, and nothing else changes.
    expect(await h.adapter.locateVersion(dist, 1)).toBe(first);
    expect(await other.locateVersion(dist, 1)).toBe(theirs);
    expect((await state(theirs))?.KeyState).toBe('PendingImport');
  });

  it('keeps two providers of one installation in one account apart', SLOW, async (context) => {
    const h = await harness(context);
    const a = h.adapterFor(h.installationId, { name: 'aws-a' });
    const b = h.adapterFor(h.installationId, { name: 'aws-b' });
    const name = uniqueName('shared');
    const dist = distFor(name, 'ecdsa-p256', ['sign', 'verify']);
    const spec = specFor(dist, 1, await materialFor('ecdsa-p256'));
    const mine = await importAndProve(a, dist, spec);
    await a.pointCurrent(dist, { version: 1, remoteId: mine.remoteId });

    let theirs = '';
    const conflict = await providerError(b.importVersion(dist, spec, null, async (id) => void (theirs = id)));
    expect(conflict).toMatchObject({ code: 'AliasOwnedElsewhere', retryable: false });
    expect(conflict.message).toContain('provider aws-a');
    expect(theirs).not.toBe('');
    expect((await keysByTag(h.sdk)).find((k) => k.keyId === theirs)?.tags).toMatchObject({ 'keywarden:provider': 'aws-b', 'keywarden:installation': h.installationId });
    expect(await a.locateVersion(dist, 1)).toBe(mine.remoteId);
    expect(await b.locateVersion(dist, 1)).toBe(theirs);
    expect((await a.inspect(dist)).map((s) => s.remoteId)).toEqual([mine.remoteId]);
    expect((await b.inspect(dist)).map((s) => s.remoteId)).toEqual([theirs]);
    expect(await providerError(b.pointCurrent(dist, { version: 1, remoteId: theirs }))).toMatchObject({ code: 'AliasOwnedElsewhere' });
    expect(await providerError(b.removeVersion(dist, 1, mine.remoteId, { pendingWindowDays: 7 }))).toMatchObject({ code: 'KeyNotOwned' });

    // Removing the key from b leaves a's copy and aliases as they were.
    await b.pointCurrent(dist, null);
    expect((await b.removeVersion(dist, 1, theirs, { pendingWindowDays: 7 })).detail).toMatch(/scheduled for deletion.*left alone/);
    expect((await b.removeDistribution(dist, { pendingWindowDays: 7, purge: false })).detail).toMatch(/left alone/);
    expect(await aliasTargetOf(h.sdk, mainAlias(name))).toBe(mine.remoteId);
    expect(await aliasTargetOf(h.sdk, versionAlias(mainAlias(name), 1))).toBe(mine.remoteId);
    expect(await a.inspect(dist)).toMatchObject([{ remoteId: mine.remoteId, state: 'Enabled', enabled: true }]);
    expect(await b.inspect(dist)).toMatchObject([{ remoteId: theirs, state: 'PendingDeletion' }]);

    // And removing it from a removes only a's.
    await a.pointCurrent(dist, null);
    await a.removeVersion(dist, 1, mine.remoteId, { pendingWindowDays: 7 });
    expect(await aliasTargetOf(h.sdk, mainAlias(name))).toBeNull();
    expect(await aliasTargetOf(h.sdk, versionAlias(mainAlias(name), 1))).toBeNull();
    expect(await a.inspect(dist)).toMatchObject([{ remoteId: mine.remoteId, state: 'PendingDeletion' }]);
  });

  it('treats a key tagged before providers were tagged as nobody\'s', SLOW, async (context) => {
    const h = await harness(context);
    const name = uniqueName('legacy');
    const dist = distFor(name, 'ecdsa-p256', ['sign', 'verify']);
    const legacyTags = [
      { TagKey: 'keywarden:installation', TagValue: h.installationId },
      { TagKey: 'keywarden:key', TagValue: name },
      { TagKey: 'keywarden:version', TagValue: '1' },
    ];
    const created = await h.sdk.send(new CreateKeyCommand({ Origin: 'EXTERNAL', KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', Tags: legacyTags }));
    const legacy = created.KeyMetadata?.KeyId as string;
    await h.sdk.send(new CreateAliasCommand({ AliasName: mainAlias(name), TargetKeyId: legacy }));
    expect(await h.adapter.locateVersion(dist, 1)).toBeNull();
    expect(await h.adapter.inspect(dist)).toEqual([]);
    expect((await h.adapter.removeDistribution(dist, { pendingWindowDays: 7, purge: false })).detail).toMatch(/left alone/);
    const { remoteId } = await h.adapter.importVersion(dist, specFor(dist, 1, await materialFor('ecdsa-p256')), null, noRecord);
    const conflict = await providerError(h.adapter.pointCurrent(dist, { version: 1, remoteId }));
    expect(conflict).toMatchObject({ code: 'AliasOwnedElsewhere', retryable: false });
    expect(conflict.message).toMatch(/before keys named their provider/);
    expect(await aliasTargetOf(h.sdk, mainAlias(name))).toBe(legacy);
    expect((await h.sdk.send(new DescribeKeyCommand({ KeyId: legacy }))).KeyMetadata?.KeyState).toBe('PendingImport');
  });

  it('never moves an alias that points at an untagged key', SLOW, async (context) => {
    const h = await harness(context);
    const name = uniqueName('untagged');
    const stranger = await h.sdk.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }));
    const strangerId = stranger.KeyMetadata?.KeyId;
    await h.sdk.send(new CreateAliasCommand({ AliasName: mainAlias(name), TargetKeyId: strangerId }));
    const dist = distFor(name, 'ecdsa-p256', ['sign', 'verify']);
    const ours = await createOnly(h.adapter, dist, specFor(dist, 1, await materialFor('ecdsa-p256')));
    const error = await providerError(h.adapter.pointCurrent(dist, { version: 1, remoteId: ours }));
    expect(error).toMatchObject({ code: 'AliasOwnedElsewhere', retryable: false });
    expect(error.message).toContain(mainAlias(name));
    await h.adapter.pointCurrent(dist, null);
    expect((await h.adapter.removeDistribution(dist, { pendingWindowDays: 30, purge: false })).detail).toMatch(/left alone/);
    expect(await aliasTargetOf(h.sdk, mainAlias(name))).toBe(strangerId);
  });
});

describe.concurrent('AWS KMS adapter under faults', () => {
  it('recovers from ImportKeyMaterial failing twice through the SDK retry', SLOW, async (context) => {
    const h = await harness(context, { faults: ['ImportKeyMaterial:500:2'] });
    const dist = distFor(uniqueName('fault500'), 'ecdsa-p256', ['sign', 'verify']);
    const { remoteId } = await importAndProve(h.adapter, dist, specFor(dist, 1, await materialFor('ecdsa-p256')));
    expect((await h.adapter.inspect(dist)).map((s) => s.remoteId)).toEqual([remoteId]);
  });

  it('surfaces a 500 as retryable without SDK retries, then resumes with one key', SLOW, async (context) => {
    const h = await harness(context, { faults: ['ImportKeyMaterial:500:1'], maxAttempts: 1 });
    const dist = distFor(uniqueName('resume500'), 'ecdsa-p256', ['sign', 'verify']);
    const spec = specFor(dist, 1, await materialFor('ecdsa-p256'));
    let recorded: string | null = null;
    const error = await providerError(h.adapter.importVersion(dist, spec, recorded, async (id) => void (recorded = id)));
    expect(error).toMatchObject({ code: 'KMSInternalException', retryable: true, throttled: false });
    const { remoteId } = await h.adapter.importVersion(dist, spec, recorded, noRecord);
    expect(remoteId).toBe(recorded);
    await h.adapter.proveVersion(dist, spec, remoteId);
    expect((await h.adapter.inspect(dist)).map((s) => s.remoteId)).toEqual([remoteId]);
  });

  it('reports throttling as throttled and retryable', SLOW, async (context) => {
    const h = await harness(context, { faults: ['CreateKey:throttle:1'], maxAttempts: 1 });
    const dist = distFor(uniqueName('throttle'), 'ecdsa-p256', ['sign', 'verify']);
    const error = await providerError(h.adapter.importVersion(dist, specFor(dist, 1, await materialFor('ecdsa-p256')), null, noRecord));
    expect(error).toMatchObject({ code: 'ThrottlingException', retryable: true, throttled: true });
    expect(await h.adapter.locateVersion(dist, 1)).toBeNull();
  });

  it('reports a dropped connection as retryable, and the next attempt resumes with one key', SLOW, async (context) => {
    const h = await harness(context, { faults: ['GetParametersForImport:drop:1'], maxAttempts: 1 });
    const dist = distFor(uniqueName('drop'), 'ecdsa-p256', ['sign', 'verify']);
    const spec = specFor(dist, 1, await materialFor('ecdsa-p256'));
    let recorded: string | null = null;
    const error = await providerError(h.adapter.importVersion(dist, spec, null, async (id) => void (recorded = id)));
    expect(error).toMatchObject({ code: 'ConnectionDropped', retryable: true, throttled: false });
    expect(error.message).toMatch(/^GetParametersForImport: 127\.0\.0\.1:\d+ closed the connection/);
    const { remoteId } = await h.adapter.importVersion(dist, spec, recorded, noRecord);
    expect(remoteId).toBe(recorded);
    await h.adapter.proveVersion(dist, spec, remoteId);
    expect((await h.adapter.inspect(dist)).map((s) => s.remoteId)).toEqual([recorded]);
  });
});

describe.concurrent('testConnection and error text', () => {
  it('reports success', async (context) => {
    const h = await harness(context);
    expect(await h.adapter.testConnection()).toEqual({ ok: true, detail: 'ListKeys and ListAliases in eu-west-1 succeeded' });
  });

  it('reports an unreachable endpoint in plain words, in seconds', SLOW, async () => {
    const port = await closedPort();
    const adapter = createAwsAdapter(settingsFor(`http://127.0.0.1:${port}`, 'i'));
    const started = Date.now();
    const report = await adapter.testConnection();
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(report.ok).toBe(false);
    expect(report.error?.code).toBe('EndpointUnreachable');
    expect(report.error?.message).toContain(`127.0.0.1:${port}`);
    expect(report.error?.message).toContain('ECONNREFUSED');
  });

  it("shows the provider's error code for the call that failed", SLOW, async (context) => {
    const h = await harness(context, { faults: ['ListAliases:throttle:1'], maxAttempts: 1 });
    const report = await h.adapter.testConnection();
    expect(report).toMatchObject({ ok: false, error: { code: 'ThrottlingException' } });
    expect(report.detail).toMatch(/^ListAliases in eu-west-1/);
  });

  it('names the refused permission and never shows a credential', async (context) => {
    const leaky = `User: arn:aws:iam::111122223333:user/${CREDENTIALS.accessKeyId} is not authorized to perform: kms:ListKeys on resource: * (signature ${CREDENTIALS.secretAccessKey}, token ${CREDENTIALS.sessionToken}, other AKIAIOSFODNN7EXAMPLE)`;
    const server = await startErrorServer('AccessDeniedException', leaky);
    context.onTestFinished(() => server.close());
    const adapter = createAwsAdapter(settingsFor(server.url, 'i'), { maxAttempts: 1 });
    const report = await adapter.testConnection();
    expect(report.error).toMatchObject({ code: 'AccessDeniedException', permission: 'kms:ListKeys' });
    expect(report.error?.message).toMatch(/is not authorized to perform: kms:ListKeys/);
    const dist = distFor('k', 'ecdsa-p256', ['sign', 'verify']);
    const failures = [
      report.detail,
      report.error?.message ?? '',
      (await providerError(adapter.locateVersion(dist, 1))).message,
      (await providerError(adapter.importVersion(dist, specFor(dist, 1, await materialFor('ecdsa-p256')), null, noRecord))).message,
      (await providerError(adapter.setVersionEnabled(dist, 1, 'k', true))).message,
    ];
    for (const text of failures) {
      for (const secret of [...Object.values(CREDENTIALS), 'AKIAIOSFODNN7EXAMPLE']) expect(text).not.toContain(secret);
      expect(text).toContain('[redacted]');
    }
    const denied = await providerError(adapter.setVersionEnabled(dist, 1, 'k', false));
    expect(denied.permission).toBe('kms:ListKeys');
  });
});
