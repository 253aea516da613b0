import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startAwsKmsEmulator, type AwsKmsEmulator } from '@/emulators/aws-kms';
import type { ProviderCredentials, ProviderSettings } from '../contract';
import { createAwsAdapter } from './aws-adapter';
import { REGION } from './test-support';

const ACCOUNT = '111122223333';
const KEY = { accessKeyId: 'AKIATLS000000000001A', secretAccessKey: 'tls/SeCrEt+never-shown' };
const ROLE = `arn:aws:iam::${ACCOUNT}:role/keywarden-tls`;

describe('CA bundle against the emulator\'s HTTPS listener (KMS and STS)', () => {
  let emulator: AwsKmsEmulator;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kw-aws-tls-'));
    emulator = await startAwsKmsEmulator({ port: 0, quiet: true, https: true, certDir: dir, checkCredentials: true, accessKeys: [KEY], roles: [`${ROLE}:${KEY.accessKeyId}`] });
  });
  afterAll(async () => {
    await emulator?.close();
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => vi.unstubAllEnvs());

  const connect = (credentials: ProviderCredentials, extra: Partial<ProviderSettings> = {}) =>
    createAwsAdapter(
      { kind: 'awskms', name: 'aws-tls', keyCollection: REGION, endpoint: emulator.url, stsEndpoint: emulator.url, caBundle: null, credentials, installationId: '00000000-0000-4000-8000-0000000000bb', ...extra },
      { maxAttempts: 1 },
    ).testConnection();
  const assumed: ProviderCredentials = { form: 'assume_role', roleArn: ROLE, source: KEY };

  it('trusts the endpoints with the provider\'s bundle, for KMS and for STS', async () => {
    vi.stubEnv('AWS_CA_BUNDLE', undefined);
    expect((await connect({ form: 'static', ...KEY }, { caBundle: emulator.caPem! })).ok).toBe(true);
    const report = await connect(assumed, { caBundle: emulator.caPem! });
    expect(report, report.detail).toMatchObject({ ok: true });
  });

  it('refuses them without it, in plain words, for KMS and for STS', async () => {
    vi.stubEnv('AWS_CA_BUNDLE', undefined);
    const kms = await connect({ form: 'static', ...KEY });
    expect(kms.error).toMatchObject({ code: 'TlsUntrusted' });
    expect(kms.error?.message).toMatch(/^ListKeys: 127\.0\.0\.1:\d+ presented a certificate that is not trusted \([A-Z_]+\); add its CA to the provider's CA bundle \(or AWS_CA_BUNDLE\)\.$/);
    const sts = await connect(assumed);
    expect(sts.error).toMatchObject({ code: 'TlsUntrusted' });
    expect(sts.error?.message).toMatch(new RegExp(`^AssumeRole for ${ROLE}: 127\\.0\\.0\\.1:\\d+ presented a certificate that is not trusted`));
  });

  it('reads AWS_CA_BUNDLE when the provider has no bundle; an unreadable one is an error, never system trust', async () => {
    vi.stubEnv('AWS_CA_BUNDLE', emulator.certPath!);
    expect((await connect(assumed)).ok).toBe(true);
    vi.stubEnv('AWS_CA_BUNDLE', join(dir, 'missing.pem'));
    expect((await connect(assumed)).error).toMatchObject({ code: 'CaBundleUnreadable', message: `AWS_CA_BUNDLE names ${join(dir, 'missing.pem')}, which cannot be read (ENOENT).` });
    // The provider's own bundle wins over the environment's.
    expect((await connect(assumed, { caBundle: emulator.caPem! })).ok).toBe(true);
  });
});
