import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  EncryptCommand,
  ListAliasesCommand,
  UpdateAliasCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsKmsEmulator } from '../server';
import { ACCOUNT, kmsClient, kmsError, startEmulator } from './helpers';

describe('aliases', () => {
  let emulator: AwsKmsEmulator;
  let kms: ReturnType<typeof kmsClient>;
  beforeAll(async () => {
    emulator = await startEmulator();
    kms = kmsClient(emulator.url);
  });
  afterAll(() => emulator.close());

  const newKey = async (input: ConstructorParameters<typeof CreateKeyCommand>[0] = {}) =>
    (await kms.send(new CreateKeyCommand(input))).KeyMetadata!;
  const arnOf = (name: string) => `arn:aws:kms:us-east-1:${ACCOUNT}:${name}`;

  it('creates an alias for a key id or key ARN and lists it with its ARN and dates', async () => {
    const key = await newKey();
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/app/orders', TargetKeyId: key.KeyId }));
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/app/orders-2', TargetKeyId: key.Arn }));
    const { Aliases, Truncated } = await kms.send(new ListAliasesCommand({ KeyId: key.KeyId }));
    expect(Truncated).toBe(false);
    expect(Aliases).toHaveLength(2);
    expect(Aliases![0]).toMatchObject({
      AliasName: 'alias/app/orders',
      AliasArn: arnOf('alias/app/orders'),
      TargetKeyId: key.KeyId,
    });
    expect(Aliases![0]!.CreationDate).toBeInstanceOf(Date);
    expect(Aliases![0]!.LastUpdatedDate).toBeInstanceOf(Date);
  });

  it('lets crypto operations use an alias name or alias ARN', async () => {
    const key = await newKey();
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/crypto', TargetKeyId: key.KeyId }));
    const encrypted = await kms.send(new EncryptCommand({ KeyId: arnOf('alias/crypto'), Plaintext: Buffer.from('x') }));
    expect(encrypted.KeyId).toBe(key.Arn);
    const decrypted = await kms.send(new DecryptCommand({ KeyId: 'alias/crypto', CiphertextBlob: encrypted.CiphertextBlob }));
    expect(Buffer.from(decrypted.Plaintext!).toString()).toBe('x');
  });

  it('moves an alias with UpdateAlias', async () => {
    const first = await newKey();
    const second = await newKey();
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/moving', TargetKeyId: first.KeyId }));
    const before = (await kms.send(new ListAliasesCommand({ KeyId: first.KeyId }))).Aliases![0]!;
    await kms.send(new UpdateAliasCommand({ AliasName: 'alias/moving', TargetKeyId: second.Arn }));
    expect((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/moving' }))).KeyMetadata?.KeyId).toBe(second.KeyId);
    const after = (await kms.send(new ListAliasesCommand({ KeyId: second.KeyId }))).Aliases![0]!;
    expect(after.CreationDate).toEqual(before.CreationDate);
    expect((await kms.send(new ListAliasesCommand({ KeyId: first.KeyId }))).Aliases).toEqual([]);
  });

  it('refuses to move an alias to a key of another type or usage', async () => {
    const symmetric = await newKey();
    const signing = await newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/typed', TargetKeyId: symmetric.KeyId }));
    expect(await kmsError(kms.send(new UpdateAliasCommand({ AliasName: 'alias/typed', TargetKeyId: signing.KeyId })))).toMatchObject({
      name: 'ValidationException',
    });
  });

  it('deletes an alias, and then it is gone', async () => {
    const key = await newKey();
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/short-lived', TargetKeyId: key.KeyId }));
    await kms.send(new DeleteAliasCommand({ AliasName: 'alias/short-lived' }));
    expect(await kmsError(kms.send(new DescribeKeyCommand({ KeyId: 'alias/short-lived' })))).toMatchObject({
      name: 'NotFoundException',
      message: `Alias ${arnOf('alias/short-lived')} is not found.`,
    });
    expect(await kmsError(kms.send(new DeleteAliasCommand({ AliasName: 'alias/short-lived' })))).toMatchObject({
      name: 'NotFoundException',
      message: `Alias ${arnOf('alias/short-lived')} is not found.`,
    });
    expect(await kmsError(kms.send(new UpdateAliasCommand({ AliasName: 'alias/short-lived', TargetKeyId: key.KeyId })))).toMatchObject({
      name: 'NotFoundException',
    });
  });

  describe('naming rules', () => {
    let keyId: string;
    beforeAll(async () => {
      keyId = (await newKey()).KeyId!;
    });

    it('requires the alias/ prefix', async () => {
      expect(await kmsError(kms.send(new CreateAliasCommand({ AliasName: 'orders', TargetKeyId: keyId })))).toMatchObject({
        name: 'ValidationException',
        message: 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
      });
    });

    it('reserves alias/aws/ for AWS managed keys', async () => {
      expect(await kmsError(kms.send(new CreateAliasCommand({ AliasName: 'alias/aws/s3', TargetKeyId: keyId })))).toMatchObject({
        name: 'NotAuthorizedException',
      });
      expect(await kmsError(kms.send(new DeleteAliasCommand({ AliasName: 'alias/aws/s3' })))).toMatchObject({
        name: 'NotAuthorizedException',
      });
    });

    it.each(['alias/my-alias!', 'alias/my-alias$', 'alias/my alias'])('refuses the characters in %s', async (name) => {
      expect(await kmsError(kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: keyId })))).toMatchObject({
        name: 'ValidationException',
        message: `1 validation error detected: Value '${name}' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$`,
      });
    });

    it('refuses a colon after the prefix', async () => {
      expect(await kmsError(kms.send(new CreateAliasCommand({ AliasName: 'alias/my:alias', TargetKeyId: keyId })))).toMatchObject({
        name: 'ValidationException',
        message: 'alias/my:alias contains invalid characters for an alias',
      });
    });

    it('refuses names longer than 256 characters', async () => {
      const name = `alias/${'a'.repeat(251)}`;
      expect(await kmsError(kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: keyId })))).toMatchObject({
        name: 'ValidationException',
        message: expect.stringContaining("at 'aliasName' failed to satisfy constraint: Member must have length less than or equal to 256"),
      });
    });

    it('accepts slashes, underscores and dashes', async () => {
      await kms.send(new CreateAliasCommand({ AliasName: 'alias/my_alias-/x', TargetKeyId: keyId }));
      const { Aliases } = await kms.send(new ListAliasesCommand({ KeyId: keyId }));
      expect(Aliases?.map((a) => a.AliasName)).toContain('alias/my_alias-/x');
    });

    it('refuses an alias that exists already', async () => {
      await kms.send(new CreateAliasCommand({ AliasName: 'alias/taken', TargetKeyId: keyId }));
      expect(await kmsError(kms.send(new CreateAliasCommand({ AliasName: 'alias/taken', TargetKeyId: keyId })))).toMatchObject({
        name: 'AlreadyExistsException',
        message: `An alias with the name ${arnOf('alias/taken')} already exists`,
      });
    });

    it('requires the target to be a key, not an alias', async () => {
      await kms.send(new CreateAliasCommand({ AliasName: 'alias/source', TargetKeyId: keyId }));
      for (const target of ['alias/source', arnOf('alias/source')]) {
        expect(await kmsError(kms.send(new CreateAliasCommand({ AliasName: 'alias/chained', TargetKeyId: target })))).toMatchObject({
          name: 'ValidationException',
          message: 'Aliases must refer to keys. Not aliases',
        });
      }
    });

    it('refuses a target that does not exist', async () => {
      const missing = '6f1c6c1e-0000-4000-8000-000000000000';
      expect(await kmsError(kms.send(new CreateAliasCommand({ AliasName: 'alias/orphan', TargetKeyId: missing })))).toMatchObject({
        name: 'NotFoundException',
        message: `Key 'arn:aws:kms:us-east-1:${ACCOUNT}:key/${missing}' does not exist`,
      });
    });
  });

  it('pages ListAliases in name order', async () => {
    const region = kmsClient(emulator.url, { region: 'eu-north-1' });
    const key = (await region.send(new CreateKeyCommand({}))).KeyMetadata!;
    const names = ['alias/d', 'alias/a', 'alias/c', 'alias/b', 'alias/e'];
    for (const name of names) await region.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: key.KeyId }));
    const seen: string[] = [];
    let marker: string | undefined;
    do {
      const page = await region.send(new ListAliasesCommand({ Limit: 2, ...(marker && { Marker: marker }) }));
      seen.push(...page.Aliases!.map((a) => a.AliasName!));
      marker = page.Truncated ? page.NextMarker : undefined;
    } while (marker);
    expect(seen).toEqual([...names].sort());
    expect(await kmsError(region.send(new ListAliasesCommand({ Limit: 101 })))).toMatchObject({ name: 'ValidationException' });
  });

  it('answers NotFoundException when ListAliases names a missing key', async () => {
    expect(await kmsError(kms.send(new ListAliasesCommand({ KeyId: '6f1c6c1e-0000-4000-8000-00000000ffff' })))).toMatchObject({
      name: 'NotFoundException',
    });
  });
});
