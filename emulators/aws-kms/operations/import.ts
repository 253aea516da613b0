import { createPrivateKey, randomBytes } from 'node:crypto';
import { DAY_MS } from '../../shared/clock';
import { keyArn } from '../context';
import { KmsError, unsupported, validationError } from '../errors';
import { WRAPPING_ALGORITHMS, WRAPPING_KEY_SPECS, generateWrappingKey, unwrapKeyMaterial } from '../byok';
import { keyFor } from '../key-access';
import { checkImportedMaterial, materialId } from '../key-material';
import { blob, required, string, timestamp } from '../shapes';
import type { ExpirationModel } from '../state';
import { KEY_ID } from './fields';
import { materialIdField, requireExternal } from './metadata';
import { operation } from './operation';

const IMPORT_TOKEN_LIFETIME_MS = DAY_MS;
const MIN_VALID_TO_MS = 15 * 60 * 1000;
const MAX_VALID_TO_MS = 365 * DAY_MS;

const ALGORITHM_ENUM = [
  'RSAES_PKCS1_V1_5', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1',
  'RSA_AES_KEY_WRAP_SHA_256', 'SM2PKE',
] as const;
const EXPIRATION_ENUM = ['KEY_MATERIAL_EXPIRES', 'KEY_MATERIAL_DOES_NOT_EXPIRE'] as const;

export const importOperations = {
  GetParametersForImport: operation({
    input: {
      KeyId: KEY_ID,
      WrappingAlgorithm: required(string({ enum: ALGORITHM_ENUM })),
      WrappingKeySpec: required(string({ enum: ['RSA_2048', 'RSA_3072', 'RSA_4096', 'SM2'] })),
    },
    mutates: true,
    async handle(ctx, input) {
      const key = keyFor(ctx, 'GetParametersForImport', input.KeyId);
      requireExternal(ctx, key);
      if (!(WRAPPING_ALGORITHMS as readonly string[]).includes(input.WrappingAlgorithm)) {
        throw validationError(`Wrapping algorithm ${input.WrappingAlgorithm} is not supported.`);
      }
      if (!WRAPPING_KEY_SPECS[input.WrappingKeySpec]) {
        throw validationError(`Wrapping key spec ${input.WrappingKeySpec} is not supported in this region.`);
      }
      const wrapping = await generateWrappingKey(input.WrappingKeySpec, keyArn(ctx, key.id));
      const token = randomBytes(96).toString('base64');
      const expiresAt = ctx.now + IMPORT_TOKEN_LIFETIME_MS;
      ctx.store.putToken({
        token,
        region: ctx.region,
        keyId: key.id,
        algorithm: input.WrappingAlgorithm,
        wrappingSpec: input.WrappingKeySpec,
        privateKey: wrapping.privateKey.toString('base64'),
        expiresAt,
      });
      return {
        KeyId: keyArn(ctx, key.id),
        ImportToken: token,
        PublicKey: wrapping.publicKey.toString('base64'),
        ParametersValidTo: expiresAt / 1000,
      };
    },
  }),

  ImportKeyMaterial: operation({
    input: {
      KeyId: KEY_ID,
      ImportToken: required(blob({ min: 1, max: 6144 })),
      EncryptedKeyMaterial: required(blob({ min: 1, max: 6144 })),
      ValidTo: timestamp(),
      ExpirationModel: string({ enum: EXPIRATION_ENUM }),
      ImportType: string({ enum: ['NEW_KEY_MATERIAL', 'EXISTING_KEY_MATERIAL'] }),
      KeyMaterialDescription: string({ min: 0, max: 256 }),
      KeyMaterialId: string({ min: 64, max: 64 }),
    },
    mutates: true,
    handle(ctx, input) {
      const key = keyFor(ctx, 'ImportKeyMaterial', input.KeyId);
      requireExternal(ctx, key);
      const model: ExpirationModel = input.ExpirationModel ?? 'KEY_MATERIAL_EXPIRES';
      if (model === 'KEY_MATERIAL_EXPIRES') {
        if (input.ValidTo === undefined) {
          throw validationError('A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES');
        }
        if (input.ValidTo < ctx.now + MIN_VALID_TO_MS || input.ValidTo > ctx.now + MAX_VALID_TO_MS) {
          throw validationError('The validTo date must be between 15 minutes and 365 days from now.');
        }
      } else if (input.ValidTo !== undefined) {
        throw validationError('A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE');
      }

      const token = ctx.store.token(input.ImportToken.toString('base64'));
      if (!token || token.region !== ctx.region || token.keyId !== key.id) {
        throw new KmsError(
          'InvalidImportTokenException',
          'The import token is not valid or is associated with a different KMS key.',
        );
      }
      if (ctx.now >= token.expiresAt) {
        throw new KmsError(
          'ExpiredImportTokenException',
          'The import token has expired. Use GetParametersForImport to get a new import token and public key.',
        );
      }
      const wrappingKey = createPrivateKey({ key: Buffer.from(token.privateKey, 'base64'), format: 'der', type: 'pkcs8' });
      const material = unwrapKeyMaterial(token.algorithm, wrappingKey, input.EncryptedKeyMaterial);
      const { stored, canonical } = checkImportedMaterial(key.spec, material);
      const id = materialId(key, canonical);
      if (key.importedMaterialId !== undefined && key.importedMaterialId !== id) {
        if (input.ImportType === 'NEW_KEY_MATERIAL') {
          throw unsupported('Rotation to new imported key material is not supported by this emulator.');
        }
        throw new KmsError(
          'IncorrectKeyMaterialException',
          'The key material in the request is not the same key material that was previously imported into this KMS key.',
        );
      }
      key.importedMaterialId = id;
      key.material = {
        bytes: stored.toString('base64'),
        id,
        expirationModel: model,
        ...(model === 'KEY_MATERIAL_EXPIRES' && { validTo: input.ValidTo }),
      };
      return { KeyId: keyArn(ctx, key.id), ...materialIdField(key) };
    },
  }),

  DeleteImportedKeyMaterial: operation({
    input: { KeyId: KEY_ID, KeyMaterialId: string({ min: 64, max: 64 }) },
    mutates: true,
    handle(ctx, input) {
      const key = keyFor(ctx, 'DeleteImportedKeyMaterial', input.KeyId);
      requireExternal(ctx, key);
      const deleted = materialIdField(key);
      delete key.material;
      return { KeyId: keyArn(ctx, key.id), ...deleted };
    },
  }),
};
