import { isVersionEnabled } from '@/lib/keys/views';
import type { ProviderKind } from '@/lib/providers/capabilities';

export interface DistributionVersionView {
  remoteId: string | null;
  /** As last set in the provider (null: not imported yet). */
  enabled: boolean | null;
  /** What min_enabled_version asks for. */
  wantEnabled: boolean;
  state: string;
  provenAt: Date | null;
  proof: string | null;
  error: string | null;
  attempts: number;
  deletionDate: Date | null;
}

export interface DistributionView {
  provider: string;
  providerKind: ProviderKind;
  key: string;
  purposes: string[];
  protection: string;
  state: string;
  remoteName: string | null;
  currentVersion: number | null;
  error: string | null;
  syncedAt: Date | null;
  /** `detail` and `deletionDate`: what the provider reported once the removal finished. */
  removal: { requestedAt: Date; pendingWindowDays: number | null; purge: boolean; detail: string | null; deletionDate: Date | null } | null;
  /** Versions that reached their desired state, of all there are (for the progress bar). */
  progress: { done: number; total: number };
  versions: Record<string, DistributionVersionView>;
}

export interface DistributionRow {
  state: string;
  purposes: string[];
  protection: string;
  remoteName: string | null;
  currentVersion: number | null;
  lastError: string | null;
  syncedAt: Date | null;
  removalRequestedAt: Date | null;
  pendingWindowDays: number | null;
  purge: boolean;
  removalDetail: string | null;
  removalDeletionDate: Date | null;
  key: { name: string; latestVersion: number; minEnabledVersion: number };
  provider: { name: string; kind: string };
  versions: {
    version: number;
    state: string;
    remoteId: string | null;
    enabled: boolean | null;
    provenAt: Date | null;
    proof: string | null;
    attempts: number;
    lastError: string | null;
    deletionDate: Date | null;
  }[];
}

export const DISTRIBUTION_VIEW_INCLUDE = {
  key: { select: { name: true, latestVersion: true, minEnabledVersion: true } },
  provider: { select: { name: true, kind: true } },
  versions: { orderBy: { version: 'asc' as const } },
};

export function toDistributionView(row: DistributionRow): DistributionView {
  const byVersion = new Map(row.versions.map((v) => [v.version, v]));
  const removing = row.removalRequestedAt !== null;
  const versions: Record<string, DistributionVersionView> = {};
  let done = 0;
  const total = removing ? row.versions.length : row.key.latestVersion;
  const numbers = removing ? row.versions.map((v) => v.version) : Array.from({ length: row.key.latestVersion }, (_, i) => i + 1);
  for (const version of numbers) {
    const v = byVersion.get(version);
    const wantEnabled = !removing && isVersionEnabled(version, row.key.minEnabledVersion);
    const reached = removing ? v?.state === 'removed' : v?.state === 'in_sync' && v.enabled === wantEnabled;
    if (reached) done++;
    versions[String(version)] = {
      remoteId: v?.remoteId ?? null,
      enabled: v?.enabled ?? null,
      wantEnabled,
      state: v?.state ?? 'pending',
      provenAt: v?.provenAt ?? null,
      proof: v?.proof ?? null,
      error: v?.lastError ?? null,
      attempts: v?.attempts ?? 0,
      deletionDate: v?.deletionDate ?? null,
    };
  }
  return {
    provider: row.provider.name,
    providerKind: row.provider.kind as ProviderKind,
    key: row.key.name,
    purposes: row.purposes,
    protection: row.protection,
    state: row.state,
    remoteName: row.remoteName,
    currentVersion: row.currentVersion,
    error: row.lastError,
    syncedAt: row.syncedAt,
    removal: row.removalRequestedAt
      ? {
          requestedAt: row.removalRequestedAt,
          pendingWindowDays: row.pendingWindowDays,
          purge: row.purge,
          detail: row.removalDetail,
          deletionDate: row.removalDeletionDate,
        }
      : null,
    progress: { done, total },
    versions,
  };
}
