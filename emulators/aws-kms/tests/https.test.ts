import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsKmsEmulator } from '../server';
import { ACCOUNT, startEmulator } from './helpers';

const ROLE = `arn:aws:iam::${ACCOUNT}:role/app`;
const KEY = { accessKeyId: 'AKIAHTTPS000000001', secretAccessKey: 'secret' };

describe('HTTPS listener', () => {
  let dir: string;
  let emulator: AwsKmsEmulator;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aws-kms-https-'));
    emulator = await startEmulator({ https: true, certDir: dir, checkCredentials: true, accessKeys: [KEY], roles: [ROLE] });
  });
  afterAll(async () => {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  });

  const trusting = (ca: string | undefined) => new NodeHttpHandler({ httpsAgent: new Agent(ca === undefined ? {} : { ca }) });

  it('serves KMS and STS over TLS to clients that trust its CA', async () => {
    expect(emulator.url).toBe(`https://127.0.0.1:${emulator.port}`);
    expect(await readFile(emulator.certPath!, 'utf8')).toBe(emulator.caPem);
    const names = new X509Certificate(emulator.caPem!).subjectAltName;
    expect(names).toContain('DNS:localhost');
    expect(names).toContain('IP Address:127.0.0.1');
    const requestHandler = trusting(emulator.caPem);
    const credentials = fromTemporaryCredentials({
      masterCredentials: KEY,
      params: { RoleArn: ROLE, RoleSessionName: 'tls' },
      clientConfig: { endpoint: emulator.url, region: 'us-east-1', requestHandler },
    });
    const kms = new KMSClient({ endpoint: `https://localhost:${emulator.port}`, region: 'us-east-1', credentials, requestHandler });
    expect((await kms.send(new ListKeysCommand({}))).Keys).toEqual([]);
  });

  it('is refused by clients that do not trust its CA', async () => {
    const kms = new KMSClient({ endpoint: emulator.url, region: 'us-east-1', credentials: KEY, requestHandler: trusting(undefined), maxAttempts: 1 });
    await expect(kms.send(new ListKeysCommand({}))).rejects.toThrow(/self[- ]signed certificate/);
  });

  it('reuses the generated certificate and accepts one of your own', async () => {
    const again = await startEmulator({ https: true, certDir: dir });
    const own = await startEmulator({ https: true, certFile: emulator.certPath!, keyFile: join(dir, 'tls-key.pem') });
    try {
      expect(again.caPem).toBe(emulator.caPem);
      expect(own.caPem).toBe(emulator.caPem);
      const kms = new KMSClient({ endpoint: own.url, region: 'us-east-1', credentials: KEY, requestHandler: trusting(own.caPem) });
      await kms.send(new ListKeysCommand({}));
    } finally {
      await Promise.all([again.close(), own.close()]);
    }
  });
});
