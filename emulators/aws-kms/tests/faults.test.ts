import { CreateKeyCommand, DescribeKeyCommand, EncryptCommand, KMSServiceException, ListKeysCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AwsKmsEmulator } from '../server';
import { admin, kmsClient, kmsError, startEmulator } from './helpers';

describe('test switches', () => {
  let emulator: AwsKmsEmulator;
  let keyId: string;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  beforeEach(async () => {
    await admin(emulator.url, 'DELETE', 'faults');
    keyId ??= (await kmsClient(emulator.url).send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  });
  afterAll(() => emulator.close());

  it('arms faults given at start; the SDK retries two 500s through with its default 3 attempts', async () => {
    const fresh = await startEmulator({ faults: ['ListKeys:500:2'] });
    try {
      const result = await kmsClient(fresh.url).send(new ListKeysCommand({}));
      expect(result.$metadata.attempts).toBe(3);
    } finally {
      await fresh.close();
    }
  });

  it('fails with KMSInternalException 500 when the faults outlast the attempts', async () => {
    await admin(emulator.url, 'POST', 'faults', { operation: 'Encrypt', kind: '500', count: 3 });
    const kms = kmsClient(emulator.url, { maxAttempts: 3 });
    expect(await kmsError(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })))).toMatchObject({
      name: 'KMSInternalException',
      status: 500,
      attempts: 3,
    });
    const after = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') }));
    expect(after.$metadata.attempts).toBe(1);
  });

  it('throttles with ThrottlingException 400, which the SDK retries', async () => {
    await admin(emulator.url, 'POST', 'faults', { operation: 'DescribeKey', kind: 'throttle', count: 1 });
    expect(await kmsError(kmsClient(emulator.url, { maxAttempts: 1 }).send(new DescribeKeyCommand({ KeyId: keyId })))).toMatchObject({
      name: 'ThrottlingException',
      message: 'Rate exceeded',
      status: 400,
    });
    await admin(emulator.url, 'POST', 'faults', { operation: 'DescribeKey', kind: 'throttle', count: 1 });
    const retried = await kmsClient(emulator.url).send(new DescribeKeyCommand({ KeyId: keyId }));
    expect(retried.$metadata.attempts).toBe(2);
  });

  it('drops the connection without an answer, and the operation does not run', async () => {
    const before = (await kmsClient(emulator.url).send(new ListKeysCommand({}))).Keys!.length;
    await admin(emulator.url, 'POST', 'faults', { operation: 'CreateKey', kind: 'drop', count: 1 });
    const dropped = await kmsClient(emulator.url, { maxAttempts: 1 })
      .send(new CreateKeyCommand({}))
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(dropped).toBeInstanceOf(Error);
    expect(dropped).not.toBeInstanceOf(KMSServiceException);
    expect(String((dropped as NodeJS.ErrnoException).code ?? (dropped as Error).message)).toMatch(/ECONNRESET|socket hang up/);
    expect((await kmsClient(emulator.url).send(new ListKeysCommand({}))).Keys).toHaveLength(before);

    await admin(emulator.url, 'POST', 'faults', { operation: 'CreateKey', kind: 'drop', count: 1 });
    const retried = await kmsClient(emulator.url).send(new CreateKeyCommand({}));
    expect(retried.$metadata.attempts).toBe(2);
  });

  it('matches any operation with *, lists armed faults and clears them', async () => {
    const armed = await admin(emulator.url, 'POST', 'faults', {
      faults: [
        { operation: '*', kind: 'throttle', count: 1 },
        { operation: 'Decrypt', kind: 'drop', count: 4 },
      ],
    });
    expect(armed.faults).toEqual([
      { operation: '*', kind: 'throttle', remaining: 1 },
      { operation: 'Decrypt', kind: 'drop', remaining: 4 },
    ]);
    expect((await kmsError(kmsClient(emulator.url, { maxAttempts: 1 }).send(new ListKeysCommand({})))).name).toBe('ThrottlingException');
    expect((await admin(emulator.url, 'GET', 'faults')).faults).toEqual([{ operation: 'Decrypt', kind: 'drop', remaining: 4 }]);
    await admin(emulator.url, 'DELETE', 'faults');
    expect((await admin(emulator.url, 'GET', 'faults')).faults).toEqual([]);
  });

  it('refuses a fault it does not understand', async () => {
    const response = await fetch(`${emulator.url}/__admin/faults`, { method: 'POST', body: JSON.stringify({ operation: 'Encrypt', kind: 'explode' }) });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'unknown fault kind "explode" (use 500, throttle or drop)' });
  });

  it('adds latency to every operation', async () => {
    await admin(emulator.url, 'POST', 'latency', { ms: 250 });
    try {
      const started = performance.now();
      await kmsClient(emulator.url).send(new ListKeysCommand({}));
      expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    } finally {
      await admin(emulator.url, 'POST', 'latency', { ms: 0 });
    }
  });

  it('moves the clock forward and reports it', async () => {
    const own = await startEmulator();
    try {
      const before = await admin(own.url, 'GET', 'clock');
      expect(before.offsetSeconds).toBe(0);
      const after = await admin(own.url, 'POST', 'clock', { advanceSeconds: 3600 });
      expect(after.offsetSeconds).toBe(3600);
      expect(after.now! - before.now!).toBeGreaterThanOrEqual(3600);
      const created = (await kmsClient(own.url).send(new CreateKeyCommand({}))).KeyMetadata!;
      expect(created.CreationDate!.getTime()).toBeGreaterThan(Date.now() + 3500 * 1000);
    } finally {
      await own.close();
    }
  });

  it('resets to an empty emulator', async () => {
    const own = await startEmulator();
    try {
      const kms = kmsClient(own.url);
      await kms.send(new CreateKeyCommand({}));
      await admin(own.url, 'POST', 'faults', { operation: 'Encrypt', kind: 'throttle', count: 5 });
      await admin(own.url, 'POST', 'clock', { advanceSeconds: 100 });
      await admin(own.url, 'POST', 'reset');
      expect((await kms.send(new ListKeysCommand({}))).Keys).toEqual([]);
      expect((await admin(own.url, 'GET', 'faults')).faults).toEqual([]);
      expect((await admin(own.url, 'GET', 'clock')).offsetSeconds).toBe(0);
    } finally {
      await own.close();
    }
  });
});
