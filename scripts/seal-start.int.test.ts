// The launcher and `npm run seal -- check` with the AWS KMS seal, as processes: a first start
// creates the seal file and opens it; a refused Decrypt or an unreachable KMS stops `npm start`
// before anything else starts, with one line and no stack trace.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsKmsEmulator, type AwsKmsEmulator } from '@/emulators/aws-kms';
import { kmsOf, TEST_CREDENTIALS } from '@/lib/testing/distribution';

let kms: AwsKmsEmulator;
let keyArn: string;
beforeAll(async () => {
  kms = await startAwsKmsEmulator({ port: 0, quiet: true });
  keyArn = (await kmsOf(kms.url).send(new CreateKeyCommand({ Description: 'launcher seal' }))).KeyMetadata!.Arn!;
});
afterAll(() => kms?.close());

function sealEnv(dataDir: string, extra: Record<string, string> = {}) {
  const env: Record<string, string | undefined> = {
    ...process.env,
    KEYWARDEN_DATA_DIR: dataDir,
    KEYWARDEN_SEAL_TYPE: 'awskms',
    KEYWARDEN_AWSKMS_SEAL_KEY_ID: keyArn,
    AWS_REGION: 'eu-west-1',
    AWS_KMS_ENDPOINT: kms.url,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    KEYWARDEN_AWS_KMS_PORT: 'off',
    KEYWARDEN_AZURE_KV_PORT: 'off',
    // As an operator's own PostgreSQL: the owner for migrations, the application role for the rest.
    DATABASE_URL: process.env.KEYWARDEN_OWNER_DATABASE_URL,
    KEYWARDEN_APP_DATABASE_URL: process.env.DATABASE_URL,
    ...extra,
  };
  delete env.KEYWARDEN_ROOT_KEY;
  delete env.KEYWARDEN_ROOT_KEY_FILE;
  delete env.KEYWARDEN_SEAL_FILE;
  return env;
}

function run(args: string[], env: Record<string, string | undefined>) {
  const childEnv = env as NodeJS.ProcessEnv;
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, args, { cwd: process.cwd(), env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
const sealCheck = (env: Record<string, string | undefined>) => run(['--conditions=react-server', '--import', 'tsx', 'scripts/seal.ts', 'check'], env);

describe('starting with the AWS KMS seal', () => {
  it('creates the seal at the first check and opens the same root key at the next', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'kw-seal-start-'));
    const first = await sealCheck(sealEnv(dataDir));
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Created and opened the AWS KMS seal .*: root key (local:\w+)\./);
    const file = path.join(dataDir, 'root-key.awskms.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ type: 'awskms', rootKeys: [{ kmsKeyArn: keyArn, state: 'active' }] });
    const rootKeyId = /root key (local:\w+)/.exec(first.stdout)![1];
    const again = await sealCheck(sealEnv(dataDir));
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Opened the AWS KMS seal`);
    expect(again.stdout).toContain(`root key ${rootKeyId}.`);
  });

  it('npm start refuses in one line when KMS refuses Decrypt or cannot be reached, and starts nothing', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'kw-seal-start-'));
    const denied = await startAwsKmsEmulator({ port: 0, quiet: true, deny: { [TEST_CREDENTIALS.accessKeyId]: ['kms:Decrypt'] } });
    try {
      const key = (await kmsOf(denied.url).send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
      const refused = await run(['scripts/start.mjs'], sealEnv(dataDir, { AWS_KMS_ENDPOINT: denied.url, KEYWARDEN_AWSKMS_SEAL_KEY_ID: key }));
      expect(refused.code).toBe(1);
      const lines = refused.stderr.trim().split('\n');
      expect(lines).toEqual([expect.stringMatching(/^\[keywarden\] The seal: AWS KMS refused kms:Decrypt on arn:aws:kms:eu-west-1:\d+:key\/[\w-]+: User: .* is not authorized to perform: kms:Decrypt/)]);
      expect(refused.stdout).not.toMatch(/Keywarden is starting|job worker|next build/i);
    } finally {
      await denied.close();
    }
    const gone = await startAwsKmsEmulator({ port: 0, quiet: true });
    await gone.close();
    const unreachable = await run(['scripts/start.mjs'], sealEnv(dataDir, { AWS_KMS_ENDPOINT: gone.url }));
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr.trim()).toMatch(/^\[keywarden\] The seal: AWS KMS is unreachable at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\): kms:Decrypt on arn:aws:kms:[^ ]+ could not be called\.$/);
    expect(existsSync(path.join(dataDir, 'root.key'))).toBe(false); // never a fallback to the local seal
  });
});
