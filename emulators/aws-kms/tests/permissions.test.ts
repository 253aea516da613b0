import { CreateAliasCommand, CreateKeyCommand, DescribeKeyCommand, KMSClient, ListAliasesCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsKmsEmulator } from '../server';
import { ACCOUNT, kmsError, startEmulator } from './helpers';

const ALICE = { accessKeyId: 'AKIAALICE000000001', secretAccessKey: 'alice-secret' };
const OPS = { accessKeyId: 'AKIAOPS00000000002', secretAccessKey: 'ops-secret' };
const ROLE = `arn:aws:iam::${ACCOUNT}:role/reader`;

interface PermissionsView {
  deny: Record<string, string[]>;
  error?: string;
}

async function permissions(url: string, method: string, body?: object): Promise<{ status: number; json: PermissionsView }> {
  const response = await fetch(`${url}/__admin/permissions`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as PermissionsView };
}

const denied = (principal: string, action: string, resource: string) =>
  `User: ${principal} is not authorized to perform: kms:${action} on resource: ${resource} because no identity-based policy allows the kms:${action} action`;

describe('permissions switch', () => {
  let emulator: AwsKmsEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({
      region: 'eu-west-1',
      accessKeys: [`${ALICE.accessKeyId}:${ALICE.secretAccessKey}:alice`],
      roles: [ROLE],
      deny: [`${ALICE.accessKeyId}:kms:CreateKey,kms:ListKeys`],
    });
  });
  afterAll(() => emulator.close());

  const kms = (credentials: typeof ALICE | AwsCredentialIdentityProvider) =>
    new KMSClient({ endpoint: emulator.url, region: 'eu-west-1', credentials, maxAttempts: 1 });

  it('refuses the listed actions to the access key with AccessDeniedException, and allows the rest', async () => {
    const alice = kms(ALICE);
    expect(await kmsError(alice.send(new ListKeysCommand({})))).toMatchObject({
      name: 'AccessDeniedException',
      message: denied(`arn:aws:iam::${ACCOUNT}:user/alice`, 'ListKeys', '*'),
      status: 400,
    });
    expect((await kmsError(alice.send(new CreateKeyCommand({})))).message).toBe(denied(`arn:aws:iam::${ACCOUNT}:user/alice`, 'CreateKey', '*'));
    await alice.send(new ListAliasesCommand({}));
    expect((await kms(OPS).send(new ListKeysCommand({}))).Keys).toBeDefined();
  });

  it('names the key, resolved through its alias, as the resource', async () => {
    const ops = kms(OPS);
    const keyId = (await ops.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await ops.send(new CreateAliasCommand({ AliasName: 'alias/denied-describe', TargetKeyId: keyId }));
    await permissions(emulator.url, 'POST', { deny: { [OPS.accessKeyId]: ['kms:DescribeKey'] } });
    try {
      const error = await kmsError(ops.send(new DescribeKeyCommand({ KeyId: 'alias/denied-describe' })));
      expect(error.message).toBe(denied(`arn:aws:iam::${ACCOUNT}:user/${OPS.accessKeyId}`, 'DescribeKey', `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${keyId}`));
    } finally {
      await permissions(emulator.url, 'PUT', { deny: { [ALICE.accessKeyId]: ['kms:CreateKey', 'kms:ListKeys'] } });
    }
  });

  it('denies an assumed role by role ARN with the session as the principal, and changes at run time', async () => {
    const session = fromTemporaryCredentials({
      masterCredentials: OPS,
      params: { RoleArn: ROLE, RoleSessionName: 'probe' },
      clientConfig: { endpoint: emulator.url, region: 'eu-west-1' },
    });
    const reader = kms(session);
    await reader.send(new ListKeysCommand({}));
    const added = await permissions(emulator.url, 'POST', { deny: { [ROLE]: ['kms:*'] } });
    expect(added.json.deny).toEqual({ [ALICE.accessKeyId]: ['kms:CreateKey', 'kms:ListKeys'], [ROLE]: ['kms:*'] });
    try {
      expect((await kmsError(reader.send(new ListKeysCommand({})))).message).toBe(
        denied(`arn:aws:sts::${ACCOUNT}:assumed-role/reader/probe`, 'ListKeys', '*'),
      );
    } finally {
      await permissions(emulator.url, 'PUT', { deny: { [ALICE.accessKeyId]: ['kms:CreateKey', 'kms:ListKeys'] } });
    }
    await reader.send(new ListKeysCommand({}));
  });

  it('refuses malformed settings at the admin endpoint', async () => {
    const bad = await permissions(emulator.url, 'POST', { deny: { [OPS.accessKeyId]: ['kms:MakeCoffee'] } });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toBe('unknown action "kms:MakeCoffee" (use kms:<Operation> or kms:*)');
    expect((await permissions(emulator.url, 'GET')).json.deny).toEqual({ [ALICE.accessKeyId]: ['kms:CreateKey', 'kms:ListKeys'] });
  });
});
