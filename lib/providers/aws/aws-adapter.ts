import 'server-only';
import { DisableKeyCommand, EnableKeyCommand, ListAliasesCommand, ListKeysCommand, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { ProviderError, type ProviderAdapter, type ProviderSettings, type RemovalResult, type RemoteVersionState } from '../contract';
import { pointAlias, removeAlias, type AliasRemoval } from './aliases';
import { createKms, type Kms } from './client';
import { isKmsError } from './errors';
import { createVersionKey, describeKey, importMaterial, resumePoint } from './import';
import { awsKeyShape } from './key-spec';
import { mainAlias, versionAlias, type Owner } from './names';
import { proveVersion } from './proof';
import { belongsTo, ownedKeysFor, ownerWords, tagsOf } from './tags';

export interface AwsAdapterOptions {
  /** SDK attempts per call (default 3; CreateKey always 1, see Kms.callOnce); the reconcile job retries beyond that. */
  maxAttempts?: number;
}

const dateOnly = (date: Date) => date.toISOString().slice(0, 10);
/** KMS's shortest pending window: an extra copy found by locateVersion goes as soon as KMS allows. */
export const EXTRA_COPY_PENDING_DAYS = 7;

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

/**
 * The AWS KMS adapter: each Keywarden version is its own KMS key with imported material (DESIGN.md §1).
 * Every key carries the installation and provider tags (names.ts); each ownership check — lookup,
 * alias move or removal, deletion — needs both, so two providers of one installation on one
 * account and region stay apart, and the second to distribute a key meets AliasOwnedElsewhere.
 * CreateKey is sent once (a lost answer is found by locateVersion, never created again), and
 * locateVersion schedules any extra copy of a version for deletion in 7 days.
 */
export function createAwsAdapter(settings: ProviderSettings, options: AwsAdapterOptions = {}): ProviderAdapter {
  if (settings.kind !== 'awskms') throw new Error(`createAwsAdapter needs an awskms provider, not ${settings.kind}`);
  const kms = createKms(settings, options);
  const owner: Owner = { installationId: settings.installationId, provider: settings.name };

  const adapter = {
    kind: 'awskms',

    testConnection: () => testConnection(kms),

    async prepareDistribution(dist, recorded) {
      awsKeyShape(dist.keyType, dist.purposes);
      return { remoteName: recorded ?? mainAlias(dist.keyName) };
    },

    /**
     * Should two copies of one version exist (a create whose answer was lost, then retried), the
     * one holding material wins, then the oldest; every other is unrecorded (the job locates only
     * when nothing is recorded) and is scheduled for deletion with the shortest window, so it can
     * never be used. Only keys tagged with this installation *and* provider are candidates.
     */
    async locateVersion(dist, version) {
      const candidates = (await ownedKeysFor(kms, owner, dist.keyName)).filter((key) => key.version === version);
      const usable: { keyId: string; created: number; hasMaterial: boolean }[] = [];
      for (const { keyId } of candidates) {
        const metadata = await describeKey(kms, keyId);
        if (!metadata || metadata.KeyState === 'PendingDeletion') continue;
        usable.push({ keyId, created: metadata.CreationDate?.getTime() ?? 0, hasMaterial: metadata.KeyState !== 'PendingImport' });
      }
      // Should an earlier bug have left two, prefer the one that already holds material, then the oldest.
      usable.sort((a, b) => Number(b.hasMaterial) - Number(a.hasMaterial) || a.created - b.created || a.keyId.localeCompare(b.keyId));
      for (const extra of usable.slice(1)) await scheduleDeletion(kms, extra.keyId, EXTRA_COPY_PENDING_DAYS);
      return usable[0]?.keyId ?? null;
    },

    async importVersion(dist, spec, remoteId, onRemoteId) {
      let keyId = remoteId;
      let step: 'import' | 'done' = 'import';
      if (keyId === null) {
        keyId = await createVersionKey(kms, owner, spec);
        await onRemoteId(keyId);
      } else {
        step = await resumePoint(kms, owner, spec, keyId);
      }
      if (step === 'import') await importMaterial(kms, keyId, spec);
      await pointAlias(kms, owner, versionAlias(dist.remoteName, spec.version), keyId);
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
      if (current === null) await removeAlias(kms, owner, alias);
      else await pointAlias(kms, owner, alias, current.remoteId);
    },

    async removeVersion(dist, version, remoteId, { pendingWindowDays }): Promise<RemovalResult> {
      const alias = versionAlias(dist.remoteName, version);
      const aliasRemoval = await removeAlias(kms, owner, alias);
      const tags = await tagsOf(kms, remoteId);
      if (tags === null) return { deletionDate: null, detail: `KMS key ${remoteId} is already gone; ${aliasWords(alias, aliasRemoval)}` };
      if (!belongsTo(tags, owner)) {
        throw new ProviderError('KeyNotOwned', `KMS key ${remoteId} is not tagged as provider ${owner.provider}'s of this installation, ${ownerWords(tags, owner)}; Keywarden does not delete it.`, {
          retryable: false,
        });
      }
      const { deletionDate, words } = await scheduleDeletion(kms, remoteId, pendingWindowDays);
      return { deletionDate, detail: `${words}; ${aliasWords(alias, aliasRemoval)}` };
    },

    async removeDistribution(dist): Promise<RemovalResult> {
      const alias = dist.remoteName;
      return { deletionDate: null, detail: aliasWords(alias, await removeAlias(kms, owner, alias)) };
    },

    async inspect(dist): Promise<RemoteVersionState[]> {
      const keys = await ownedKeysFor(kms, owner, dist.keyName);
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
