import { CreateKeyCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, kmsError, runCli, stopCli } from './helpers';
import { signedBy, stsRequest, xmlValue } from './identity';

const KEY = { accessKeyId: 'AKIACLI00000000001', secretAccessKey: 'cli-secret' };
const ROLE = `arn:aws:iam::${ACCOUNT}:role/cli`;

describe('command line: STS, credentials, metadata and permissions', () => {
  it('honours --check-credentials, --access-key, --role, --instance-role, --metadata-port and --deny', async () => {
    const cli = await runCli([
      '--port', '0', '--quiet', '--check-credentials',
      '--access-key', `${KEY.accessKeyId}:${KEY.secretAccessKey}:cli-user`,
      '--role', `${ROLE}:${KEY.accessKeyId}`,
      '--instance-role', `arn:aws:iam::${ACCOUNT}:role/node`,
      '--metadata-port', '0',
      '--deny', `${ROLE}:kms:CreateKey`,
    ]);
    try {
      const identity = await stsRequest(cli.url, { Action: 'GetCallerIdentity' }, signedBy(KEY.accessKeyId));
      expect(xmlValue(identity.text, 'Arn')).toBe(`arn:aws:iam::${ACCOUNT}:user/cli-user`);
      const credentials = fromTemporaryCredentials({
        masterCredentials: KEY,
        params: { RoleArn: ROLE, RoleSessionName: 'cli' },
        clientConfig: { endpoint: cli.url, region: 'us-east-1' },
      });
      const kms = new KMSClient({ endpoint: cli.url, region: 'us-east-1', credentials, maxAttempts: 1 });
      await kms.send(new ListKeysCommand({}));
      expect((await kmsError(kms.send(new CreateKeyCommand({})))).name).toBe('AccessDeniedException');
      const stranger = new KMSClient({ endpoint: cli.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIASTRANGER000003', secretAccessKey: 'x' }, maxAttempts: 1 });
      expect((await kmsError(stranger.send(new ListKeysCommand({})))).name).toBe('UnrecognizedClientException');
      const metadataUrl = /instance and container metadata on (http:\/\/\S+)/.exec(cli.output())?.[1];
      const token = await fetch(`${metadataUrl}/latest/api/token`, { method: 'PUT', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60' } });
      expect(token.status).toBe(200);
    } finally {
      expect(await stopCli(cli.child)).toBe(0);
    }
  });
});
