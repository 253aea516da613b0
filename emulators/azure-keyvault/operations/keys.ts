import { randomBytes, type KeyObject } from 'node:crypto';
import { unwrapByok } from '../byok';
import { badParameter, deletedButRecoverable, keyNotFound } from '../errors';
import { CURVES, RSA_SIZES, encodePrivateKey, family, generateKey, importJwk, privateKeyOf, curveOf } from '../key-material';
import { latestVersion, retentionSeconds, type KeyRecord, type KeyType, type KeyVersion } from '../state';
import { deletedKeyBundle, keyBundle, keyItem } from './bundles';
import type { Located, VaultContext } from './context';
import { page } from './paging';
import { attributesPatch, checkName, keyOps, keyType, tags } from './validation';

const newVersionId = () => randomBytes(16).toString('hex');

/** A live (not deleted) key and one of its versions; "" is the current version. */
export function locate(ctx: VaultContext, name: string, version: string): Located {
  const record = ctx.store.record(ctx.vault, name);
  if (!record || record.deleted) throw keyNotFound(version ? `${name}/${version}` : name);
  const found = version ? record.versions.find((v) => v.version === version.toLowerCase()) : latestVersion(record);
  if (!found) throw keyNotFound(`${name}/${version}`);
  return { record, version: found };
}

/** Adds a version under `name`, creating the key if needed; a soft-deleted name is taken. */
function addVersion(ctx: VaultContext, name: string, version: Omit<KeyVersion, 'version' | 'attributes'>, body: Record<string, unknown>): object {
  const existing = ctx.store.record(ctx.vault, name);
  if (existing?.deleted) throw deletedButRecoverable(existing.name);
  const attributes = attributesPatch(body.attributes);
  const keyTags = tags(body.tags);
  const added: KeyVersion = {
    ...version,
    version: newVersionId(),
    attributes: { enabled: attributes.enabled ?? true, ...attributes, created: ctx.now, updated: ctx.now },
    ...(keyTags && { tags: keyTags }),
  };
  const record: KeyRecord = existing ?? { name, versions: [] };
  record.versions.push(added);
  ctx.store.put(ctx.vault, record);
  ctx.logKey = `${record.name}/${added.version}`;
  return keyBundle(ctx, record, added);
}

function rsaSize(value: unknown): number {
  if (value === undefined || value === null) return 2048;
  if (typeof value !== 'number' || !RSA_SIZES.includes(value)) {
    throw badParameter(`Unsupported key size ${String(value)}. Supported sizes for RSA keys are 2048, 3072 and 4096.`);
  }
  return value;
}

function curve(value: unknown, required: boolean): string {
  if ((value === undefined || value === null) && !required) return 'P-256';
  if (typeof value !== 'string' || !(value in CURVES)) {
    throw badParameter(`Invalid curve: '${String(value)}'. Supported values are ${Object.keys(CURVES).map((c) => `"${c}"`).join(', ')}.`);
  }
  return value;
}

export async function createKey(ctx: VaultContext, name: string): Promise<object> {
  checkName(name);
  const kty = keyType(ctx.body.kty);
  const ops = keyOps(kty, ctx.body.key_ops);
  const existing = ctx.store.record(ctx.vault, name);
  if (existing?.deleted) throw deletedButRecoverable(existing.name);
  let key: KeyObject;
  if (family(kty) === 'RSA') {
    const exponent = ctx.body.public_exponent ?? 65537;
    if (exponent !== 65537 && exponent !== 3) throw badParameter(`Unsupported public exponent ${String(exponent)}. Supported values are 3 and 65537.`);
    key = await generateKey(kty, rsaSize(ctx.body.key_size), '', exponent);
  } else {
    key = await generateKey(kty, 0, curve(ctx.body.crv, false), 0);
  }
  tags(ctx.body.tags);
  attributesPatch(ctx.body.attributes);
  return addVersion(ctx, name, { kty, keyOps: ops, privateKey: encodePrivateKey(key) }, ctx.body);
}

export function importKey(ctx: VaultContext, name: string): object {
  checkName(name);
  const jwk = ctx.body.key;
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) throw badParameter("The parameter 'key' is required.");
  const key = jwk as Record<string, unknown>;
  const given = keyType(key.kty);
  const byok = typeof key.key_hsm === 'string' && key.key_hsm !== '';
  if (byok && !given.endsWith('-HSM')) throw badParameter(`A key_hsm import needs kty RSA-HSM or EC-HSM, not ${given}.`);
  const kty: KeyType = ctx.body.Hsm === true && !given.endsWith('-HSM') ? (`${given}-HSM` as KeyType) : given;
  const ops = keyOps(kty, key.key_ops);
  const existing = ctx.store.record(ctx.vault, name);
  if (existing?.deleted) throw deletedButRecoverable(existing.name);
  const material = byok
    ? unwrapByok(key.key_hsm as string, kty, family(kty) === 'EC' ? curve(key.crv, true) : undefined, (kekName, kekVersion) => {
        const record = ctx.store.record(ctx.vault, kekName);
        if (!record || record.deleted) return undefined;
        return kekVersion ? record.versions.find((v) => v.version === kekVersion.toLowerCase()) : latestVersion(record);
      })
    : importJwk(kty, key);
  return addVersion(ctx, name, { kty, keyOps: ops, privateKey: encodePrivateKey(material) }, ctx.body);
}

export function getKey(ctx: VaultContext, name: string, version: string): object {
  const { record, version: found } = locate(ctx, name, version);
  return keyBundle(ctx, record, found);
}

export function updateKey(ctx: VaultContext, name: string, version: string): object {
  const { record, version: found } = locate(ctx, name, version);
  const attributes = attributesPatch(ctx.body.attributes);
  const ops = ctx.body.key_ops === undefined ? undefined : keyOps(found.kty, ctx.body.key_ops);
  const newTags = tags(ctx.body.tags);
  Object.assign(found.attributes, attributes, { updated: ctx.now });
  if (ops) found.keyOps = ops;
  if (newTags) found.tags = newTags;
  return keyBundle(ctx, record, found);
}

/** A new version with the current version's type, size or curve, key_ops and tags. */
export async function rotateKey(ctx: VaultContext, name: string): Promise<object> {
  const { version: current } = locate(ctx, name, '');
  const currentKey = privateKeyOf(current);
  const key =
    family(current.kty) === 'RSA'
      ? await generateKey(current.kty, currentKey.asymmetricKeyDetails?.modulusLength ?? 2048, '', Number(currentKey.asymmetricKeyDetails?.publicExponent ?? 65537n))
      : await generateKey(current.kty, 0, curveOf(currentKey) ?? 'P-256', 0);
  return addVersion(ctx, name, { kty: current.kty, keyOps: [...current.keyOps], privateKey: encodePrivateKey(key) }, { tags: current.tags });
}

export function deleteKey(ctx: VaultContext, name: string): object {
  const { record } = locate(ctx, name, '');
  if (ctx.settings.recoveryLevel === 'Purgeable') {
    ctx.store.remove(ctx.vault, name);
    return deletedKeyBundle(ctx, record);
  }
  record.deleted = { deletedDate: ctx.now, scheduledPurgeDate: ctx.now + retentionSeconds(ctx.settings) };
  return deletedKeyBundle(ctx, record);
}

export function listKeys(ctx: VaultContext): object {
  const live = ctx.store.records(ctx.vault).filter((r) => !r.deleted);
  return page(ctx, '/keys', live.map((r) => keyItem(ctx, r, latestVersion(r), false)));
}

export function listVersions(ctx: VaultContext, name: string): object {
  const { record } = locate(ctx, name, '');
  return page(ctx, `/keys/${record.name}/versions`, record.versions.map((v) => keyItem(ctx, record, v, true)));
}
