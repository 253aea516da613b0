// Distribution to Azure Key Vault through the same pipeline as AWS (use cases, the reconcile job,
// the real Azure SDK over HTTPS to the local Key Vault), and one key in AWS and Azure at once.
import { ClientSecretCredential } from '@azure/identity';
import { KeyClient } from '@azure/keyvault-keys';
import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsKmsEmulator, type AwsKmsEmulator } from '@/emulators/aws-kms';
import { startAzureKeyVaultEmulator, type AzureKeyVaultEmulator } from '@/emulators/azure-keyvault';
import type { UseCaseContext } from '@/lib/auth/actor';
import { setPolicy } from '@/lib/approvals/set-policy';
import { DomainError } from '@/lib/errors';
import { createKey } from '@/lib/keys/create-key';
import { rotateKey } from '@/lib/keys/rotate-key';
import { lowerMinEnabledVersionOperation, raiseMinEnabledVersionOperation } from '@/lib/keys/set-min-enabled-version';
import { perform } from '@/lib/operations/perform';
import { testProvider } from '@/lib/providers/test-provider';
import { actorWith, done } from '@/lib/testing/actors';
import { awsProvider, azureProvider, distributionOf, kmsOf, reconcileUntilSettled, remoteCopies } from '@/lib/testing/distribution';
import { distributeKey } from './distribute-key';
import { reconcileDistribution, RetryLater } from './reconcile';
import { removeFromProvider } from './remove-from-provider';

let azure: AzureKeyVaultEmulator;
let aws: AwsKmsEmulator;
let admin: UseCaseContext;
let sdk: KeyClient;
const certDir = mkdtempSync(path.join(tmpdir(), 'keywarden-azure-int-'));

beforeAll(async () => {
  [azure, aws] = await Promise.all([
    startAzureKeyVaultEmulator({ port: 0, quiet: true, certDir, identityPort: false }),
    startAwsKmsEmulator({ port: 0, quiet: true }),
  ]);
  admin = await actorWith(['admin', 'operator'], 'azure-admin');
  for (const operation of ['key.remove_from_provider', 'key.raise_min_enabled_version']) {
    await setPolicy({ operation, requiredApprovals: 0, expiresAfterHours: 24 }, admin);
  }
  await azureProvider(admin, 'azure-test', azure);
  await awsProvider(admin, 'aws-both', aws.url);
  const credential = new ClientSecretCredential(azure.tenantId, azure.clientId, azure.clientSecret, {
    authorityHost: azure.authorityHost,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: azure.caPem },
  });
  sdk = new KeyClient(azure.vaultUrl(), credential, { disableChallengeResourceVerification: true, tlsOptions: { ca: azure.caPem } });
}, 120_000);
afterAll(async () => {
  await Promise.all([azure?.close(), aws?.close()]);
  rmSync(certDir, { recursive: true, force: true });
});

/** The emulator's admin endpoint, over HTTPS trusting its certificate. */
function adminCall(emulator: AzureKeyVaultEmulator, method: string, route: string, body?: object) {
  return new Promise<void>((resolve, reject) => {
    const request = https.request(`${emulator.url}/__admin/${route}`, { method, ca: emulator.caPem, headers: { 'content-type': 'application/json' } }, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`admin ${route}: ${response.statusCode}`))));
    });
    request.on('error', reject);
    request.end(body ? JSON.stringify(body) : undefined);
  });
}

/** What the vault holds of a key, read through the SDK: version id → {enabled, keywarden version tag}. */
async function azureVersions(name: string) {
  const versions: { id: string; enabled: boolean; version: number }[] = [];
  for await (const p of sdk.listPropertiesOfKeyVersions(name)) {
    versions.push({ id: p.version!, enabled: p.enabled ?? false, version: Number(p.tags?.['keywarden-version']) });
  }
  return versions.sort((a, b) => a.version - b.version);
}

describe('distribution to Azure Key Vault', () => {
  for (const [type, purposes, protection] of [
    ['rsa-2048', ['sign', 'verify'], 'hsm'],
    ['rsa-2048', ['encrypt', 'decrypt', 'wrap', 'unwrap'], 'software'],
    ['ecdsa-p384', ['sign', 'verify'], 'hsm'],
    ['ecdsa-p256', ['sign'], 'software'],
  ] as const) {
    it(`${type} ${purposes.join('+')} (${protection}): imports, proves, mirrors rotate and min_enabled_version, removes, purges, redistributes`, async () => {
      const key = `az_${type}_${protection}_${purposes.length}`;
      await done(createKey({ name: key, type }, admin));
      await done(rotateKey({ name: key }, admin));
      await done(distributeKey({ provider: 'azure-test', key, purposes: [...purposes], protection }, admin));
      let d = await distributionOf('azure-test', key);
      expect(await reconcileUntilSettled(d.id)).toBe('in_sync');
      d = await distributionOf('azure-test', key);
      const remoteName = key.replaceAll('_', '-');
      expect(d.remoteName).toBe(remoteName);
      expect(d.versions.every((v) => v.state === 'in_sync' && /^[0-9a-f]{32}$/.test(v.remoteId!) && v.proof)).toBe(true);
      expect((await azureVersions(remoteName)).map((v) => [v.version, v.id, v.enabled])).toEqual(d.versions.map((v) => [v.version, v.remoteId, true]));

      await done(rotateKey({ name: key }, admin));
      await done(perform(raiseMinEnabledVersionOperation, { name: key, minEnabledVersion: 3 }, admin));
      expect(await reconcileUntilSettled(d.id)).toBe('in_sync');
      expect((await azureVersions(remoteName)).map((v) => [v.version, v.enabled])).toEqual([[1, false], [2, false], [3, true]]);
      await done(perform(lowerMinEnabledVersionOperation, { name: key, minEnabledVersion: 2 }, admin));
      expect(await reconcileUntilSettled(d.id)).toBe('in_sync');
      d = await distributionOf('azure-test', key);
      expect((await azureVersions(remoteName)).map((v) => [v.version, v.id, v.enabled])).toEqual(d.versions.map((v) => [v.version, v.remoteId, v.version >= 2]));

      await done(removeFromProvider({ provider: 'azure-test', key, purge: true }, admin));
      expect(await reconcileUntilSettled(d.id)).toBe('removed');
      await expect(sdk.getKey(remoteName)).rejects.toMatchObject({ code: 'KeyNotFound' });
      await expect(sdk.getDeletedKey(remoteName)).rejects.toMatchObject({ statusCode: 404 }); // purged

      // Distribute again: a fresh Azure key, one Azure version per Keywarden version.
      await done(distributeKey({ provider: 'azure-test', key, purposes: [...purposes], protection }, admin));
      expect(await reconcileUntilSettled(d.id)).toBe('in_sync');
      expect((await azureVersions(remoteName)).map((v) => v.version)).toEqual([1, 2, 3]);
    });
  }

  it('soft delete without purge: the scheduled purge date is recorded, and redistribution never meets a silent 409', async () => {
    await done(createKey({ name: 'az-soft', type: 'ecdsa-p256' }, admin));
    await done(distributeKey({ provider: 'azure-test', key: 'az-soft', purposes: ['sign', 'verify'], protection: 'software' }, admin));
    const d = await distributionOf('azure-test', 'az-soft');
    await reconcileUntilSettled(d.id);
    await done(removeFromProvider({ provider: 'azure-test', key: 'az-soft' }, admin));
    expect(await reconcileUntilSettled(d.id)).toBe('removed');
    const deleted = await sdk.getDeletedKey('az-soft');
    expect(deleted.properties.scheduledPurgeDate!.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    await done(distributeKey({ provider: 'azure-test', key: 'az-soft', purposes: ['sign', 'verify'], protection: 'software' }, admin));
    expect(await reconcileUntilSettled(d.id)).toBe('in_sync');
    expect((await azureVersions('az-soft')).map((v) => v.version)).toEqual([1]);
  });

  it('a name held by a key Keywarden does not own gets a suffix, recorded and shown', async () => {
    await sdk.createKey('az-taken', 'EC', { curve: 'P-256' });
    await done(createKey({ name: 'az-taken', type: 'ecdsa-p256' }, admin));
    await done(distributeKey({ provider: 'azure-test', key: 'az-taken', purposes: ['sign', 'verify'], protection: 'hsm' }, admin));
    const d = await distributionOf('azure-test', 'az-taken');
    expect(await reconcileUntilSettled(d.id)).toBe('in_sync');
    const { remoteName } = await distributionOf('azure-test', 'az-taken');
    expect(remoteName).toMatch(/^az-taken-k[0-9a-f]{6}$/);
    expect((await azureVersions('az-taken')).map((v) => v.version)).toEqual([NaN]); // the foreign key, untouched
  });

  it('refuses what Azure cannot hold, and shows the service\'s own sign-in error', async () => {
    await done(createKey({ name: 'az-aes', type: 'aes256-gcm96' }, admin));
    const err = await distributeKey({ provider: 'azure-test', key: 'az-aes', purposes: ['encrypt', 'decrypt'], protection: 'hsm' }, admin).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).message).toMatch(/do not hold imported AES keys/);

    await azureProvider(admin, 'azure-bad-secret', azure, { clientSecret: 'wrong-secret-value' });
    const report = await testProvider({ name: 'azure-bad-secret' }, admin);
    expect(report.ok).toBe(false);
    expect(report.error?.code).toMatch(/^AADSTS/);
    expect(JSON.stringify(report)).not.toContain('wrong-secret-value');
    expect(await testProvider({ name: 'azure-test' }, admin)).toMatchObject({ ok: true });
  });

  it('one key in AWS and Azure at once: rotate updates both; Azure failing leaves AWS in sync, and Azure converges once it recovers', async () => {
    await done(createKey({ name: 'both', type: 'rsa-2048' }, admin));
    await done(distributeKey({ provider: 'aws-both', key: 'both', purposes: ['sign', 'verify'], protection: 'hsm' }, admin));
    await done(distributeKey({ provider: 'azure-test', key: 'both', purposes: ['sign', 'verify'], protection: 'hsm' }, admin));
    const [onAws, onAzure] = [await distributionOf('aws-both', 'both'), await distributionOf('azure-test', 'both')];
    await Promise.all([reconcileUntilSettled(onAws.id), reconcileUntilSettled(onAzure.id)]);

    await adminCall(azure, 'POST', 'faults', { operation: 'ImportKey', kind: '500', count: 1000 });
    await done(rotateKey({ name: 'both' }, admin));
    expect(await reconcileUntilSettled(onAws.id)).toBe('in_sync');
    await expect(reconcileDistribution(onAzure.id)).rejects.toBeInstanceOf(RetryLater);
    const failing = await distributionOf('azure-test', 'both');
    expect(failing.state).toBe('syncing');
    expect(failing.lastError).toMatch(/InternalServerError|500/);
    expect((await remoteCopies(kmsOf(aws.url), 'both')).copies.map((c) => c.version)).toEqual([1, 2]);

    await adminCall(azure, 'DELETE', 'faults');
    expect(await reconcileUntilSettled(onAzure.id)).toBe('in_sync');
    const versions = (await distributionOf('azure-test', 'both')).versions;
    expect(versions.map((v) => [v.version, v.state])).toEqual([[1, 'in_sync'], [2, 'in_sync']]);
    expect((await azureVersions('both')).map((v) => [v.version, v.id])).toEqual(versions.map((v) => [v.version, v.remoteId]));
  });

  it('throttling, 500s and dropped connections, then a restart mid-distribution: one Azure version per Keywarden version', async () => {
    const dataFile = path.join(certDir, 'vault.json');
    let vault = await startAzureKeyVaultEmulator({ port: 0, quiet: true, certDir, identityPort: false, dataFile, latencyMs: 30 });
    const port = vault.port;
    try {
      await azureProvider(admin, 'azure-faulty', vault);
      await done(createKey({ name: 'az-faulty', type: 'ecdsa-p256' }, admin));
      for (let v = 1; v < 6; v++) await done(rotateKey({ name: 'az-faulty' }, admin));
      await done(distributeKey({ provider: 'azure-faulty', key: 'az-faulty', purposes: ['sign', 'verify'], protection: 'software' }, admin));
      const d = await distributionOf('azure-faulty', 'az-faulty');
      await adminCall(vault, 'POST', 'faults', { faults: [
        { operation: 'ImportKey', kind: '429', count: 3 },
        { operation: 'Sign', kind: '500', count: 3 },
        { operation: 'GetKey', kind: 'drop', count: 2 },
      ] });
      const running = reconcileDistribution(d.id, { concurrency: 2 }).catch((err: unknown) => err);
      for (let i = 0; i < 400 && !(await distributionOf('azure-faulty', 'az-faulty')).versions.some((v) => v.provenAt); i++) {
        await new Promise((r) => setTimeout(r, 25));
      }
      await vault.close();
      const outcome = await running;
      expect(outcome === 'in_sync' || outcome instanceof RetryLater).toBe(true);
      vault = await startAzureKeyVaultEmulator({ port, quiet: true, certDir, identityPort: false, dataFile });
      expect(await reconcileUntilSettled(d.id, { attempts: 20 })).toBe('in_sync');
      const recorded = (await distributionOf('azure-faulty', 'az-faulty')).versions;
      const credential = new ClientSecretCredential(vault.tenantId, vault.clientId, vault.clientSecret, { authorityHost: vault.authorityHost, disableInstanceDiscovery: true, tlsOptions: { ca: vault.caPem } });
      const client = new KeyClient(vault.vaultUrl(), credential, { disableChallengeResourceVerification: true, tlsOptions: { ca: vault.caPem } });
      const remote: { id: string; version: number }[] = [];
      for await (const p of client.listPropertiesOfKeyVersions('az-faulty')) remote.push({ id: p.version!, version: Number(p.tags?.['keywarden-version']) });
      remote.sort((a, b) => a.version - b.version);
      expect(remote.map((v) => [v.version, v.id])).toEqual(recorded.map((v) => [v.version, v.remoteId]));
    } finally {
      await vault.close();
    }
  });
});
