import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateRandomCommand,
  KMSServiceException,
  ListKeysCommand,
  SignCommand,
} from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import type { AwsKmsEmulator, AwsKmsEmulatorOptions } from '../server';
import { admin, kmsClient, runCli, startEmulator, stopCli } from './helpers';

const AWS_MESSAGE = 'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.';

/** Fires n calls at once; every failure must be AWS's throttling answer. */
async function burst(n: number, call: () => Promise<unknown>): Promise<{ ok: number; throttled: number }> {
  const results = await Promise.allSettled(Array.from({ length: n }, () => call()));
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  for (const failure of failures) {
    expect(failure).toBeInstanceOf(KMSServiceException);
    expect(failure).toMatchObject({ name: 'ThrottlingException', message: AWS_MESSAGE, $metadata: { httpStatusCode: 400 } });
  }
  return { ok: n - failures.length, throttled: failures.length };
}

async function withEmulator(options: AwsKmsEmulatorOptions, body: (emulator: AwsKmsEmulator) => Promise<void>): Promise<void> {
  const emulator = await startEmulator(options);
  try {
    await body(emulator);
  } finally {
    await emulator.close();
  }
}

const newKey = async (url: string, region?: string) =>
  (await kmsClient(url, region === undefined ? {} : { region }).send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;

// Quota 5/s against 20 simultaneous requests: 5 tokens, plus what refills while the burst is
// served (well under 400 ms even on a loaded machine), so 5 to 7 pass.
describe('request quotas', () => {
  it('passes at most the quota within a second and throttles the rest as AWS does', () =>
    withEmulator({ quotas: { DescribeKey: 5 } }, async (emulator) => {
      const { url } = emulator;
      const keyId = await newKey(url);
      const kms = kmsClient(url, { maxAttempts: 1 });
      const { ok, throttled } = await burst(20, () => kms.send(new DescribeKeyCommand({ KeyId: keyId })));
      expect(ok).toBeGreaterThanOrEqual(5);
      expect(ok).toBeLessThanOrEqual(7);
      const view = await admin(url, 'GET', 'quotas');
      expect(view.quotas).toEqual({ DescribeKey: 5 });
      expect(view.throttled).toEqual({ DescribeKey: throttled });
      expect(view.throttledByOperation).toEqual({ DescribeKey: throttled });
      expect(emulator.quotas()).toEqual(view);
    }));

  it('gives tokens back as time passes', () =>
    withEmulator({ quotas: { ListKeys: 5 } }, async ({ url }) => {
      const kms = kmsClient(url, { maxAttempts: 1 });
      const list = () => kms.send(new ListKeysCommand({}));
      expect((await burst(20, list)).ok).toBeLessThanOrEqual(7);
      await sleep(1200);
      const again = await burst(20, list);
      expect(again.ok).toBeGreaterThanOrEqual(5);
      expect(again.ok).toBeLessThanOrEqual(7);
    }));

  it('lets the SDK retry a throttled request through with its default retry strategy', () =>
    withEmulator({}, async ({ url }) => {
      const keyId = await newKey(url);
      // One token every 10 s: after the first request the next one is throttled for certain.
      await admin(url, 'PUT', 'quotas', { quotas: { DescribeKey: 0.1 } });
      await kmsClient(url, { maxAttempts: 1 }).send(new DescribeKeyCommand({ KeyId: keyId }));
      const pending = kmsClient(url).send(new DescribeKeyCommand({ KeyId: keyId }));
      while (((await admin(url, 'GET', 'quotas')).throttled?.DescribeKey ?? 0) === 0) await sleep(5);
      // While the SDK backs off (up to 1 s, then up to 2 s), the quota rises.
      await admin(url, 'PUT', 'quotas', { quotas: { DescribeKey: 100 } });
      const described = await pending;
      expect(described.$metadata.attempts).toBeGreaterThanOrEqual(2);
      expect((await admin(url, 'GET', 'quotas')).throttled).toEqual({ DescribeKey: described.$metadata.attempts! - 1 });
    }));

  it('shares the symmetric quota between Encrypt and Decrypt, apart from RSA keys', () =>
    withEmulator({}, async ({ url }) => {
      const kms = kmsClient(url, { maxAttempts: 1 });
      const keyId = await newKey(url);
      const rsaKeyId = (await kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }))).KeyMetadata!.KeyId!;
      const blob = (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') }))).CiphertextBlob!;
      await admin(url, 'PUT', 'quotas', { quotas: { symmetric: 5, rsa: 5 } });

      const encrypt = () => kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') }));
      const decrypt = () => kms.send(new DecryptCommand({ CiphertextBlob: blob }));
      const [encrypted, decrypted] = await Promise.all([burst(10, encrypt), burst(10, decrypt)]);
      expect(encrypted.ok + decrypted.ok).toBeGreaterThanOrEqual(5);
      expect(encrypted.ok + decrypted.ok).toBeLessThanOrEqual(7);

      const signed = await kms.send(
        new SignCommand({ KeyId: rsaKeyId, Message: Buffer.from('m'), SigningAlgorithm: 'RSASSA_PSS_SHA_256' }),
      );
      expect(signed.Signature).toBeDefined();
      const view = await admin(url, 'GET', 'quotas');
      expect(view.throttled).toEqual({ symmetric: encrypted.throttled + decrypted.throttled });
      expect(view.throttledByOperation).toEqual({
        ...(encrypted.throttled > 0 && { Encrypt: encrypted.throttled }),
        ...(decrypted.throttled > 0 && { Decrypt: decrypted.throttled }),
      });
    }));

  it('counts requests without a key (GenerateRandom) as symmetric', () =>
    withEmulator({ quotas: { symmetric: 5 } }, async ({ url }) => {
      const kms = kmsClient(url, { maxAttempts: 1 });
      const { ok } = await burst(20, () => kms.send(new GenerateRandomCommand({ NumberOfBytes: 8 })));
      expect(ok).toBeLessThanOrEqual(7);
      expect((await admin(url, 'GET', 'quotas')).throttled).toEqual({ symmetric: 20 - ok });
    }));

  it('creates no key for a throttled CreateKey', () =>
    withEmulator({ quotas: { CreateKey: 2 } }, async ({ url }) => {
      const kms = kmsClient(url, { maxAttempts: 1 });
      const { ok } = await burst(10, () => kms.send(new CreateKeyCommand({})));
      expect(ok).toBeGreaterThanOrEqual(2);
      expect(ok).toBeLessThanOrEqual(4);
      expect((await kms.send(new ListKeysCommand({}))).Keys).toHaveLength(ok);
    }));

  it('keeps a bucket per region, and a region can have its own rate', () =>
    withEmulator({ quotas: { ListKeys: 5, 'ListKeys@eu-west-2': 1000 } }, async ({ url }) => {
      const list = (region: string) => {
        const kms = kmsClient(url, { region, maxAttempts: 1 });
        return () => kms.send(new ListKeysCommand({}));
      };
      expect((await burst(20, list('us-east-1'))).ok).toBeLessThanOrEqual(7);
      expect((await burst(5, list('eu-west-1'))).ok).toBe(5);
      expect((await burst(20, list('eu-west-2'))).ok).toBe(20);
    }));

  it('applies AWS defaults with quotas: "aws" (CreateKey 5/s)', () =>
    withEmulator({ quotas: 'aws' }, async ({ url }) => {
      const view = await admin(url, 'GET', 'quotas');
      expect(view.quotas).toMatchObject({
        CreateKey: 5,
        ImportKeyMaterial: 15,
        GetParametersForImport: 1,
        DescribeKey: 2000,
        symmetric: 10000,
        'symmetric@us-east-1': 100000,
        'symmetric@eu-west-2': 20000,
        rsa: 1000,
        ecc: 1000,
      });
      const { ok } = await burst(20, () => kmsClient(url, { maxAttempts: 1 }).send(new CreateKeyCommand({})));
      expect(ok).toBeGreaterThanOrEqual(5);
      expect(ok).toBeLessThanOrEqual(7);
    }));

  it('sets, merges, shows and clears quotas through the admin endpoint', () =>
    withEmulator({}, async ({ url }) => {
      expect(await admin(url, 'GET', 'quotas')).toEqual({ quotas: {}, throttled: {}, throttledByOperation: {} });
      await admin(url, 'PUT', 'quotas', { quotas: { ListKeys: 1, 'symmetric@eu-west-1': 7 } });
      const merged = await admin(url, 'POST', 'quotas', { quotas: { CreateKey: 3, symmetric: 9 } });
      expect(merged.quotas).toEqual({ ListKeys: 1, CreateKey: 3, symmetric: 9 });

      const kms = kmsClient(url, { maxAttempts: 1 });
      const { throttled } = await burst(5, () => kms.send(new ListKeysCommand({})));
      expect(throttled).toBeGreaterThanOrEqual(3);
      expect((await admin(url, 'GET', 'quotas')).throttledByOperation).toEqual({ ListKeys: throttled });

      await admin(url, 'POST', 'reset');
      expect(await admin(url, 'GET', 'quotas')).toEqual({ quotas: merged.quotas, throttled: {}, throttledByOperation: {} });

      expect(await admin(url, 'DELETE', 'quotas')).toEqual({ quotas: {}, throttled: {}, throttledByOperation: {} });
      expect((await burst(10, () => kms.send(new ListKeysCommand({})))).ok).toBe(10);
    }));

  it('refuses quotas it cannot apply', async () =>
    withEmulator({}, async ({ url }) => {
      const put = async (quotas: unknown) => {
        const response = await fetch(`${url}/__admin/quotas`, { method: 'PUT', body: JSON.stringify({ quotas }) });
        return { status: response.status, body: (await response.json()) as { error?: string } };
      };
      expect(await put({ Encrypt: 5 })).toEqual({
        status: 400,
        body: { error: 'Encrypt has no quota of its own: it shares symmetric, rsa (set those instead)' },
      });
      expect((await put({ Bogus: 5 })).body.error).toMatch(/^unknown quota "Bogus"/);
      expect((await put({ CreateKey: 0 })).body.error).toBe('quota CreateKey must be a positive number of requests per second');
      expect((await put('everything')).status).toBe(400);
      expect((await admin(url, 'GET', 'quotas')).quotas).toEqual({});
    }));

  it('takes --quotas aws and --quota overrides on the command line', async () => {
    const cli = await runCli(['--port', '0', '--quiet', '--quotas', 'aws', '--quota', 'CreateKey=1', '--quota', 'symmetric@eu-west-1=50']);
    try {
      const { quotas } = await admin(cli.url, 'GET', 'quotas');
      expect(quotas).toMatchObject({ CreateKey: 1, ImportKeyMaterial: 15, symmetric: 10000, 'symmetric@eu-west-1': 50 });
    } finally {
      await stopCli(cli.child);
    }
  });
});
