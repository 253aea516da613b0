import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { ProofMismatchError, ProviderError, type DistributionRef, type ProviderAdapter } from '../contract';
import type { Protection, Purpose } from '../capabilities';
import type { KeyType } from '@/lib/keys/key-types';
import { authorityOf, isAzureVaultHost, vaultUrlOf } from './endpoints';
import { refusedPermission, toProviderError } from './errors';
import { createScrubber } from './scrub';
import { KEK_SIZE } from './kek';
import { kekName, TAG_INSTALLATION, TAG_KEY, TAG_PROVIDER, TAG_VERSION } from './names';
import { closedPort, distFor, materialFor, settingsFor, specFor, startHarness, startLosingProxy, uniqueName, versionsThroughSdk, type Harness } from './test-support';

/** A fresh emulator for tests that arm faults or change vault settings. */
async function ownHarness(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const harness = await startHarness(options);
  onTestFinished(() => harness.close());
  return harness;
}

async function distribute(h: Harness, adapter: ProviderAdapter, keyName: string, type: KeyType, purposes: Purpose[], protection: Protection, versions = 1) {
  const base = distFor(keyName, type, purposes, protection);
  const { remoteName } = await adapter.prepareDistribution(base, null);
  const dist: DistributionRef = { ...base, remoteName };
  const ids: string[] = [];
  for (let version = 1; version <= versions; version++) {
    const spec = specFor(dist, version, await materialFor(type, version > 1));
    const { remoteId } = await adapter.importVersion(dist, spec, null, async () => undefined);
    await adapter.proveVersion(dist, spec, remoteId);
    ids.push(remoteId);
  }
  return { dist, ids };
}

// Generous for a loaded 2-core machine; every test takes well under a second or two when idle.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let shared: Harness;
beforeAll(async () => {
  shared = await startHarness();
});
afterAll(() => shared?.close());

describe('import and prove', () => {
  it.each([
    ['rsa-2048', ['sign', 'verify'], 'software'],
    ['rsa-2048', ['encrypt', 'decrypt'], 'hsm'],
    ['rsa-2048', ['wrap', 'unwrap'], 'software'],
    ['rsa-2048', ['encrypt', 'decrypt', 'sign', 'verify', 'wrap', 'unwrap'], 'hsm'],
    ['ecdsa-p256', ['sign', 'verify'], 'hsm'],
    ['ecdsa-p384', ['sign', 'verify'], 'software'],
  ] as [KeyType, Purpose[], Protection][])('%s for %j (%s)', async (type, purposes, protection) => {
    const keyName = uniqueName('imp');
    const { dist, ids } = await distribute(shared, shared.adapter, keyName, type, purposes, protection);
    expect(dist.remoteName).toBe(keyName.replace('_', '-'));
    expect(ids[0]).toMatch(/^[0-9a-f]{32}$/);
    const key = await shared.sdk.getKey(dist.remoteName);
    expect(key.keyType).toBe(protection === 'hsm' ? (type.startsWith('rsa') ? 'RSA-HSM' : 'EC-HSM') : type.startsWith('rsa') ? 'RSA' : 'EC');
    expect(new Set(key.keyOperations)).toEqual(new Set(purposes.map((p) => ({ wrap: 'wrapKey', unwrap: 'unwrapKey' })[p as 'wrap'] ?? p)));
    expect(key.properties.tags).toEqual({ [TAG_INSTALLATION]: shared.installationId, [TAG_PROVIDER]: 'azure-test', [TAG_KEY]: keyName, [TAG_VERSION]: '1' });
  });
});

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('versions and lifecycle', () => {
  it('imports several versions of one Azure key, disables and enables them, and inspect equals the vault', async () => {
    const h = shared;
    const { dist, ids } = await distribute(h, h.adapter, uniqueName('life'), 'rsa-2048', ['sign', 'verify'], 'software', 3);
    expect(new Set(ids).size).toBe(3);
    await h.adapter.setVersionEnabled(dist, 1, ids[0]!, false);
    await h.adapter.setVersionEnabled(dist, 1, ids[0]!, false);
    await h.adapter.setVersionEnabled(dist, 2, ids[1]!, false);
    await h.adapter.setVersionEnabled(dist, 2, ids[1]!, true);
    await h.adapter.pointCurrent(dist, { version: 3, remoteId: ids[2]! });
    const sdkView = (await versionsThroughSdk(h.sdk, dist.remoteName)).map((v) => ({
      version: Number(v.tags?.[TAG_VERSION]),
      remoteId: v.version,
      enabled: v.enabled,
    }));
    expect(sdkView).toEqual([
      { version: 1, remoteId: ids[0], enabled: false },
      { version: 2, remoteId: ids[1], enabled: true },
      { version: 3, remoteId: ids[2], enabled: true },
    ]);
    const inspected = await h.adapter.inspect(dist);
    expect(inspected.map(({ version, remoteId, enabled, state }) => ({ version, remoteId, enabled, state }))).toEqual([
      { version: 1, remoteId: ids[0], enabled: false, state: 'Disabled' },
      { version: 2, remoteId: ids[1], enabled: true, state: 'Enabled' },
      { version: 3, remoteId: ids[2], enabled: true, state: 'Enabled' },
    ]);
    expect((await h.sdk.getKey(dist.remoteName)).properties.version).toBe(ids[2]);
  });

  it('a disabled newest version is still what Azure serves as latest (pointCurrent cannot move it)', async () => {
    const h = shared;
    const { dist, ids } = await distribute(h, h.adapter, uniqueName('latest'), 'ecdsa-p256', ['sign', 'verify'], 'software', 2);
    await h.adapter.setVersionEnabled(dist, 2, ids[1]!, false);
    await h.adapter.pointCurrent(dist, { version: 1, remoteId: ids[0]! });
    const latest = await h.sdk.getKey(dist.remoteName);
    expect(latest.properties.version).toBe(ids[1]);
    expect(latest.properties.enabled).toBe(false);
  });

  it('resuming with a recorded remote id returns it without importing again', async () => {
    const h = shared;
    const { dist, ids } = await distribute(h, h.adapter, uniqueName('resume'), 'rsa-2048', ['decrypt'], 'software');
    const spec = specFor(dist, 1, await materialFor('rsa-2048'));
    await expect(h.adapter.importVersion(dist, spec, ids[0]!, async () => undefined)).resolves.toEqual({ remoteId: ids[0] });
    expect(await versionsThroughSdk(h.sdk, dist.remoteName)).toHaveLength(1);
    const other = await rejection(h.adapter.importVersion(dist, { ...spec, version: 2 }, ids[0]!, async () => undefined));
    expect(other.code).toBe('KeyNotOwned');
  });

  it('a crash right after import is found by locateVersion: exactly one Azure version per Keywarden version', async () => {
    const h = shared;
    const base = distFor(uniqueName('crash'), 'rsa-2048', ['sign', 'verify'], 'hsm');
    const dist = { ...base, ...(await h.adapter.prepareDistribution(base, null)) };
    expect(await h.adapter.locateVersion(dist, 1)).toBeNull();
    const spec = specFor(dist, 1, await materialFor('rsa-2048'));
    let seen: string | null = null;
    await expect(
      h.adapter.importVersion(dist, spec, null, async (id) => {
        seen = id;
        throw new Error('worker killed');
      }),
    ).rejects.toThrow('worker killed');
    const located = await h.adapter.locateVersion(dist, 1);
    expect(located).toBe(seen);
    expect(await h.adapter.locateVersion(dist, 2)).toBeNull();
    const { remoteId } = await h.adapter.importVersion(dist, specFor(dist, 1, await materialFor('rsa-2048')), located, async () => undefined);
    expect(remoteId).toBe(located);
    await h.adapter.proveVersion(dist, spec, remoteId);
    const versions = await versionsThroughSdk(h.sdk, dist.remoteName);
    expect(versions.map((v) => v.tags?.[TAG_VERSION])).toEqual(['1']);
  });

  it('a proof fails with ProofMismatchError when the Azure version holds other material', async () => {
    const h = shared;
    const { dist, ids } = await distribute(h, h.adapter, uniqueName('mismatch'), 'ecdsa-p256', ['sign', 'verify'], 'hsm');
    const other = specFor(dist, 1, await materialFor('ecdsa-p256', true));
    await expect(h.adapter.proveVersion(dist, other, ids[0]!)).rejects.toBeInstanceOf(ProofMismatchError);
    const rsa = await distribute(h, h.adapter, uniqueName('mismatch'), 'rsa-2048', ['unwrap'], 'software');
    await expect(h.adapter.proveVersion(rsa.dist, specFor(rsa.dist, 1, await materialFor('rsa-2048', true)), rsa.ids[0]!)).rejects.toBeInstanceOf(
      ProofMismatchError,
    );
  });

  it('proves public-only purposes with an Azure operation the key allows', async () => {
    const h = shared;
    for (const purposes of [['encrypt'], ['wrap'], ['verify']] as Purpose[][]) {
      const { dist, ids } = await distribute(h, h.adapter, uniqueName('pub'), 'rsa-2048', purposes, 'software');
      const proof = await h.adapter.proveVersion(dist, specFor(dist, 1, await materialFor('rsa-2048')), ids[0]!);
      expect(proof.method).toMatch(/Key Vault (encrypt|wrapKey) RSA-OAEP-256 decrypted locally|verified by Key Vault/);
    }
  });
});

describe('removal and redistribution', () => {
  it('removes by soft delete with the scheduled purge date, then purges when asked', async () => {
    const h = await ownHarness({ retentionDays: 30 });
    const adapter = h.adapterFor();
    const { dist, ids } = await distribute(h, adapter, uniqueName('rm'), 'rsa-2048', ['encrypt', 'decrypt'], 'software', 2);
    const perVersion = await adapter.removeVersion(dist, 1, ids[0]!, { pendingWindowDays: 7 });
    expect(perVersion.deletionDate).toBeNull();
    expect(perVersion.detail).toMatch(/whole keys/);
    const removed = await adapter.removeDistribution(dist, { pendingWindowDays: 7, purge: false });
    const days = (removed.deletionDate!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29);
    expect(days).toBeLessThan(31);
    expect(removed.detail).toMatch(/retention 30 days/);
    const deleted = await h.sdk.getDeletedKey(dist.remoteName);
    expect(deleted.properties.scheduledPurgeDate).toEqual(removed.deletionDate);
    expect(await adapter.inspect(dist)).toEqual([{ version: 2, remoteId: ids[1], enabled: false, state: 'Deleted', deletionDate: removed.deletionDate }]);
    const again = await adapter.removeDistribution(dist, { pendingWindowDays: 7, purge: true });
    expect(again.detail).toMatch(/purged/);
    await expect(h.sdk.getDeletedKey(dist.remoteName)).rejects.toMatchObject({ statusCode: 404 });
    expect(await adapter.inspect(dist)).toEqual([]);
    expect((await adapter.removeDistribution(dist, { pendingWindowDays: 7, purge: true })).detail).toMatch(/already gone/);
  });

  it('purge: true deletes and purges in one call', async () => {
    const h = shared;
    const { dist } = await distribute(h, h.adapter, uniqueName('purge'), 'ecdsa-p384', ['sign'], 'software');
    const removed = await h.adapter.removeDistribution(dist, { pendingWindowDays: 7, purge: true });
    expect(removed.detail).toMatch(/deleted.*purged/);
    await expect(h.sdk.getDeletedKey(dist.remoteName)).rejects.toMatchObject({ statusCode: 404 });
  });

  it('redistributing after a removal purges our deleted key and imports afresh (no 409)', async () => {
    const h = shared;
    const keyName = uniqueName('redist');
    const first = await distribute(h, h.adapter, keyName, 'rsa-2048', ['sign', 'verify'], 'hsm', 2);
    await h.adapter.removeDistribution(first.dist, { pendingWindowDays: 7, purge: false });
    const second = await distribute(h, h.adapter, keyName, 'rsa-2048', ['sign', 'verify'], 'hsm', 1);
    expect(second.dist.remoteName).toBe(first.dist.remoteName);
    const versions = await versionsThroughSdk(h.sdk, second.dist.remoteName);
    expect(versions.map((v) => v.version)).toEqual(second.ids);
  });

  it('under purge protection, redistribution recovers our deleted key and keeps importing into it', async () => {
    const h = await ownHarness({ recoveryLevel: 'Recoverable' });
    const adapter = h.adapterFor();
    const keyName = uniqueName('protected');
    const first = await distribute(h, adapter, keyName, 'rsa-2048', ['decrypt'], 'software', 1);
    const removed = await adapter.removeDistribution(first.dist, { pendingWindowDays: 7, purge: true });
    expect(removed.detail).toMatch(/purge refused/);
    expect(removed.deletionDate).not.toBeNull();
    const second = await distribute(h, adapter, keyName, 'rsa-2048', ['decrypt'], 'software', 2);
    expect(second.dist.remoteName).toBe(first.dist.remoteName);
    const versions = await versionsThroughSdk(h.sdk, second.dist.remoteName);
    expect(versions.map((v) => v.version)).toEqual([first.ids[0], ...second.ids]);
    expect(await adapter.locateVersion(second.dist, 1)).toBe(second.ids[0]);
  });

  it('an import meeting our own deleted key (409) recovers it instead of failing', async () => {
    const h = shared;
    const { dist, ids } = await distribute(h, h.adapter, uniqueName('gone'), 'rsa-2048', ['sign'], 'software', 1);
    await (await h.sdk.beginDeleteKey(dist.remoteName)).pollUntilDone();
    const { remoteId } = await h.adapter.importVersion(dist, specFor(dist, 2, await materialFor('rsa-2048', true)), null, async () => undefined);
    expect((await versionsThroughSdk(h.sdk, dist.remoteName)).map((v) => v.version)).toEqual([ids[0], remoteId]);
  });
});

describe('names', () => {
  it('maps characters Azure does not allow and cuts long names with a suffix', async () => {
    const h = shared;
    const keyName = `${'a_b'.repeat(42)}xy`;
    expect(keyName).toHaveLength(128);
    const { remoteName } = await h.adapter.prepareDistribution(distFor(keyName, 'ecdsa-p256', ['sign'], 'software'), null);
    expect(remoteName).toMatch(/^[0-9a-zA-Z-]{127}$/);
    expect(remoteName.startsWith('a-b')).toBe(true);
    expect(await h.adapter.prepareDistribution(distFor(keyName, 'ecdsa-p256', ['sign'], 'software'), null)).toEqual({ remoteName });
    expect(await h.adapter.prepareDistribution(distFor(keyName, 'ecdsa-p256', ['sign'], 'software'), 'recorded-name')).toEqual({
      remoteName: 'recorded-name',
    });
  });

  it('chooses a deterministic suffix when a foreign key (live or deleted) holds the name', async () => {
    const h = shared;
    const keyName = uniqueName('taken');
    const mapped = keyName.replace('_', '-');
    await h.sdk.createEcKey(mapped, { curve: 'P-256' });
    const { dist } = await distribute(h, h.adapter, keyName, 'ecdsa-p256', ['sign', 'verify'], 'software');
    expect(dist.remoteName).toMatch(new RegExp(`^${mapped}-k[0-9a-f]{6}$`));
    expect((await h.adapter.prepareDistribution(distFor(keyName, 'ecdsa-p256', ['sign'], 'software'), null)).remoteName).toBe(dist.remoteName);
    expect((await h.sdk.getKey(mapped)).properties.tags).toBeUndefined();
    // Another installation's key is foreign too, and so is a foreign soft-deleted key.
    const other = h.adapterFor({ installationId: crypto.randomUUID() });
    const deletedName = uniqueName('deleted');
    await h.sdk.createEcKey(deletedName.replace('_', '-'), { curve: 'P-256' });
    await (await h.sdk.beginDeleteKey(deletedName.replace('_', '-'))).pollUntilDone();
    expect((await other.prepareDistribution(distFor(deletedName, 'ecdsa-p256', ['sign'], 'software'), null)).remoteName).toMatch(/-k[0-9a-f]{6}$/);
    expect((await other.prepareDistribution(distFor(keyName, 'ecdsa-p256', ['sign'], 'software'), null)).remoteName).not.toBe(mapped);
  });

  it('two Keywarden keys that map to one Azure name get different Azure keys', async () => {
    const h = shared;
    const stem = uniqueName('pair').replace('_', '-');
    const a = await distribute(h, h.adapter, `${stem}_x`, 'ecdsa-p256', ['sign'], 'software');
    const b = await distribute(h, h.adapter, `${stem}-x`, 'ecdsa-p256', ['sign'], 'software');
    expect(a.dist.remoteName).toBe(`${stem}-x`);
    expect(b.dist.remoteName).not.toBe(a.dist.remoteName);
  });
});

describe('key-exchange key', () => {
  it('is made once per installation (RSA-HSM 4096, key_ops ["import"]), reused, and given a new version when disabled', { timeout: 90_000 }, async () => {
    const h = shared;
    const installationId = crypto.randomUUID();
    const name = kekName(installationId);
    const first = await distribute(h, h.adapterFor({ installationId }, { kekSize: KEK_SIZE }), uniqueName('kek'), 'rsa-2048', ['sign', 'verify'], 'hsm');
    await distribute(h, h.adapterFor({ installationId }), uniqueName('kek'), 'ecdsa-p521', ['sign', 'verify'], 'hsm');
    const kek = await h.sdk.getKey(name);
    expect(kek.keyType).toBe('RSA-HSM');
    expect(kek.keyOperations).toEqual(['import']);
    expect(kek.key?.n?.length).toBe(512);
    expect(kek.properties.tags).toMatchObject({ [TAG_INSTALLATION]: installationId });
    expect(await versionsThroughSdk(h.sdk, name)).toHaveLength(1);
    await h.sdk.updateKeyProperties(name, kek.properties.version!, { enabled: false });
    const adapter = h.adapterFor({ installationId });
    const spec = specFor(first.dist, 2, await materialFor('rsa-2048', true));
    const { remoteId } = await adapter.importVersion(first.dist, spec, null, async () => undefined);
    await adapter.proveVersion(first.dist, spec, remoteId);
    expect(await versionsThroughSdk(h.sdk, name)).toHaveLength(2);
  });

  it('is never taken over when another owner holds its name', async () => {
    const h = shared;
    const installationId = crypto.randomUUID();
    await h.sdk.createRsaKey(kekName(installationId), { keySize: 2048 });
    const error = await rejection(h.adapterFor({ installationId }).prepareDistribution(distFor(uniqueName('kek'), 'rsa-2048', ['sign'], 'hsm'), null));
    expect(error.code).toBe('KekNameTaken');
  });
});

describe('connection and errors', () => {
  it('testConnection succeeds with the emulator', async () => {
    const report = await shared.adapter.testConnection();
    expect(report).toMatchObject({ ok: true });
  });

  it('a wrong client secret shows the AADSTS error and never the secret', async () => {
    const h = shared;
    const secret = 'wrong-Secret~never+shown/42';
    const adapter = h.adapterFor({ credentials: { ...settingsFor(h.emulator, h.installationId).credentials!, clientSecret: secret } as never });
    const report = await adapter.testConnection();
    expect(report.ok).toBe(false);
    expect(report.error?.code).toBe('AADSTS7000215');
    expect(report.detail).toMatch(/AADSTS7000215/);
    const error = await rejection(adapter.locateVersion(distFor('x', 'rsa-2048', ['sign'], 'software', 'x'), 1));
    expect(error.code).toBe('AADSTS7000215');
    expect(error.retryable).toBe(false);
    for (const text of [report.detail, report.error?.message ?? '', error.message]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(encodeURIComponent(secret));
    }
  });

  it('trusts the CA bundle for the vault and the token endpoint, and only when given', async () => {
    const h = shared;
    // The emulator's CA is made fresh for this file, so nothing else (NODE_EXTRA_CA_CERTS included) trusts it.
    const report = await h.adapterFor({ caBundle: null }).testConnection();
    expect(report.ok).toBe(false);
    expect(report.error?.code).toBe('TlsVerificationFailed');
  });

  it('DefaultAzureCredential (no credentials) signs in from the environment', async () => {
    const h = shared;
    const saved = { ...process.env };
    onTestFinished(() => {
      for (const name of ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_AUTHORITY_HOST', 'AZURE_TOKEN_CREDENTIALS']) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    });
    Object.assign(process.env, {
      AZURE_TENANT_ID: h.emulator.tenantId,
      AZURE_CLIENT_ID: h.emulator.clientId,
      AZURE_CLIENT_SECRET: h.emulator.clientSecret,
      AZURE_AUTHORITY_HOST: h.emulator.authorityHost,
      AZURE_TOKEN_CREDENTIALS: 'EnvironmentCredential',
    });
    const report = await h.adapterFor({ credentials: null }).testConnection();
    expect(report).toMatchObject({ ok: true });
  });

  it('maps a refused permission to the Key Vault code, message and key permission', () => {
    const message = "The user, group or application 'appid=a;oid=b' does not have keys list permission on key vault 'v;location=westeurope'.";
    const error = Object.assign(new Error(message), {
      name: 'RestError',
      statusCode: 403,
      details: { error: { code: 'Forbidden', message, innerError: { code: 'ForbiddenByPolicy' } } },
    });
    const mapped = toProviderError(error, { action: 'GetKeys', scrub: (text) => text, endpoint: 'v.vault.azure.net:443' });
    expect(mapped).toMatchObject({ code: 'Forbidden', permission: 'keys/list', retryable: false });
    expect(mapped.message).toContain('does not have keys list permission');
    const bearer = toProviderError(Object.assign(new Error('x'), { name: 'RestError', statusCode: 500, details: { error: { code: 'InternalError', message: 'Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.sig' } } }), {
      action: 'GetKey',
      scrub: createScrubber(null),
      endpoint: 'v',
    });
    expect(bearer.message).not.toContain('eyJ');
    expect(bearer).toMatchObject({ code: 'InternalError', retryable: true });
  });

  it('an unreachable vault fails in seconds with a plain message', async () => {
    const h = shared;
    const started = Date.now();
    const adapter = h.adapterFor({ endpoint: `https://localhost:${await closedPort()}` });
    const report = await adapter.testConnection();
    expect(report.ok).toBe(false);
    expect(report.error?.code).toBe('EndpointUnreachable');
    expect(report.detail).toMatch(/cannot reach localhost:\d+/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('faults', () => {
  it('429 is throttled, 500 and dropped connections are retryable, and nothing changes', async () => {
    const h = await ownHarness();
    const adapter = h.adapterFor();
    const base = distFor(uniqueName('fault'), 'rsa-2048', ['sign', 'verify'], 'software');
    const dist = { ...base, ...(await adapter.prepareDistribution(base, null)) };
    const spec = () => specFor(dist, 1, materialSync);
    const materialSync = await materialFor('rsa-2048');
    for (const [kind, code, throttled] of [
      ['429', 'Throttled', true],
      ['500', 'InternalServerError', false],
      ['drop', 'ConnectionDropped', false],
    ] as const) {
      // importKey is sent once, without SDK retries: one fault fails the call.
      await h.admin('faults', { operation: 'ImportKey', kind, count: 1 });
      const error = await rejection(adapter.importVersion(dist, spec(), null, async () => undefined));
      expect(error.code).toBe(code);
      expect(error.retryable).toBe(true);
      expect(error.throttled).toBe(throttled);
      expect(await adapter.locateVersion(dist, 1)).toBeNull();
    }
    const { remoteId } = await adapter.importVersion(dist, spec(), null, async () => undefined);
    expect(await adapter.locateVersion(dist, 1)).toBe(remoteId);
    expect(await versionsThroughSdk(h.sdk, dist.remoteName)).toHaveLength(1);
  });
});

describe('non-idempotent calls', () => {
  it('sends importKey once: a lost answer is a retryable error, and locateVersion finds the one version', async () => {
    const h = await ownHarness();
    const proxy = await startLosingProxy(h.emulator, 'PUT', /^\/keys\/[^/]+\/?$/);
    onTestFinished(() => proxy.close());
    // SDK retries stay on (TEST_OPTIONS: 2) for every other call.
    const adapter = h.adapterFor({ endpoint: proxy.url });
    const base = distFor(uniqueName('lost'), 'ecdsa-p256', ['sign', 'verify'], 'software');
    const dist = { ...base, ...(await adapter.prepareDistribution(base, null)) };
    const spec = () => specFor(dist, 1, material);
    const material = await materialFor('ecdsa-p256');
    const recorded: string[] = [];
    const error = await rejection(adapter.importVersion(dist, spec(), null, async (id) => void recorded.push(id)));
    expect(error).toMatchObject({ code: 'ConnectionDropped', retryable: true, throttled: false });
    expect(proxy.lost()).toBe(1);
    expect(recorded).toEqual([]);
    const versions = await versionsThroughSdk(h.sdk, dist.remoteName);
    expect(versions).toHaveLength(1);

    // The job's next attempt: it recorded createStartedAt, so it locates before importing.
    const located = await adapter.locateVersion(dist, 1);
    expect(located).toBe(versions[0]?.version);
    expect(await adapter.importVersion(dist, spec(), located, async () => undefined)).toEqual({ remoteId: located });
    await adapter.proveVersion(dist, spec(), located as string);
    expect(await versionsThroughSdk(h.sdk, dist.remoteName)).toHaveLength(1);
  });

  it('reports a throttled importKey as throttled even with SDK retries on', async () => {
    const h = await ownHarness();
    const adapter = h.adapterFor({}, { maxRetries: 2 });
    const base = distFor(uniqueName('throttle'), 'ecdsa-p256', ['sign', 'verify'], 'software');
    const dist = { ...base, ...(await adapter.prepareDistribution(base, null)) };
    await h.admin('faults', { operation: 'ImportKey', kind: '429', count: 1 });
    const error = await rejection(adapter.importVersion(dist, specFor(dist, 1, await materialFor('ecdsa-p256')), null, async () => undefined));
    expect(error).toMatchObject({ retryable: true, throttled: true });
    expect(await adapter.inspect(dist)).toEqual([]);
  });

  it('locateVersion keeps one of two copies and disables the others, never another provider\'s', async () => {
    const h = shared;
    const other = h.adapterFor({ name: 'azure-other' });
    const base = distFor(uniqueName('twins'), 'ecdsa-p256', ['sign', 'verify'], 'software');
    const dist = { ...base, ...(await h.adapter.prepareDistribution(base, null)) };
    const spec = specFor(dist, 1, await materialFor('ecdsa-p256'));
    const first = (await h.adapter.importVersion(dist, spec, null, async () => undefined)).remoteId;
    const second = (await h.adapter.importVersion(dist, spec, null, async () => undefined)).remoteId;
    const theirs = (await other.importVersion(dist, spec, null, async () => undefined)).remoteId;

    expect(await h.adapter.locateVersion(dist, 1)).toBe(second);
    const enabled = async () => Object.fromEntries((await versionsThroughSdk(h.sdk, dist.remoteName)).map((v) => [v.version, v.enabled]));
    expect(await enabled()).toEqual({ [first]: false, [second]: true, [theirs]: true });
    expect(await h.adapter.locateVersion(dist, 1)).toBe(second);
    expect(await other.locateVersion(dist, 1)).toBe(theirs);
    expect(await enabled()).toEqual({ [first]: false, [second]: true, [theirs]: true });
    // A key holding another provider's version is not this provider's to delete.
    expect(await rejection(h.adapter.removeDistribution(dist, { pendingWindowDays: 7, purge: false }))).toMatchObject({ code: 'KeyNotOwned' });
  });
});

describe('two providers of one installation on one vault', () => {
  it('get separate Azure keys, and removing the key from one leaves the other intact', async () => {
    const h = await ownHarness();
    const a = h.adapterFor({ name: 'azure-a' });
    const b = h.adapterFor({ name: 'azure-b' });
    const keyName = uniqueName('shared');
    const one = await distribute(h, a, keyName, 'ecdsa-p256', ['sign', 'verify'], 'hsm');
    const two = await distribute(h, b, keyName, 'ecdsa-p256', ['sign', 'verify'], 'hsm');
    expect(one.dist.remoteName).toBe(keyName.replace('_', '-'));
    expect(two.dist.remoteName).toMatch(new RegExp(`^${one.dist.remoteName}-k[0-9a-f]{6}$`));
    expect((await h.sdk.getKey(two.dist.remoteName)).properties.tags).toMatchObject({ [TAG_PROVIDER]: 'azure-b', [TAG_INSTALLATION]: h.installationId });
    // Recorded names win, also for b preparing again.
    expect((await b.prepareDistribution(distFor(keyName, 'ecdsa-p256', ['sign', 'verify'], 'hsm'), null)).remoteName).toBe(two.dist.remoteName);
    expect(await a.inspect(one.dist)).toMatchObject([{ version: 1, remoteId: one.ids[0] }]);
    expect(await b.inspect(two.dist)).toMatchObject([{ version: 1, remoteId: two.ids[0] }]);
    expect(await b.inspect(one.dist)).toEqual([]);
    expect(await b.locateVersion(one.dist, 1)).toBeNull();
    expect(await rejection(b.removeDistribution(one.dist, { pendingWindowDays: 7, purge: false }))).toMatchObject({ code: 'KeyNotOwned' });

    expect((await b.removeDistribution(two.dist, { pendingWindowDays: 7, purge: true })).detail).toMatch(/deleted/);
    expect(await versionsThroughSdk(h.sdk, one.dist.remoteName)).toMatchObject([{ version: one.ids[0], enabled: true }]);
    expect(await a.inspect(one.dist)).toMatchObject([{ version: 1, remoteId: one.ids[0], state: 'Enabled' }]);
    expect(await b.inspect(two.dist)).toEqual([]);
  });

  it('treat a version tagged before providers were tagged as nobody\'s', async () => {
    const h = shared;
    const keyName = uniqueName('legacy');
    const mapped = keyName.replace('_', '-');
    await h.sdk.createEcKey(mapped, { curve: 'P-256', tags: { [TAG_INSTALLATION]: h.installationId, [TAG_KEY]: keyName, [TAG_VERSION]: '1' } });
    const dist = { ...distFor(keyName, 'ecdsa-p256', ['sign', 'verify'], 'software'), remoteName: mapped };
    expect(await h.adapter.locateVersion(dist, 1)).toBeNull();
    expect(await h.adapter.inspect(dist)).toEqual([]);
    expect(await rejection(h.adapter.removeDistribution(dist, { pendingWindowDays: 7, purge: false }))).toMatchObject({ code: 'KeyNotOwned' });
    expect((await h.adapter.prepareDistribution(distFor(keyName, 'ecdsa-p256', ['sign', 'verify'], 'software'), null)).remoteName).toMatch(/-k[0-9a-f]{6}$/);
  });
});

describe('settings', () => {
  it('maps vault names to Azure URLs per cloud and spots Azure hosts', () => {
    const base = { kind: 'azurekeyvault', name: 'p', endpoint: null, caBundle: null, credentials: null, installationId: 'i' } as const;
    expect(vaultUrlOf({ ...base, keyCollection: 'My-Vault' })).toBe('https://my-vault.vault.azure.net');
    expect(vaultUrlOf({ ...base, keyCollection: 'https://kv.managedhsm.azure.net/' })).toBe('https://kv.managedhsm.azure.net');
    expect(vaultUrlOf({ ...base, keyCollection: 'v', endpoint: 'https://localhost:1' })).toBe('https://localhost:1');
    expect(
      vaultUrlOf({ ...base, keyCollection: 'gov', credentials: { form: 'client_secret', tenantId: 't', clientId: 'c', clientSecret: 's', cloud: 'usgov' } }),
    ).toBe('https://gov.vault.usgovcloudapi.net');
    expect(isAzureVaultHost('https://x.vault.azure.net')).toBe(true);
    expect(isAzureVaultHost('https://x.vault.azure.cn')).toBe(true);
    expect(isAzureVaultHost('https://localhost:4600')).toBe(false);
    expect(isAzureVaultHost('https://vault.azure.net.evil.example')).toBe(false);
    expect(authorityOf('china')).toEqual({ authorityHost: 'https://login.chinacloudapi.cn', custom: false });
    expect(authorityOf('https://login.example/')).toEqual({ authorityHost: 'https://login.example', custom: true });
  });

  it('names the refused key permission', () => {
    expect(
      refusedPermission("The user, group or application 'appid=x;oid=y' does not have keys list permission on key vault 'v;location=westeurope'.", 'GetKeys'),
    ).toBe('keys/list');
    expect(refusedPermission("Caller is not authorized to perform action on resource.\r\nAction: 'Microsoft.KeyVault/vaults/keys/read'", 'GetKey')).toBe(
      'Microsoft.KeyVault/vaults/keys/read',
    );
    expect(refusedPermission('Forbidden', 'ImportKey')).toBe('keys/import');
  });

  it('refuses key shapes Key Vault cannot hold', async () => {
    const aes = await rejection(shared.adapter.prepareDistribution(distFor(uniqueName('aes'), 'aes256-gcm96', ['encrypt'], 'software'), null));
    expect(aes.code).toBe('UnsupportedKeyShape');
    const ec = await rejection(shared.adapter.prepareDistribution(distFor(uniqueName('ec'), 'ecdsa-p256', ['encrypt'], 'hsm'), null));
    expect(ec.code).toBe('UnsupportedKeyShape');
  });
});
