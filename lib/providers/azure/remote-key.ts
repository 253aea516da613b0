import 'server-only';
import type { DeletedKey, KeyProperties } from '@azure/keyvault-keys';
import { ProviderError } from '../contract';
import type { Vault } from './client';
import { isVaultError } from './errors';
import { isOurVersion, type Owner } from './names';

/** How long a purge or recovery may take to show (real deletes are asynchronous). */
const SETTLE_TIMEOUT_MS = 30_000;
const SETTLE_INTERVAL_MS = 500;
export const POLL_INTERVAL_MS = 500;

/** Every version of a key, in the vault's order; null when no such (live) key exists. */
export async function versionsOf(vault: Vault, name: string): Promise<KeyProperties[] | null> {
  try {
    return await vault.call('GetKeyVersions', async (keys) => {
      const versions: KeyProperties[] = [];
      for await (const properties of keys.listPropertiesOfKeyVersions(name)) versions.push(properties);
      return versions.length > 0 ? versions : null;
    });
  } catch (error) {
    if (isVaultError(error, 'KeyNotFound')) return null;
    throw error;
  }
}

export async function deletedKeyOf(vault: Vault, name: string): Promise<DeletedKey | null> {
  try {
    return await vault.call('GetDeletedKey', (keys) => keys.getDeletedKey(name));
  } catch (error) {
    if (isVaultError(error, 'KeyNotFound')) return null;
    throw error;
  }
}

export type NameState =
  | { kind: 'free' }
  | { kind: 'ours' }
  | { kind: 'foreign' }
  | { kind: 'deleted'; ours: boolean; deleted: DeletedKey };

/** A live key is ours only when every version is tagged for this installation, provider and Keywarden key. */
export async function nameState(vault: Vault, name: string, owner: Owner, keyName: string): Promise<NameState> {
  const versions = await versionsOf(vault, name);
  if (versions) return versions.every((v) => isOurVersion(v.tags, owner, keyName)) ? { kind: 'ours' } : { kind: 'foreign' };
  const deleted = await deletedKeyOf(vault, name);
  if (!deleted) return { kind: 'free' };
  return { kind: 'deleted', ours: isOurVersion(deleted.properties.tags, owner, keyName), deleted };
}

async function settle(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new ProviderError('OperationPending', `${what} did not finish within ${SETTLE_TIMEOUT_MS / 1000} s.`, { retryable: true });
    await new Promise((resolve) => setTimeout(resolve, SETTLE_INTERVAL_MS));
  }
}

/** Recovers a soft-deleted key with its versions; one already recovered (by a concurrent call) is fine. */
export async function recoverKey(vault: Vault, name: string): Promise<void> {
  try {
    await vault.call('RecoverDeletedKey', async (keys) => {
      const poller = await keys.beginRecoverDeletedKey(name, { intervalInMs: POLL_INTERVAL_MS });
      await poller.pollUntilDone();
    });
  } catch (error) {
    if (!isVaultError(error, 'KeyNotFound')) throw error;
    if (!(await versionsOf(vault, name))) throw error;
  }
}

export async function purgeKey(vault: Vault, name: string): Promise<void> {
  try {
    await vault.call('PurgeDeletedKey', (keys) => keys.purgeDeletedKey(name));
  } catch (error) {
    if (!isVaultError(error, 'KeyNotFound')) throw error;
  }
  await settle(async () => (await deletedKeyOf(vault, name)) === null, `Purging deleted key ${name}`);
}

export const purgeAllowed = (deleted: DeletedKey) => /Purgeable/.test(deleted.properties.recoveryLevel ?? '');

/**
 * Frees a name held by this installation's own soft-deleted key: purged when the vault allows it
 * (a new distribution starts afresh), recovered under purge protection (new versions are imported
 * into it, older copies come back as they were). Returns what was done, in plain words.
 */
export async function reclaimDeletedKey(vault: Vault, name: string, deleted: DeletedKey): Promise<'purged' | 'recovered'> {
  if (purgeAllowed(deleted)) {
    try {
      await purgeKey(vault, name);
      return 'purged';
    } catch (error) {
      if (!isVaultError(error, 'Forbidden')) throw error;
    }
  }
  await recoverKey(vault, name);
  return 'recovered';
}
