import { createHmac, createPublicKey, timingSafeEqual } from 'node:crypto';
import { keyArn } from '../context';
import { KmsError, unsupported, validationError } from '../errors';
import { keyFor } from '../key-access';
import { materialBytes, privateKeyOf } from '../key-material';
import { MAC_ALGORITHM_ENUM, SIGNING_ALGORITHM_ENUM, algorithmsFor, specInfo } from '../key-specs';
import { blob, required, string } from '../shapes';
import { digestLength, digestMessage, signDigest, verifyDigest } from '../signatures';
import type { KeyRecord } from '../state';
import { DRY_RUN, GRANT_TOKENS, KEY_ID } from './fields';
import { familyOf, requireAlgorithm, requireUsage } from './metadata';
import { operation } from './operation';
import { dryRun } from './request-options';

const MESSAGE = required(blob({ min: 1, max: 4096 }));
const SIGNATURE = required(blob({ min: 1, max: 6144 }));
const SIGNING_ALGORITHM = required(string({ enum: SIGNING_ALGORITHM_ENUM }));
const MESSAGE_TYPE = string({ enum: ['RAW', 'DIGEST', 'EXTERNAL_MU'] });
const MAC_ALGORITHM = required(string({ enum: MAC_ALGORITHM_ENUM }));

function signingDigest(key: KeyRecord, algorithm: string, message: Buffer, messageType = 'RAW'): Buffer {
  requireAlgorithm(key, algorithm, specInfo(key.spec).signing);
  if (messageType === 'RAW') return digestMessage(algorithm, message);
  if (messageType === 'EXTERNAL_MU') throw validationError('MessageType EXTERNAL_MU is only valid for ML_DSA keys.');
  if (message.length !== digestLength(algorithm)) {
    throw validationError(`Digest is invalid length for algorithm ${algorithm}.`);
  }
  return message;
}

function macOf(key: KeyRecord, algorithm: string, message: Buffer): Buffer {
  const info = specInfo(key.spec);
  requireAlgorithm(key, algorithm, info.mac);
  return createHmac(info.hash ?? 'sha256', materialBytes(key)).update(message).digest();
}

export const signingOperations = {
  Sign: operation({
    input: {
      KeyId: KEY_ID,
      Message: MESSAGE,
      MessageType: MESSAGE_TYPE,
      GrantTokens: GRANT_TOKENS,
      SigningAlgorithm: SIGNING_ALGORITHM,
      DryRun: DRY_RUN,
    },
    mutates: false,
    handle(ctx, input) {
      const key = keyFor(ctx, 'Sign', input.KeyId, { aliases: true });
      requireUsage(ctx, key, 'SIGN_VERIFY', 'Sign');
      const digest = signingDigest(key, input.SigningAlgorithm, input.Message, input.MessageType);
      dryRun(input.DryRun);
      const signature = signDigest(privateKeyOf(key), input.SigningAlgorithm, digest);
      return { KeyId: keyArn(ctx, key.id), Signature: signature.toString('base64'), SigningAlgorithm: input.SigningAlgorithm };
    },
  }),

  Verify: operation({
    input: {
      KeyId: KEY_ID,
      Message: MESSAGE,
      MessageType: MESSAGE_TYPE,
      Signature: SIGNATURE,
      SigningAlgorithm: SIGNING_ALGORITHM,
      GrantTokens: GRANT_TOKENS,
      DryRun: DRY_RUN,
    },
    mutates: false,
    handle(ctx, input) {
      const key = keyFor(ctx, 'Verify', input.KeyId, { aliases: true });
      requireUsage(ctx, key, 'SIGN_VERIFY', 'Verify');
      const digest = signingDigest(key, input.SigningAlgorithm, input.Message, input.MessageType);
      dryRun(input.DryRun);
      if (!verifyDigest(privateKeyOf(key), input.SigningAlgorithm, digest, input.Signature)) {
        throw new KmsError('KMSInvalidSignatureException');
      }
      return { KeyId: keyArn(ctx, key.id), SignatureValid: true, SigningAlgorithm: input.SigningAlgorithm };
    },
  }),

  GetPublicKey: operation({
    input: { KeyId: KEY_ID, GrantTokens: GRANT_TOKENS },
    mutates: false,
    handle(ctx, input) {
      const key = keyFor(ctx, 'GetPublicKey', input.KeyId, { aliases: true });
      const family = familyOf(key);
      if (family !== 'rsa' && family !== 'ecc') {
        throw unsupported(`${keyArn(ctx, key.id)} key spec is ${key.spec} which is not valid for GetPublicKey.`);
      }
      const publicKey = createPublicKey(privateKeyOf(key)).export({ format: 'der', type: 'spki' });
      return {
        KeyId: keyArn(ctx, key.id),
        PublicKey: publicKey.toString('base64'),
        CustomerMasterKeySpec: key.spec,
        KeySpec: key.spec,
        KeyUsage: key.usage,
        ...algorithmsFor(key.spec, key.usage),
      };
    },
  }),

  GenerateMac: operation({
    input: { Message: MESSAGE, KeyId: KEY_ID, MacAlgorithm: MAC_ALGORITHM, GrantTokens: GRANT_TOKENS, DryRun: DRY_RUN },
    mutates: false,
    handle(ctx, input) {
      const key = keyFor(ctx, 'GenerateMac', input.KeyId, { aliases: true });
      requireUsage(ctx, key, 'GENERATE_VERIFY_MAC', 'GenerateMac');
      const mac = macOf(key, input.MacAlgorithm, input.Message);
      dryRun(input.DryRun);
      return { Mac: mac.toString('base64'), MacAlgorithm: input.MacAlgorithm, KeyId: keyArn(ctx, key.id) };
    },
  }),

  VerifyMac: operation({
    input: {
      Message: MESSAGE,
      KeyId: KEY_ID,
      MacAlgorithm: MAC_ALGORITHM,
      Mac: required(blob({ min: 1, max: 6144 })),
      GrantTokens: GRANT_TOKENS,
      DryRun: DRY_RUN,
    },
    mutates: false,
    handle(ctx, input) {
      const key = keyFor(ctx, 'VerifyMac', input.KeyId, { aliases: true });
      requireUsage(ctx, key, 'GENERATE_VERIFY_MAC', 'VerifyMac');
      const mac = macOf(key, input.MacAlgorithm, input.Message);
      dryRun(input.DryRun);
      if (mac.length !== input.Mac.length || !timingSafeEqual(mac, input.Mac)) {
        throw new KmsError('KMSInvalidMacException');
      }
      return { KeyId: keyArn(ctx, key.id), MacValid: true, MacAlgorithm: input.MacAlgorithm };
    },
  }),

};
