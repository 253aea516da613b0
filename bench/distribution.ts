// Distribution figures for `npm run bench`: a key with 100 versions to the local emulators with
// 20 ms added latency per call, with bounded parallelism, one call at a time, and the critical
// path (one version's calls end to end); for AWS also under AWS's default request quotas, next
// to the bound they impose (calls ÷ quota); and the same (without quotas) for Azure Key Vault.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AWS_QUOTAS, type QuotasView } from '../emulators/aws-kms';
import { DEFAULT_CLIENT } from '../emulators/azure-keyvault';
import { createKey } from '../lib/keys/create-key';
import { rotateKey } from '../lib/keys/rotate-key';
import { distributeKey } from '../lib/distribution/distribute-key';
import { reconcileDistribution, RetryLater, DEFAULT_CONCURRENCY } from '../lib/distribution/reconcile';
import { getDb } from '../lib/db/client';
import { createProvider } from '../lib/providers/create-provider';
import type { UseCaseContext } from '../lib/auth/actor';

const VERSIONS = Number(process.env.BENCH_VERSIONS ?? 100);
const LATENCY_MS = 20;

async function done<T>(p: Promise<{ status: string; result?: T }>): Promise<T> {
  const r = await p;
  if (r.status !== 'done') throw new Error('expected the operation to run at once');
  return r.result as T;
}

async function keyWithVersions(ctx: UseCaseContext, name: string, type: 'ecdsa-p256' | 'rsa-2048', versions: number) {
  await done(createKey({ name, type }, ctx));
  for (let v = 1; v < versions; v++) await done(rotateKey({ name }, ctx));
}

/** Distributes `key` and runs its reconcile job to the end (as the worker would), timed. */
async function distributeTimed(ctx: UseCaseContext, provider: string, key: string, purposes: string[], protection: string, concurrency: number) {
  const d = await done<{ id: string }>(distributeKey({ provider, key, purposes, protection }, ctx));
  const started = performance.now();
  for (;;) {
    try {
      if ((await reconcileDistribution(d.id, { concurrency })) !== 'in_sync') throw new Error(`${key} did not reach in_sync`);
      break;
    } catch (err) {
      if (!(err instanceof RetryLater)) throw err;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const failed = await getDb().distributionVersion.count({ where: { distributionId: d.id, NOT: { state: 'in_sync' } } });
  if (failed > 0) throw new Error(`${failed} versions of ${key} are not in sync`);
  return seconds;
}

/** The emulator in a process of its own, as a cloud would be: its CPU is not charged to Keywarden's. */
async function emulatorProcess(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'emulators/aws-kms/main.ts', '--port', '0', '--quiet', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /listening on (\S+)/.exec(chunk.toString());
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`the emulator exited (${code})`)));
  });
  return {
    url,
    quotas: async () => (await (await fetch(`${url}/__admin/quotas`)).json()) as QuotasView,
    close: () => new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); }),
  };
}

/** The Azure Key Vault emulator in its own process; its vault URL, Entra authority and certificate. */
async function azureEmulatorProcess(certDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'emulators/azure-keyvault/main.ts', '--port', '0', '--quiet', '--identity-port', 'off',
    '--latency-ms', String(LATENCY_MS), '--cert-dir', certDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const found = await new Promise<{ vaultUrl: string; authorityHost: string; certPath: string }>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const vaultUrl = /vault local at (\S+)/.exec(text)?.[1];
      const authorityHost = /authority host ([^,\s]+)/.exec(text)?.[1];
      const certPath = /trust the certificate (\S+)/.exec(text)?.[1];
      if (/listening on /.test(text) && vaultUrl && authorityHost && certPath) resolve({ vaultUrl, authorityHost, certPath });
    });
    child.on('exit', (code) => reject(new Error(`the emulator exited (${code})`)));
  });
  return { ...found, close: () => new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); }) };
}

const line = (label: string, value: string) => console.log(`  ${label.padEnd(58)} ${value}`);

export async function distributionFigures(ctx: UseCaseContext) {
  const run = randomBytes(3).toString('hex');
  console.log(`\nDistribution of a key with ${VERSIONS} versions (ecdsa-p256, sign+verify: 6 AWS calls per version), ${LATENCY_MS} ms added latency per call:`);
  const kms = await emulatorProcess(['--latency-ms', String(LATENCY_MS)]);
  try {
    const provider = `bench-aws-${run}`;
    await done(createProvider({ name: provider, kind: 'awskms', keyCollection: 'us-east-1', endpoint: kms.url, credentials: { accessKeyId: 'AKIABENCHMARK000', secretAccessKey: 'bench' } }, ctx));
    for (const k of ['par', 'seq', 'one']) await keyWithVersions(ctx, `b-${k}-${run}`, 'ecdsa-p256', k === 'one' ? 1 : VERSIONS);
    const parallel = await distributeTimed(ctx, provider, `b-par-${run}`, ['sign', 'verify'], 'hsm', DEFAULT_CONCURRENCY);
    const sequential = await distributeTimed(ctx, provider, `b-seq-${run}`, ['sign', 'verify'], 'hsm', 1);
    const critical = await distributeTimed(ctx, provider, `b-one-${run}`, ['sign', 'verify'], 'hsm', 1);
    line(`AWS, ${DEFAULT_CONCURRENCY} versions at once (the default)`, `${parallel.toFixed(2)} s`);
    line('AWS, one call at a time', `${sequential.toFixed(2)} s  (${(sequential / parallel).toFixed(1)}× the parallel time)`);
    line('AWS, critical path: one version end to end', `${(critical * 1000).toFixed(0)} ms  (parallel time = ${(parallel / critical).toFixed(1)}× it)`);
  } finally {
    await kms.close();
  }

  const quotaKms = await emulatorProcess(['--latency-ms', String(LATENCY_MS), '--quotas', 'aws']);
  try {
    const provider = `bench-awsq-${run}`;
    await done(createProvider({ name: provider, kind: 'awskms', keyCollection: 'us-east-1', endpoint: quotaKms.url, credentials: { accessKeyId: 'AKIABENCHMARK000', secretAccessKey: 'bench' } }, ctx));
    await keyWithVersions(ctx, `b-quota-${run}`, 'ecdsa-p256', VERSIONS);
    const seconds = await distributeTimed(ctx, provider, `b-quota-${run}`, ['sign', 'verify'], 'hsm', DEFAULT_CONCURRENCY);
    // Control-plane calls this distribution makes per operation: one per version, plus the main alias.
    const calls: Record<string, number> = { CreateKey: VERSIONS, GetParametersForImport: VERSIONS, ImportKeyMaterial: VERSIONS, CreateAlias: VERSIONS + 1 };
    const bounds = Object.entries(calls).map(([op, n]) => ({ op, n, rate: AWS_QUOTAS[op]!, seconds: n / AWS_QUOTAS[op]! }));
    const bound = bounds.reduce((a, b) => (b.seconds > a.seconds ? b : a));
    const view = await quotaKms.quotas();
    line(`AWS under AWS's default quotas (${DEFAULT_CONCURRENCY} at once)`, `${seconds.toFixed(1)} s, 0 versions failed, ${Object.values(view.throttled).reduce((a, b) => a + b, 0)} throttled responses paced`);
    line(`  bound: ${bound.op} ${bound.n} calls ÷ ${bound.rate}/s`, `${bound.seconds.toFixed(1)} s  (time / bound = ${(seconds / bound.seconds).toFixed(2)})`);
    for (const b of bounds.filter((b) => b !== bound)) line(`  ${b.op} ${b.n} calls ÷ ${b.rate}/s`, `${b.seconds.toFixed(1)} s`);
  } finally {
    await quotaKms.close();
  }

  // Azure: one importKey (BYOK: key_hsm wrapped for the vault's key-exchange key, made once) and a
  // proof (get the key, sign in the vault, verify locally) per version.
  const certDir = mkdtempSync(path.join(tmpdir(), 'keywarden-bench-azure-'));
  const vault = await azureEmulatorProcess(certDir);
  try {
    const provider = `bench-azure-${run}`;
    await done(createProvider({
      name: provider, kind: 'azurekeyvault', keyCollection: 'local', endpoint: vault.vaultUrl, caBundle: readFileSync(vault.certPath, 'utf8'),
      credentials: { ...DEFAULT_CLIENT, cloud: vault.authorityHost },
    }, ctx));
    for (const k of ['one', 'par', 'seq']) await keyWithVersions(ctx, `bz-${k}-${run}`, 'ecdsa-p256', k === 'one' ? 1 : VERSIONS);
    // The first distribution creates the vault's key-exchange key: the critical path runs first so
    // neither timed 100-version run pays for it.
    await distributeTimed(ctx, provider, `bz-one-${run}`, ['sign', 'verify'], 'hsm', 1);
    await keyWithVersions(ctx, `bz-one2-${run}`, 'ecdsa-p256', 1);
    const critical = await distributeTimed(ctx, provider, `bz-one2-${run}`, ['sign', 'verify'], 'hsm', 1);
    const parallel = await distributeTimed(ctx, provider, `bz-par-${run}`, ['sign', 'verify'], 'hsm', DEFAULT_CONCURRENCY);
    const sequential = await distributeTimed(ctx, provider, `bz-seq-${run}`, ['sign', 'verify'], 'hsm', 1);
    line(`Azure (hsm, BYOK), ${DEFAULT_CONCURRENCY} versions at once (the default)`, `${parallel.toFixed(2)} s`);
    line('Azure (hsm, BYOK), one call at a time', `${sequential.toFixed(2)} s  (${(sequential / parallel).toFixed(1)}× the parallel time)`);
    line('Azure (hsm, BYOK), critical path: one version end to end', `${(critical * 1000).toFixed(0)} ms  (parallel time = ${(parallel / critical).toFixed(1)}× it)`);
  } finally {
    await vault.close();
    rmSync(certDir, { recursive: true, force: true });
  }
}
