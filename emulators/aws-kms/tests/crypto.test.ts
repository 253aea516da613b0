import { constants, createHash, createPublicKey, publicEncrypt, sign as nodeSign, verify as nodeVerify, generateKeyPairSync } from 'node:crypto';
import {
  CreateKeyCommand,
  DecryptCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GenerateMacCommand,
  GenerateRandomCommand,
  GetPublicKeyCommand,
  SignCommand,
  VerifyCommand,
  VerifyMacCommand,
  type KeyMetadata,
  type SigningAlgorithmSpec,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsKmsEmulator } from '../server';
import { kmsClient, kmsError, startEmulator } from './helpers';

describe('cryptographic operations', () => {
  let emulator: AwsKmsEmulator;
  let kms: ReturnType<typeof kmsClient>;
  beforeAll(async () => {
    emulator = await startEmulator();
    kms = kmsClient(emulator.url);
  });
  afterAll(() => emulator.close());

  const newKey = async (input: ConstructorParameters<typeof CreateKeyCommand>[0] = {}) =>
    (await kms.send(new CreateKeyCommand(input))).KeyMetadata!;
  const bytes = (data: Uint8Array | undefined) => Buffer.from(data ?? []);

  describe('symmetric Encrypt and Decrypt', () => {
    let key: KeyMetadata;
    beforeAll(async () => {
      key = await newKey();
    });

    it('round-trips with an encryption context, answering with ARNs', async () => {
      const context = { tenant: 'acme', purpose: 'test' };
      const encrypted = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('secret'), EncryptionContext: context }));
      expect(encrypted).toMatchObject({ KeyId: key.Arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
      const decrypted = await kms.send(
        new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: { purpose: 'test', tenant: 'acme' } }),
      );
      expect(bytes(decrypted.Plaintext).toString()).toBe('secret');
      expect(decrypted).toMatchObject({ KeyId: key.Arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', KeyMaterialId: key.CurrentKeyMaterialId });
    });

    it('refuses a wrong or missing encryption context with InvalidCiphertextException and no message', async () => {
      const { CiphertextBlob } = await kms.send(
        new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x'), EncryptionContext: { a: 'b' } }),
      );
      const contexts: (Record<string, string> | undefined)[] = [undefined, { a: 'c' }, { a: 'b', extra: '' }, { ab: '' }];
      for (const EncryptionContext of contexts) {
        expect(await kmsError(kms.send(new DecryptCommand({ CiphertextBlob, ...(EncryptionContext && { EncryptionContext }) })))).toEqual({
          name: 'InvalidCiphertextException',
          message: 'UnknownError',
          status: 400,
          attempts: 1,
        });
      }
      const noContext = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') }));
      expect(await kmsError(kms.send(new DecryptCommand({ CiphertextBlob: noContext.CiphertextBlob, EncryptionContext: { a: 'b' } })))).toMatchObject({
        name: 'InvalidCiphertextException',
      });
    });

    it('refuses tampered ciphertext', async () => {
      const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('do not touch') }));
      const blob = bytes(CiphertextBlob);
      for (const offset of [0, 20, 40, 55, blob.length - 1]) {
        const tampered = Buffer.from(blob);
        tampered[offset]! ^= 0x01;
        expect((await kmsError(kms.send(new DecryptCommand({ CiphertextBlob: tampered })))).name).toBe('InvalidCiphertextException');
      }
      expect((await kmsError(kms.send(new DecryptCommand({ CiphertextBlob: blob.subarray(0, 60) })))).name).toBe('InvalidCiphertextException');
      expect((await kmsError(kms.send(new DecryptCommand({ CiphertextBlob: Buffer.from('not a blob') })))).name).toBe(
        'InvalidCiphertextException',
      );
    });

    it('refuses a KeyId that is not the key of the ciphertext with IncorrectKeyException', async () => {
      const other = await newKey();
      const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') }));
      expect(await kmsError(kms.send(new DecryptCommand({ CiphertextBlob, KeyId: other.KeyId })))).toMatchObject({
        name: 'IncorrectKeyException',
        message: 'The key ID in the request does not identify a CMK that can perform this operation.',
      });
      const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob, KeyId: key.Arn }));
      expect(bytes(decrypted.Plaintext).toString()).toBe('x');
    });

    it('cannot decrypt in another region', async () => {
      const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') }));
      const elsewhere = kmsClient(emulator.url, { region: 'eu-west-3' });
      expect((await kmsError(elsewhere.send(new DecryptCommand({ CiphertextBlob })))).name).toBe('InvalidCiphertextException');
    });

    it('limits plaintext to 1..4096 bytes, without echoing it', async () => {
      await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.alloc(4096, 1) }));
      expect(await kmsError(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.alloc(4097, 1) })))).toMatchObject({
        name: 'ValidationException',
        message: "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
      });
      expect(await kmsError(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.alloc(0) })))).toMatchObject({
        name: 'ValidationException',
      });
    });

    it('refuses an asymmetric algorithm for a symmetric key', async () => {
      expect(
        await kmsError(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }))),
      ).toMatchObject({ name: 'InvalidKeyUsageException', message: 'Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.' });
    });

    it('answers DryRun with DryRunOperationException', async () => {
      expect(await kmsError(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x'), DryRun: true })))).toMatchObject({
        name: 'DryRunOperationException',
      });
    });
  });

  describe('GenerateDataKey', () => {
    let key: KeyMetadata;
    beforeAll(async () => {
      key = await newKey();
    });

    it('returns a data key and its ciphertext under the KMS key', async () => {
      const generated = await kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, KeySpec: 'AES_256', EncryptionContext: { k: 'v' } }));
      expect(generated.KeyId).toBe(key.Arn);
      expect(bytes(generated.Plaintext)).toHaveLength(32);
      const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: generated.CiphertextBlob, EncryptionContext: { k: 'v' } }));
      expect(bytes(decrypted.Plaintext)).toEqual(bytes(generated.Plaintext));
      expect(bytes((await kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, KeySpec: 'AES_128' }))).Plaintext)).toHaveLength(16);
      expect(bytes((await kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, NumberOfBytes: 64 }))).Plaintext)).toHaveLength(64);
    });

    it('returns only the ciphertext from GenerateDataKeyWithoutPlaintext', async () => {
      const generated = await kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: key.KeyId, NumberOfBytes: 24 }));
      expect('Plaintext' in generated).toBe(false);
      const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: generated.CiphertextBlob }));
      expect(bytes(decrypted.Plaintext)).toHaveLength(24);
    });

    it('needs exactly one of NumberOfBytes and KeySpec', async () => {
      expect(await kmsError(kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId })))).toMatchObject({ name: 'ValidationException' });
      expect(await kmsError(kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, NumberOfBytes: 32, KeySpec: 'AES_256' })))).toMatchObject({
        name: 'ValidationException',
      });
      expect(await kmsError(kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, NumberOfBytes: 1025 })))).toMatchObject({
        name: 'ValidationException',
        message: "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
      });
    });
  });

  describe('RSA encryption', () => {
    let key: KeyMetadata;
    let publicKey: ReturnType<typeof createPublicKey>;
    beforeAll(async () => {
      key = await newKey({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
      const response = await kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
      publicKey = createPublicKey({ key: Buffer.from(response.PublicKey!), format: 'der', type: 'spki' });
    });

    it.each(['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] as const)('round-trips with %s, also from local encryption', async (algorithm) => {
      const encrypted = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('hello'), EncryptionAlgorithm: algorithm }));
      expect(encrypted.EncryptionAlgorithm).toBe(algorithm);
      const decrypted = await kms.send(
        new DecryptCommand({ KeyId: key.KeyId, CiphertextBlob: encrypted.CiphertextBlob, EncryptionAlgorithm: algorithm }),
      );
      expect(bytes(decrypted.Plaintext).toString()).toBe('hello');

      const oaepHash = algorithm === 'RSAES_OAEP_SHA_1' ? 'sha1' : 'sha256';
      const local = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, Buffer.from('from outside'));
      const fromLocal = await kms.send(new DecryptCommand({ KeyId: key.Arn, CiphertextBlob: local, EncryptionAlgorithm: algorithm }));
      expect(bytes(fromLocal.Plaintext).toString()).toBe('from outside');
    });

    it("enforces AWS's plaintext limits", async () => {
      await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.alloc(190), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
      expect(
        await kmsError(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.alloc(191), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }))),
      ).toMatchObject({
        name: 'ValidationException',
        message: 'Algorithm RSAES_OAEP_SHA_256 and key spec RSA_2048 cannot encrypt data larger than 190 bytes.',
      });
      expect(
        await kmsError(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.alloc(215), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }))),
      ).toMatchObject({ message: 'Algorithm RSAES_OAEP_SHA_1 and key spec RSA_2048 cannot encrypt data larger than 214 bytes.' });
    });

    it('needs the KeyId and the right algorithm to decrypt', async () => {
      const { CiphertextBlob } = await kms.send(
        new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }),
      );
      expect((await kmsError(kms.send(new DecryptCommand({ CiphertextBlob })))).name).toBe('InvalidCiphertextException');
      expect(
        (await kmsError(kms.send(new DecryptCommand({ KeyId: key.KeyId, CiphertextBlob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' })))).name,
      ).toBe('InvalidCiphertextException');
      expect(await kmsError(kms.send(new DecryptCommand({ KeyId: key.KeyId, CiphertextBlob })))).toMatchObject({
        name: 'InvalidKeyUsageException',
        message: 'Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.',
      });
    });

    it('refuses GenerateDataKey with an asymmetric key', async () => {
      expect(await kmsError(kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, KeySpec: 'AES_256' })))).toMatchObject({
        name: 'InvalidKeyUsageException',
      });
    });
  });

  describe('Sign and Verify', () => {
    const hashOf = (algorithm: string) => (algorithm.endsWith('512') ? 'sha512' : algorithm.endsWith('384') ? 'sha384' : 'sha256');
    const localOptions = (algorithm: string, key: ReturnType<typeof createPublicKey>) =>
      algorithm.includes('PSS')
        ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: createHash(hashOf(algorithm)).digest().length }
        : key;

    describe('RSA', () => {
      let key: KeyMetadata;
      let publicKey: ReturnType<typeof createPublicKey>;
      beforeAll(async () => {
        key = await newKey({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
        const response = await kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
        publicKey = createPublicKey({ key: Buffer.from(response.PublicKey!), format: 'der', type: 'spki' });
      });

      it.each<SigningAlgorithmSpec>([
        'RSASSA_PKCS1_V1_5_SHA_256',
        'RSASSA_PKCS1_V1_5_SHA_384',
        'RSASSA_PKCS1_V1_5_SHA_512',
        'RSASSA_PSS_SHA_256',
        'RSASSA_PSS_SHA_384',
        'RSASSA_PSS_SHA_512',
      ])('signs RAW and DIGEST messages with %s that node:crypto verifies', async (algorithm) => {
        const message = Buffer.from('the message');
        const raw = await kms.send(new SignCommand({ KeyId: key.KeyId, Message: message, SigningAlgorithm: algorithm }));
        expect(raw).toMatchObject({ KeyId: key.Arn, SigningAlgorithm: algorithm });
        expect(nodeVerify(hashOf(algorithm), message, localOptions(algorithm, publicKey), bytes(raw.Signature))).toBe(true);

        const digest = createHash(hashOf(algorithm)).update(message).digest();
        const signed = await kms.send(new SignCommand({ KeyId: key.KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: algorithm }));
        expect(nodeVerify(hashOf(algorithm), message, localOptions(algorithm, publicKey), bytes(signed.Signature))).toBe(true);

        const verified = await kms.send(
          new VerifyCommand({ KeyId: key.KeyId, Message: message, Signature: signed.Signature, SigningAlgorithm: algorithm }),
        );
        expect(verified).toMatchObject({ KeyId: key.Arn, SignatureValid: true, SigningAlgorithm: algorithm });
        const tampered = bytes(raw.Signature);
        tampered[10]! ^= 1;
        expect(await kmsError(kms.send(new VerifyCommand({ KeyId: key.KeyId, Message: message, Signature: tampered, SigningAlgorithm: algorithm })))).toMatchObject({
          name: 'KMSInvalidSignatureException',
          message: 'UnknownError',
        });
      });

      it('requires a digest of the algorithm length', async () => {
        expect(
          await kmsError(kms.send(new SignCommand({ KeyId: key.KeyId, Message: Buffer.alloc(20), MessageType: 'DIGEST', SigningAlgorithm: 'RSASSA_PSS_SHA_256' }))),
        ).toMatchObject({ name: 'ValidationException', message: 'Digest is invalid length for algorithm RSASSA_PSS_SHA_256.' });
      });

      it('refuses an algorithm of another family', async () => {
        expect(await kmsError(kms.send(new SignCommand({ KeyId: key.KeyId, Message: Buffer.from('m'), SigningAlgorithm: 'ECDSA_SHA_256' })))).toMatchObject({
          name: 'InvalidKeyUsageException',
          message: 'Algorithm ECDSA_SHA_256 is incompatible with key spec RSA_2048.',
        });
      });
    });

    it.each([
      ['ECC_NIST_P256', 'ECDSA_SHA_256'],
      ['ECC_NIST_P384', 'ECDSA_SHA_384'],
      ['ECC_NIST_P521', 'ECDSA_SHA_512'],
      ['ECC_SECG_P256K1', 'ECDSA_SHA_256'],
    ] as const)('signs with %s and %s in DER that node:crypto verifies, and verifies local signatures', async (spec, algorithm) => {
      const key = await newKey({ KeySpec: spec, KeyUsage: 'SIGN_VERIFY' });
      const publicKey = createPublicKey({
        key: Buffer.from((await kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }))).PublicKey!),
        format: 'der',
        type: 'spki',
      });
      const message = Buffer.from('ecdsa message');
      const raw = await kms.send(new SignCommand({ KeyId: key.KeyId, Message: message, SigningAlgorithm: algorithm }));
      expect(bytes(raw.Signature)[0]).toBe(0x30);
      expect(nodeVerify(hashOf(algorithm), message, publicKey, bytes(raw.Signature))).toBe(true);
      const digest = createHash(hashOf(algorithm)).update(message).digest();
      const signed = await kms.send(new SignCommand({ KeyId: key.KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: algorithm }));
      expect(nodeVerify(hashOf(algorithm), message, publicKey, bytes(signed.Signature))).toBe(true);
      await kms.send(new VerifyCommand({ KeyId: key.KeyId, Message: digest, MessageType: 'DIGEST', Signature: raw.Signature, SigningAlgorithm: algorithm }));
      expect(
        await kmsError(kms.send(new VerifyCommand({ KeyId: key.KeyId, Message: Buffer.from('other'), Signature: raw.Signature, SigningAlgorithm: algorithm }))),
      ).toMatchObject({ name: 'KMSInvalidSignatureException' });
    });

    it('accepts only the algorithm that matches the curve', async () => {
      const key = await newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
      expect(await kmsError(kms.send(new SignCommand({ KeyId: key.KeyId, Message: Buffer.from('m'), SigningAlgorithm: 'ECDSA_SHA_384' })))).toMatchObject({
        name: 'InvalidKeyUsageException',
        message: 'Algorithm ECDSA_SHA_384 is incompatible with key spec ECC_NIST_P256.',
      });
    });
  });

  describe('GetPublicKey', () => {
    it('returns the SPKI public key with the key spec and algorithms', async () => {
      const key = await newKey({ KeySpec: 'ECC_NIST_P384', KeyUsage: 'SIGN_VERIFY' });
      const response = await kms.send(new GetPublicKeyCommand({ KeyId: key.Arn }));
      expect(response).toMatchObject({
        KeyId: key.Arn,
        KeySpec: 'ECC_NIST_P384',
        CustomerMasterKeySpec: 'ECC_NIST_P384',
        KeyUsage: 'SIGN_VERIFY',
        SigningAlgorithms: ['ECDSA_SHA_384'],
      });
      const publicKey = createPublicKey({ key: Buffer.from(response.PublicKey!), format: 'der', type: 'spki' });
      expect(publicKey.asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
    });

    it('refuses symmetric and HMAC keys', async () => {
      const key = await newKey();
      expect(await kmsError(kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId })))).toMatchObject({
        name: 'UnsupportedOperationException',
        message: `${key.Arn} key spec is SYMMETRIC_DEFAULT which is not valid for GetPublicKey.`,
      });
    });
  });

  describe('key usage', () => {
    it('refuses operations the key usage does not allow', async () => {
      const signing = await newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
      const symmetric = await newKey();
      const mac = await newKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
      expect(await kmsError(kms.send(new EncryptCommand({ KeyId: signing.KeyId, Plaintext: Buffer.from('x') })))).toMatchObject({
        name: 'InvalidKeyUsageException',
        message: `${signing.Arn} key usage is SIGN_VERIFY which is not valid for Encrypt.`,
      });
      expect(await kmsError(kms.send(new SignCommand({ KeyId: mac.KeyId, Message: Buffer.from('x'), SigningAlgorithm: 'ECDSA_SHA_256' })))).toMatchObject({
        name: 'InvalidKeyUsageException',
        message: `${mac.Arn} key usage is GENERATE_VERIFY_MAC which is not valid for Sign.`,
      });
      expect(await kmsError(kms.send(new GenerateMacCommand({ KeyId: symmetric.KeyId, Message: Buffer.from('x'), MacAlgorithm: 'HMAC_SHA_256' })))).toMatchObject({
        name: 'InvalidKeyUsageException',
        message: `${symmetric.Arn} key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac.`,
      });
    });
  });

  describe('GenerateMac and VerifyMac', () => {
    it('generates and verifies HMACs', async () => {
      const key = await newKey({ KeySpec: 'HMAC_384', KeyUsage: 'GENERATE_VERIFY_MAC' });
      const message = Buffer.from('mac me');
      const generated = await kms.send(new GenerateMacCommand({ KeyId: key.KeyId, Message: message, MacAlgorithm: 'HMAC_SHA_384' }));
      expect(generated).toMatchObject({ KeyId: key.Arn, MacAlgorithm: 'HMAC_SHA_384' });
      expect(bytes(generated.Mac)).toHaveLength(48);
      const verified = await kms.send(new VerifyMacCommand({ KeyId: key.KeyId, Message: message, Mac: generated.Mac, MacAlgorithm: 'HMAC_SHA_384' }));
      expect(verified).toMatchObject({ MacValid: true, MacAlgorithm: 'HMAC_SHA_384' });
      expect(
        await kmsError(kms.send(new VerifyMacCommand({ KeyId: key.KeyId, Message: Buffer.from('other'), Mac: generated.Mac, MacAlgorithm: 'HMAC_SHA_384' }))),
      ).toMatchObject({ name: 'KMSInvalidMacException' });
      expect(await kmsError(kms.send(new GenerateMacCommand({ KeyId: key.KeyId, Message: message, MacAlgorithm: 'HMAC_SHA_256' })))).toMatchObject({
        name: 'InvalidKeyUsageException',
        message: 'Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_384.',
      });
    });
  });

  it('generates random bytes', async () => {
    expect(bytes((await kms.send(new GenerateRandomCommand({ NumberOfBytes: 17 }))).Plaintext)).toHaveLength(17);
    expect(await kmsError(kms.send(new GenerateRandomCommand({})))).toMatchObject({ name: 'ValidationException', message: 'NumberOfBytes is required.' });
  });

  it('verifies a signature made outside with the same private key material only', async () => {
    const outsider = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const key = await newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const signature = nodeSign('sha256', Buffer.from('m'), outsider.privateKey);
    expect(
      await kmsError(kms.send(new VerifyCommand({ KeyId: key.KeyId, Message: Buffer.from('m'), Signature: signature, SigningAlgorithm: 'ECDSA_SHA_256' }))),
    ).toMatchObject({ name: 'KMSInvalidSignatureException' });
  });
});
