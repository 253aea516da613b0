// Faults while distributing, using the emulator's fault switches and real restarts: every case
// converges with exactly one KMS key per version, and throttling is never shown as an error.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsKmsEmulator, type AwsKmsEmulator } from '@/emulators/aws-kms';
import type { UseCaseContext } from '@/lib/auth/actor';
import { getDb } from '@/lib/db/client';
import { createKey } from '@/lib/keys/create-key';
import { rotateKey } from '@/lib/keys/rotate-key';
import { adapterFor, useAdapterFactory } from '@/lib/providers/adapter-for';
import { createAwsAdapter } from '@/lib/providers/aws/aws-adapter';
import { testProvider } from '@/lib/providers/test-provider';
import { actorWith, done } from '@/lib/testing/actors';
import { awsProvider, distributionOf, kmsOf, reconcileUntilSettled, remoteCopies, TEST_CREDENTIALS } from '@/lib/testing/distribution';
import { distributeKey } from './distribute-key';
import { reconcileDistribution, RetryLater } from './reconcile';

let admin: UseCaseContext;
let n = 0;
const dir = mkdtempSync(path.join(tmpdir(), 'keywarden-faults-'));

beforeAll(async () => {
  admin = await actorWith(['admin', 'operator'], 'faults-admin');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function admin_(url: string, method: string, route: string, body?: object) {
  const response = await fetch(`${url}/__admin/${route}`, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  if (!response.ok) throw new Error(`${route}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** A fresh emulator, provider and key with `versions` versions, distributed (the job not yet run). */
async function scenario(kms: AwsKmsEmulator, { type = 'ecdsa-p256' as const, versions = 3 } = {}) {
  const id = ++n;
  const provider = `faults-${id}`;
  const key = `faulty-${id}`;
  await awsProvider(admin, provider, kms.url);
  await done(createKey({ name: key, type }, admin));
  for (let v = 1; v < versions; v++) await done(rotateKey({ name: key }, admin));
  const d = await done(distributeKey({ provider, key, purposes: ['sign', 'verify'], protection: 'hsm' }, admin));
  return { provider, key, distributionId: d.id };
}

async function expectOneKeyPerVersion(kms: AwsKmsEmulator, provider: string, key: string, versions: number) {
  const d = await distributionOf(provider, key);
  expect(d.state).toBe('in_sync');
  expect(d.versions.map((v) => v.state)).toEqual(Array(versions).fill('in_sync'));
  const remote = await remoteCopies(kmsOf(kms.url), key);
  expect(remote.copies.map((c) => c.version)).toEqual(Array.from({ length: versions }, (_, i) => i + 1));
  expect(remote.copies.map((c) => c.keyId)).toEqual(d.versions.map((v) => v.remoteId));
}

describe('distribution under faults', () => {
  it('ImportKeyMaterial failing (500) and throttling: retried, converges, one key per version', async () => {
    const kms = await startAwsKmsEmulator({ port: 0, quiet: true });
    try {
      const s = await scenario(kms);
      await admin_(kms.url, 'POST', 'faults', { faults: [{ operation: 'ImportKeyMaterial', kind: '500', count: 4 }, { operation: 'CreateKey', kind: 'throttle', count: 5 }] });
      expect(await reconcileUntilSettled(s.distributionId)).toBe('in_sync');
      await expectOneKeyPerVersion(kms, s.provider, s.key, 3);
      // Throttling was paced, not shown, and the pause was shared with every worker through the database.
      const d = await distributionOf(s.provider, s.key);
      expect([d.lastError, ...d.versions.map((v) => v.lastError)].every((e) => e === null || !/Throttl/.test(e))).toBe(true);
      const provider = await getDb().provider.findUniqueOrThrow({ where: { name: s.provider } });
      expect(provider.throttledUntil).not.toBeNull();
    } finally {
      await kms.close();
    }
  });

  it('a dropped connection and added latency: converges, one key per version', async () => {
    const kms = await startAwsKmsEmulator({ port: 0, quiet: true, latencyMs: 30 });
    try {
      const s = await scenario(kms);
      await admin_(kms.url, 'POST', 'faults', { faults: [{ operation: 'GetParametersForImport', kind: 'drop', count: 2 }, { operation: 'CreateAlias', kind: 'drop', count: 1 }] });
      expect(await reconcileUntilSettled(s.distributionId)).toBe('in_sync');
      await expectOneKeyPerVersion(kms, s.provider, s.key, 3);
    } finally {
      await kms.close();
    }
  });

  it('a crash between CreateKey and recording its id: the retry finds the key by its tags', async () => {
    const kms = await startAwsKmsEmulator({ port: 0, quiet: true });
    try {
      const s = await scenario(kms, { versions: 2 });
      // The process "dies" right after CreateKey answered: the id never reaches the database.
      useAdapterFactory('awskms', (settings) => {
        const real = createAwsAdapter(settings, { maxAttempts: 1 });
        return { ...real, importVersion: (ref, spec, remoteId) => real.importVersion(ref, spec, remoteId, async () => { throw new Error('crash'); }) };
      });
      await expect(reconcileDistribution(s.distributionId)).rejects.toBeInstanceOf(RetryLater);
      const crashed = await distributionOf(s.provider, s.key);
      expect(crashed.versions.map((v) => [v.remoteId, v.createStartedAt !== null])).toEqual([[null, true], [null, true]]);
      expect((await remoteCopies(kmsOf(kms.url), s.key)).copies).toHaveLength(2); // created, not recorded
      useAdapterFactory('awskms', (settings) => createAwsAdapter(settings));
      expect(await reconcileUntilSettled(s.distributionId)).toBe('in_sync');
      await expectOneKeyPerVersion(kms, s.provider, s.key, 2);
    } finally {
      useAdapterFactory('awskms', (settings) => createAwsAdapter(settings));
      await kms.close();
    }
  });

  it('the emulator restarted mid-distribution (with its data file): resumes, one key per version', async () => {
    const dataFile = path.join(dir, 'restart.json');
    let kms = await startAwsKmsEmulator({ port: 0, quiet: true, dataFile, latencyMs: 40 });
    const port = kms.port;
    try {
      const s = await scenario(kms, { versions: 6 });
      const running = reconcileDistribution(s.distributionId, { concurrency: 2 }).catch((err: unknown) => err);
      // Stop it once the first version's KMS key is recorded, then bring it back on the same port.
      for (let i = 0; i < 200 && !(await distributionOf(s.provider, s.key)).versions.some((v) => v.remoteId); i++) {
        await new Promise((r) => setTimeout(r, 25));
      }
      await kms.close();
      const outcome = await running;
      kms = await startAwsKmsEmulator({ port, quiet: true, dataFile });
      expect(outcome === 'in_sync' || outcome instanceof RetryLater).toBe(true);
      expect(await reconcileUntilSettled(s.distributionId)).toBe('in_sync');
      await expectOneKeyPerVersion(kms, s.provider, s.key, 6);
    } finally {
      await kms.close();
    }
  });

  it('wrong credentials and unreachable endpoints: the provider\'s error, shown plainly, secrets never', async () => {
    const kms = await startAwsKmsEmulator({ port: 0, quiet: true });
    try {
      await awsProvider(admin, 'faults-unreachable', 'http://127.0.0.1:9');
      const report = await testProvider({ name: 'faults-unreachable' }, admin);
      expect(report.ok).toBe(false);
      expect(report.error?.code).toMatch(/Unreachable|Network/i);
      expect(JSON.stringify(report)).not.toContain(TEST_CREDENTIALS.secretAccessKey);

      await awsProvider(admin, 'faults-ok', kms.url);
      expect(await testProvider({ name: 'faults-ok' }, admin)).toMatchObject({ ok: true });
      // The adapter under test directly, as the job uses it.
      const adapter = adapterFor({ kind: 'awskms', name: 'x', keyCollection: 'eu-west-1', endpoint: 'http://127.0.0.1:9', caBundle: null, credentials: { form: 'static', ...TEST_CREDENTIALS }, installationId: 'i' });
      const failed = await adapter.testConnection();
      expect(failed.ok).toBe(false);
      expect(failed.detail + JSON.stringify(failed.error)).not.toContain(TEST_CREDENTIALS.secretAccessKey);
    } finally {
      await kms.close();
    }
  });
});
