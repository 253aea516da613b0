import 'server-only';
import type { KeyVaultKey } from '@azure/keyvault-keys';
import { ProviderError } from '../contract';
import type { Vault } from './client';
import { isVaultError } from './errors';
import { kekName, kekTags, TAG_INSTALLATION, TAG_ROLE } from './names';
import { deletedKeyOf, recoverKey } from './remote-key';

/**
 * RSA-HSM 4096: the largest KEK Key Vault offers and the size Microsoft's BYOK walkthrough uses;
 * it is made once per installation and vault, so its slower generation costs nothing per import.
 */
export const KEK_SIZE = 4096;
/** A KEK expiring sooner than this is replaced by a new version rather than used for a wrap. */
const EXPIRY_MARGIN_MS = 60 * 60 * 1000;

function isOurKek(key: KeyVaultKey, installationId: string): boolean {
  const tags = key.properties.tags;
  return tags?.[TAG_INSTALLATION] === installationId && tags[TAG_ROLE] === kekTags(installationId)[TAG_ROLE];
}

function isUsable(key: KeyVaultKey, now: number): boolean {
  const { enabled, expiresOn, notBefore } = key.properties;
  const ops = key.keyOperations ?? [];
  return (
    key.keyType === 'RSA-HSM' &&
    ops.length === 1 &&
    ops[0] === 'import' &&
    enabled !== false &&
    (!expiresOn || expiresOn.getTime() > now + EXPIRY_MARGIN_MS) &&
    (!notBefore || notBefore.getTime() <= now)
  );
}

async function latestKek(vault: Vault, name: string): Promise<KeyVaultKey | null> {
  try {
    return await vault.call('GetKey', (keys) => keys.getKey(name));
  } catch (error) {
    if (isVaultError(error, 'KeyNotFound')) return null;
    throw error;
  }
}

function kekTaken(name: string): ProviderError {
  return new ProviderError('KekNameTaken', `Key ${name} exists in the vault but is not this installation's key-exchange key; Keywarden leaves it alone.`, {
    retryable: false,
  });
}

/**
 * The installation's key-exchange key in this vault (RSA-HSM, key_ops exactly ["import"]):
 * reused while it is enabled and not expired, otherwise given a new version; a soft-deleted one
 * of ours is recovered.
 */
export async function ensureKek(vault: Vault, installationId: string, size = KEK_SIZE): Promise<KeyVaultKey> {
  const name = kekName(installationId);
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = await latestKek(vault, name);
    if (current) {
      if (!isOurKek(current, installationId)) throw kekTaken(name);
      if (isUsable(current, Date.now())) return current;
    } else {
      const deleted = await deletedKeyOf(vault, name);
      if (deleted) {
        if (deleted.properties.tags?.[TAG_INSTALLATION] !== installationId) throw kekTaken(name);
        await recoverKey(vault, name);
        continue;
      }
    }
    try {
      return await vault.call('CreateKey', (keys) =>
        keys.createRsaKey(name, { hsm: true, keySize: size, keyOps: ['import'], tags: kekTags(installationId), enabled: true }),
      );
    } catch (error) {
      // Deleted meanwhile: the next round recovers it.
      if (!isVaultError(error, 'ObjectIsDeletedButRecoverable')) throw error;
    }
  }
  throw new ProviderError('KekUnavailable', `The key-exchange key ${name} kept changing while Keywarden prepared it.`, { retryable: true });
}
