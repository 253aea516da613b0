import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  ScheduleKeyDeletionCommand,
  SignCommand,
  VerifyCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importMaterial, kmsClient, startEmulator, wrapKeyMaterial } from './helpers';

describe('persistence with --data', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aws-kms-emulator-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps keys, material, aliases, tags, states and import tokens across a restart', async () => {
    const file = join(dir, 'state.json');
    const first = await startEmulator({ dataFile: file });
    const kms = kmsClient(first.url);
    const symmetric = (await kms.send(new CreateKeyCommand({ Tags: [{ TagKey: 'team', TagValue: 'core' }] }))).KeyMetadata!;
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/survivor', TargetKeyId: symmetric.KeyId }));
    const { CiphertextBlob } = await kms.send(
      new EncryptCommand({ KeyId: 'alias/survivor', Plaintext: Buffer.from('still here'), EncryptionContext: { a: '1' } }),
    );
    const signing = (await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }))).KeyMetadata!;
    const { Signature } = await kms.send(new SignCommand({ KeyId: signing.KeyId, Message: Buffer.from('m'), SigningAlgorithm: 'ECDSA_SHA_256' }));
    const imported = (await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))).KeyMetadata!;
    const validTo = new Date(Math.floor(Date.now() / 1000) * 1000 + 10 * 24 * 3600 * 1000);
    await importMaterial(kms, imported.KeyId!, randomBytes(32), { expirationModel: 'KEY_MATERIAL_EXPIRES', validTo });
    const doomed = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const { DeletionDate } = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: doomed.KeyId, PendingWindowInDays: 9 }));
    const pending = (await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))).KeyMetadata!;
    const params = await kms.send(
      new GetParametersForImportCommand({ KeyId: pending.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_1', WrappingKeySpec: 'RSA_2048' }),
    );
    await first.close();

    // Written atomically: no temporary file is left beside the state (other tests' files aside).
    expect((await readdir(dir)).filter((f) => f.startsWith('state.json')).sort()).toEqual(['state.json']);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ version: 1 });

    const second = await startEmulator({ dataFile: file });
    try {
      const again = kmsClient(second.url);
      const decrypted = await again.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { a: '1' } }));
      expect(Buffer.from(decrypted.Plaintext!).toString()).toBe('still here');
      expect((await again.send(new DescribeKeyCommand({ KeyId: 'alias/survivor' }))).KeyMetadata).toEqual(symmetric);
      expect((await again.send(new ListResourceTagsCommand({ KeyId: symmetric.KeyId }))).Tags).toEqual([{ TagKey: 'team', TagValue: 'core' }]);
      await again.send(new VerifyCommand({ KeyId: signing.KeyId, Message: Buffer.from('m'), Signature, SigningAlgorithm: 'ECDSA_SHA_256' }));
      expect((await again.send(new DescribeKeyCommand({ KeyId: imported.KeyId }))).KeyMetadata).toMatchObject({
        KeyState: 'Enabled',
        ExpirationModel: 'KEY_MATERIAL_EXPIRES',
        ValidTo: validTo,
      });
      expect((await again.send(new DescribeKeyCommand({ KeyId: doomed.KeyId }))).KeyMetadata).toMatchObject({
        KeyState: 'PendingDeletion',
        DeletionDate,
      });
      await again.send(
        new ImportKeyMaterialCommand({
          KeyId: pending.KeyId,
          ImportToken: params.ImportToken,
          EncryptedKeyMaterial: wrapKeyMaterial('RSAES_OAEP_SHA_1', params.PublicKey!, randomBytes(32)),
          ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
        }),
      );
      const later = (await again.send(new CreateKeyCommand({}))).KeyMetadata!;
      const listed = (await again.send(new ListKeysCommand({}))).Keys!.map((k) => k.KeyId);
      expect(listed).toEqual([symmetric.KeyId, signing.KeyId, imported.KeyId, doomed.KeyId, pending.KeyId, later.KeyId]);
    } finally {
      await second.close();
    }
  });

  it('starts empty without a data file', async () => {
    const emulator = await startEmulator();
    try {
      expect((await kmsClient(emulator.url).send(new ListKeysCommand({}))).Keys).toEqual([]);
    } finally {
      await emulator.close();
    }
  });

  it('refuses to start on a file that is not its state', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, '{"version": 7}');
    await expect(startEmulator({ dataFile: file })).rejects.toThrow(/unsupported state version/);
  });
});
