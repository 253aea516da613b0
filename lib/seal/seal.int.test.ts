// The seal end to end: real PostgreSQL, the real AWS SDK over HTTP to the in-process AWS KMS
// emulator, the root key wrapped by KMS. Each test starts from an empty installation of its own
// (sealed data, audit chain and seal files reset), so any one runs alone and in any order.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import https from 'node:https';
import { CreateAliasCommand, CreateKeyCommand, DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { startAwsKmsEmulator, type AwsKmsEmulator } from '@/emulators/aws-kms';
import { forgetChainKey } from '@/lib/audit/chain-key';
import { checkChain } from '@/lib/audit/verify-chain';
import { getKeyring, materialContext, rootKeyFromBytes, sealedBy, setKeyring } from '@/lib/crypto/seal';
import { getDb } from '@/lib/db/client';
import { createKey } from '@/lib/keys/create-key';
import { rotateKey } from '@/lib/keys/rotate-key';
import { keywardenTasks } from '@/lib/jobs/tasks';
import { startJobWorker } from '@/lib/jobs/worker';
import { openCredentials } from '@/lib/providers/credentials';
import { actorWith, done } from '@/lib/testing/actors';
import { awsProvider, kmsOf, TEST_CREDENTIALS } from '@/lib/testing/distribution';
import { readSealFile } from './file';
import { migrateSeal } from './migrate';
import { initKeyring, openSeal } from './open';
import { blobsByRootKey, latestRotation, remainingBlobs, REWRAP_TASK, rotateRootKey, runRewrap } from './rotation';

type Env = Record<string, string | undefined>;
let kms: AwsKmsEmulator;
let keyA: string;
let keyB: string;
const saved: Env = {};
const REGION = 'eu-west-1';

beforeAll(async () => {
  kms = await startAwsKmsEmulator({ port: 0, quiet: true });
  const client = kmsOf(kms.url, REGION);
  keyA = (await client.send(new CreateKeyCommand({ Description: 'seal A' }))).KeyMetadata!.Arn!;
  keyB = (await client.send(new CreateKeyCommand({ Description: 'seal B' }))).KeyMetadata!.KeyId!; // a bare key id works too
  // The seal's client takes the SDK's default chain: here, static keys from the environment.
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'KEYWARDEN_SEAL_TYPE', 'DATABASE_URL']) saved[name] = process.env[name];
  process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
});
afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  setKeyring(undefined);
  await kms?.close();
});

let dir: string;
let database: string | undefined;
const templateUrl = new URL(inject('templateDatabaseUrl'));
const adminUrl = new URL(templateUrl);
adminUrl.pathname = '/postgres';

async function adminQuery(sql: string) {
  const client = new pg.Client({ connectionString: adminUrl.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function dropClient() {
  const holder = globalThis as { keywardenDb?: { $disconnect(): Promise<void> } };
  await holder.keywardenDb?.$disconnect();
  delete holder.keywardenDb;
}

// An installation of its own per test: a database cloned from the migrated template, a data folder.
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'kw-seal-'));
  await dropClient();
  database = `${templateUrl.pathname.slice(1)}_seal_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${database} TEMPLATE ${templateUrl.pathname.slice(1)}`);
  const url = new URL(templateUrl);
  url.pathname = `/${database}`;
  process.env.DATABASE_URL = url.toString();
  forgetChainKey();
  setKeyring(undefined);
  delete process.env.KEYWARDEN_SEAL_TYPE;
});
afterEach(async () => {
  await dropClient();
  if (database) await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  database = undefined;
});

function awsEnv(keyId = keyA, extra: Env = {}): Env {
  return {
    ...process.env,
    KEYWARDEN_ROOT_KEY: undefined,
    KEYWARDEN_ROOT_KEY_FILE: undefined,
    KEYWARDEN_SEAL_TYPE: 'awskms',
    KEYWARDEN_AWSKMS_SEAL_KEY_ID: keyId,
    AWS_REGION: REGION,
    AWS_KMS_ENDPOINT: kms.url,
    KEYWARDEN_SEAL_FILE: path.join(dir, 'root-key.awskms.json'),
    KEYWARDEN_DATA_DIR: dir,
    ...extra,
  };
}

function localEnv(): Env {
  return { ...process.env, KEYWARDEN_ROOT_KEY: undefined, KEYWARDEN_SEAL_TYPE: 'local', KEYWARDEN_ROOT_KEY_FILE: path.join(dir, 'root.key'), KEYWARDEN_DATA_DIR: dir };
}

/** A process restart: nothing in memory, the seal opened again from its configuration. */
async function restart(env: Env) {
  setKeyring(undefined);
  forgetChainKey();
  return initKeyring(env);
}

/** Key versions, a provider with credentials and audit events (the chain key), all sealed. */
async function populate(keys = 2) {
  const admin = await actorWith(['admin', 'operator'], `seal-${randomBytes(3).toString('hex')}`);
  for (let i = 0; i < keys; i++) {
    await done(createKey({ name: `seal-key-${i}`, type: 'aes256-gcm96' }, admin));
    await done(rotateKey({ name: `seal-key-${i}` }, admin));
  }
  await awsProvider(admin, `seal-provider-${randomBytes(2).toString('hex')}`, kms.url);
  return admin;
}

/** Every key version and provider credential opens with the process's keyring, and the audit chain verifies. */
async function expectEverythingOpens() {
  const versions = await getDb().keyVersion.findMany();
  expect(versions.length).toBeGreaterThan(0);
  for (const v of versions) expect(getKeyring().open(v.sealedMaterial, materialContext(v.keyId, v.version)).length).toBeGreaterThan(0);
  const providers = await getDb().provider.findMany({ where: { sealedCredentials: { not: null } } });
  expect(providers.length).toBeGreaterThan(0);
  for (const p of providers) expect(openCredentials(p.id, p.sealedCredentials!)).toMatchObject({ accessKeyId: TEST_CREDENTIALS.accessKeyId });
  forgetChainKey();
  const report = await getDb().$transaction((tx) => checkChain(tx));
  expect(report).toMatchObject({ ok: true, brokenCount: 0 });
  expect(report.checked).toBeGreaterThan(0);
}

/** No file under the test's data folder holds the root key in the clear (raw, base64 or hex). */
function expectNoPlaintextRootKey(key: Buffer) {
  for (const name of readdirSync(dir)) {
    const bytes = readFileSync(path.join(dir, name));
    for (const needle of [key, Buffer.from(key.toString('base64')), Buffer.from(key.toString('hex'))]) expect(bytes.includes(needle)).toBe(false);
  }
}

describe('the AWS KMS seal', () => {
  it('creates the root key at first start, wrapped only by KMS, and opens the same one at restart', async () => {
    const env = awsEnv();
    const first = await initKeyring(env);
    expect(first.created).toBe(true);
    const file = env.KEYWARDEN_SEAL_FILE!;
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const sealFile = readSealFile(file);
    const { installationId } = (await getDb().installation.findUniqueOrThrow({ where: { id: 1 } }));
    expect(sealFile).toMatchObject({ format: 'keywarden-seal/1', type: 'awskms', installationId });
    expect(sealFile.rootKeys).toEqual([expect.objectContaining({ id: first.keyring.activeKeyId, state: 'active', kmsKeyArn: keyA })]);
    expectNoPlaintextRootKey(first.rootKeys[0]!.key);
    expect(rootKeyFromBytes(first.rootKeys[0]!.key).id).toBe(first.keyring.activeKeyId);

    await populate();
    const versions = await getDb().keyVersion.findMany();
    expect(versions.every((v) => sealedBy(v.sealedMaterial) === first.keyring.activeKeyId)).toBe(true);

    const again = await restart(env);
    expect(again.created).toBe(false);
    expect(again.keyring.activeKeyId).toBe(first.keyring.activeKeyId);
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(file, 'utf8')); // unchanged by a restart
    await expectEverythingOpens();
  });

  it('reaches KMS over HTTPS trusting AWS_CA_BUNDLE, and names the untrusted certificate without it', async () => {
    const secure = await startAwsKmsEmulator({ port: 0, quiet: true, https: true, certDir: dir });
    try {
      const env = awsEnv('alias/seal-https', { AWS_KMS_ENDPOINT: secure.url, KEYWARDEN_SEAL_FILE: path.join(dir, 'https-seal.json') });
      const untrusted = await openSeal(env).then(() => null, (e: Error) => e);
      expect(untrusted?.message).toMatch(new RegExp(`^The TLS certificate of ${secure.url.replace(/[.]/g, '\\.')} is not trusted .*set AWS_CA_BUNDLE`));
      expect(existsSync(env.KEYWARDEN_SEAL_FILE!)).toBe(false);
      const trusted = { ...env, AWS_CA_BUNDLE: secure.certPath };
      const admin = new KMSClient({
        endpoint: secure.url,
        region: REGION,
        credentials: TEST_CREDENTIALS,
        requestHandler: new NodeHttpHandler({ httpsAgent: new https.Agent({ ca: secure.caPem }) }),
      });
      const { KeyMetadata } = await admin.send(new CreateKeyCommand({}));
      await admin.send(new CreateAliasCommand({ AliasName: 'alias/seal-https', TargetKeyId: KeyMetadata!.KeyId! }));
      const opened = await initKeyring(trusted);
      expect(opened).toMatchObject({ created: true, rootKeys: [{ kmsKeyArn: KeyMetadata!.Arn }] });
    } finally {
      await secure.close();
    }
  });

  it('is never used before it is opened, and never falls back to the local seal', async () => {
    process.env.KEYWARDEN_SEAL_TYPE = 'awskms';
    setKeyring(undefined);
    expect(() => getKeyring()).toThrow(/awskms seal is not open/);
    await expect(openSeal(awsEnv(undefined, { KEYWARDEN_AWSKMS_SEAL_KEY_ID: '' }))).rejects.toThrow(/needs KEYWARDEN_AWSKMS_SEAL_KEY_ID/);
    await expect(openSeal(awsEnv(keyA, { AWS_REGION: '', AWS_DEFAULT_REGION: '' }))).rejects.toThrow(/needs a region/);
    await expect(openSeal(awsEnv(keyA, { KEYWARDEN_SEAL_TYPE: 'shamir' }))).rejects.toThrow(/Unknown seal type KEYWARDEN_SEAL_TYPE="shamir"/);
  });

  it('refuses to start, in one line, when Decrypt is refused, KMS is unreachable or the key is wrong; then opens everything', async () => {
    const env = awsEnv();
    await initKeyring(env);
    await populate(1);
    const admin = (method: string, body: unknown) =>
      fetch(`${kms.url}/__admin/permissions`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

    expect((await admin('PUT', { deny: { [TEST_CREDENTIALS.accessKeyId]: ['kms:Decrypt'] } })).ok).toBe(true);
    try {
      const refused = await openSeal(env).then(() => null, (e: Error) => e);
      expect(refused?.message).toMatch(/^AWS KMS refused kms:Decrypt on arn:aws:kms:eu-west-1:\d+:key\/[\w-]+: .*not authorized to perform: kms:Decrypt/);
      expect(refused?.message).not.toContain('\n');
    } finally {
      await admin('PUT', { deny: {} });
    }

    const closed = await startAwsKmsEmulator({ port: 0, quiet: true });
    const deadUrl = closed.url;
    await closed.close();
    const unreachable = await openSeal({ ...env, AWS_KMS_ENDPOINT: deadUrl }).then(() => null, (e: Error) => e);
    expect(unreachable?.message).toMatch(/^AWS KMS is unreachable at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);

    // A seal file of another root key (another installation's data folder): refused, nothing created.
    const other = awsEnv(keyA, { KEYWARDEN_SEAL_FILE: path.join(dir, 'other.json') });
    await expect(openSeal(other)).rejects.toThrow(/is missing but the database holds sealed data/);
    const stranger = readSealFile(env.KEYWARDEN_SEAL_FILE!);
    writeFileSync(other.KEYWARDEN_SEAL_FILE!, JSON.stringify({ ...stranger, installationId: '00000000-0000-4000-8000-000000000000' }));
    await expect(openSeal(other)).rejects.toThrow(/belongs to installation 00000000-/);
    // The local seal with some other root key does not open this database.
    writeFileSync(path.join(dir, 'root.key'), randomBytes(32).toString('base64'));
    await expect(openSeal(localEnv())).rejects.toThrow(/sealed by root key local:\w+, which the seal does not hold/);

    await restart(env);
    await expectEverythingOpens();
  });
});

describe('seal migration', () => {
  it('rewraps the root key local → awskms → another KMS key → local, keeping each previous wrapping', async () => {
    writeFileSync(path.join(dir, 'root.key'), randomBytes(32).toString('base64'), { mode: 0o600 });
    const local = await initKeyring(localEnv());
    const rootKeyId = local.keyring.activeKeyId;
    await populate(1);

    const toA = await migrateSeal({ ...awsEnv(), ...localEnv() }, { to: 'awskms', keyId: keyA });
    expect(existsSync(path.join(dir, 'root.key'))).toBe(false);
    expect(toA.previous).toMatch(/root\.key\.previous-/);
    expect(existsSync(toA.previous!)).toBe(true);
    expect(toA.finish.join(' ')).toMatch(/KEYWARDEN_SEAL_TYPE=awskms.*shred/);
    const a = await restart(awsEnv(keyA));
    expect(a.keyring.activeKeyId).toBe(rootKeyId);
    expect(a.rootKeys[0]!.kmsKeyArn).toBe(keyA);
    await expectEverythingOpens();

    const toB = await migrateSeal(awsEnv(keyA), { to: 'awskms', keyId: keyB });
    expect(toB.previous).toMatch(/root-key\.awskms\.json\.previous-/);
    const arnB = (await kmsOf(kms.url, REGION).send(new DescribeKeyCommand({ KeyId: keyB }))).KeyMetadata!.Arn!;
    expect(readSealFile(toB.file).rootKeys[0]!.kmsKeyArn).toBe(arnB);
    // The ciphertext names its KMS key: it opens whichever key id the seal is configured with now.
    for (const keyId of [keyB, keyA]) expect((await restart(awsEnv(keyId))).keyring.activeKeyId).toBe(rootKeyId);
    await expectEverythingOpens();

    const back = await migrateSeal(awsEnv(keyB), { to: 'local' });
    expect(back.file).toBe(path.join(dir, 'root.key'));
    expect(existsSync(awsEnv().KEYWARDEN_SEAL_FILE!)).toBe(false);
    expect(existsSync(back.previous!)).toBe(true);
    expect((await restart(localEnv())).keyring.activeKeyId).toBe(rootKeyId);
    await expectEverythingOpens();
    await expect(migrateSeal(localEnv(), { to: 'local' })).rejects.toThrow(/local already/);
    const audited = await getDb().auditEvent.findMany({ where: { action: 'seal.migrate' }, orderBy: { seq: 'asc' } });
    expect(audited.map((e) => e.params)).toEqual([
      { from: 'local', to: 'awskms', kmsKey: keyA },
      { from: 'awskms', to: 'awskms', kmsKey: keyB },
      { from: 'awskms', to: 'local' },
    ]);
  });

  it('keeps the previous wrapping when the new one cannot be written', async () => {
    await initKeyring(awsEnv(keyA));
    await populate(1);
    const before = readFileSync(awsEnv().KEYWARDEN_SEAL_FILE!, 'utf8');
    await expect(migrateSeal(awsEnv(keyA), { to: 'awskms', keyId: 'alias/does-not-exist' })).rejects.toThrow(/kms:Encrypt on alias\/does-not-exist failed: NotFoundException/);
    expect(readFileSync(awsEnv().KEYWARDEN_SEAL_FILE!, 'utf8')).toBe(before);
    expect(readdirSync(dir).filter((f) => f.includes('pending') || f.includes('previous'))).toEqual([]);
  });
});

describe('root key rotation', () => {
  it('rewraps every blob in the background, survives a crash half way and resumes, reads open throughout', async () => {
    const env = awsEnv();
    const first = await initKeyring(env);
    const oldId = first.keyring.activeKeyId;
    await populate(3); // 6 key versions, a provider's credentials, the audit chain key

    const { rotationId, rootKeyId, previous } = await rotateRootKey(env);
    expect(previous).toEqual([oldId]);
    const file = readSealFile(env.KEYWARDEN_SEAL_FILE!);
    expect(file.rootKeys.map((k) => [k.id, k.state])).toEqual([[rootKeyId, 'active'], [oldId, 'retired']]);
    const [job] = await getDb().$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
      WHERE t.identifier = ${REWRAP_TASK} AND j.payload->>'rotationId' = ${String(rotationId)}`;
    expect(job!.n).toBe(1);

    // The worker dies after its first batch.
    const crash = new Error('killed');
    await expect(runRewrap(rotationId, { batchSize: 2, env, afterBatch: () => Promise.reject(crash) })).rejects.toBe(crash);
    let rotation = await latestRotation();
    expect(rotation).toMatchObject({ state: 'running', rewrapped: 2 });
    expect(Object.values(await remainingBlobs(rootKeyId)).reduce((a, b) => a + b)).toBe(6);
    // A process started now holds both keys, seals under the new one, and opens old and new blobs.
    const mid = await restart(env);
    expect(mid.keyring.keyIds).toEqual([rootKeyId, oldId]);
    await expectEverythingOpens();

    let batches = 0;
    expect(await runRewrap(rotationId, { batchSize: 2, env, afterBatch: () => void batches++ })).toBe('done');
    expect(batches).toBe(2 + 1 + 1); // the 4 key versions left in 2 batches, the provider, the chain key (resumed: no row twice)
    rotation = await latestRotation();
    expect(rotation).toMatchObject({ state: 'done', rewrapped: 8, remaining: 0 });
    expect(await remainingBlobs(rootKeyId)).toEqual({ key_versions: 0, providers: 0, audit_chain_head: 0 });
    const byKey = await blobsByRootKey();
    expect(Object.values(byKey).every((perKey) => Object.keys(perKey).join() === rootKeyId)).toBe(true);
    expect(await runRewrap(rotationId, { env })).toBe('done'); // a duplicate job is harmless
    const audited = await getDb().auditEvent.findMany({ where: { action: { startsWith: 'seal.' } }, orderBy: { seq: 'asc' } });
    expect(audited.map((e) => [e.action, e.target, e.actorName])).toEqual([
      ['seal.rotate_root_key', `root-key:${rootKeyId}`, 'seal'],
      ['seal.rewrap_done', `root-key:${rootKeyId}`, 'seal'],
    ]);

    await restart(env);
    await expectEverythingOpens();
  });

  it('stops a superseded rotation, which never rewraps blobs back to its own target', async () => {
    const env = awsEnv();
    await initKeyring(env);
    await populate(2);
    const first = await rotateRootKey(env);
    await expect(runRewrap(first.rotationId, { batchSize: 1, env, afterBatch: () => Promise.reject(new Error('killed')) })).rejects.toThrow('killed');
    const second = await rotateRootKey(env);
    expect((await getDb().rootKeyRotation.findUniqueOrThrow({ where: { id: first.rotationId } })).state).toBe('superseded');
    expect(await runRewrap(first.rotationId, { env })).toBe('superseded');
    expect(await runRewrap(second.rotationId, { env })).toBe('done');
    expect(Object.values(await remainingBlobs(second.rootKeyId)).reduce((a, b) => a + b)).toBe(0);
    expect((await restart(env)).keyring.keyIds).toHaveLength(3);
    await expectEverythingOpens();
  });

  it('is run by the job worker, which records it done', async () => {
    const env = awsEnv();
    const { keyring } = await initKeyring(env);
    await populate(1);
    const { rotationId, rootKeyId } = await rotateRootKey(env);
    const worker = await startJobWorker({ connectionString: process.env.DATABASE_URL!, tasks: keywardenTasks(), pollInterval: 100, concurrency: 1, log: () => {} });
    try {
      await expect.poll(async () => (await latestRotation())?.state, { timeout: 30_000, interval: 200 }).toBe('done');
    } finally {
      await worker.stop();
    }
    expect((await latestRotation())?.id).toBe(rotationId);
    expect(await remainingBlobs(rootKeyId)).toEqual({ key_versions: 0, providers: 0, audit_chain_head: 0 });
    expect((await restart(env)).keyring.keyIds).toEqual([rootKeyId, keyring.activeKeyId]);
    await expectEverythingOpens();
  });

  it('rotates the local seal kept in a file too (KEYWARDEN_ROOT_KEY alone cannot hold two keys)', async () => {
    writeFileSync(path.join(dir, 'root.key'), randomBytes(32).toString('base64'), { mode: 0o600 });
    const before = await initKeyring(localEnv());
    await populate(1);
    const { rotationId, rootKeyId } = await rotateRootKey(localEnv());
    expect(readFileSync(path.join(dir, 'root.key'), 'utf8').trim().split('\n')).toHaveLength(2);
    expect(await runRewrap(rotationId, { env: localEnv() })).toBe('done');
    const after = await restart(localEnv());
    expect(after.keyring.keyIds).toEqual([rootKeyId, before.keyring.activeKeyId]);
    await expectEverythingOpens();
    await expect(rotateRootKey({ ...localEnv(), KEYWARDEN_ROOT_KEY: randomBytes(32).toString('base64') })).rejects.toThrow(/KEYWARDEN_ROOT_KEY/);
  });
});
