import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { expect, test } from '@playwright/test';
import { signIn } from './support';

// A second `npm start` beside the suite's, with the root key sealed by AWS KMS (the local
// emulator, started first, in a process of its own). It reuses the suite's build.
const PORT = 3101;
const DATA_DIR = '.tmp/e2e-seal-data';
const PASSWORD = 'e2e-seal-admin-password-1';

function started(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const match = pattern.exec(text);
      if (match) resolve(match[1] ?? match[0]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited (${code}) before it was ready:\n${text.slice(-2000)}`)));
  });
}

async function healthy(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const stop = (child: ChildProcess | undefined) =>
  new Promise<void>((resolve) => {
    if (!child || child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

test('npm start with KEYWARDEN_SEAL_TYPE=awskms comes up with the root key sealed by KMS and distributes a key', async ({ browser }) => {
  test.setTimeout(240_000);
  rmSync(DATA_DIR, { recursive: true, force: true });
  let kms: ChildProcess | undefined;
  let launcher: ChildProcess | undefined;
  try {
    kms = spawn(process.execPath, ['--import', 'tsx', 'emulators/aws-kms/main.ts', '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const kmsUrl = await started(kms, /listening on (\S+)/);
    const client = new KMSClient({ endpoint: kmsUrl, region: 'us-east-1', credentials: { accessKeyId: 'AKIASEALE2E00000', secretAccessKey: 'x' } });
    const sealKey = (await client.send(new CreateKeyCommand({ Description: 'Keywarden seal (e2e)' }))).KeyMetadata!.Arn!;

    launcher = spawn(process.execPath, ['scripts/start.mjs'], {
      env: {
        ...process.env,
        PORT: String(PORT),
        KEYWARDEN_DATA_DIR: DATA_DIR,
        KEYWARDEN_ADMIN_PASSWORD: PASSWORD,
        DATABASE_URL: '',
        KEYWARDEN_ROOT_KEY: '',
        AUTH_SECRET: '',
        KEYWARDEN_AWS_KMS_PORT: '0',
        KEYWARDEN_AZURE_KV_PORT: 'off',
        KEYWARDEN_SEAL_TYPE: 'awskms',
        KEYWARDEN_AWSKMS_SEAL_KEY_ID: sealKey,
        AWS_REGION: 'us-east-1',
        AWS_KMS_ENDPOINT: kmsUrl,
        AWS_ACCESS_KEY_ID: 'AKIASEALE2E00000',
        AWS_SECRET_ACCESS_KEY: 'seal-e2e-secret',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    launcher.stdout!.resume();
    launcher.stderr!.resume();
    await healthy(`http://localhost:${PORT}/api/health`, 180_000);

    // The root key exists only as a KMS ciphertext; no local root key file was made.
    const sealFile = path.join(DATA_DIR, 'root-key.awskms.json');
    expect(statSync(sealFile).mode & 0o077).toBe(0);
    expect(readFileSync(sealFile, 'utf8')).toContain(sealKey);
    expect(existsSync(path.join(DATA_DIR, 'root.key'))).toBe(false);

    const context = await browser.newContext({ baseURL: `http://localhost:${PORT}` });
    const page = await context.newPage();
    await signIn(page, 'admin', PASSWORD);
    const key = `sealed-${Date.now()}`;
    expect((await page.request.post('/api/keys', { data: { name: key, type: 'ecdsa-p256' } })).status()).toBe(201);
    const put = await page.request.put(`/api/providers/aws-local/keys/${key}`, { data: { purposes: ['sign', 'verify'], protection: 'hsm' } });
    expect(put.status(), await put.text()).toBe(202);
    await expect
      .poll(async () => (await (await page.request.get(`/api/providers/aws-local/keys/${key}`)).json()).state, { timeout: 90_000 })
      .toBe('in_sync');
    const distribution = await (await page.request.get(`/api/providers/aws-local/keys/${key}`)).json();
    expect(distribution.versions['1'].proof).toMatch(/verified locally/);
    await context.close();
  } finally {
    await stop(launcher);
    await stop(kms);
  }
});
