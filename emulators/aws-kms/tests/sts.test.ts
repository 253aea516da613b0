import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateKeyCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { fromTemporaryCredentials, fromTokenFile, fromWebToken } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsKmsEmulator } from '../server';
import { ACCOUNT, admin, advanceClock, startEmulator } from './helpers';
import { failure, ISSUER, oidcKey, signedBy, stsRequest, webToken, xmlValue } from './identity';

const ALICE = { accessKeyId: 'AKIAALICE000000001', secretAccessKey: 'alice-secret' };
const BOB = { accessKeyId: 'AKIABOB00000000002', secretAccessKey: 'bob-secret' };
const APP_ROLE = `arn:aws:iam::${ACCOUNT}:role/app`;
const PARTNER_ROLE = `arn:aws:iam::${ACCOUNT}:role/partner`;
const WEB_ROLE = `arn:aws:iam::${ACCOUNT}:role/service/web`;
const SUBJECT = 'system:serviceaccount:keywarden:app';

describe('STS', () => {
  const provider = oidcKey('provider-key');
  const stranger = oidcKey('provider-key');
  let emulator: AwsKmsEmulator;
  let dir: string;
  const clientConfig = () => ({ endpoint: emulator.url, region: 'us-east-1' });
  const kmsWith = (credentials: AwsCredentialIdentityProvider) =>
    new KMSClient({ endpoint: emulator.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  const assume = (params: { RoleArn: string; ExternalId?: string; DurationSeconds?: number }, master = ALICE) =>
    fromTemporaryCredentials({ masterCredentials: master, params: { RoleSessionName: 'keywarden', ...params }, clientConfig: clientConfig() });
  const federate = (token: string, roleArn = WEB_ROLE) => fromWebToken({ roleArn, webIdentityToken: token, roleSessionName: 'pod', clientConfig: clientConfig() });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aws-kms-sts-'));
    emulator = await startEmulator({
      checkCredentials: true,
      accessKeys: [`${ALICE.accessKeyId}:${ALICE.secretAccessKey}:alice`, BOB],
      roles: [`${APP_ROLE}:${ALICE.accessKeyId}`, `${PARTNER_ROLE}:arn:aws:iam::${ACCOUNT}:user/alice,external-id=ext-1234`, `${WEB_ROLE}:${SUBJECT}`],
      oidcJwks: JSON.stringify(provider.jwks),
      oidcIssuer: ISSUER,
    });
  });
  afterAll(async () => {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('AssumeRole issues a session that KMS accepts and GetCallerIdentity names', async () => {
    const credentials = assume({ RoleArn: APP_ROLE, DurationSeconds: 900 });
    const { KeyMetadata } = await kmsWith(credentials).send(new CreateKeyCommand({}));
    expect(KeyMetadata?.KeyState).toBe('Enabled');
    const session = await credentials();
    expect(session.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(session.expiration!.getTime() - Date.now()).toBeGreaterThan(890_000);
    const identity = await stsRequest(emulator.url, { Action: 'GetCallerIdentity' }, signedBy(session.accessKeyId, 'sts', session.sessionToken));
    expect(identity.status).toBe(200);
    expect(identity.text).toContain('<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">');
    expect(xmlValue(identity.text, 'Arn')).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/app/keywarden`);
    expect(xmlValue(identity.text, 'Account')).toBe(ACCOUNT);
    expect(xmlValue(identity.text, 'UserId')).toMatch(/^AROA[A-Z2-7]{17}:keywarden$/);
  });

  it('GetCallerIdentity names a static key user; unknown keys are InvalidClientTokenId', async () => {
    const alice = await stsRequest(emulator.url, { Action: 'GetCallerIdentity' }, signedBy(ALICE.accessKeyId));
    expect(xmlValue(alice.text, 'Arn')).toBe(`arn:aws:iam::${ACCOUNT}:user/alice`);
    expect(xmlValue(alice.text, 'UserId')).toMatch(/^AIDA[A-Z2-7]{17}$/);
    const unknown = await stsRequest(emulator.url, { Action: 'GetCallerIdentity' }, signedBy('AKIAUNKNOWN0000009'));
    expect(unknown.status).toBe(403);
    expect(unknown.contentType).toBe('text/xml');
    expect(unknown.text).toMatch(
      /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>InvalidClientTokenId<\/Code><Message>The security token included in the request is invalid\.<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>/,
    );
    const unsigned = await stsRequest(emulator.url, { Action: 'GetCallerIdentity' });
    expect([unsigned.status, xmlValue(unsigned.text, 'Code')]).toEqual([403, 'MissingAuthenticationToken']);
  });

  it('AssumeRole refuses an untrusted caller and an unknown role with AccessDenied', async () => {
    const untrusted = await failure(assume({ RoleArn: APP_ROLE }, BOB)());
    expect(untrusted).toEqual({
      name: 'AccessDenied',
      message: `User: arn:aws:iam::${ACCOUNT}:user/${BOB.accessKeyId} is not authorized to perform: sts:AssumeRole on resource: ${APP_ROLE}`,
    });
    const unknownRole = `arn:aws:iam::${ACCOUNT}:role/nobody`;
    expect(await failure(assume({ RoleArn: unknownRole })())).toEqual({
      name: 'AccessDenied',
      message: `User: arn:aws:iam::${ACCOUNT}:user/alice is not authorized to perform: sts:AssumeRole on resource: ${unknownRole}`,
    });
  });

  it('AssumeRole requires the role external id', async () => {
    expect((await failure(assume({ RoleArn: PARTNER_ROLE, ExternalId: 'wrong-id' })())).name).toBe('AccessDenied');
    expect((await failure(assume({ RoleArn: PARTNER_ROLE })())).name).toBe('AccessDenied');
    const session = await assume({ RoleArn: PARTNER_ROLE, ExternalId: 'ext-1234' })();
    expect(session.sessionToken).toBeTruthy();
  });

  it('validates as the STS model does', async () => {
    const short = await stsRequest(emulator.url, { Action: 'AssumeRole', RoleArn: APP_ROLE, RoleSessionName: 'x', DurationSeconds: '60' }, signedBy(ALICE.accessKeyId));
    expect(short.status).toBe(400);
    expect(xmlValue(short.text, 'Code')).toBe('ValidationError');
    expect(xmlValue(short.text, 'Message')).toBe(
      "2 validation errors detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; Value '60' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    );
    const unknown = await stsRequest(emulator.url, { Action: 'GetSessionToken' }, signedBy(ALICE.accessKeyId));
    expect([unknown.status, xmlValue(unknown.text, 'Code')]).toEqual([400, 'InvalidAction']);
  });

  it('AssumeRoleWithWebIdentity accepts a token signed by the JWKS, through fromWebToken and fromTokenFile', async () => {
    const credentials = federate(webToken(provider));
    await kmsWith(credentials).send(new ListKeysCommand({}));
    const tokenFile = join(dir, 'token');
    await writeFile(tokenFile, webToken(provider));
    const fromFile = fromTokenFile({ webIdentityTokenFile: tokenFile, roleArn: WEB_ROLE, roleSessionName: 'file', clientConfig: clientConfig() });
    const session = await fromFile();
    const identity = await stsRequest(emulator.url, { Action: 'GetCallerIdentity' }, signedBy(session.accessKeyId, 'sts', session.sessionToken));
    expect(xmlValue(identity.text, 'Arn')).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/web/file`);
  });

  it('AssumeRoleWithWebIdentity refuses a bad signature, a wrong audience, an expired token, another subject', async () => {
    expect(await failure(federate(webToken(stranger))())).toEqual({
      name: 'InvalidIdentityTokenException',
      message:
        'The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.',
    });
    expect(await failure(federate(webToken(provider, { aud: 'api://other' }))())).toEqual({
      name: 'InvalidIdentityTokenException',
      message: 'Incorrect token audience',
    });
    const exp = Math.floor(Date.now() / 1000) - 60;
    const expired = await failure(federate(webToken(provider, { exp }))());
    expect(expired.name).toBe('ExpiredTokenException');
    expect(expired.message).toMatch(new RegExp(`^Token expired: current date/time \\d+ must be before the expiration date/time${exp}$`));
    expect(await failure(federate(webToken(provider, { iss: 'https://elsewhere.test' }))())).toEqual({
      name: 'InvalidIdentityTokenException',
      message: 'No OpenIDConnect provider found in your account for https://elsewhere.test',
    });
    expect(await failure(federate(webToken(provider, { sub: 'someone-else' }))())).toEqual({
      name: 'AccessDenied',
      message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
    });
  });

  it('KMS refuses unknown keys and expired sessions once credentials are checked', async () => {
    const unknown = await failure(kmsWith(async () => ({ accessKeyId: 'AKIANOBODY00000003', secretAccessKey: 'x' })).send(new ListKeysCommand({})));
    expect(unknown).toEqual({ name: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
    const credentials = assume({ RoleArn: APP_ROLE, DurationSeconds: 900 });
    const kms = kmsWith(credentials);
    await kms.send(new ListKeysCommand({}));
    await advanceClock(emulator.url, 901);
    try {
      expect(await failure(kms.send(new ListKeysCommand({})))).toEqual({
        name: 'ExpiredTokenException',
        message: 'The security token included in the request is expired',
      });
    } finally {
      await admin(emulator.url, 'POST', 'clock', { reset: true });
    }
  });
});
