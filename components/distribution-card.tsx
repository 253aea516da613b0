'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { retryDistributionAction } from '@/lib/actions/distributions';
import type { KeyType } from '@/lib/keys/key-types';
import { PROVIDER_KIND_LABELS } from '@/lib/providers/capabilities';
import { DistributeForm, type ProviderChoice } from './distribute-form';
import { distributionsQueryKey, pollInterval, SyncBadge, SyncProgress, type DistributionVersionWire, type DistributionWire } from './distribution-state';
import { formatUtc } from './format';
import { UNREACHABLE } from './forms';
import { RemoveFromProviderDialog } from './remove-from-provider-dialog';
import { useToast } from './toast';
import { buttonClasses } from './ui/button';
import { tableClasses } from './ui/classes';
import { cn } from './ui/cn';
import { Spinner } from './ui/spinner';
import { Notice, noticeClasses } from './ui/notice';

async function fetchDistributions(key: string): Promise<DistributionWire[]> {
  const response = await fetch(`/api/keys/${encodeURIComponent(key)}/distributions`, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) throw new Error(`GET /api/keys/${key}/distributions: ${response.status}`);
  return (await response.json()) as DistributionWire[];
}

interface Props {
  keyName: string;
  keyType: KeyType;
  latestVersion: number;
  minEnabledVersion: number;
  initial: DistributionWire[];
  providers: ProviderChoice[];
  removeApprovals: number;
  denied: { distribute?: string; remove?: string; retry?: string };
}

/**
 * The key's copies in every provider, polled: every 1.5 s while any is moving, every 10 s
 * otherwise. A rotation or a min_enabled_version change re-renders the page with new props, which
 * asks at once (the job has been enqueued with the change).
 */
export function DistributionCard({ keyName, keyType, latestVersion, minEnabledVersion, initial, providers, removeApprovals, denied }: Props) {
  const queryKey = distributionsQueryKey(keyName);
  const queryClient = useQueryClient();
  const { data: list = initial, isError } = useQuery({
    queryKey,
    queryFn: () => fetchDistributions(keyName),
    initialData: initial,
    refetchInterval: (query) => pollInterval(query.state.data),
    retry: false,
  });

  const seen = useRef({ latestVersion, minEnabledVersion });
  useEffect(() => {
    if (seen.current.latestVersion === latestVersion && seen.current.minEnabledVersion === minEnabledVersion) return;
    seen.current = { latestVersion, minEnabledVersion };
    void queryClient.invalidateQueries({ queryKey: distributionsQueryKey(keyName) });
  }, [latestVersion, minEnabledVersion, keyName, queryClient]);

  const holders = list.filter((d) => d.state !== 'removed').map((d) => d.provider);

  return (
    <>
      {isError && <p className="text-xs text-fg-muted p-4">The last refresh failed; showing what was known. Retrying…</p>}
      {list.length === 0 ? (
        <div className="flex flex-col items-center gap-2 px-6 py-10 text-center text-fg-muted">
          <p className="text-base font-semibold text-fg">Not distributed</p>
          <p>This key lives only in Keywarden. Distribute it to a provider below.</p>
        </div>
      ) : (
        <ul className="m-0 list-none p-0" aria-label="Providers holding this key">
          {list.map((d) => (
            <Distribution key={d.provider} d={d} removeApprovals={removeApprovals} denied={denied} />
          ))}
        </ul>
      )}
      <div className="p-4 border-t border-border-muted flex flex-col gap-2">
        <h3 className="text-sm font-semibold">Distribute to a provider</h3>
        {denied.distribute ? (
          <p className="text-xs text-fg-muted">{denied.distribute}</p>
        ) : (
          <DistributeForm keyName={keyName} keyType={keyType} providers={providers} holders={holders} />
        )}
      </div>
    </>
  );
}

interface DistributionProps {
  d: DistributionWire;
  removeApprovals: number;
  denied: Props['denied'];
}

function Distribution({ d, removeApprovals, denied }: DistributionProps) {
  const versions = Object.entries(d.versions).sort(([a], [b]) => Number(a) - Number(b));
  const removal = d.removal !== null;
  const azure = d.providerKind === 'azurekeyvault';
  // What the provider reported once the removal finished (Azure: the key's scheduled purge).
  const outcome = d.state === 'removed' ? d.removal : null;
  const keyDeletionDate = outcome?.deletionDate ?? null;
  // Unfinished work can always be retried at once (it only runs the reconcile job now).
  const unfinished = d.state !== 'in_sync' && d.state !== 'removed';
  const failing = unfinished || d.error !== null || versions.some(([, v]) => v.error !== null);

  return (
    <li className="distribution border-t border-border-muted first:border-t-0" data-provider={d.provider} data-state={d.state}>
      <div className="flex items-start justify-between gap-4 px-4 py-3">
        <div>
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-mono font-semibold">{d.provider}</span>
            <span className="text-fg-muted">{PROVIDER_KIND_LABELS[d.providerKind]}</span>
            <SyncBadge state={d.state} />
          </div>
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-fg-muted">
            <span>
              Remote name: <span className="font-mono">{d.remoteName ?? '—'}</span>
            </span>
            <span>Purposes: {d.purposes.join(', ')}</span>
            <span>Protection: {d.protection}</span>
            {d.syncedAt && <span>Synced {formatUtc(d.syncedAt)}</span>}
            {d.removal && (
              <span>
                Removal requested {formatUtc(d.removal.requestedAt)}
                {!azure && d.removal.pendingWindowDays !== null && ` · ${d.removal.pendingWindowDays}-day pending window`}
                {azure && (d.removal.purge ? ' · purge requested' : ' · soft delete, no purge')}
              </span>
            )}
          </div>
          <SyncProgress d={d} label={`Progress in ${d.provider}`} />
        </div>
        <div className="flex items-start justify-end gap-2">
          {failing && <RetryButton provider={d.provider} keyName={d.key} deniedReason={denied.retry} />}
          {!removal && d.state !== 'removed' && (
            <RemoveFromProviderDialog
              provider={d.provider}
              providerKind={d.providerKind}
              keyName={d.key}
              requiredApprovals={removeApprovals}
              deniedReason={denied.remove}
            />
          )}
        </div>
      </div>
      {outcome?.detail && (
        <p className="text-xs text-fg-muted mx-4 mb-3" data-testid="removal-detail">
          {outcome.detail}.
        </p>
      )}
      {d.error && (
        <Notice tone="error" className="mx-4 mb-3" data-testid="distribution-error">
          {d.error}
        </Notice>
      )}
      <div className="relative overflow-x-auto">
        <table className={cn(tableClasses, 'border-t border-border-muted')} aria-label={`Versions in ${d.provider}`}>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Remote id</th>
              <th scope="col">Enabled</th>
              <th scope="col">State</th>
              <th scope="col">Proven</th>
              {removal && <th scope="col">{azure ? 'Purge date' : 'Deletion date'}</th>}
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {versions.map(([version, v]) => (
              <VersionRow key={version} version={version} v={v} removal={removal} deletionDate={v.deletionDate ?? keyDeletionDate} />
            ))}
          </tbody>
        </table>
      </div>
    </li>
  );
}

function VersionRow({ version, v, removal, deletionDate }: { version: string; v: DistributionVersionWire; removal: boolean; deletionDate: string | null }) {
  const enabled = v.enabled === null ? '—' : v.enabled ? 'enabled' : 'disabled';
  const changing = !removal && v.enabled !== null && v.enabled !== v.wantEnabled;
  return (
    <tr data-version={version} data-state={v.state} data-enabled={v.enabled === null ? undefined : String(v.enabled)}>
      <td className="font-semibold">{version}</td>
      <td className="whitespace-nowrap font-mono text-xs">{v.remoteId ?? <span className="text-fg-muted">—</span>}</td>
      <td>
        {enabled}
        {changing && <span className="text-fg-muted"> → {v.wantEnabled ? 'enabling' : 'disabling'}</span>}
      </td>
      <td>
        <SyncBadge state={v.state} />
      </td>
      <td>
        {v.provenAt ? (
          <span className="flex flex-col gap-0.5">
            <time dateTime={v.provenAt}>{formatUtc(v.provenAt)}</time>
            {v.proof && <span className="block max-w-[320px] text-[11px] text-fg-muted">{v.proof}</span>}
          </span>
        ) : (
          <span className="text-fg-muted">—</span>
        )}
      </td>
      {removal && <td data-testid="deletion-date">{deletionDate ? <time dateTime={deletionDate}>{formatUtc(deletionDate)}</time> : <span className="text-fg-muted">—</span>}</td>}
      <td className="[overflow-wrap:anywhere]">
        {v.error ? (
          <span className={noticeClasses({ tone: 'error', size: 'sm' })}>
            {v.error}
            {v.attempts > 1 && <span className="text-fg-muted"> ({v.attempts} attempts)</span>}
          </span>
        ) : (
          <span className="text-fg-muted">—</span>
        )}
      </td>
    </tr>
  );
}

function RetryButton({ provider, keyName, deniedReason }: { provider: string; keyName: string; deniedReason?: string }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const inFlight = useRef(false);
  const retry = useMutation({
    mutationFn: () => retryDistributionAction(provider, keyName),
    onSuccess: (result) => {
      if (result.ok) {
        toast(result.message ?? `Retrying "${keyName}" in "${provider}" now.`);
        void queryClient.invalidateQueries({ queryKey: distributionsQueryKey(keyName) });
      } else {
        toast(result.error, 'error');
      }
    },
    onError: () => toast(UNREACHABLE, 'error'),
    onSettled: () => {
      inFlight.current = false;
    },
  });
  return (
    <button
      type="button"
      className={buttonClasses({ size: 'sm' })}
      disabled={retry.isPending || Boolean(deniedReason)}
      title={deniedReason}
      aria-busy={retry.isPending || undefined}
      onClick={() => {
        if (inFlight.current) return;
        inFlight.current = true;
        retry.mutate();
      }}
    >
      {retry.isPending && <Spinner />}
      Retry now
    </button>
  );
}
