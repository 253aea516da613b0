// Provider use cases with every AWS credential form: stored sealed, read back write-only, validated
// with clear messages, never in an audit event; "test connection" through the emulator's STS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsKmsEmulator, type AwsKmsEmulator } from '@/emulators/aws-kms';
import type { UseCaseContext } from '@/lib/auth/actor';
import { getDb } from '@/lib/db/client';
import { DomainError } from '@/lib/errors';
import { actorWith, done } from '@/lib/testing/actors';
import { settingsOf } from './adapter-for';
import { createProvider } from './create-provider';
import { getProvider } from './read-providers';
import { testProvider } from './test-provider';
import { updateProvider } from './update-provider';

const ACCOUNT = '111122223333';
const KEY = { accessKeyId: 'AKIAPROVIDERSINT0001', secretAccessKey: 'int/SeCrEt+never-in-an-event' };
const ROLE = `arn:aws:iam::${ACCOUNT}:role/keywarden-int`;
const EXTERNAL_ID = 'ext-never-in-an-event';
const SECRETS = [KEY.secretAccessKey, EXTERNAL_ID, 'token-never-in-an-event'];

let aws: AwsKmsEmulator;
let admin: UseCaseContext;
const unique = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  aws = await startAwsKmsEmulator({
    port: 0,
    quiet: true,
    checkCredentials: true,
    accessKeys: [KEY],
    roles: [`${ROLE}:${KEY.accessKeyId},external-id=${EXTERNAL_ID}`],
    deny: { [ROLE]: ['kms:ListAliases'] },
  });
  admin = await actorWith(['admin'], unique('providers-admin'));
}, 120_000);
afterAll(() => aws?.close());

async function invalid(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe('invalid_input');
  return error as DomainError;
}

async function eventsAbout(name: string) {
  return getDb().auditEvent.findMany({ where: { target: `provider:${name}` }, orderBy: { seq: 'asc' } });
}

async function storedCredentials(name: string) {
  const row = await getDb().provider.findUniqueOrThrow({ where: { name } });
  return (await settingsOf(row)).credentials;
}

const aws_ = (name: string, credentials: unknown, extra: object = {}) =>
  createProvider({ name, kind: 'awskms', keyCollection: 'eu-west-1', endpoint: aws.url, stsEndpoint: aws.url, credentials, ...extra }, admin);

describe('AWS credential forms through the provider use cases', () => {
  it('creates a provider with each form; reads say only which form is set', async () => {
    const forms = {
      static: { form: 'static', ...KEY },
      legacyStatic: { ...KEY },
      assume_role: { form: 'assume_role', roleArn: ROLE, externalId: EXTERNAL_ID, sessionName: 'kw-int', source: KEY },
      assume_role_chain: { form: 'assume_role', roleArn: ROLE, source: 'default_chain' },
      web_identity_file: { form: 'web_identity', roleArn: ROLE, tokenFile: '/var/run/secrets/eks.amazonaws.com/serviceaccount/token' },
      web_identity_command: { form: 'web_identity', roleArn: ROLE, tokenCommand: '/usr/local/bin/print-token --audience sts.amazonaws.com' },
      profile: { form: 'profile', profile: 'keywarden', credentialsFile: '/etc/keywarden/aws/credentials' },
      none: null,
    } as const;
    for (const [label, credentials] of Object.entries(forms)) {
      const name = unique(`aws-${label.replace(/_/g, '-')}`);
      const view = await done(aws_(name, credentials));
      const expectedForm = credentials === null ? null : 'form' in credentials ? credentials.form : 'static';
      expect(view.credentials).toEqual(expectedForm ? { form: expectedForm, set: true } : null);
      expect(view.stsEndpoint).toBe(aws.url);
      const read = await getProvider({ name }, admin);
      expect(JSON.stringify(read)).not.toMatch(/SeCrEt|ext-never|roleArn|keywarden-int|print-token/);
      const events = JSON.stringify(await eventsAbout(name), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
      expect(events).toContain('provider.create');
      for (const secret of SECRETS) expect(events).not.toContain(secret);
      const stored = await storedCredentials(name);
      if (expectedForm) expect(stored).toMatchObject({ form: expectedForm });
      else expect(stored).toBeNull();
    }
    expect(await storedCredentials((await getDb().provider.findFirstOrThrow({ where: { name: { startsWith: 'aws-assume-role-' }, credentialForm: 'assume_role' }, orderBy: { createdAt: 'asc' } })).name)).toEqual(
      { form: 'assume_role', roleArn: ROLE, externalId: EXTERNAL_ID, sessionName: 'kw-int', source: { accessKeyId: KEY.accessKeyId, secretAccessKey: KEY.secretAccessKey } },
    );
  });

  it('validates every field with a clear message', async () => {
    const cases: [unknown, RegExp][] = [
      [{ form: 'assume_role', roleArn: 'role/app', source: 'default_chain' }, /^Enter a role ARN such as arn:aws:iam::123456789012:role\/keywarden\.$/],
      [{ form: 'assume_role', roleArn: ROLE }, /^Choose the source of the credentials that assume the role/],
      [{ form: 'assume_role', roleArn: ROLE, externalId: 'has space', source: 'default_chain' }, /^An external id is 2–1224/],
      [{ form: 'assume_role', roleArn: ROLE, sessionName: 'x', source: 'default_chain' }, /^A session name is 2–64/],
      [{ form: 'web_identity', roleArn: ROLE }, /^Give either a token file or a token command, not both\.$/],
      [{ form: 'web_identity', roleArn: ROLE, tokenFile: '/a', tokenCommand: '/b' }, /^Give either a token file or a token command, not both\.$/],
      [{ form: 'web_identity', roleArn: ROLE, tokenFile: 'relative/token' }, /^The token file must be an absolute path\.$/],
      [{ form: 'web_identity', roleArn: ROLE, tokenCommand: '/bin/print "unbalanced' }, /^The token command has an unbalanced quote\.$/],
      [{ form: 'profile', profile: 'has space' }, /^A profile name is letters/],
      [{ form: 'profile', profile: 'p', configFile: '~/.aws/config' }, /^The config file must be an absolute path\.$/],
      [{ form: 'sso' }, /^Choose a credential form: static, assume_role, web_identity, profile/],
    ];
    for (const [credentials, message] of cases) {
      const error = await invalid(aws_(unique('aws-invalid'), credentials));
      expect(error.fieldErrors.credentials?.[0], JSON.stringify(credentials)).toMatch(message);
    }
    expect((await invalid(aws_(unique('aws-invalid'), null, { stsEndpoint: 'http://sts.example.com' }))).fieldErrors.stsEndpoint?.[0]).toMatch(/https/);
    const azure = await invalid(createProvider({ name: unique('az'), kind: 'azurekeyvault', keyCollection: 'my-vault', stsEndpoint: aws.url }, admin));
    expect(azure.fieldErrors.stsEndpoint).toEqual(['Only awskms providers have an STS endpoint.']);
  });

  it('updates: replaces the form, changes the STS endpoint, reverts to the default chain; no secret in any event', async () => {
    const name = unique('aws-update');
    await done(aws_(name, { form: 'static', ...KEY }, { stsEndpoint: null }));
    const assumed = await done(updateProvider({ name, stsEndpoint: aws.url, credentials: { form: 'assume_role', roleArn: ROLE, externalId: EXTERNAL_ID, source: KEY } }, admin));
    expect(assumed).toMatchObject({ stsEndpoint: aws.url, credentials: { form: 'assume_role', set: true }, changed: { credentials: 'replaced (assume_role)' } });
    const report = await testProvider({ name }, admin);
    // The role's session reached KMS (ListKeys) and was refused ListAliases by the permissions switch.
    expect(report).toMatchObject({ ok: false, error: { code: 'AccessDeniedException', permission: 'kms:ListAliases' } });
    expect(report.error?.message).toMatch(/assumed-role\/keywarden-int\/keywarden-aws-update-\w+ is not authorized to perform: kms:ListAliases/);
    const wrong = await done(updateProvider({ name, credentials: { form: 'assume_role', roleArn: ROLE, externalId: 'ext-wrong', source: KEY } }, admin));
    expect(wrong.credentials).toEqual({ form: 'assume_role', set: true });
    const refused = await testProvider({ name }, admin);
    expect(refused.error).toMatchObject({ code: 'AccessDenied', permission: 'sts:AssumeRole' });
    expect(refused.error?.message).toBe(`STS refused AssumeRole for ${ROLE}: AccessDenied: User: arn:aws:iam::${ACCOUNT}:user/[redacted] is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`);
    await done(updateProvider({ name, credentials: { form: 'web_identity', roleArn: ROLE, tokenCommand: '/bin/echo token-never-in-an-event' } }, admin));
    await done(updateProvider({ name, credentials: { form: 'profile', profile: 'kw' } }, admin));
    expect(await storedCredentials(name)).toEqual({ form: 'profile', profile: 'kw' });
    const cleared = await done(updateProvider({ name, stsEndpoint: '', credentials: null }, admin));
    expect(cleared).toMatchObject({ stsEndpoint: null, credentials: null, changed: { credentials: 'cleared: default chain' } });
    const bad = await invalid(updateProvider({ name, credentials: { form: 'web_identity', roleArn: 'nope', tokenFile: '/t' } }, admin));
    expect(bad.fieldErrors.credentials).toEqual(['Enter a role ARN such as arn:aws:iam::123456789012:role/keywarden.']);
    const events = JSON.stringify(await eventsAbout(name), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
    expect(events).toContain('provider.update');
    expect(events).toContain('provider.test');
    for (const secret of SECRETS) expect(events).not.toContain(secret);
  });
});
