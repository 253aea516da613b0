import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startAwsKmsEmulator, type AwsKmsEmulator } from '@/emulators/aws-kms';
import { ISSUER, oidcKey, webToken } from '@/emulators/aws-kms/tests/identity';
import type { ConnectionReport, ProviderCredentials, ProviderSettings } from '../contract';
import { createAwsAdapter } from './aws-adapter';
import { distFor, materialFor, REGION, specFor, uniqueName } from './test-support';

const ACCOUNT = '111122223333';
const ALICE = { accessKeyId: 'AKIAALICE00000000001', secretAccessKey: 'alice/SeCrEt+never-shown' };
const BOB = { accessKeyId: 'AKIABOB0000000000002', secretAccessKey: 'bob/SeCrEt+never-shown' };
const CAROL = { accessKeyId: 'AKIACAROL00000000003', secretAccessKey: 'carol/SeCrEt+never-shown' };
const APP_ROLE = `arn:aws:iam::${ACCOUNT}:role/keywarden-app`;
const PARTNER_ROLE = `arn:aws:iam::${ACCOUNT}:role/keywarden-partner`;
const WEB_ROLE = `arn:aws:iam::${ACCOUNT}:role/keywarden-web`;
const INSTANCE_ROLE = `arn:aws:iam::${ACCOUNT}:role/keywarden-node`;
const EXTERNAL_ID = 'ext-id-never-shown-42';
const SUBJECT = 'system:serviceaccount:keywarden:app';
const CONTAINER_TOKEN = 'container-token-never-shown';
const SECRETS = [ALICE.secretAccessKey, BOB.secretAccessKey, CAROL.secretAccessKey, EXTERNAL_ID, CONTAINER_TOKEN];

/** Settings the SDK's default chain would otherwise find on the machine running the tests. */
const CHAIN_VARIABLES = [
  'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_ROLE_ARN', 'AWS_ROLE_SESSION_NAME',
  'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_EC2_METADATA_SERVICE_ENDPOINT', 'AWS_EC2_METADATA_DISABLED', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_STS', 'AWS_CA_BUNDLE', 'AWS_CREDENTIAL_EXPIRATION',
];

describe('AWS credential forms against the emulator (STS, web identity, profiles, default chain)', () => {
  const oidc = oidcKey('kw-oidc');
  const stranger = oidcKey('kw-oidc');
  let emulator: AwsKmsEmulator;
  let dir: string;
  const installationId = '00000000-0000-4000-8000-0000000000aa';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kw-aws-forms-'));
    emulator = await startAwsKmsEmulator({
      port: 0,
      quiet: true,
      // Follows the test's (fake) Date, so sessions expire for the SDK and the emulator alike.
      now: () => Date.now(),
      checkCredentials: true,
      accessKeys: [`${ALICE.accessKeyId}:${ALICE.secretAccessKey}:alice`, `${BOB.accessKeyId}:${BOB.secretAccessKey}:bob`, `${CAROL.accessKeyId}:${CAROL.secretAccessKey}:carol`],
      roles: [`${APP_ROLE}:${ALICE.accessKeyId}`, `${PARTNER_ROLE}:${ALICE.accessKeyId},external-id=${EXTERNAL_ID}`, `${WEB_ROLE}:${SUBJECT}`],
      oidcJwks: JSON.stringify(oidc.jwks),
      oidcIssuer: ISSUER,
      instanceRole: INSTANCE_ROLE,
      metadataPort: 0,
      containerCredentialsPath: '/creds',
      containerAuthorizationToken: CONTAINER_TOKEN,
      deny: { [CAROL.accessKeyId]: ['kms:ListAliases'] },
    });
  });
  afterAll(async () => {
    await emulator?.close();
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.useRealTimers();
  });

  /** A clean default chain: nothing from this machine's environment, no shared files. */
  const cleanChain = () => {
    for (const name of CHAIN_VARIABLES) vi.stubEnv(name, undefined);
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'no-credentials'));
    vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'no-config'));
  };

  const settings = (credentials: ProviderCredentials | null, extra: Partial<ProviderSettings> = {}): ProviderSettings => ({
    kind: 'awskms',
    name: 'aws-forms',
    keyCollection: REGION,
    endpoint: emulator.url,
    stsEndpoint: emulator.url,
    caBundle: null,
    credentials,
    installationId,
    ...extra,
  });
  const adapter = (credentials: ProviderCredentials | null, extra: Partial<ProviderSettings> = {}) =>
    createAwsAdapter(settings(credentials, extra), { maxAttempts: 1 });
  const connect = (credentials: ProviderCredentials | null, extra: Partial<ProviderSettings> = {}) => adapter(credentials, extra).testConnection();

  function expectOk(report: ConnectionReport) {
    expect(report, report.detail).toMatchObject({ ok: true, detail: `ListKeys and ListAliases in ${REGION} succeeded` });
  }
  function expectRefused(report: ConnectionReport, code: string, message: RegExp) {
    expect(report.ok, report.detail).toBe(false);
    expect(report.error?.code).toBe(code);
    expect(report.error?.message).toMatch(message);
    const text = JSON.stringify(report);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/eyJ[\w-]{4,}\.[\w-]{4,}\./);
    return report.error!;
  }
  const tokenFile = async (token: string) => {
    const file = join(dir, `${uniqueName('token')}.jwt`);
    await writeFile(file, token);
    return file;
  };

  it('static keys: KMS accepts them; unknown keys and a denied action come back in plain words', async () => {
    cleanChain();
    expectOk(await connect({ form: 'static', ...ALICE }));
    const unknown = expectRefused(await connect({ form: 'static', accessKeyId: 'AKIANOBODY0000000009', secretAccessKey: 'nobody/secret' }), 'UnrecognizedClientException', /^KMS did not accept the credentials for ListKeys: The security token included in the request is invalid\.$/);
    expect(unknown.permission).toBeUndefined();
    const denied = await connect({ form: 'static', ...CAROL });
    expect(expectRefused(denied, 'AccessDeniedException', /not authorized to perform: kms:ListAliases/).permission).toBe('kms:ListAliases');
    expect(denied.detail).toMatch(/^ListAliases in eu-west-1 \(127\.0\.0\.1:\d+\) failed: AccessDeniedException: User: arn:aws:iam::111122223333:user\/carol is not authorized to perform: kms:ListAliases/);
  });

  it('assume_role from given keys: the session reaches KMS and imports a version', { timeout: 120_000 }, async () => {
    cleanChain();
    const credentials: ProviderCredentials = { form: 'assume_role', roleArn: APP_ROLE, sessionName: 'kw-test', source: ALICE };
    expectOk(await connect(credentials));
    const dist = distFor(uniqueName('assumed'), 'aes256-gcm96', ['encrypt', 'decrypt']);
    const spec = specFor(dist, 1, await materialFor('aes256-gcm96'));
    const recorded: string[] = [];
    const aws = adapter(credentials);
    const { remoteId } = await aws.importVersion(dist, spec, null, async (id) => void recorded.push(id));
    expect(recorded).toEqual([remoteId]);
    expect((await aws.inspect(dist)).map((v) => [v.version, v.state])).toEqual([[1, 'Enabled']]);
    expect((await aws.proveVersion(dist, spec, remoteId)).method).toBeTruthy();
  });

  it('assume_role: external id, untrusted caller and unknown role are refused by STS with AccessDenied naming sts:AssumeRole', async () => {
    cleanChain();
    expectOk(await connect({ form: 'assume_role', roleArn: PARTNER_ROLE, externalId: EXTERNAL_ID, source: ALICE }));
    const wrongId = expectRefused(
      await connect({ form: 'assume_role', roleArn: PARTNER_ROLE, externalId: 'ext-wrong', source: ALICE }),
      'AccessDenied',
      new RegExp(`^STS refused AssumeRole for ${PARTNER_ROLE}: AccessDenied: User: arn:aws:iam::${ACCOUNT}:user/alice is not authorized to perform: sts:AssumeRole on resource: ${PARTNER_ROLE}$`),
    );
    expect(wrongId.permission).toBe('sts:AssumeRole');
    expectRefused(await connect({ form: 'assume_role', roleArn: APP_ROLE, source: BOB }), 'AccessDenied', /^STS refused AssumeRole for .*keywarden-app: AccessDenied: User: arn:aws:iam::111122223333:user\/bob is not authorized/);
    expectRefused(await connect({ form: 'assume_role', roleArn: `arn:aws:iam::${ACCOUNT}:role/nobody`, source: ALICE }), 'AccessDenied', /sts:AssumeRole on resource: arn:aws:iam::111122223333:role\/nobody/);
    expectRefused(await connect({ form: 'assume_role', roleArn: APP_ROLE, source: { accessKeyId: 'AKIANOBODY0000000009', secretAccessKey: 'x/y' } }), 'InvalidClientTokenId', /^STS refused AssumeRole for .*: InvalidClientTokenId: The security token included in the request is invalid\.$/);
  });

  it('assume_role from the default chain (environment keys), STS found through AWS_ENDPOINT_URL_STS', async () => {
    cleanChain();
    vi.stubEnv('AWS_ACCESS_KEY_ID', ALICE.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', ALICE.secretAccessKey);
    vi.stubEnv('AWS_ENDPOINT_URL_STS', emulator.url);
    expectOk(await connect({ form: 'assume_role', roleArn: APP_ROLE, source: 'default_chain' }, { stsEndpoint: null }));
    vi.stubEnv('AWS_ACCESS_KEY_ID', undefined);
    expectRefused(await connect({ form: 'assume_role', roleArn: APP_ROLE, source: 'default_chain' }), 'CredentialsProviderError', /^No AWS credentials from the default credential chain \(the source of AssumeRole\)/);
  });

  it('a session that expires is refreshed: the next call gets new credentials from STS', async () => {
    cleanChain();
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const aws = adapter({ form: 'assume_role', roleArn: APP_ROLE, source: ALICE });
    expectOk(await aws.testConnection());
    // Past the session's hour (DurationSeconds 3600) on the emulator's clock and the SDK's alike.
    vi.setSystemTime(Date.now() + 3601_000);
    expectOk(await aws.testConnection());
  });

  it('web_identity: a refresh reads the token file again (a rotated token), a stale one is refused', async () => {
    cleanChain();
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const file = await tokenFile(webToken(oidc, { sub: SUBJECT }));
    const aws = adapter({ form: 'web_identity', roleArn: WEB_ROLE, tokenFile: file });
    expectOk(await aws.testConnection());
    vi.setSystemTime(Date.now() + 3601_000);
    // The session and the token (10 minutes) have both expired: the old token is refused…
    expectRefused(await aws.testConnection(), 'ExpiredTokenException', /^STS refused AssumeRoleWithWebIdentity for .*: ExpiredTokenException: Token expired/);
    // …and once the file holds a fresh one (as a kubelet rotates it), the next refresh uses it.
    await writeFile(file, webToken(oidc, { sub: SUBJECT }));
    expectOk(await aws.testConnection());
  });

  it('an expired session given as static keys is refused by KMS with ExpiredTokenException', async () => {
    cleanChain();
    const session = await fetchSession();
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 3601_000 });
    expectRefused(await connect({ form: 'static', ...session }), 'ExpiredTokenException', /^KMS did not accept the credentials for ListKeys: The security token included in the request is expired$/);
  });

  /** One AssumeRole session's keys, through the SDK, for the static form. */
  async function fetchSession() {
    const { fromTemporaryCredentials } = await import('@aws-sdk/credential-providers');
    const s = await fromTemporaryCredentials({ masterCredentials: ALICE, params: { RoleArn: APP_ROLE, RoleSessionName: 'static' }, clientConfig: { endpoint: emulator.url, region: REGION } })();
    return { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey, sessionToken: s.sessionToken! };
  }

  it('web_identity from a token file: accepted; bad signature, wrong audience, expired token and another subject refused', async () => {
    cleanChain();
    const form = async (token: string) => ({ form: 'web_identity' as const, roleArn: WEB_ROLE, tokenFile: await tokenFile(token) });
    expectOk(await connect(await form(webToken(oidc, { sub: SUBJECT }))));
    const step = `STS refused AssumeRoleWithWebIdentity for ${WEB_ROLE}`;
    expectRefused(await connect(await form(webToken(stranger, { sub: SUBJECT }))), 'InvalidIdentityTokenException', new RegExp(`^${step}: InvalidIdentityTokenException: The web identity token that was passed could not be validated by AWS`));
    expectRefused(await connect(await form(webToken(oidc, { sub: SUBJECT, aud: 'api://other' }))), 'InvalidIdentityTokenException', /: Incorrect token audience$/);
    expectRefused(await connect(await form(webToken(oidc, { sub: SUBJECT, exp: Math.floor(Date.now() / 1000) - 60 }))), 'ExpiredTokenException', new RegExp(`^${step}: ExpiredTokenException: Token expired`));
    const other = expectRefused(await connect(await form(webToken(oidc, { sub: 'someone-else' }))), 'AccessDenied', /Not authorized to perform sts:AssumeRoleWithWebIdentity$/);
    expect(other.permission).toBe('sts:AssumeRoleWithWebIdentity');
    expectRefused(await connect({ form: 'web_identity', roleArn: WEB_ROLE, tokenFile: join(dir, 'missing.jwt') }), 'CredentialsProviderError', /^No AWS credentials from AssumeRoleWithWebIdentity for .*: .*missing\.jwt/);
  });

  it('web_identity from a token command (execFile, no shell): accepted; a failing command is named', async () => {
    cleanChain();
    const file = await tokenFile(webToken(oidc, { sub: SUBJECT }));
    const script = join(dir, 'print token.mjs');
    await writeFile(script, "import { readFileSync } from 'node:fs';\nif (process.argv[2] === 'fail') { console.error('identity agent unavailable'); process.exit(3); }\nprocess.stdout.write(readFileSync(process.argv[2], 'utf8') + '\\n');\n");
    await chmod(script, 0o700);
    expectOk(await connect({ form: 'web_identity', roleArn: WEB_ROLE, sessionName: 'cmd', tokenCommand: `"${process.execPath}" '${script}' ${file}` }));
    expectRefused(
      await connect({ form: 'web_identity', roleArn: WEB_ROLE, tokenCommand: `"${process.execPath}" '${script}' fail` }),
      'TokenCommandError',
      /^No AWS credentials from AssumeRoleWithWebIdentity for .*: The web identity token command .* exited with code 3: identity agent unavailable\.$/,
    );
    expectRefused(await connect({ form: 'web_identity', roleArn: WEB_ROLE, tokenCommand: join(dir, 'no-such-command') }), 'TokenCommandError', /no-such-command was not found/);
  });

  it('profile: keys from a named profile, a role profile through STS, and a missing profile', async () => {
    cleanChain();
    const credentialsFile = join(dir, 'credentials');
    const configFile = join(dir, 'config');
    await writeFile(credentialsFile, `[kw]\naws_access_key_id = ${ALICE.accessKeyId}\naws_secret_access_key = ${ALICE.secretAccessKey}\n`);
    await writeFile(configFile, `[profile kw-role]\nrole_arn = ${APP_ROLE}\nsource_profile = kw\n`);
    expectOk(await connect({ form: 'profile', profile: 'kw', credentialsFile, configFile }));
    expectOk(await connect({ form: 'profile', profile: 'kw-role', credentialsFile, configFile }));
    expectRefused(await connect({ form: 'profile', profile: 'absent', credentialsFile, configFile }), 'CredentialsProviderError', /^No AWS credentials from profile absent: /);
  });

  it('default chain: environment keys, then the shared file, then the instance role through IMDSv2; a denied action names kms:ListKeys', async () => {
    cleanChain();
    vi.stubEnv('AWS_EC2_METADATA_SERVICE_ENDPOINT', emulator.metadataUrl!);
    await fetch(`${emulator.url}/__admin/permissions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ deny: { [INSTANCE_ROLE]: ['kms:ListKeys'] } }) });
    try {
      vi.stubEnv('AWS_ACCESS_KEY_ID', ALICE.accessKeyId);
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', ALICE.secretAccessKey);
      expectOk(await connect(null));
      vi.stubEnv('AWS_ACCESS_KEY_ID', undefined);
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', undefined);
      // Then the shared credentials file, still before the (refused) instance role.
      const shared = join(dir, 'chain-credentials');
      await writeFile(shared, `[default]\naws_access_key_id = ${ALICE.accessKeyId}\naws_secret_access_key = ${ALICE.secretAccessKey}\n`);
      vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', shared);
      expectOk(await connect(null));
      vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'no-credentials'));
      const denied = expectRefused(await connect(null), 'AccessDeniedException', /assumed-role\/keywarden-node\/i-[0-9a-f]+ is not authorized to perform: kms:ListKeys/);
      expect(denied.permission).toBe('kms:ListKeys');
    } finally {
      await fetch(`${emulator.url}/__admin/permissions`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ deny: { [CAROL.accessKeyId]: ['kms:ListAliases'] } }) });
    }
    expectOk(await connect(null));
  });

  it('default chain: the shared credentials file; container credentials with their token, refused with a wrong one', async () => {
    cleanChain();
    vi.stubEnv('AWS_EC2_METADATA_SERVICE_ENDPOINT', `http://127.0.0.1:1`);
    const shared = join(dir, 'shared-credentials');
    await writeFile(shared, `[default]\naws_access_key_id = ${ALICE.accessKeyId}\naws_secret_access_key = ${ALICE.secretAccessKey}\n`);
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', shared);
    expectOk(await connect(null));
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'no-credentials'));
    vi.stubEnv('AWS_CONTAINER_CREDENTIALS_FULL_URI', `${emulator.metadataUrl!}/creds`);
    vi.stubEnv('AWS_CONTAINER_AUTHORIZATION_TOKEN', CONTAINER_TOKEN);
    expectOk(await connect(null));
    vi.stubEnv('AWS_CONTAINER_AUTHORIZATION_TOKEN', 'wrong');
    expectRefused(await connect(null), 'CredentialsProviderError', /^No AWS credentials from the default credential chain/);
  });
});
