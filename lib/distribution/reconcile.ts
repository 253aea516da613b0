import 'server-only';
import { SYSTEM_ACTOR } from '@/lib/auth/actor';
import { recordEvent } from '@/lib/audit/record-event';
import { getKeyring, materialContext } from '@/lib/crypto/seal';
import { getDb, type Tx } from '@/lib/db/client';
import type { KeyType } from '@/lib/keys/key-types';
import { isVersionEnabled } from '@/lib/keys/views';
import { adapterFor, settingsOf } from '@/lib/providers/adapter-for';
import type { Protection, Purpose } from '@/lib/providers/capabilities';
import { ProofMismatchError, ProviderError, type DistributionRef, type ProviderAdapter, type VersionSpec } from '@/lib/providers/contract';
import { forEachConcurrently } from './concurrency';
import { paced } from './pacing';

/** Versions of one distribution imported at once (KEYWARDEN_DISTRIBUTION_CONCURRENCY). */
export const DEFAULT_CONCURRENCY = 8;

/** A failure the queue should retry later with backoff (the provider may recover). */
export class RetryLater extends Error {
  override readonly name = 'RetryLater';
}

export type ReconcileOutcome = 'in_sync' | 'failed' | 'removed' | 'gone';

type Loaded = NonNullable<Awaited<ReturnType<typeof load>>>;
type VersionRow = Loaded['versions'][number];

function load(distributionId: string) {
  return getDb().distribution.findUnique({
    where: { id: distributionId },
    include: { key: true, provider: true, versions: true },
  });
}

/** The failure as the operator sees it: the provider's code and message, never an internal detail. */
function describe(err: unknown): { text: string; retryable: boolean } {
  if (err instanceof ProviderError) return { text: `${err.code}: ${err.message}`, retryable: err.retryable };
  if (err instanceof ProofMismatchError) return { text: `Proof failed: ${err.message}`, retryable: false };
  return { text: `Internal error (${err instanceof Error ? err.name : 'error'}); see the worker log.`, retryable: true };
}

/**
 * The reconcile job (DESIGN.md §1): compares the desired state of one distribution (the key's
 * versions and min_enabled_version, or its removal) with what it recorded of the provider, and
 * does what is missing. Every remote id is recorded before the next step; a step whose outcome
 * is unknown (a crash after CreateKey) finds its object by tags before creating another. Cloud
 * calls never run inside a transaction; each recorded step is audited as the system, on behalf
 * of whoever asked.
 */
export async function reconcileDistribution(distributionId: string, options: { concurrency?: number } = {}): Promise<ReconcileOutcome> {
  const loaded = await load(distributionId);
  if (!loaded || loaded.state === 'removed') return 'gone';
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const adapter = adapterFor(await settingsOf(loaded.provider));
  const run = new Reconciler(loaded, adapter, concurrency);
  return loaded.removalRequestedAt ? run.remove() : run.sync();
}

class Reconciler {
  private readonly rows = new Map<number, VersionRow>();
  private readonly failures: { version: number; text: string; retryable: boolean }[] = [];
  /** Versions still throttled after pacing: retried later, never shown as an error. */
  private throttled = 0;
  private ref: DistributionRef;

  constructor(
    private readonly d: Loaded,
    private readonly adapter: ProviderAdapter,
    private readonly concurrency: number,
  ) {
    for (const row of d.versions) this.rows.set(row.version, row);
    this.ref = {
      keyName: d.key.name,
      keyType: d.key.type as KeyType,
      purposes: d.purposes as Purpose[],
      protection: d.protection as Protection,
      remoteName: d.remoteName ?? '',
    };
  }

  private call<T>(fn: () => Promise<T>): Promise<T> {
    return paced(this.d.provider.id, fn);
  }

  private async audit(action: string, outcome: 'succeeded' | 'failed', params: Record<string, unknown>, reason?: string) {
    await getDb().$transaction((tx) => this.auditIn(tx, action, outcome, params, reason));
  }

  private auditIn(tx: Tx, action: string, outcome: 'succeeded' | 'failed', params: Record<string, unknown>, reason?: string) {
    return recordEvent(tx, { actor: SYSTEM_ACTOR }, {
      action,
      target: `key:${this.d.key.name}`,
      outcome,
      params: { provider: this.d.provider.name, onBehalfOf: this.d.requestedBy, cause: this.d.requestedAction, ...params },
      reason: reason ?? null,
    });
  }

  /** Records a version's progress (and its audit event, in the same transaction). */
  private async record(version: number, data: Partial<VersionRow>, event?: { action: string; params: Record<string, unknown> }) {
    const row = await getDb().$transaction(async (tx) => {
      const saved = await tx.distributionVersion.upsert({
        where: { distributionId_version: { distributionId: this.d.id, version } },
        create: { distributionId: this.d.id, version, ...data, updatedAt: new Date() },
        update: { ...data, updatedAt: new Date() },
      });
      if (event) await this.auditIn(tx, event.action, 'succeeded', { version, ...event.params });
      return saved;
    });
    this.rows.set(version, row);
    return row;
  }

  private async spec(version: number): Promise<VersionSpec> {
    const row = await getDb().keyVersion.findUniqueOrThrow({ where: { keyId_version: { keyId: this.d.key.id, version } } });
    return {
      keyName: this.d.key.name,
      keyType: this.d.key.type as KeyType,
      version,
      purposes: this.ref.purposes,
      protection: this.ref.protection,
      material: getKeyring().open(row.sealedMaterial, materialContext(this.d.key.id, version)),
      publicKeyPem: row.publicKeyPem,
    };
  }

  private async setState(state: string, lastError: string | null, extra: object = {}) {
    // A removal requested meanwhile wins over a sync's outcome (its own job follows).
    const stillSyncing = state === 'removing' || state === 'removed' ? {} : { removalRequestedAt: null };
    await getDb().distribution.updateMany({ where: { id: this.d.id, ...stillSyncing }, data: { state, lastError, updatedAt: new Date(), ...extra } });
  }

  private async fail(version: number, err: unknown, action: string) {
    if (err instanceof ProviderError && err.throttled) {
      this.throttled++;
      return;
    }
    const { text, retryable } = describe(err);
    if (!(err instanceof ProviderError || err instanceof ProofMismatchError)) {
      console.error(`reconcile ${this.d.id} v${version}: ${err instanceof Error ? `${err.name}: ${err.message.split('\n')[0]}` : 'error'}`);
    }
    this.failures.push({ version, text, retryable });
    const row = this.rows.get(version);
    await getDb().$transaction(async (tx) => {
      await tx.distributionVersion.upsert({
        where: { distributionId_version: { distributionId: this.d.id, version } },
        create: { distributionId: this.d.id, version, state: retryable ? 'pending' : 'failed', attempts: 1, lastError: text },
        update: { state: retryable ? (row?.state ?? 'pending') : 'failed', attempts: { increment: 1 }, lastError: text, updatedAt: new Date() },
      });
      await this.auditIn(tx, action, 'failed', { version }, text);
    });
  }

  async sync(): Promise<ReconcileOutcome> {
    await this.setState('syncing', this.d.lastError);
    try {
      if (!this.d.remoteName) {
        const { remoteName } = await this.call(() => this.adapter.prepareDistribution(this.ref, null));
        await getDb().distribution.update({ where: { id: this.d.id }, data: { remoteName } });
        this.ref = { ...this.ref, remoteName };
      }
    } catch (err) {
      return this.conclude(err);
    }
    const versions = Array.from({ length: this.d.key.latestVersion }, (_, i) => i + 1);
    await forEachConcurrently(versions, this.concurrency, (v) => this.syncVersion(v));
    try {
      await this.pointCurrent();
    } catch (err) {
      return this.conclude(err);
    }
    return this.conclude(null);
  }

  private async syncVersion(version: number) {
    const wantEnabled = isVersionEnabled(version, this.d.key.minEnabledVersion);
    try {
      let row = this.rows.get(version);
      if (!row?.provenAt) {
        const spec = await this.spec(version);
        try {
          let remoteId = row?.remoteId ?? null;
          if (!remoteId && row?.createStartedAt) {
            remoteId = await this.call(() => this.adapter.locateVersion(this.ref, version));
            if (remoteId) row = await this.record(version, { remoteId });
          }
          if (!remoteId) row = await this.record(version, { state: 'importing', createStartedAt: new Date() });
          const imported = await this.call(() =>
            this.adapter.importVersion(this.ref, spec, remoteId, async (id) => {
              remoteId = id;
              await this.record(version, { remoteId: id });
            }),
          );
          const proof = await this.call(() => this.adapter.proveVersion(this.ref, spec, imported.remoteId));
          row = await this.record(
            version,
            { state: 'in_sync', remoteId: imported.remoteId, enabled: true, provenAt: new Date(), proof: proof.method, lastError: null, attempts: 0 },
            { action: 'distribution.version_imported', params: { remoteId: imported.remoteId, proof: proof.method } },
          );
        } finally {
          spec.material.fill(0);
        }
      }
      if (row.enabled !== wantEnabled && row.remoteId) {
        const remoteId = row.remoteId;
        await this.call(() => this.adapter.setVersionEnabled(this.ref, version, remoteId, wantEnabled));
        await this.record(
          version,
          { enabled: wantEnabled, state: 'in_sync', lastError: null },
          { action: wantEnabled ? 'distribution.version_enabled' : 'distribution.version_disabled', params: { remoteId } },
        );
      } else if (row.state !== 'in_sync' || row.lastError) {
        await this.record(version, { state: 'in_sync', lastError: null });
      }
    } catch (err) {
      await this.fail(version, err, 'distribution.version_sync');
    }
  }

  /** The provider's default pointer (AWS: the main alias) follows the newest enabled, proven version. */
  private async pointCurrent() {
    const target = [...this.rows.values()]
      .filter((r) => r.provenAt && r.remoteId && isVersionEnabled(r.version, this.d.key.minEnabledVersion) && r.version <= this.d.key.latestVersion)
      .sort((a, b) => b.version - a.version)[0];
    const current = target ? { version: target.version, remoteId: target.remoteId! } : null;
    if ((current?.version ?? null) === this.d.currentVersion) return;
    await this.call(() => this.adapter.pointCurrent(this.ref, current));
    await getDb().$transaction(async (tx) => {
      await tx.distribution.update({ where: { id: this.d.id }, data: { currentVersion: current?.version ?? null } });
      await this.auditIn(tx, 'distribution.current_moved', 'succeeded', { version: current?.version ?? null, remoteId: current?.remoteId ?? null });
    });
  }

  private async conclude(err: unknown): Promise<ReconcileOutcome> {
    if (err instanceof ProviderError && err.throttled) {
      this.throttled++;
    } else if (err) {
      const { text, retryable } = describe(err);
      this.failures.push({ version: 0, text, retryable });
      await this.audit('distribution.sync', 'failed', {}, text);
    }
    if (this.failures.length === 0 && this.throttled === 0) {
      await this.setState('in_sync', null, { syncedAt: new Date() });
      return 'in_sync';
    }
    if (this.failures.length === 0) {
      await this.setState('syncing', null);
      throw new RetryLater(`${this.throttled} step(s) still throttled by the provider; paced and retried`);
    }
    const summary = this.failures.length === 1 ? this.failures[0]!.text : `${this.failures.length} versions failed; first: ${this.failures[0]!.text}`;
    if (this.failures.some((f) => f.retryable)) {
      await this.setState('syncing', summary);
      throw new RetryLater(summary);
    }
    await this.setState('failed', summary);
    return 'failed';
  }

  async remove(): Promise<ReconcileOutcome> {
    await this.setState('removing', null);
    const pendingWindowDays = this.d.pendingWindowDays ?? 30;
    const rows = [...this.rows.values()].filter((r) => r.state !== 'removed');
    await forEachConcurrently(rows, this.concurrency, async (row) => {
      try {
        let remoteId = row.remoteId;
        if (!remoteId && row.createStartedAt) remoteId = await this.call(() => this.adapter.locateVersion(this.ref, row.version));
        if (!remoteId) {
          await this.record(row.version, { state: 'removed', lastError: null });
          return;
        }
        const id = remoteId;
        const removal = await this.call(() => this.adapter.removeVersion(this.ref, row.version, id, { pendingWindowDays }));
        await this.record(
          row.version,
          { state: 'removed', remoteId: id, enabled: false, deletionDate: removal.deletionDate, lastError: null },
          { action: 'distribution.version_removed', params: { remoteId: id, deletionDate: removal.deletionDate?.toISOString() ?? null, detail: removal.detail } },
        );
      } catch (err) {
        await this.fail(row.version, err, 'distribution.version_remove');
      }
    });
    if (this.failures.length === 0 && this.throttled === 0) {
      try {
        // Never prepared (removed before its first sync): nothing key-wide exists remotely.
        const removal = this.d.remoteName
          ? await this.call(() => this.adapter.removeDistribution(this.ref, { pendingWindowDays, purge: this.d.purge }))
          : { deletionDate: null, detail: 'Nothing had reached the provider yet' };
        await getDb().$transaction(async (tx) => {
          await tx.distribution.update({
            where: { id: this.d.id },
            data: {
              state: 'removed',
              lastError: null,
              currentVersion: null,
              removalDetail: removal.detail,
              removalDeletionDate: removal.deletionDate,
              updatedAt: new Date(),
            },
          });
          // Azure deletes whole keys: the key's purge date is each version's.
          if (removal.deletionDate) {
            await tx.distributionVersion.updateMany({ where: { distributionId: this.d.id, deletionDate: null }, data: { deletionDate: removal.deletionDate } });
          }
          await this.auditIn(tx, 'distribution.removed', 'succeeded', { deletionDate: removal.deletionDate?.toISOString() ?? null, detail: removal.detail });
        });
        return 'removed';
      } catch (err) {
        if (err instanceof ProviderError && err.throttled) this.throttled++;
        else this.failures.push({ version: 0, ...describe(err) });
      }
    }
    if (this.failures.length === 0) throw new RetryLater('still throttled by the provider; paced and retried');
    const summary = this.failures[0]!.text;
    await this.setState('removing', summary);
    if (this.failures.some((f) => f.retryable)) throw new RetryLater(summary);
    return 'failed';
  }
}
