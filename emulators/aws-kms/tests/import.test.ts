import {
  createDecipheriv,
  createHmac,
  createPublicKey,
  generateKeyPair,
  publicEncrypt,
  constants,
  randomBytes,
  verify as nodeVerify,
  type KeyObject,
} from 'node:crypto';
import { promisify } from 'node:util';
import {
  CancelKeyDeletionCommand,
  CreateKeyCommand,
  DecryptCommand,
  DeleteImportedKeyMaterialCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EncryptCommand,
  GenerateMacCommand,
  GetParametersForImportCommand,
  GetPublicKeyCommand,
  ImportKeyMaterialCommand,
  ScheduleKeyDeletionCommand,
  SignCommand,
  type AlgorithmSpec,
  type KeySpec,
  type KeyUsageType,
  type WrappingKeySpec,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsKmsEmulator } from '../server';
import type { ImportOptions } from './helpers';
import {
  DAY,
  advanceClock,
  importMaterial,
  importParameters,
  importWith,
  kmsClient,
  kmsError,
  localCiphertext,
  startEmulator,
  wrapKeyMaterial,
} from './helpers';

const generateKeyPairAsync = promisify(generateKeyPair);

async function localPrivateKey(spec: string): Promise<{ der: Buffer; publicKey: KeyObject }> {
  const pair = spec.startsWith('RSA')
    ? await generateKeyPairAsync('rsa', { modulusLength: Number(spec.slice(4)) })
    : await generateKeyPairAsync('ec', {
        namedCurve: { ECC_NIST_P256: 'prime256v1', ECC_NIST_P384: 'secp384r1', ECC_NIST_P521: 'secp521r1', ECC_SECG_P256K1: 'secp256k1' }[spec]!,
      });
  return { der: pair.privateKey.export({ format: 'der', type: 'pkcs8' }), publicKey: pair.publicKey };
}

/** Opens an emulator blob by hand from the documented format. */
function openLocally(material: Buffer, blob: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', material, blob.subarray(37, 49));
  decipher.setAAD(blob.subarray(0, 37));
  decipher.setAuthTag(blob.subarray(49, 65));
  return Buffer.concat([decipher.update(blob.subarray(65)), decipher.final()]);
}

describe('importing key material', () => {
  let emulator: AwsKmsEmulator;
  let kms: ReturnType<typeof kmsClient>;
  beforeAll(async () => {
    emulator = await startEmulator();
    kms = kmsClient(emulator.url);
  });
  afterAll(() => emulator.close());

  const externalKey = async (KeySpec: KeySpec = 'SYMMETRIC_DEFAULT', KeyUsage?: KeyUsageType) =>
    (await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL', KeySpec, ...(KeyUsage && { KeyUsage }) }))).KeyMetadata!;

  describe('GetParametersForImport', () => {
    it('returns a wrapping public key and an import token valid for 24 hours', async () => {
      const key = await externalKey();
      const before = Date.now();
      const params = await kms.send(
        new GetParametersForImportCommand({ KeyId: key.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_3072' }),
      );
      expect(params.KeyId).toBe(key.Arn);
      expect(params.ImportToken!.length).toBeGreaterThan(0);
      const publicKey = createPublicKey({ key: Buffer.from(params.PublicKey!), format: 'der', type: 'spki' });
      expect(publicKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
      const validFor = params.ParametersValidTo!.getTime() - before;
      expect(validFor).toBeGreaterThan(DAY * 1000 - 5000);
      expect(validFor).toBeLessThanOrEqual(DAY * 1000 + 5000);
    });

    it('refuses keys whose origin is AWS_KMS', async () => {
      const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
      const message = `${key.Arn} origin is AWS_KMS which is not valid for this operation.`;
      expect(
        await kmsError(kms.send(new GetParametersForImportCommand({ KeyId: key.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }))),
      ).toMatchObject({ name: 'UnsupportedOperationException', message });
      expect(await kmsError(kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId })))).toMatchObject({
        name: 'UnsupportedOperationException',
        message,
      });
      expect(
        await kmsError(kms.send(new ImportKeyMaterialCommand({ KeyId: key.KeyId, ImportToken: Buffer.from('t'), EncryptedKeyMaterial: Buffer.from('m') }))),
      ).toMatchObject({ name: 'UnsupportedOperationException', message });
    });

    it('refuses the deprecated and the China-only wrapping options', async () => {
      const key = await externalKey();
      for (const [WrappingAlgorithm, WrappingKeySpec] of [
        ['RSAES_PKCS1_V1_5', 'RSA_2048'],
        ['RSAES_OAEP_SHA_256', 'SM2'],
      ] as const) {
        expect(await kmsError(kms.send(new GetParametersForImportCommand({ KeyId: key.KeyId, WrappingAlgorithm, WrappingKeySpec })))).toMatchObject({
          name: 'ValidationException',
        });
      }
    });
  });

  describe.concurrent('symmetric material, every wrapping algorithm and every wrapping key spec', () => {
    // Every algorithm under RSA_2048, and the larger wrapping keys once each (RSA-4096 generation is slow).
    const cases: [AlgorithmSpec, WrappingKeySpec][] = [
      ['RSAES_OAEP_SHA_1', 'RSA_2048'],
      ['RSAES_OAEP_SHA_256', 'RSA_2048'],
      ['RSA_AES_KEY_WRAP_SHA_1', 'RSA_2048'],
      ['RSA_AES_KEY_WRAP_SHA_256', 'RSA_2048'],
      ['RSAES_OAEP_SHA_256', 'RSA_3072'],
      ['RSA_AES_KEY_WRAP_SHA_256', 'RSA_4096'],
    ];

    it.each(cases)('imports with %s under %s and uses exactly that material', async (algorithm, wrappingKeySpec) => {
      const key = await externalKey();
      const material = randomBytes(32);
      const imported = await importMaterial(kms, key.KeyId!, material, { algorithm, wrappingKeySpec });
      expect(imported.KeyId).toBe(key.Arn);
      expect(imported.KeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
      const described = (await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!;
      expect(described).toMatchObject({
        KeyState: 'Enabled',
        Enabled: true,
        ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
        CurrentKeyMaterialId: imported.KeyMaterialId,
      });
      expect(described.ValidTo).toBeUndefined();

      const context = { order: '42' };
      const local = localCiphertext(material, key.KeyId!, Buffer.from('made outside'), context);
      const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: local, EncryptionContext: context }));
      expect(Buffer.from(decrypted.Plaintext!).toString()).toBe('made outside');

      const encrypted = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('made inside') }));
      expect(openLocally(material, Buffer.from(encrypted.CiphertextBlob!)).toString()).toBe('made inside');
    });
  });

  describe.concurrent('asymmetric private keys through RSA_AES_KEY_WRAP', () => {
    const specs = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1'] as const;
    const signing = { ECC_NIST_P256: 'ECDSA_SHA_256', ECC_NIST_P384: 'ECDSA_SHA_384', ECC_NIST_P521: 'ECDSA_SHA_512', ECC_SECG_P256K1: 'ECDSA_SHA_256' } as const;

    it.each(specs)('imports a %s private key with both SHA variants and signs with it', async (spec) => {
      const local = await localPrivateKey(spec);
      for (const algorithm of ['RSA_AES_KEY_WRAP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256'] as const) {
        const key = await externalKey(spec, 'SIGN_VERIFY');
        const imported = await importMaterial(kms, key.KeyId!, local.der, { algorithm });
        expect(imported.KeyMaterialId).toBeUndefined();

        const publicKey = await kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
        expect(Buffer.from(publicKey.PublicKey!)).toEqual(local.publicKey.export({ format: 'der', type: 'spki' }));

        const signingAlgorithm = spec.startsWith('RSA') ? 'RSASSA_PKCS1_V1_5_SHA_256' : signing[spec as keyof typeof signing];
        const message = Buffer.from(`signed by the imported ${spec}`);
        const signed = await kms.send(new SignCommand({ KeyId: key.KeyId, Message: message, SigningAlgorithm: signingAlgorithm }));
        const hash = signingAlgorithm.endsWith('512') ? 'sha512' : signingAlgorithm.endsWith('384') ? 'sha384' : 'sha256';
        expect(nodeVerify(hash, message, local.publicKey, Buffer.from(signed.Signature!))).toBe(true);
      }
    });

    it('imports an RSA key for encryption: what is encrypted locally decrypts in the emulator', async () => {
      const local = await localPrivateKey('RSA_2048');
      const key = await externalKey('RSA_2048', 'ENCRYPT_DECRYPT');
      await importMaterial(kms, key.KeyId!, local.der, { algorithm: 'RSA_AES_KEY_WRAP_SHA_1', wrappingKeySpec: 'RSA_3072' });
      const ciphertext = publicEncrypt({ key: local.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from('hi'));
      const decrypted = await kms.send(new DecryptCommand({ KeyId: key.KeyId, CiphertextBlob: ciphertext, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
      expect(Buffer.from(decrypted.Plaintext!).toString()).toBe('hi');
    });

    it('imports HMAC material with OAEP and with key wrap', async () => {
      for (const algorithm of ['RSAES_OAEP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1'] as const) {
        const key = await externalKey('HMAC_256', 'GENERATE_VERIFY_MAC');
        const material = randomBytes(48);
        await importMaterial(kms, key.KeyId!, material, { algorithm });
        const mac = await kms.send(new GenerateMacCommand({ KeyId: key.KeyId, Message: Buffer.from('m'), MacAlgorithm: 'HMAC_SHA_256' }));
        expect(Buffer.from(mac.Mac!)).toEqual(createHmac('sha256', material).update('m').digest());
      }
    });
  });

  describe('material checks', () => {
    it('accepts the same material again and refuses any other, also after deletion', async () => {
      const key = await externalKey();
      const material = randomBytes(32);
      const params = await importParameters(kms, key.KeyId!);
      const first = await importWith(kms, key.KeyId!, params, material);
      const again = await importMaterial(kms, key.KeyId!, material, { algorithm: 'RSAES_OAEP_SHA_1' });
      expect(again.KeyMaterialId).toBe(first.KeyMaterialId);
      const refused = {
        name: 'IncorrectKeyMaterialException',
        message: 'The key material in the request is not the same key material that was previously imported into this KMS key.',
      };
      expect(await kmsError(importWith(kms, key.KeyId!, params, randomBytes(32)))).toMatchObject(refused);

      const deleted = await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId }));
      expect(deleted).toEqual(expect.objectContaining({ KeyId: key.Arn, KeyMaterialId: first.KeyMaterialId }));
      expect(await kmsError(importWith(kms, key.KeyId!, params, randomBytes(32)))).toMatchObject(refused);
      await importWith(kms, key.KeyId!, params, material);
    });

    it('recognizes the same private key in another encoding as the same material', async () => {
      const local = await localPrivateKey('ECC_NIST_P256');
      const key = await externalKey('ECC_NIST_P256', 'SIGN_VERIFY');
      await importMaterial(kms, key.KeyId!, local.der);
      const other = await localPrivateKey('ECC_NIST_P256');
      expect((await kmsError(importMaterial(kms, key.KeyId!, other.der))).name).toBe('IncorrectKeyMaterialException');
      await importMaterial(kms, key.KeyId!, local.der);
    });

    it.each([
      ['SYMMETRIC_DEFAULT', undefined, () => randomBytes(16)],
      ['SYMMETRIC_DEFAULT', undefined, () => randomBytes(33)],
      ['HMAC_256', 'GENERATE_VERIFY_MAC', () => randomBytes(16)],
      ['ECC_NIST_P256', 'SIGN_VERIFY', async () => (await localPrivateKey('ECC_NIST_P384')).der],
      ['RSA_2048', 'SIGN_VERIFY', async () => (await localPrivateKey('ECC_NIST_P256')).der],
      ['RSA_2048', 'SIGN_VERIFY', () => randomBytes(600)],
    ] as const)('refuses material of the wrong type or size for %s', async (spec, usage, material) => {
      const key = await externalKey(spec, usage);
      expect(await kmsError(importMaterial(kms, key.KeyId!, await material()))).toMatchObject({
        name: 'IncorrectKeyMaterialException',
        message: `The key material is not valid for key spec ${spec}.`,
      });
      expect((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata?.KeyState).toBe('PendingImport');
    });

    it('refuses material it cannot unwrap with InvalidCiphertextException', async () => {
      const key = await externalKey();
      const params = await kms.send(
        new GetParametersForImportCommand({ KeyId: key.KeyId, WrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', WrappingKeySpec: 'RSA_2048' }),
      );
      const otherParams = await kms.send(
        new GetParametersForImportCommand({ KeyId: key.KeyId, WrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', WrappingKeySpec: 'RSA_2048' }),
      );
      const material = randomBytes(32);
      const attempts = [
        wrapKeyMaterial('RSA_AES_KEY_WRAP_SHA_256', otherParams.PublicKey!, material),
        wrapKeyMaterial('RSA_AES_KEY_WRAP_SHA_1', params.PublicKey!, material),
        wrapKeyMaterial('RSAES_OAEP_SHA_256', params.PublicKey!, material),
        randomBytes(300),
      ];
      for (const EncryptedKeyMaterial of attempts) {
        expect(
          await kmsError(
            kms.send(
              new ImportKeyMaterialCommand({
                KeyId: key.KeyId,
                ImportToken: params.ImportToken,
                EncryptedKeyMaterial,
                ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
              }),
            ),
          ),
        ).toMatchObject({ name: 'InvalidCiphertextException' });
      }
      const tampered = wrapKeyMaterial('RSA_AES_KEY_WRAP_SHA_256', params.PublicKey!, material);
      tampered[tampered.length - 1]! ^= 1;
      expect(
        (await kmsError(kms.send(new ImportKeyMaterialCommand({ KeyId: key.KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: tampered, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })))).name,
      ).toBe('InvalidCiphertextException');
    });
  });

  describe('import tokens', () => {
    it('binds a token to its key', async () => {
      const a = await externalKey();
      const b = await externalKey();
      const params = await kms.send(
        new GetParametersForImportCommand({ KeyId: a.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }),
      );
      const wrapped = wrapKeyMaterial('RSAES_OAEP_SHA_256', params.PublicKey!, randomBytes(32));
      for (const [KeyId, ImportToken] of [
        [b.KeyId, params.ImportToken],
        [a.KeyId, randomBytes(64)],
      ] as const) {
        expect(
          await kmsError(kms.send(new ImportKeyMaterialCommand({ KeyId, ImportToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }))),
        ).toMatchObject({ name: 'InvalidImportTokenException' });
      }
      await kms.send(new ImportKeyMaterialCommand({ KeyId: a.Arn, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }));
    });

    it('expires a token after 24 hours', async () => {
      const own = await startEmulator();
      try {
        const client = kmsClient(own.url);
        const key = (await client.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))).KeyMetadata!;
        const params = await client.send(
          new GetParametersForImportCommand({ KeyId: key.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_1', WrappingKeySpec: 'RSA_2048' }),
        );
        const request = () =>
          client.send(
            new ImportKeyMaterialCommand({
              KeyId: key.KeyId,
              ImportToken: params.ImportToken,
              EncryptedKeyMaterial: wrapKeyMaterial('RSAES_OAEP_SHA_1', params.PublicKey!, Buffer.alloc(32, 7)),
              ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
            }),
          );
        await advanceClock(own.url, DAY - 60);
        await request();
        await advanceClock(own.url, 61);
        expect(await kmsError(request())).toMatchObject({ name: 'ExpiredImportTokenException' });
      } finally {
        await own.close();
      }
    });
  });

  describe('expiration models', () => {
    it('validates ExpirationModel and ValidTo', async () => {
      const key = await externalKey();
      const material = randomBytes(32);
      const params = await importParameters(kms, key.KeyId!, { algorithm: 'RSAES_OAEP_SHA_256' });
      const attempt = (options: ImportOptions) => kmsError(importWith(kms, key.KeyId!, params, material, { algorithm: 'RSAES_OAEP_SHA_256', ...options }));
      expect(await attempt({ expirationModel: 'KEY_MATERIAL_EXPIRES' })).toMatchObject({
        name: 'ValidationException',
        message: 'A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES',
      });
      const defaultModel = await kmsError(
        kms.send(
          new ImportKeyMaterialCommand({
            KeyId: key.KeyId,
            ImportToken: params.ImportToken,
            EncryptedKeyMaterial: wrapKeyMaterial('RSAES_OAEP_SHA_256', params.PublicKey!, material),
          }),
        ),
      );
      expect(defaultModel.message).toBe('A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES');
      const now = Date.now();
      for (const options of [
        { expirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' as const, validTo: new Date(now + DAY * 1000) },
        { expirationModel: 'KEY_MATERIAL_EXPIRES' as const, validTo: new Date(now + 366 * DAY * 1000) },
        { expirationModel: 'KEY_MATERIAL_EXPIRES' as const, validTo: new Date(now - 1000) },
      ]) {
        expect((await attempt(options)).name).toBe('ValidationException');
      }
      expect((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata?.KeyState).toBe('PendingImport');
    });

    it('expires material at ValidTo into PendingImport, and takes the same material back', async () => {
      const own = await startEmulator();
      try {
        const client = kmsClient(own.url);
        const key = (await client.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))).KeyMetadata!;
        const material = randomBytes(32);
        const validTo = new Date(Math.floor(Date.now() / 1000) * 1000 + 2 * DAY * 1000);
        await importMaterial(client, key.KeyId!, material, { expirationModel: 'KEY_MATERIAL_EXPIRES', validTo });
        expect((await client.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata).toMatchObject({
          KeyState: 'Enabled',
          ExpirationModel: 'KEY_MATERIAL_EXPIRES',
          ValidTo: validTo,
        });
        const { CiphertextBlob } = await client.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('kept') }));

        await advanceClock(own.url, 2 * DAY + 60);
        const expired = (await client.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!;
        expect(expired).toMatchObject({ KeyState: 'PendingImport', Enabled: false });
        expect(expired.ExpirationModel).toBeUndefined();
        expect(expired.ValidTo).toBeUndefined();
        expect(expired.CurrentKeyMaterialId).toBeUndefined();
        expect(await kmsError(client.send(new DecryptCommand({ CiphertextBlob })))).toMatchObject({
          name: 'KMSInvalidStateException',
          message: `${key.Arn} is pending import.`,
        });

        await importMaterial(client, key.KeyId!, material);
        const decrypted = await client.send(new DecryptCommand({ CiphertextBlob }));
        expect(Buffer.from(decrypted.Plaintext!).toString()).toBe('kept');
      } finally {
        await own.close();
      }
    });
  });

  describe('DeleteImportedKeyMaterial', () => {
    it('returns the key to PendingImport', async () => {
      const key = await externalKey();
      await importMaterial(kms, key.KeyId!, randomBytes(32));
      await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.Arn }));
      const described = (await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!;
      expect(described).toMatchObject({ KeyState: 'PendingImport', Enabled: false });
      expect(described.ExpirationModel).toBeUndefined();
      expect(await kmsError(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') })))).toMatchObject({
        name: 'KMSInvalidStateException',
        message: `${key.Arn} is pending import.`,
      });
    });

    it('cancels the deletion of a key without material into PendingImport', async () => {
      const key = await externalKey();
      await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
      await kms.send(new CancelKeyDeletionCommand({ KeyId: key.KeyId }));
      expect((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata?.KeyState).toBe('PendingImport');
    });

    it('keeps a disabled key disabled across deleting and reimporting its material', async () => {
      const key = await externalKey();
      const material = randomBytes(32);
      await importMaterial(kms, key.KeyId!, material);
      await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
      await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId }));
      expect((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata?.KeyState).toBe('PendingImport');
      await importMaterial(kms, key.KeyId!, material);
      expect((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata?.KeyState).toBe('Disabled');
    });
  });
});
