import { aliasArn, keyArn, type Context } from './context';
import { KmsError, invalidState, notFound } from './errors';
import { keyState, type KeyRecord, type KeyState } from './state';

const KEY_ID = /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|mrk-[0-9a-fA-F]{32})$/;
const ARN = /^arn:[a-z-]+:kms:([^:]*):([^:]*):(key|alias)\/(.+)$/;

/**
 * The one way a KeyId becomes a key: key id, key ARN, and (where the operation accepts them)
 * alias name or alias ARN, with AWS's NotFoundException messages.
 */
export function resolveKey(ctx: Context, keyId: string, { aliases = false } = {}): KeyRecord {
  ctx.logKey = keyId;
  let id = keyId;
  let aliasName: string | undefined;
  if (keyId.startsWith('arn:')) {
    const arn = ARN.exec(keyId);
    if (!arn) throw notFound(`Invalid keyId '${keyId}'`);
    const [, region = '', account = '', type, rest = ''] = arn;
    if (region !== ctx.region) throw notFound(`Invalid arn ${region}`);
    if (account !== ctx.account) throw notFound(`Key '${keyId}' does not exist`);
    if (type === 'alias') aliasName = `alias/${rest}`;
    else id = rest;
  } else if (keyId.startsWith('alias/')) {
    aliasName = keyId;
  }
  if (aliasName !== undefined) {
    if (!aliases) throw notFound(`Invalid keyId '${keyId}'`);
    const alias = ctx.store.alias(ctx.region, aliasName);
    if (!alias) throw notFound(`Alias ${aliasArn(ctx, aliasName)} is not found.`);
    id = alias.targetKeyId;
  }
  if (!KEY_ID.test(id)) throw notFound(`Invalid keyId '${id}'`);
  const key = ctx.store.key(ctx.region, id);
  if (!key) throw notFound(`Key '${keyArn(ctx, id)}' does not exist`);
  ctx.logKey = keyArn(ctx, key.id);
  return key;
}

type Refusal = (arn: string) => KmsError;
const disabled: Refusal = (arn) => new KmsError('DisabledException', `${arn} is disabled.`);
const pendingImport: Refusal = (arn) => invalidState(`${arn} is pending import.`);
const pendingDeletion: Refusal = (arn) => invalidState(`${arn} is pending deletion.`);
const notPendingDeletion: Refusal = (arn) => invalidState(`${arn} is not pending deletion.`);

/** The reference's key-state table: for each kind of access, the states that refuse it. */
const REFUSALS = {
  use: { Disabled: disabled, PendingImport: pendingImport, PendingDeletion: pendingDeletion },
  toggle: { PendingImport: pendingImport, PendingDeletion: pendingDeletion },
  schedule: { PendingDeletion: pendingDeletion },
  cancel: { Enabled: notPendingDeletion, Disabled: notPendingDeletion, PendingImport: notPendingDeletion },
  manage: { PendingDeletion: pendingDeletion },
  any: {},
} satisfies Record<string, Partial<Record<KeyState, Refusal>>>;

export type Access = keyof typeof REFUSALS;

/** Which access each operation needs (UpdateAlias: of its new target). */
export const OPERATION_ACCESS: Record<string, Access> = {
  Encrypt: 'use',
  Decrypt: 'use',
  GenerateDataKey: 'use',
  GenerateDataKeyWithoutPlaintext: 'use',
  Sign: 'use',
  Verify: 'use',
  GetPublicKey: 'use',
  GenerateMac: 'use',
  VerifyMac: 'use',
  EnableKey: 'toggle',
  DisableKey: 'toggle',
  ScheduleKeyDeletion: 'schedule',
  CancelKeyDeletion: 'cancel',
  CreateAlias: 'manage',
  UpdateAlias: 'manage',
  TagResource: 'manage',
  UntagResource: 'manage',
  UpdateKeyDescription: 'manage',
  GetParametersForImport: 'manage',
  ImportKeyMaterial: 'manage',
  DescribeKey: 'any',
  ListResourceTags: 'any',
  ListAliases: 'any',
  DeleteImportedKeyMaterial: 'any',
};

export function assertKeyState(ctx: Context, key: KeyRecord, operation: string): void {
  const refusals: Partial<Record<KeyState, Refusal>> = REFUSALS[OPERATION_ACCESS[operation] ?? 'any'];
  const refuse = refusals[keyState(key)];
  if (refuse) throw refuse(keyArn(ctx, key.id));
}

/** Resolve, then check the state table for the operation. */
export function keyFor(ctx: Context, operation: string, keyId: string, options?: { aliases?: boolean }): KeyRecord {
  const key = resolveKey(ctx, keyId, options);
  assertKeyState(ctx, key, operation);
  return key;
}
