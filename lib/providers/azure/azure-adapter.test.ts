import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { ProofMismatchError, ProviderError, type DistributionRef, type ProviderAdapter } from '../contract';
import type { Protection, Purpose } from '../capabilities';
import type { KeyType } from '@/lib/keys/key-types';
import { TAG_INSTALLATION, TAG_KEY, TAG_VERSION } from './names';
import { distFor, materialFor, specFor, startHarness, uniqueName, versionsThroughSdk, type Harness } from './test-support';

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
    expect(key.properties.tags).toEqual({ [TAG_INSTALLATION]: shared.installationId, [TAG_KEY]: keyName, [TAG_VERSION]: '1' });
  });
});
