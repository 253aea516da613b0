// Real worker processes (scripts/worker.ts) on one database: several share the work safely, and
// one killed mid-distribution leaves nothing half done; another finishes it.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAwsKmsEmulator, type AwsKmsEmulator } from '@/emulators/aws-kms';
import { startAzureKeyVaultEmulator } from '@/emulators/azure-keyvault';
import type { UseCaseContext } from '@/lib/auth/actor';
import { getDb } from '@/lib/db/client';
import { createKey } from '@/lib/keys/create-key';
import { rotateKey } from '@/lib/keys/rotate-key';
import { actorWith, done } from '@/lib/testing/actors';
import { awsProvider, azureProvider, distributionOf, kmsOf, remoteCopies } from '@/lib/testing/distribution';
import { distributeKey } from './distribute-key';
import { retryDistribution } from './retry-distribution';

let kms: AwsKmsEmulator;
let admin: UseCaseContext;
const workers: ChildProcess[] = [];

function startWorker(extraEnv: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/worker.ts'], {
    env: { ...process.env, KEYWARDEN_WORKER_HEARTBEAT_MS: '500', KEYWARDEN_WORKER_DEAD_AFTER_MS: '3000', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = (chunk: Buffer) => { if (process.env.DEBUG_WORKERS) process.stderr.write(`[w${child.pid}] ${chunk}`); };
  child.stdout!.on('data', log);
  child.stderr!.on('data', log);
  workers.push(child);
  return child;
}

async function until<T>(what: string, probe: () => Promise<T | false | null | undefined>, timeoutMs = 200_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) {
      const jobs = await getDb().$queryRaw`SELECT id, queue_name, locked_by, locked_at, attempts, run_at, last_error FROM graphile_worker.jobs`;
      throw new Error(`timed out waiting for ${what}; jobs: ${JSON.stringify(jobs, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function keyWithVersions(name: string, versions: number) {
  await done(createKey({ name, type: 'ecdsa-p256' }, admin));
  for (let v = 1; v < versions; v++) await done(rotateKey({ name }, admin));
}

beforeAll(async () => {
  kms = await startAwsKmsEmulator({ port: 0, quiet: true, latencyMs: 15 });
  admin = await actorWith(['admin', 'operator'], 'workers-admin');
  await awsProvider(admin, 'aws-workers', kms.url);
});
afterEach(() => {
  for (const w of workers.splice(0)) w.kill('SIGKILL');
});
afterAll(() => kms?.close());

// Real processes on a loaded 2-core machine (other test files run beside these): generous time.
describe('worker processes', { timeout: 240_000 }, () => {
  it('two workers distributing the same 50-version key import each version exactly once', async () => {
    await keyWithVersions('fifty', 50);
    startWorker();
    startWorker();
    const d = await done(distributeKey({ provider: 'aws-workers', key: 'fifty', purposes: ['sign', 'verify'], protection: 'hsm' }, admin));
    // More triggers while it runs: a second job for the same distribution must wait its turn.
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 300));
      await done(retryDistribution({ provider: 'aws-workers', key: 'fifty' }, admin));
    }
    await until('in sync', async () => {
      const current = await distributionOf('aws-workers', 'fifty');
      return current.state === 'in_sync' && current.versions.length === 50 && current.versions.every((v) => v.state === 'in_sync');
    });
    const remote = await remoteCopies(kmsOf(kms.url), 'fifty');
    expect(remote.copies.map((c) => c.version)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const imported = await getDb().auditEvent.count({ where: { target: 'key:fifty', action: 'distribution.version_imported' } });
    expect(imported).toBe(50);
    expect((await distributionOf('aws-workers', 'fifty')).id).toBe(d.id);
  });

  it('a worker killed mid-distribution: another unlocks its job and finishes, one KMS key per version', async () => {
    await keyWithVersions('killed', 12);
    const first = startWorker({ KEYWARDEN_DISTRIBUTION_CONCURRENCY: '1' });
    await done(distributeKey({ provider: 'aws-workers', key: 'killed', purposes: ['sign', 'verify'], protection: 'hsm' }, admin));
    await until('the first version imported', async () => (await distributionOf('aws-workers', 'killed')).versions.some((v) => v.provenAt));
    first.kill('SIGKILL');
    const partial = await distributionOf('aws-workers', 'killed');
    expect(partial.versions.filter((v) => v.provenAt).length).toBeLessThan(12);

    startWorker();
    await until('in sync after the kill', async () => {
      const current = await distributionOf('aws-workers', 'killed');
      return current.state === 'in_sync' && current.versions.filter((v) => v.state === 'in_sync').length === 12;
    });
    const remote = await remoteCopies(kmsOf(kms.url), 'killed');
    expect(remote.copies.map((c) => c.version)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('Azure too: a worker killed mid-distribution, another finishes, one Azure version per Keywarden version', async () => {
    const certDir = mkdtempSync(path.join(tmpdir(), 'keywarden-workers-azure-'));
    const vault = await startAzureKeyVaultEmulator({ port: 0, quiet: true, certDir, identityPort: false, latencyMs: 40 });
    try {
      await azureProvider(admin, 'azure-workers', vault);
      await keyWithVersions('killed-az', 10);
      const first = startWorker({ KEYWARDEN_DISTRIBUTION_CONCURRENCY: '1' });
      await done(distributeKey({ provider: 'azure-workers', key: 'killed-az', purposes: ['sign', 'verify'], protection: 'software' }, admin));
      await until('the first version imported', async () => (await distributionOf('azure-workers', 'killed-az')).versions.some((v) => v.provenAt));
      first.kill('SIGKILL');
      startWorker();
      await until('in sync after the kill', async () => {
        const current = await distributionOf('azure-workers', 'killed-az');
        return current.state === 'in_sync' && current.versions.filter((v) => v.state === 'in_sync').length === 10;
      });
      const recorded = (await distributionOf('azure-workers', 'killed-az')).versions.map((v) => v.remoteId).sort();
      const inVault = await vaultVersions(vault, 'killed-az');
      expect(inVault.sort()).toEqual(recorded);
    } finally {
      await vault.close();
      rmSync(certDir, { recursive: true, force: true });
    }
  });
});

async function vaultVersions(vault: Awaited<ReturnType<typeof startAzureKeyVaultEmulator>>, name: string) {
  const { ClientSecretCredential } = await import('@azure/identity');
  const { KeyClient } = await import('@azure/keyvault-keys');
  const credential = new ClientSecretCredential(vault.tenantId, vault.clientId, vault.clientSecret, { authorityHost: vault.authorityHost, disableInstanceDiscovery: true, tlsOptions: { ca: vault.caPem } });
  const client = new KeyClient(vault.vaultUrl(), credential, { disableChallengeResourceVerification: true, tlsOptions: { ca: vault.caPem } });
  const ids: string[] = [];
  for await (const p of client.listPropertiesOfKeyVersions(name)) ids.push(p.version!);
  return ids;
}
