import 'server-only';
import type { KeyVaultKey } from '@azure/keyvault-keys';
import { ProviderError, type ConnectionReport, type ProviderAdapter, type ProviderSettings, type RemovalResult, type RemoteVersionState } from '../contract';
import { createVault, type Vault, type VaultClientOptions } from './client';
import { isVaultError } from './errors';
import { checkRecordedVersion, importNewVersion, locateVersion } from './import';
import { ensureKek, KEK_SIZE } from './kek';
import { azureKeyShape } from './key-shape';
import { isOurVersion, taggedVersion, type Owner } from './names';
import { proveVersion } from './proof';
import { deletedKeyOf, POLL_INTERVAL_MS, purgeKey, versionsOf } from './remote-key';
import { chooseRemoteName } from './remote-name';

export interface AzureAdapterOptions extends VaultClientOptions {
  /** Size of a new key-exchange key (default 4096). */
  kekSize?: 2048 | 3072 | 4096;
}

const dateOnly = (date: Date) => date.toISOString().slice(0, 10);

async function testConnection(vault: Vault): Promise<ConnectionReport> {
  try {
    await vault.call('GetKeys', async (keys) => {
      await keys.listPropertiesOfKeys().byPage({ maxPageSize: 1 }).next();
    });
    return { ok: true, detail: `Listing keys in ${vault.url} succeeded` };
  } catch (error) {
    const failure = error instanceof ProviderError ? error : new ProviderError('UnknownError', vault.scrub(String(error)), { retryable: false });
    return {
      ok: false,
      detail: `Listing keys in ${vault.url} failed: ${failure.code}: ${failure.message}`,
      error: { code: failure.code, message: failure.message, ...(failure.permission && { permission: failure.permission }) },
    };
  }
}

function notOwned(name: string, provider: string): ProviderError {
  return new ProviderError('KeyNotOwned', `Azure key ${name} holds versions provider ${provider} of this installation did not import; Keywarden does not delete it.`, {
    retryable: false,
  });
}

function deletionWords(name: string, scheduledPurgeDate: Date | undefined, recoverableDays: number | undefined): string {
  const retention = recoverableDays ? ` (soft-delete retention ${recoverableDays} days)` : '';
  return scheduledPurgeDate
    ? `Azure key ${name} deleted; recoverable until its scheduled purge on ${dateOnly(scheduledPurgeDate)}${retention}`
    : `Azure key ${name} deleted${retention}`;
}

/** Purges after a delete when asked; purge protection turns that into words, not a stuck removal. */
async function purgeIfAsked(vault: Vault, name: string, purge: boolean, scheduled: Date | null, words: string): Promise<RemovalResult> {
  if (!purge) return { deletionDate: scheduled, detail: words };
  try {
    await purgeKey(vault, name);
    return { deletionDate: new Date(), detail: `${words}; purged at the operator's request, it cannot be recovered` };
  } catch (error) {
    if (!isVaultError(error, 'Forbidden')) throw error;
    const reason = error instanceof ProviderError ? error.message : 'purge refused';
    return { deletionDate: scheduled, detail: `${words}; purge refused by the vault (${reason})` };
  }
}

/**
 * The Azure Key Vault adapter: a Keywarden key is one Azure key and each Keywarden version one
 * of its versions (DESIGN.md §1). Azure serves a key's newest version as "latest", even when
 * that version is disabled: pointCurrent cannot move it, and applications should name versions.
 */
export function createAzureAdapter(settings: ProviderSettings, options: AzureAdapterOptions = {}): ProviderAdapter {
  if (settings.kind !== 'azurekeyvault') throw new Error(`createAzureAdapter needs an azurekeyvault provider, not ${settings.kind}`);
  const vault = createVault(settings, options);
  const installationId = settings.installationId;
  const owner: Owner = { installationId, provider: settings.name };
  // The KEK stays one per installation and vault, shared by its providers there: it only
  // unwraps imports, holds no Keywarden material, and is never deleted by a removal.
  let kek: Promise<KeyVaultKey> | null = null;
  const keyExchangeKey = () => {
    kek ??= ensureKek(vault, installationId, options.kekSize ?? KEK_SIZE).catch((error: unknown) => {
      kek = null;
      throw error;
    });
    return kek;
  };

  const adapter = {
    kind: 'azurekeyvault',

    testConnection: () => testConnection(vault),

    async prepareDistribution(dist, recorded) {
      azureKeyShape(dist.keyType, dist.purposes, dist.protection);
      if (dist.protection === 'hsm') await keyExchangeKey();
      return { remoteName: recorded ?? (await chooseRemoteName(vault, owner, dist.keyName)) };
    },

    locateVersion: (dist, version) => locateVersion(vault, dist, owner, version),

    async importVersion(dist, spec, remoteId, onRemoteId) {
      if (remoteId !== null) {
        await checkRecordedVersion(vault, dist, spec, owner, remoteId);
        return { remoteId };
      }
      const created = await importNewVersion(vault, dist, spec, owner, spec.protection === 'hsm' ? await keyExchangeKey() : null);
      await onRemoteId(created);
      return { remoteId: created };
    },

    proveVersion: (dist, spec, remoteId) => proveVersion(vault, dist, spec, owner, remoteId),

    async setVersionEnabled(dist, _version, remoteId, enabled) {
      try {
        await vault.call('UpdateKey', (keys) => keys.updateKeyProperties(dist.remoteName, remoteId, { enabled }));
      } catch (error) {
        // A deleted key is already unusable: disabling it has nothing left to do.
        if (!enabled && isVaultError(error, 'KeyNotFound') && (await deletedKeyOf(vault, dist.remoteName))) return;
        throw error;
      }
    },

    // Azure's current version is its newest, whatever Keywarden wants: nothing to point.
    async pointCurrent() {},

    async removeVersion(dist, _version, remoteId): Promise<RemovalResult> {
      return {
        deletionDate: null,
        detail: `Azure deletes whole keys, not versions: version ${remoteId} of ${dist.remoteName} goes when the key is deleted`,
      };
    },

    async removeDistribution(dist, { purge }): Promise<RemovalResult> {
      const name = dist.remoteName;
      const versions = await versionsOf(vault, name);
      if (!versions) {
        const deleted = await deletedKeyOf(vault, name);
        if (!deleted) return { deletionDate: null, detail: `Azure key ${name} is already gone` };
        if (!isOurVersion(deleted.properties.tags, owner, dist.keyName)) return { deletionDate: null, detail: `Azure key ${name} is gone; a deleted key of another owner holds the name` };
        const scheduled = deleted.properties.scheduledPurgeDate ?? null;
        return purgeIfAsked(vault, name, purge, scheduled, `Azure key ${name} was already deleted${scheduled ? `, scheduled purge on ${dateOnly(scheduled)}` : ''}`);
      }
      if (!versions.every((v) => isOurVersion(v.tags, owner, dist.keyName))) throw notOwned(name, owner.provider);
      const deleted = await vault.call('DeleteKey', async (keys) => {
        const poller = await keys.beginDeleteKey(name, { intervalInMs: POLL_INTERVAL_MS });
        return poller.pollUntilDone();
      });
      const { scheduledPurgeDate, recoverableDays, recoveryId } = deleted.properties;
      // Without soft delete (no recovery id) the key is gone at once.
      if (!recoveryId) return { deletionDate: new Date(), detail: `Azure key ${name} deleted for good (the vault has no soft delete)` };
      return purgeIfAsked(vault, name, purge, scheduledPurgeDate ?? null, deletionWords(name, scheduledPurgeDate, recoverableDays));
    },

    async inspect(dist): Promise<RemoteVersionState[]> {
      const versions = await versionsOf(vault, dist.remoteName);
      if (versions) {
        return versions
          .filter((v) => isOurVersion(v.tags, owner, dist.keyName) && taggedVersion(v.tags) !== null && v.version)
          .map((v) => ({
            version: taggedVersion(v.tags) ?? 0,
            remoteId: v.version ?? '',
            enabled: v.enabled !== false,
            state: v.enabled === false ? 'Disabled' : 'Enabled',
            deletionDate: null,
          }))
          .sort((a, b) => a.version - b.version);
      }
      // A deleted key shows only its newest version.
      const deleted = await deletedKeyOf(vault, dist.remoteName);
      const version = taggedVersion(deleted?.properties.tags);
      if (!deleted || version === null || !isOurVersion(deleted.properties.tags, owner, dist.keyName)) return [];
      return [
        {
          version,
          remoteId: deleted.properties.version ?? '',
          enabled: false,
          state: 'Deleted',
          deletionDate: deleted.properties.scheduledPurgeDate ?? null,
        },
      ];
    },
  } satisfies ProviderAdapter;
  return adapter;
}
