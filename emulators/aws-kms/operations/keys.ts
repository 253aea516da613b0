import { randomBytes, randomUUID } from 'node:crypto';
import { DAY_MS } from '../../shared/clock';
import { keyArn } from '../context';
import { unsupported, validationError } from '../errors';
import { keyFor } from '../key-access';
import { checkImportedMaterial, generateMaterial, materialId } from '../key-material';
import { KEY_SPECS, KEY_SPEC_ENUM, KEY_USAGE_ENUM, type KeyUsage } from '../key-specs';
import { boolean, integer, required, string } from '../shapes';
import type { KeyRecord } from '../state';
import { GRANT_TOKENS, KEY_ID, MARKER, TAG_LIST, limit } from './fields';
import { keyMetadata } from './metadata';
import { operation } from './operation';
import { paginate } from './paging';
import { mergeTags } from './tags';

const CMK_SPEC_ENUM = KEY_SPEC_ENUM.filter((s) => !s.startsWith('ML_') && s !== 'ECC_NIST_EDWARDS25519');
const ORIGIN_ENUM = ['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'] as const;

function chooseUsage(spec: string, requested: string | undefined): KeyUsage {
  if (requested === undefined) {
    if (spec !== 'SYMMETRIC_DEFAULT') {
      throw validationError('You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.');
    }
    return 'ENCRYPT_DECRYPT';
  }
  const info = KEY_SPECS[spec];
  if (info?.usages.includes(requested as KeyUsage)) return requested as KeyUsage;
  if (requested === 'KEY_AGREEMENT' && info?.family === 'ecc') {
    throw unsupported('KeyUsage KEY_AGREEMENT is not supported by this emulator.');
  }
  throw validationError(`KeyUsage ${requested} is not compatible with KeySpec ${spec}`);
}

export const keyOperations = {
  CreateKey: operation({
    input: {
      Policy: string({ min: 1, max: 131072 }),
      Description: string({ min: 0, max: 8192 }),
      KeyUsage: string({ enum: KEY_USAGE_ENUM }),
      CustomerMasterKeySpec: string({ enum: CMK_SPEC_ENUM }),
      KeySpec: string({ enum: KEY_SPEC_ENUM }),
      Origin: string({ enum: ORIGIN_ENUM }),
      CustomKeyStoreId: string({ min: 1, max: 64 }),
      BypassPolicyLockoutSafetyCheck: boolean(),
      Tags: TAG_LIST,
      MultiRegion: boolean(),
      XksKeyId: string({ min: 1, max: 128 }),
    },
    mutates: true,
    async handle(ctx, input) {
      if (input.KeySpec && input.CustomerMasterKeySpec && input.KeySpec !== input.CustomerMasterKeySpec) {
        throw validationError('KeySpec and CustomerMasterKeySpec must not differ; CustomerMasterKeySpec is deprecated.');
      }
      const spec = input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
      if (!KEY_SPECS[spec]) throw unsupported(`KeySpec ${spec} is not supported by this emulator.`);
      const origin = input.Origin ?? 'AWS_KMS';
      if (origin === 'AWS_CLOUDHSM' || origin === 'EXTERNAL_KEY_STORE' || input.CustomKeyStoreId || input.XksKeyId) {
        throw unsupported('Custom key stores are not supported by this emulator.');
      }
      const usage = chooseUsage(spec, input.KeyUsage);
      const tags = mergeTags([], input.Tags ?? []);
      const multiRegion = input.MultiRegion ?? false;
      const key: KeyRecord = {
        id: multiRegion ? `mrk-${randomBytes(16).toString('hex')}` : randomUUID(),
        region: ctx.region,
        seq: ctx.store.nextSeq(),
        createdAt: ctx.now,
        description: input.Description ?? '',
        spec,
        usage,
        origin,
        multiRegion,
        enabled: true,
        salt: randomBytes(32).toString('base64'),
        tags,
        ...(input.Policy !== undefined && { policy: input.Policy }),
      };
      if (origin === 'AWS_KMS') {
        const material = await generateMaterial(spec);
        key.material = {
          bytes: material.toString('base64'),
          id: materialId(key, checkImportedMaterial(spec, material).canonical),
        };
      }
      ctx.store.putKey(key);
      ctx.logKey = keyArn(ctx, key.id);
      return { KeyMetadata: keyMetadata(ctx, key) };
    },
  }),

  DescribeKey: operation({
    input: { KeyId: KEY_ID, GrantTokens: GRANT_TOKENS },
    mutates: false,
    handle(ctx, input) {
      return { KeyMetadata: keyMetadata(ctx, keyFor(ctx, 'DescribeKey', input.KeyId, { aliases: true })) };
    },
  }),

  ListKeys: operation({
    input: { Limit: limit(1000), Marker: MARKER },
    mutates: false,
    handle(ctx, input) {
      const keys = ctx.store.keysIn(ctx.region);
      const cursor = (k: KeyRecord) => String(k.seq).padStart(12, '0');
      const { page, ...rest } = paginate(keys, cursor, 'keys', input.Limit ?? 100, input.Marker);
      return { Keys: page.map((k) => ({ KeyId: k.id, KeyArn: keyArn(ctx, k.id) })), ...rest };
    },
  }),

  EnableKey: operation({
    input: { KeyId: KEY_ID },
    mutates: true,
    handle(ctx, input) {
      keyFor(ctx, 'EnableKey', input.KeyId).enabled = true;
      return {};
    },
  }),

  DisableKey: operation({
    input: { KeyId: KEY_ID },
    mutates: true,
    handle(ctx, input) {
      keyFor(ctx, 'DisableKey', input.KeyId).enabled = false;
      return {};
    },
  }),

  ScheduleKeyDeletion: operation({
    input: { KeyId: KEY_ID, PendingWindowInDays: integer({ min: 7, max: 30 }) },
    mutates: true,
    handle(ctx, input) {
      const key = keyFor(ctx, 'ScheduleKeyDeletion', input.KeyId);
      const windowDays = input.PendingWindowInDays ?? 30;
      key.deletion = { at: ctx.now + windowDays * DAY_MS, windowDays };
      return {
        KeyId: keyArn(ctx, key.id),
        DeletionDate: key.deletion.at / 1000,
        KeyState: 'PendingDeletion',
        PendingWindowInDays: windowDays,
      };
    },
  }),

  CancelKeyDeletion: operation({
    input: { KeyId: KEY_ID },
    mutates: true,
    handle(ctx, input) {
      const key = keyFor(ctx, 'CancelKeyDeletion', input.KeyId);
      delete key.deletion;
      key.enabled = false;
      return { KeyId: keyArn(ctx, key.id) };
    },
  }),

  UpdateKeyDescription: operation({
    input: { KeyId: KEY_ID, Description: required(string({ min: 0, max: 8192 })) },
    mutates: true,
    handle(ctx, input) {
      keyFor(ctx, 'UpdateKeyDescription', input.KeyId).description = input.Description;
      return {};
    },
  }),
};
