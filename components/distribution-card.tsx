'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { retryDistributionAction } from '@/lib/actions/distributions';
import type { KeyType } from '@/lib/keys/key-types';
import { PROVIDER_KIND_LABELS } from '@/lib/providers/capabilities';
import { DistributeForm, type ProviderChoice } from './distribute-form';
import { distributionsQueryKey, pollInterval, StaleNotice, SyncBadge, SyncProgress, type DistributionWire } from './distribution-state';
import { DistributionVersionsTable } from './distribution-versions-table';
import { formatUtc } from './format';
import { UNREACHABLE } from './forms';
import { RemoveFromProviderDialog } from './remove-from-provider-dialog';
import { useToast } from './toast';
import { Button } from './ui/button';
import { EmptyState } from './ui/empty-state';
import { Notice } from './ui/notice';
import { Spinner } from './ui/spinner';

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
      {isError && <StaleNotice />}
      {list.length === 0 ? (
        <EmptyState title="Not distributed">
          <p>This key lives only in Keywarden. Distribute it to a provider below.</p>
        </EmptyState>
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
  const removal = d.removal !== null;
  const azure = d.providerKind === 'azurekeyvault';
  // What the provider reported once the removal finished (Azure: the key's scheduled purge).
  const outcome = d.state === 'removed' ? d.removal : null;
  const keyDeletionDate = outcome?.deletionDate ?? null;
  // Unfinished work can always be retried at once (it only runs the reconcile job now).
  const unfinished = d.state !== 'in_sync' && d.state !== 'removed';
  const failing = unfinished || d.error !== null || Object.values(d.versions).some((v) => v.error !== null);

  return (
    <li className="distribution border-t border-border-muted first:border-t-0" data-provider={d.provider} data-state={d.state}>
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2 px-4 py-3">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className="break-all font-mono font-semibold">{d.provider}</span>
            <span className="text-fg-muted">{PROVIDER_KIND_LABELS[d.providerKind]}</span>
            <SyncBadge state={d.state} />
          </div>
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-fg-muted">
            <span>
              Remote name: <span className="break-all font-mono">{d.remoteName ?? '—'}</span>
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
        <div className="flex flex-wrap items-start justify-end gap-2">
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
        <p className="mx-4 mb-3 text-xs text-fg-muted" data-testid="removal-detail">
          {outcome.detail}.
        </p>
      )}
      {d.error && (
        <Notice tone="error" className="mx-4 mb-3" data-testid="distribution-error">
          {d.error}
        </Notice>
      )}
      <div className="border-t border-border-muted">
        <DistributionVersionsTable provider={d.provider} versions={d.versions} removal={removal} azure={azure} keyDeletionDate={keyDeletionDate} />
      </div>
    </li>
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
    <Button
      size="sm"
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
    </Button>
  );
}
