import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  ListAliasesCommand,
  ListKeysCommand,
  ScheduleKeyDeletionCommand,
  UpdateKeyDescriptionCommand,
  type KeySpec,
  type KeyUsageType,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsKmsEmulator } from '../server';
import { ACCOUNT, DAY, advanceClock, kmsClient, kmsError, startEmulator } from './helpers';

describe('keys', () => {
  let emulator: AwsKmsEmulator;
  let kms: ReturnType<typeof kmsClient>;
  beforeAll(async () => {
    emulator = await startEmulator();
    kms = kmsClient(emulator.url);
  });
  afterAll(() => emulator.close());

  const create = async (input: ConstructorParameters<typeof CreateKeyCommand>[0] = {}) =>
    (await kms.send(new CreateKeyCommand(input))).KeyMetadata!;

  describe('CreateKey', () => {
    it('creates an enabled symmetric key by default, with the metadata AWS returns', async () => {
      const before = Date.now();
      const key = await create({ Description: 'payments' });
      expect(key).toMatchObject({
        AWSAccountId: ACCOUNT,
        Arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${key.KeyId}`,
        Description: 'payments',
        Enabled: true,
        KeyState: 'Enabled',
        KeyUsage: 'ENCRYPT_DECRYPT',
        KeySpec: 'SYMMETRIC_DEFAULT',
        CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
        EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
        KeyManager: 'CUSTOMER',
        Origin: 'AWS_KMS',
        MultiRegion: false,
      });
      expect(key.KeyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(key.CurrentKeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
      expect(key.CreationDate!.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(key.ExpirationModel).toBeUndefined();
      expect(key.DeletionDate).toBeUndefined();
    });

    it.each<[KeySpec, KeyUsageType, Record<string, unknown>]>([
      ['RSA_2048', 'ENCRYPT_DECRYPT', { EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] }],
      ['RSA_3072', 'SIGN_VERIFY', {
        SigningAlgorithms: [
          'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512',
          'RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512',
        ],
      }],
      ['ECC_NIST_P256', 'SIGN_VERIFY', { SigningAlgorithms: ['ECDSA_SHA_256'] }],
      ['ECC_NIST_P384', 'SIGN_VERIFY', { SigningAlgorithms: ['ECDSA_SHA_384'] }],
      ['ECC_NIST_P521', 'SIGN_VERIFY', { SigningAlgorithms: ['ECDSA_SHA_512'] }],
      ['ECC_SECG_P256K1', 'SIGN_VERIFY', { SigningAlgorithms: ['ECDSA_SHA_256'] }],
      ['HMAC_256', 'GENERATE_VERIFY_MAC', { MacAlgorithms: ['HMAC_SHA_256'] }],
      ['HMAC_512', 'GENERATE_VERIFY_MAC', { MacAlgorithms: ['HMAC_SHA_512'] }],
    ])('creates %s keys for %s', async (spec, usage, algorithms) => {
      const key = await create({ KeySpec: spec, KeyUsage: usage });
      expect(key).toMatchObject({ KeySpec: spec, KeyUsage: usage, KeyState: 'Enabled', ...algorithms });
      expect(key.CurrentKeyMaterialId).toBeUndefined();
    });

    it('creates EXTERNAL keys pending import', async () => {
      const key = await create({ Origin: 'EXTERNAL' });
      expect(key).toMatchObject({ Origin: 'EXTERNAL', KeyState: 'PendingImport', Enabled: false });
      expect(key.CurrentKeyMaterialId).toBeUndefined();
    });

    it('creates multi-Region primary keys with mrk- ids', async () => {
      const key = await create({ MultiRegion: true });
      expect(key.KeyId).toMatch(/^mrk-[0-9a-f]{32}$/);
      expect(key.MultiRegionConfiguration).toEqual({
        MultiRegionKeyType: 'PRIMARY',
        PrimaryKey: { Arn: key.Arn, Region: 'us-east-1' },
        ReplicaKeys: [],
      });
      expect((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata?.KeyId).toBe(key.KeyId);
    });

    it('accepts the deprecated CustomerMasterKeySpec', async () => {
      const key = await create({ CustomerMasterKeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
      expect(key.KeySpec).toBe('ECC_NIST_P256');
    });

    it('requires KeyUsage for everything but symmetric keys', async () => {
      expect(await kmsError(kms.send(new CreateKeyCommand({ KeySpec: 'HMAC_256' })))).toMatchObject({
        name: 'ValidationException',
        message: 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.',
      });
    });

    it('refuses a KeyUsage the key spec cannot have', async () => {
      expect(await kmsError(kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'ENCRYPT_DECRYPT' })))).toMatchObject({
        name: 'ValidationException',
        message: 'KeyUsage ENCRYPT_DECRYPT is not compatible with KeySpec ECC_NIST_P256',
      });
      expect(await kmsError(kms.send(new CreateKeyCommand({ KeyUsage: 'SIGN_VERIFY' })))).toMatchObject({
        name: 'ValidationException',
        message: 'KeyUsage SIGN_VERIFY is not compatible with KeySpec SYMMETRIC_DEFAULT',
      });
    });

    it('validates enums and lengths against the model', async () => {
      const error = await kmsError(kms.send(new CreateKeyCommand({ KeySpec: 'HMAC_random' as KeySpec })));
      expect(error.name).toBe('ValidationException');
      expect(error.message).toMatch(
        /^1 validation error detected: Value 'HMAC_random' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: \[RSA_2048, ECC_NIST_P384, /,
      );
      expect(await kmsError(kms.send(new CreateKeyCommand({ Description: 'x'.repeat(8193) })))).toMatchObject({
        name: 'ValidationException',
        message: expect.stringContaining("at 'description' failed to satisfy constraint: Member must have length less than or equal to 8192"),
      });
    });

    it('refuses key specs and stores the emulator does not have', async () => {
      expect(await kmsError(kms.send(new CreateKeyCommand({ KeySpec: 'ML_DSA_44', KeyUsage: 'SIGN_VERIFY' })))).toMatchObject({
        name: 'UnsupportedOperationException',
      });
      expect(await kmsError(kms.send(new CreateKeyCommand({ Origin: 'AWS_CLOUDHSM' })))).toMatchObject({
        name: 'UnsupportedOperationException',
      });
    });
  });

  describe('DescribeKey', () => {
    it('finds a key by id, key ARN, alias name and alias ARN', async () => {
      const key = await create();
      await kms.send(new CreateAliasCommand({ AliasName: 'alias/describe-me', TargetKeyId: key.KeyId }));
      for (const id of [key.KeyId, key.Arn, 'alias/describe-me', `arn:aws:kms:us-east-1:${ACCOUNT}:alias/describe-me`]) {
        expect((await kms.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata?.KeyId).toBe(key.KeyId);
      }
    });

    it('answers NotFoundException as AWS words it', async () => {
      const missing = '0b7ae3b4-1c1a-4d4a-9f5a-000000000000';
      expect(await kmsError(kms.send(new DescribeKeyCommand({ KeyId: missing })))).toEqual({
        name: 'NotFoundException',
        message: `Key 'arn:aws:kms:us-east-1:${ACCOUNT}:key/${missing}' does not exist`,
        status: 400,
        attempts: 1,
      });
      expect(await kmsError(kms.send(new DescribeKeyCommand({ KeyId: 'fake-key-id' })))).toMatchObject({
        name: 'NotFoundException',
        message: "Invalid keyId 'fake-key-id'",
      });
      expect(await kmsError(kms.send(new DescribeKeyCommand({ KeyId: 'alias/nothing-here' })))).toMatchObject({
        name: 'NotFoundException',
        message: `Alias arn:aws:kms:us-east-1:${ACCOUNT}:alias/nothing-here is not found.`,
      });
    });
  });

  describe('ListKeys', () => {
    it('pages with Limit and Marker through every key, in creation order', async () => {
      const region = kmsClient(emulator.url, { region: 'sa-east-1' });
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await region.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!);
      const first = await region.send(new ListKeysCommand({ Limit: 2 }));
      expect(first.Truncated).toBe(true);
      expect(first.Keys).toEqual(ids.slice(0, 2).map((id) => ({ KeyId: id, KeyArn: `arn:aws:kms:sa-east-1:${ACCOUNT}:key/${id}` })));
      const second = await region.send(new ListKeysCommand({ Limit: 2, Marker: first.NextMarker }));
      const third = await region.send(new ListKeysCommand({ Limit: 2, Marker: second.NextMarker }));
      expect([...second.Keys!, ...third.Keys!].map((k) => k.KeyId)).toEqual(ids.slice(2));
      expect(third.Truncated).toBe(false);
      expect(third.NextMarker).toBeUndefined();
      const all = await region.send(new ListKeysCommand({}));
      expect(all.Keys).toHaveLength(5);
      expect(all.Truncated).toBe(false);
    });

    it('refuses a marker it did not issue and a Limit out of range', async () => {
      expect(await kmsError(kms.send(new ListKeysCommand({ Marker: 'bogus' })))).toMatchObject({ name: 'InvalidMarkerException' });
      expect(await kmsError(kms.send(new ListKeysCommand({ Limit: 0 })))).toMatchObject({
        name: 'ValidationException',
        message: "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
      });
      expect(await kmsError(kms.send(new ListKeysCommand({ Limit: 1001 })))).toMatchObject({ name: 'ValidationException' });
    });
  });

  describe('EnableKey and DisableKey', () => {
    it('disables and enables, idempotently', async () => {
      const key = await create();
      await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
      await kms.send(new DisableKeyCommand({ KeyId: key.Arn }));
      expect((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata).toMatchObject({
        KeyState: 'Disabled',
        Enabled: false,
      });
      await kms.send(new EnableKeyCommand({ KeyId: key.KeyId }));
      await kms.send(new EnableKeyCommand({ KeyId: key.KeyId }));
      expect((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata).toMatchObject({
        KeyState: 'Enabled',
        Enabled: true,
      });
    });

    it('takes a key id or key ARN, not an alias', async () => {
      const key = await create();
      await kms.send(new CreateAliasCommand({ AliasName: 'alias/not-for-enable', TargetKeyId: key.KeyId }));
      expect(await kmsError(kms.send(new DisableKeyCommand({ KeyId: 'alias/not-for-enable' })))).toMatchObject({
        name: 'NotFoundException',
        message: "Invalid keyId 'alias/not-for-enable'",
      });
    });
  });

  describe('ScheduleKeyDeletion and CancelKeyDeletion', () => {
    it('schedules deletion with a 30-day default window', async () => {
      const key = await create();
      const before = Date.now();
      const scheduled = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId }));
      expect(scheduled).toMatchObject({ KeyId: key.Arn, KeyState: 'PendingDeletion', PendingWindowInDays: 30 });
      expect(scheduled.DeletionDate!.getTime() - before).toBeGreaterThanOrEqual(30 * DAY * 1000 - 2000);
      expect(scheduled.DeletionDate!.getTime() - before).toBeLessThanOrEqual(30 * DAY * 1000 + 2000);
      const described = (await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!;
      expect(described).toMatchObject({ KeyState: 'PendingDeletion', Enabled: false, PendingDeletionWindowInDays: 30 });
      expect(described.DeletionDate).toEqual(scheduled.DeletionDate);
    });

    it('validates the window: 7 to 30 days', async () => {
      const key = await create();
      expect(await kmsError(kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 6 })))).toMatchObject({
        name: 'ValidationException',
        message:
          "1 validation error detected: Value '6' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value greater than or equal to 7",
      });
    });

    it('cancels deletion into the Disabled state', async () => {
      const key = await create();
      await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
      expect(await kms.send(new CancelKeyDeletionCommand({ KeyId: key.KeyId }))).toMatchObject({ KeyId: key.Arn });
      const described = (await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!;
      expect(described).toMatchObject({ KeyState: 'Disabled', Enabled: false });
      expect(described.DeletionDate).toBeUndefined();
      expect(described.PendingDeletionWindowInDays).toBeUndefined();
    });

    it('deletes the key and its aliases when the window ends', async () => {
      const own = await startEmulator();
      try {
        const client = kmsClient(own.url);
        const doomed = (await client.send(new CreateKeyCommand({}))).KeyMetadata!;
        const kept = (await client.send(new CreateKeyCommand({}))).KeyMetadata!;
        await client.send(new CreateAliasCommand({ AliasName: 'alias/doomed', TargetKeyId: doomed.KeyId }));
        await client.send(new CreateAliasCommand({ AliasName: 'alias/kept', TargetKeyId: kept.KeyId }));
        await client.send(new ScheduleKeyDeletionCommand({ KeyId: doomed.KeyId, PendingWindowInDays: 7 }));

        await advanceClock(own.url, 7 * DAY - 60);
        expect((await client.send(new DescribeKeyCommand({ KeyId: doomed.KeyId }))).KeyMetadata?.KeyState).toBe('PendingDeletion');

        await advanceClock(own.url, 61);
        expect(await kmsError(client.send(new DescribeKeyCommand({ KeyId: doomed.KeyId })))).toMatchObject({
          name: 'NotFoundException',
        });
        expect((await client.send(new ListKeysCommand({}))).Keys?.map((k) => k.KeyId)).toEqual([kept.KeyId]);
        expect((await client.send(new ListAliasesCommand({}))).Aliases?.map((a) => a.AliasName)).toEqual(['alias/kept']);
      } finally {
        await own.close();
      }
    });
  });

  describe('UpdateKeyDescription', () => {
    it('changes the description', async () => {
      const key = await create({ Description: 'old' });
      await kms.send(new UpdateKeyDescriptionCommand({ KeyId: key.KeyId, Description: 'new' }));
      expect((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata?.Description).toBe('new');
    });
  });
});
