import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { fromHttp } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsKmsEmulator } from '../server';
import { ACCOUNT, startEmulator } from './helpers';
import { signedBy, stsRequest, xmlValue } from './identity';

const INSTANCE_ROLE = `arn:aws:iam::${ACCOUNT}:role/keywarden-node`;
const CONTAINER_TOKEN = 'container-secret-token';
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

type Resolved = AwsCredentialIdentity & { expiration: Date };

function revive(json: string): Resolved {
  const parsed = JSON.parse(json) as AwsCredentialIdentity & { expiration: string };
  return { ...parsed, expiration: new Date(parsed.expiration) };
}

/** The test process's environment minus AWS_* settings, which would steer the providers elsewhere. */
const withoutAwsSettings = (): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_'))) as NodeJS.ProcessEnv;

/** Runs a provider in a child process, since these providers read their endpoint from the environment only. */
function credentialsInChild(provider: 'fromInstanceMetadata' | 'fromContainerMetadata', env: Record<string, string>): Promise<Resolved> {
  const script = `import { ${provider} } from '@aws-sdk/credential-providers';
    const credentials = await ${provider}({ timeout: 5000, maxRetries: 0 })();
    process.stdout.write(JSON.stringify(credentials));`;
  const child = spawn(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], {
    cwd: ROOT,
    env: { ...withoutAwsSettings(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve(revive(out)) : reject(new Error(`${provider} exited ${code}: ${err}`)))),
  );
}

describe('instance metadata and container credentials', () => {
  let emulator: AwsKmsEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({
      checkCredentials: true,
      instanceRole: INSTANCE_ROLE,
      metadataPort: 0,
      containerCredentialsPath: '/creds',
      containerAuthorizationToken: CONTAINER_TOKEN,
    });
  });
  afterAll(() => emulator.close());

  const listKeys = (credentials: AwsCredentialIdentity) =>
    new KMSClient({ endpoint: emulator.url, region: 'us-east-1', credentials, maxAttempts: 1 }).send(new ListKeysCommand({}));

  const callerArn = async (credentials: AwsCredentialIdentity) =>
    xmlValue((await stsRequest(emulator.url, { Action: 'GetCallerIdentity' }, signedBy(credentials.accessKeyId, 'sts', credentials.sessionToken))).text, 'Arn');

  it('fromInstanceMetadata gets the instance role session through IMDSv2, and KMS accepts it', async () => {
    const credentials = await credentialsInChild('fromInstanceMetadata', { AWS_EC2_METADATA_SERVICE_ENDPOINT: emulator.metadataUrl! });
    expect(credentials.accessKeyId).toMatch(/^ASIA/);
    expect(credentials.expiration.getTime() - Date.now()).toBeGreaterThan(5 * 3600 * 1000);
    await listKeys(credentials);
    expect(await callerArn(credentials)).toMatch(new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/keywarden-node/i-[0-9a-f]{16}$`));
  });

  it('answers IMDS as EC2 does: a token first, 401 without it', async () => {
    const base = emulator.metadataUrl!;
    expect((await fetch(`${base}/latest/meta-data/iam/security-credentials/`)).status).toBe(401);
    expect((await fetch(`${base}/latest/api/token`, { method: 'PUT', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '0' } })).status).toBe(400);
    const token = await (await fetch(`${base}/latest/api/token`, { method: 'PUT', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60' } })).text();
    const headers = { 'x-aws-ec2-metadata-token': token };
    expect(await (await fetch(`${base}/latest/meta-data/iam/security-credentials/`, { headers })).text()).toBe('keywarden-node');
    const document = (await (await fetch(`${base}/latest/meta-data/iam/security-credentials/keywarden-node`, { headers })).json()) as Record<string, string>;
    expect(Object.keys(document)).toEqual(['Code', 'LastUpdated', 'Type', 'AccessKeyId', 'SecretAccessKey', 'Token', 'Expiration']);
    expect(document).toMatchObject({ Code: 'Success', Type: 'AWS-HMAC' });
    expect(document.Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // The main listener serves the same endpoints; the metadata port serves nothing else.
    expect((await fetch(`${emulator.url}/latest/meta-data/iam/security-credentials/`, { headers })).status).toBe(200);
    expect((await fetch(`${base}/`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('fromContainerMetadata and fromHttp get a task role session with the authorization token', async () => {
    const fullUri = `${emulator.metadataUrl!}/creds`;
    const viaEnv = await credentialsInChild('fromContainerMetadata', {
      AWS_CONTAINER_CREDENTIALS_FULL_URI: fullUri,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: CONTAINER_TOKEN,
    });
    await listKeys(viaEnv);
    const viaHttp = await fromHttp({ awsContainerCredentialsFullUri: fullUri, awsContainerAuthorizationToken: CONTAINER_TOKEN })();
    expect(viaHttp.accessKeyId).toBe(viaEnv.accessKeyId);
    expect(await callerArn(viaHttp)).toMatch(new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/keywarden-node/[0-9a-f]{32}$`));
    const refused = await fetch(fullUri, { headers: { authorization: 'wrong' } });
    expect(refused.status).toBe(401);
    await expect(fromHttp({ awsContainerCredentialsFullUri: fullUri, awsContainerAuthorizationToken: 'wrong', maxRetries: 0 })()).rejects.toThrow();
  });

  it('without an instance role the metadata paths are not served', async () => {
    const plain = await startEmulator();
    try {
      const response = await fetch(`${plain.url}/latest/api/token`, { method: 'PUT', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60' } });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ __type: 'UnknownOperationException' });
    } finally {
      await plain.close();
    }
  });
});
