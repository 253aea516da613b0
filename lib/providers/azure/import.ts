import 'server-only';
import type { JsonWebKey, KeyProperties, KeyVaultKey } from '@azure/keyvault-keys';
import { wrapForAzureByok } from '@/lib/crypto/byok';
import { ProviderError, type DistributionRef, type VersionSpec } from '../contract';
import type { Vault } from './client';
import { isVaultError } from './errors';
import { privateJwkMembers, publicKeyOf, zeroMembers } from './jwk';
import { azureKeyShape } from './key-shape';
import { isOurVersion, taggedVersion, TAG_VERSION, versionTags, type Owner } from './names';
import { deletedKeyOf, recoverKey, versionsOf } from './remote-key';

export const BYOK_GENERATOR = 'Keywarden BYOK (node:crypto CKM_RSA_AES_KEY_WRAP)';

/** The BYOK transfer blob (byok-specification.md) for one private key, wrapped for the KEK. */
export function transferBlob(kek: KeyVaultKey, pkcs8: Buffer): Uint8Array {
  const kekPublic = publicKeyOf(kek.key);
  if (!kek.id || !kekPublic) throw new ProviderError('MalformedResponse', 'The key-exchange key came back without a kid or public key.', { retryable: true });
  const blob = {
    schema_version: '1.0.0',
    header: { kid: kek.id, alg: 'dir', enc: 'CKM_RSA_AES_KEY_WRAP' },
    ciphertext: wrapForAzureByok(pkcs8, kekPublic).toString('base64url'),
    generator: BYOK_GENERATOR,
  };
  return new Uint8Array(Buffer.from(JSON.stringify(blob), 'utf8'));
}

function keyToImport(spec: VersionSpec, kek: KeyVaultKey | null): JsonWebKey {
  const shape = azureKeyShape(spec.keyType, spec.purposes, spec.protection);
  if (spec.protection === 'hsm') {
    if (!kek) throw new Error('HSM import needs the key-exchange key');
    return { kty: shape.kty, keyOps: shape.keyOps, t: transferBlob(kek, spec.material), ...(shape.crv && { crv: shape.crv }) };
  }
  return { kty: shape.kty, keyOps: shape.keyOps, ...privateJwkMembers(spec.material) };
}

const label = (dist: DistributionRef, version: number) => `${dist.keyName} v${version}`;

function deletedForeign(dist: DistributionRef): ProviderError {
  return new ProviderError(
    'ObjectIsDeletedButRecoverable',
    `Azure key ${dist.remoteName} is deleted but recoverable and is not this installation's ${dist.keyName}; Keywarden neither recovers nor purges it. Distribute the key again to choose another name.`,
    { retryable: false },
  );
}

/**
 * One importKey call: the new version's id is known only from its answer. A 409 on a name that is
 * deleted but recoverable recovers it when it is this installation's key (purging would destroy
 * versions that are recorded), and is a clear error when it is not.
 */
export async function importNewVersion(vault: Vault, dist: DistributionRef, spec: VersionSpec, owner: Owner, kek: KeyVaultKey | null): Promise<string> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const key = keyToImport(spec, kek);
    try {
      // Not idempotent (every call makes a new version): one attempt, see Vault.callOnce.
      const imported = await vault.callOnce('ImportKey', (keys) =>
        keys.importKey(dist.remoteName, key, {
          hardwareProtected: spec.protection === 'hsm',
          enabled: true,
          tags: versionTags(owner, spec.keyName, spec.version),
        }),
      );
      const version = imported.properties.version;
      if (!version) throw new ProviderError('MalformedResponse', 'importKey answered without a version id.', { retryable: true });
      return version;
    } catch (error) {
      if (!isVaultError(error, 'ObjectIsDeletedButRecoverable')) throw error;
      const deleted = await deletedKeyOf(vault, dist.remoteName);
      if (deleted && !isOurVersion(deleted.properties.tags, owner, dist.keyName)) throw deletedForeign(dist);
      if (deleted) await recoverKey(vault, dist.remoteName);
    } finally {
      zeroMembers(key);
    }
  }
  throw new ProviderError('Conflict', `Azure key ${dist.remoteName} is still being deleted or recovered; importing ${label(dist, spec.version)} later.`, {
    retryable: true,
  });
}

/** A recorded version must still be there and be this version's copy. */
export async function checkRecordedVersion(vault: Vault, dist: DistributionRef, spec: VersionSpec, owner: Owner, remoteId: string): Promise<void> {
  let key: KeyVaultKey;
  try {
    key = await vault.call('GetKey', (keys) => keys.getKey(dist.remoteName, { version: remoteId }));
  } catch (error) {
    if (isVaultError(error, 'KeyNotFound')) {
      throw new ProviderError('KeyNotFound', `Version ${remoteId} of Azure key ${dist.remoteName}, recorded for ${label(dist, spec.version)}, no longer exists.`, {
        retryable: false,
      });
    }
    throw error;
  }
  const tags = key.properties.tags;
  if (!isOurVersion(tags, owner, spec.keyName) || tags?.[TAG_VERSION] !== String(spec.version)) {
    throw new ProviderError('KeyNotOwned', `Version ${remoteId} of Azure key ${dist.remoteName} is not tagged as provider ${owner.provider}'s ${label(dist, spec.version)} of this installation.`, {
      retryable: false,
    });
  }
}

/**
 * The Azure versions holding a Keywarden version, found by its tags (this installation and
 * provider), best first: the newest enabled one, then the newest. A disabled match still counts
 * (it is this version's copy, and Keywarden sets its enabled flag), so it is never imported a
 * second time.
 */
export function matchingVersions(versions: readonly KeyProperties[], owner: Owner, keyName: string, version: number): KeyProperties[] {
  // Listed oldest first; reversed so that equal creation seconds still put the newest first.
  const matches = [...versions].reverse().filter((v) => v.version && isOurVersion(v.tags, owner, keyName) && taggedVersion(v.tags) === version);
  matches.sort((a, b) => Number(b.enabled !== false) - Number(a.enabled !== false) || (b.createdOn?.getTime() ?? 0) - (a.createdOn?.getTime() ?? 0));
  return matches;
}

/**
 * Should two versions hold one Keywarden version (an import whose answer was lost, then retried),
 * the first of matchingVersions wins and every other is disabled: the job locates only when
 * nothing is recorded, so the others are unrecorded copies nobody may use. Azure deletes only
 * whole keys, so they stay, disabled, until the key is removed.
 */
export async function locateVersion(vault: Vault, dist: DistributionRef, owner: Owner, version: number): Promise<string | null> {
  const versions = await versionsOf(vault, dist.remoteName);
  const [chosen, ...extras] = versions ? matchingVersions(versions, owner, dist.keyName, version) : [];
  for (const extra of extras) {
    const id = extra.version;
    if (extra.enabled !== false && id) await vault.call('UpdateKey', (keys) => keys.updateKeyProperties(dist.remoteName, id, { enabled: false }));
  }
  return chosen?.version ?? null;
}
