import 'server-only';
import { DisableKeyCommand, EnableKeyCommand, ListAliasesCommand, ListKeysCommand, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { ProviderError, type ProviderAdapter, type ProviderSettings, type RemovalResult, type RemoteVersionState } from '../contract';
import { pointAlias, removeAlias, type AliasRemoval } from './aliases';
import { createKms, type Kms } from './client';
import { isKmsError } from './errors';
import { createVersionKey, describeKey, importMaterial, resumePoint } from './import';
import { awsKeyShape } from './key-spec';
import { mainAlias, versionAlias } from './names';
import { proveVersion } from './proof';
import { belongsTo, installationKeysFor, tagsOf } from './tags';

export interface AwsAdapterOptions {
  /** SDK attempts per call (default 3); the reconcile job retries beyond that. */
  maxAttempts?: number;
}

const dateOnly = (date: Date) => date.toISOString().slice(0, 10);

function aliasWords(alias: string, removal: AliasRemoval): string {
  if (removal === 'deleted') return `alias ${alias} deleted`;
  if (removal === 'absent') return `alias ${alias} was already gone`;
  return `alias ${alias} belongs to another owner and was left alone`;
}

async function testConnection(kms: Kms): Promise<Awaited<ReturnType<ProviderAdapter['testConnection']>>> {
  let action = 'ListKeys';
  try {
    await kms.call('ListKeys', (c) => c.send(new ListKeysCommand({ Limit: 1 })));
    action = 'ListAliases';
    await kms.call('ListAliases', (c) => c.send(new ListAliasesCommand({ Limit: 1 })));
    return { ok: true, detail: `ListKeys and ListAliases in ${kms.region} succeeded` };
  } catch (error) {
    const failure =
      error instanceof ProviderError ? error : new ProviderError('UnknownError', kms.scrub(String(error)), { retryable: false });
    return {
      ok: false,
      detail: `${action} in ${kms.region} (${kms.endpointLabel}) failed: ${failure.code}: ${failure.message}`,
      error: { code: failure.code, message: failure.message, ...(failure.permission && { permission: failure.permission }) },
    };
  }
}

async function scheduleDeletion(kms: Kms, keyId: string, pendingWindowDays: number): Promise<{ deletionDate: Date | null; words: string }> {
  try {
    const scheduled = await kms.call('ScheduleKeyDeletion', (c) =>
      c.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: pendingWindowDays })),
    );
    const date = scheduled.DeletionDate ?? null;
    return { deletionDate: date, words: `KMS key ${keyId} scheduled for deletion${date ? ` on ${dateOnly(date)}` : ''} (${pendingWindowDays} days)` };
  } catch (error) {
    if (isKmsError(error, 'NotFoundException')) return { deletionDate: null, words: `KMS key ${keyId} is already gone` };
    if (!isKmsError(error, 'KMSInvalidStateException')) throw error;
    const metadata = await describeKey(kms, keyId);
    if (!metadata) return { deletionDate: null, words: `KMS key ${keyId} is already gone` };
    if (metadata.KeyState !== 'PendingDeletion') throw error;
    const date = metadata.DeletionDate ?? null;
    return { deletionDate: date, words: `KMS key ${keyId} was already scheduled for deletion${date ? ` on ${dateOnly(date)}` : ''}` };
  }
}

/** The AWS KMS adapter: each Keywarden version is its own KMS key with imported material (DESIGN.md §1). */
export function createAwsAdapter(settings: ProviderSettings, options: AwsAdapterOptions = {}): ProviderAdapter {
  if (settings.kind !== 'awskms') throw new Error(`createAwsAdapter needs an awskms provider, not ${settings.kind}`);
  const kms = createKms(settings, options);
  const installationId = settings.installationId;

  const adapter = {
    kind: 'awskms',

    testConnection: () => testConnection(kms),

    async prepareDistribution(dist, recorded) {
      awsKeyShape(dist.keyType, dist.purposes);
      return { remoteName: recorded ?? mainAlias(dist.keyName) };
    },

    async locateVersion(dist, version) {
      const candidates = (await installationKeysFor(kms, installationId, dist.keyName)).filter((key) => key.version === version);
      const usable: { keyId: string; created: number; hasMaterial: boolean }[] = [];
      for (const { keyId } of candidates) {
        const metadata = await describeKey(kms, keyId);
        if (!metadata || metadata.KeyState === 'PendingDeletion') continue;
        usable.push({ keyId, created: metadata.CreationDate?.getTime() ?? 0, hasMaterial: metadata.KeyState !== 'PendingImport' });
      }
      // Should an earlier bug have left two, prefer the one that already holds material, then the oldest.
      usable.sort((a, b) => Number(b.hasMaterial) - Number(a.hasMaterial) || a.created - b.created);
      return usable[0]?.keyId ?? null;
    },

    async importVersion(dist, spec, remoteId, onRemoteId) {
      let keyId = remoteId;
      let step: 'import' | 'done' = 'import';
      if (keyId === null) {
        keyId = await createVersionKey(kms, installationId, spec);
        await onRemoteId(keyId);
      } else {
        step = await resumePoint(kms, installationId, spec, keyId);
      }
      if (step === 'import') await importMaterial(kms, keyId, spec);
      await pointAlias(kms, installationId, versionAlias(dist.remoteName, spec.version), keyId);
      return { remoteId: keyId };
    },

    proveVersion: (_dist, spec, remoteId) => proveVersion(kms, spec, remoteId),

    async setVersionEnabled(_dist, _version, remoteId, enabled) {
      try {
        if (enabled) await kms.call('EnableKey', (c) => c.send(new EnableKeyCommand({ KeyId: remoteId })));
        else await kms.call('DisableKey', (c) => c.send(new DisableKeyCommand({ KeyId: remoteId })));
      } catch (error) {
        // A key pending deletion is already unusable: disabling it has nothing left to do.
        if (!enabled && isKmsError(error, 'KMSInvalidStateException') && (await describeKey(kms, remoteId))?.KeyState === 'PendingDeletion') return;
        throw error;
      }
    },

    async pointCurrent(dist, current) {
      const alias = dist.remoteName;
      if (current === null) await removeAlias(kms, installationId, alias);
      else await pointAlias(kms, installationId, alias, current.remoteId);
    },

    async removeVersion(dist, version, remoteId, { pendingWindowDays }): Promise<RemovalResult> {
      const alias = versionAlias(dist.remoteName, version);
      const aliasRemoval = await removeAlias(kms, installationId, alias);
      const tags = await tagsOf(kms, remoteId);
      if (tags === null) return { deletionDate: null, detail: `KMS key ${remoteId} is already gone; ${aliasWords(alias, aliasRemoval)}` };
      if (!belongsTo(tags, installationId)) {
        throw new ProviderError('KeyNotOwned', `KMS key ${remoteId} is not tagged as this installation's; Keywarden does not delete it.`, {
          retryable: false,
        });
      }
      const { deletionDate, words } = await scheduleDeletion(kms, remoteId, pendingWindowDays);
      return { deletionDate, detail: `${words}; ${aliasWords(alias, aliasRemoval)}` };
    },

    async removeDistribution(dist): Promise<RemovalResult> {
      const alias = dist.remoteName;
      return { deletionDate: null, detail: aliasWords(alias, await removeAlias(kms, installationId, alias)) };
    },

    async inspect(dist): Promise<RemoteVersionState[]> {
      const keys = await installationKeysFor(kms, installationId, dist.keyName);
      const states: { state: RemoteVersionState; created: number }[] = [];
      for (const { keyId, version } of keys) {
        const metadata = await describeKey(kms, keyId);
        if (!metadata) continue;
        states.push({
          state: {
            version,
            remoteId: keyId,
            enabled: metadata.Enabled ?? false,
            state: metadata.KeyState ?? 'Unknown',
            deletionDate: metadata.DeletionDate ?? null,
          },
          created: metadata.CreationDate?.getTime() ?? 0,
        });
      }
      states.sort((a, b) => a.state.version - b.state.version || a.created - b.created);
      return states.map(({ state }) => state);
    },
  } satisfies ProviderAdapter;
  return adapter;
}
