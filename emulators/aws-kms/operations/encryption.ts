import { constants, createPublicKey, privateDecrypt, publicEncrypt, randomBytes } from 'node:crypto';
import { blobKeyId, openSymmetric, sealSymmetric } from '../ciphertext';
import { keyArn, type Context } from '../context';
import { KmsError, invalidCiphertext, invalidKeyUsage, unsupported, validationError } from '../errors';
import { assertKeyState, keyFor, resolveKey } from '../key-access';
import { materialBytes, privateKeyOf } from '../key-material';
import { ENCRYPTION_ALGORITHM_ENUM, algorithmsFor, oaepLimit } from '../key-specs';
import { blob, integer, list, required, string, type Input } from '../shapes';
import type { KeyRecord } from '../state';
import { DRY_RUN, ENCRYPTION_CONTEXT, GRANT_TOKENS, KEY_ID, OPTIONAL_KEY_ID, RECIPIENT } from './fields';
import { isSymmetric, materialIdField, requireAlgorithm, requireUsage } from './metadata';
import { operation } from './operation';
import { dryRun, refuseRecipient } from './request-options';

const oaep = (algorithm: string) => ({
  padding: constants.RSA_PKCS1_OAEP_PADDING,
  oaepHash: algorithm === 'RSAES_OAEP_SHA_1' ? 'sha1' : 'sha256',
});

function encryptionAlgorithm(key: KeyRecord, requested: string | undefined): string {
  const algorithm = requested ?? 'SYMMETRIC_DEFAULT';
  requireAlgorithm(key, algorithm, algorithmsFor(key.spec, key.usage).EncryptionAlgorithms);
  return algorithm;
}

const DATA_KEY_INPUT = {
  KeyId: KEY_ID,
  EncryptionContext: ENCRYPTION_CONTEXT,
  NumberOfBytes: integer({ min: 1, max: 1024 }),
  KeySpec: string({ enum: ['AES_256', 'AES_128'] }),
  GrantTokens: GRANT_TOKENS,
  DryRun: DRY_RUN,
};

function generateDataKey(ctx: Context, operationName: string, input: Input<typeof DATA_KEY_INPUT>) {
  if ((input.NumberOfBytes === undefined) === (input.KeySpec === undefined)) {
    throw validationError('Please specify either number of bytes or key spec.');
  }
  const key = keyFor(ctx, operationName, input.KeyId, { aliases: true });
  requireUsage(ctx, key, 'ENCRYPT_DECRYPT', operationName);
  if (!isSymmetric(key)) {
    throw invalidKeyUsage(`${keyArn(ctx, key.id)} key spec is ${key.spec} which is not valid for ${operationName}.`);
  }
  dryRun(input.DryRun);
  const plaintext = randomBytes(input.NumberOfBytes ?? (input.KeySpec === 'AES_128' ? 16 : 32));
  const blob = sealSymmetric(materialBytes(key), key.id, plaintext, input.EncryptionContext);
  return { key, plaintext, blob };
}

export const encryptionOperations = {
  Encrypt: operation({
    input: {
      KeyId: KEY_ID,
      Plaintext: required(blob({ min: 1, max: 4096 })),
      EncryptionContext: ENCRYPTION_CONTEXT,
      GrantTokens: GRANT_TOKENS,
      EncryptionAlgorithm: string({ enum: ENCRYPTION_ALGORITHM_ENUM }),
      DryRun: DRY_RUN,
    },
    mutates: false,
    handle(ctx, input) {
      const key = keyFor(ctx, 'Encrypt', input.KeyId, { aliases: true });
      requireUsage(ctx, key, 'ENCRYPT_DECRYPT', 'Encrypt');
      const algorithm = encryptionAlgorithm(key, input.EncryptionAlgorithm);
      if (!isSymmetric(key)) {
        const max = oaepLimit(key.spec, algorithm);
        if (input.Plaintext.length > max) {
          throw validationError(`Algorithm ${algorithm} and key spec ${key.spec} cannot encrypt data larger than ${max} bytes.`);
        }
        if (Object.keys(input.EncryptionContext ?? {}).length > 0) {
          throw validationError('EncryptionContext is not supported with asymmetric KMS keys.');
        }
      }
      dryRun(input.DryRun);
      const ciphertext = isSymmetric(key)
        ? sealSymmetric(materialBytes(key), key.id, input.Plaintext, input.EncryptionContext)
        : publicEncrypt({ key: createPublicKey(privateKeyOf(key)), ...oaep(algorithm) }, input.Plaintext);
      return { CiphertextBlob: ciphertext.toString('base64'), KeyId: keyArn(ctx, key.id), EncryptionAlgorithm: algorithm };
    },
  }),

  Decrypt: operation({
    input: {
      CiphertextBlob: required(blob({ min: 1, max: 6144 })),
      EncryptionContext: ENCRYPTION_CONTEXT,
      GrantTokens: GRANT_TOKENS,
      KeyId: OPTIONAL_KEY_ID,
      EncryptionAlgorithm: string({ enum: ENCRYPTION_ALGORITHM_ENUM }),
      Recipient: RECIPIENT,
      DryRun: DRY_RUN,
      DryRunModifiers: list(string({ enum: ['IGNORE_CIPHERTEXT'] })),
    },
    mutates: false,
    handle(ctx, input) {
      refuseRecipient(input.Recipient);
      const requested = input.KeyId === undefined ? undefined : resolveKey(ctx, input.KeyId, { aliases: true });
      // Symmetric blobs name their key; asymmetric ciphertexts are raw RSA-OAEP and need KeyId.
      const claimed = blobKeyId(input.CiphertextBlob);
      if (claimed && requested && requested.id !== claimed) {
        throw new KmsError(
          'IncorrectKeyException',
          'The key ID in the request does not identify a CMK that can perform this operation.',
        );
      }
      const key = requested ?? (claimed === undefined ? undefined : ctx.store.key(ctx.region, claimed));
      if (!key) throw invalidCiphertext();
      ctx.logKey = keyArn(ctx, key.id);
      assertKeyState(ctx, key, 'Decrypt');
      requireUsage(ctx, key, 'ENCRYPT_DECRYPT', 'Decrypt');
      const algorithm = encryptionAlgorithm(key, input.EncryptionAlgorithm);
      dryRun(input.DryRun);
      if (isSymmetric(key) && claimed === undefined) throw invalidCiphertext();
      let plaintext: Buffer;
      try {
        plaintext = isSymmetric(key)
          ? openSymmetric(materialBytes(key), input.CiphertextBlob, input.EncryptionContext)
          : privateDecrypt({ key: privateKeyOf(key), ...oaep(algorithm) }, input.CiphertextBlob);
      } catch {
        throw invalidCiphertext();
      }
      return {
        KeyId: keyArn(ctx, key.id),
        Plaintext: plaintext.toString('base64'),
        EncryptionAlgorithm: algorithm,
        ...materialIdField(key),
      };
    },
  }),

  GenerateDataKey: operation({
    input: { ...DATA_KEY_INPUT, Recipient: RECIPIENT },
    mutates: false,
    handle(ctx, input) {
      refuseRecipient(input.Recipient);
      const { key, plaintext, blob } = generateDataKey(ctx, 'GenerateDataKey', input);
      return {
        CiphertextBlob: blob.toString('base64'),
        Plaintext: plaintext.toString('base64'),
        KeyId: keyArn(ctx, key.id),
        ...materialIdField(key),
      };
    },
  }),

  GenerateDataKeyWithoutPlaintext: operation({
    input: DATA_KEY_INPUT,
    mutates: false,
    handle(ctx, input) {
      const { key, blob } = generateDataKey(ctx, 'GenerateDataKeyWithoutPlaintext', input);
      return { CiphertextBlob: blob.toString('base64'), KeyId: keyArn(ctx, key.id), ...materialIdField(key) };
    },
  }),

  GenerateRandom: operation({
    input: { NumberOfBytes: integer({ min: 1, max: 1024 }), CustomKeyStoreId: string({ min: 1, max: 64 }), Recipient: RECIPIENT },
    mutates: false,
    handle(_ctx, input) {
      refuseRecipient(input.Recipient);
      if (input.NumberOfBytes === undefined) throw validationError('NumberOfBytes is required.');
      if (input.CustomKeyStoreId) throw unsupported('Custom key stores are not supported by this emulator.');
      return { Plaintext: randomBytes(input.NumberOfBytes).toString('base64') };
    },
  }),
};
