import { aliasArn, keyArn, type Context } from '../context';
import { invalidKeyUsage, unsupported } from '../errors';
import { algorithmsFor, specInfo } from '../key-specs';
import { keyState, type KeyRecord } from '../state';

const seconds = (ms: number) => ms / 1000;

/** KeyMetadata as DescribeKey and CreateKey return it. */
export function keyMetadata(ctx: Context, key: KeyRecord): object {
  const state = keyState(key);
  const arn = keyArn(ctx, key.id);
  const material = key.material;
  return {
    AWSAccountId: ctx.account,
    KeyId: key.id,
    Arn: arn,
    CreationDate: seconds(key.createdAt),
    Enabled: state === 'Enabled',
    Description: key.description,
    KeyUsage: key.usage,
    KeyState: state,
    ...(key.deletion && {
      DeletionDate: seconds(key.deletion.at),
      PendingDeletionWindowInDays: key.deletion.windowDays,
    }),
    ...(material?.validTo !== undefined && { ValidTo: seconds(material.validTo) }),
    Origin: key.origin,
    ...(material?.expirationModel && { ExpirationModel: material.expirationModel }),
    KeyManager: 'CUSTOMER',
    CustomerMasterKeySpec: key.spec,
    KeySpec: key.spec,
    ...algorithmsFor(key.spec, key.usage),
    MultiRegion: key.multiRegion,
    ...(key.multiRegion && {
      MultiRegionConfiguration: {
        MultiRegionKeyType: 'PRIMARY',
        PrimaryKey: { Arn: arn, Region: ctx.region },
        ReplicaKeys: [],
      },
    }),
    ...(key.spec === 'SYMMETRIC_DEFAULT' && material && { CurrentKeyMaterialId: material.id }),
  };
}

export const isSymmetric = (key: KeyRecord) => key.spec === 'SYMMETRIC_DEFAULT';

/** KeyMaterialId appears in responses for symmetric encryption keys only. */
export const materialIdField = (key: KeyRecord) =>
  isSymmetric(key) && key.material ? { KeyMaterialId: key.material.id } : {};

export function requireUsage(ctx: Context, key: KeyRecord, usage: string, operation: string): void {
  if (key.usage !== usage) {
    throw invalidKeyUsage(`${keyArn(ctx, key.id)} key usage is ${key.usage} which is not valid for ${operation}.`);
  }
}

export function requireAlgorithm(key: KeyRecord, algorithm: string, allowed: readonly string[] | undefined): void {
  if (!allowed?.includes(algorithm)) {
    throw invalidKeyUsage(`Algorithm ${algorithm} is incompatible with key spec ${key.spec}.`);
  }
}

export function requireExternal(ctx: Context, key: KeyRecord): void {
  if (key.origin !== 'EXTERNAL') {
    throw unsupported(`${keyArn(ctx, key.id)} origin is ${key.origin} which is not valid for this operation.`);
  }
}

export const familyOf = (key: KeyRecord) => specInfo(key.spec).family;

export const aliasEntry = (ctx: Context, alias: { name: string; targetKeyId: string; createdAt: number; updatedAt: number }) => ({
  AliasName: alias.name,
  AliasArn: aliasArn(ctx, alias.name),
  TargetKeyId: alias.targetKeyId,
  CreationDate: seconds(alias.createdAt),
  LastUpdatedDate: seconds(alias.updatedAt),
});
