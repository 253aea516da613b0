import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import type { Tx } from '@/lib/db/client';
import { DomainError } from '@/lib/errors';
import type { KeyType } from '@/lib/keys/key-types';
import { lockKey } from '@/lib/keys/lock-key';
import { defineOperation } from '@/lib/operations/operation';
import { perform } from '@/lib/operations/perform';
import { normalizePurposes, PROVIDER_KIND_LABELS, refusal, type ProviderKind } from '@/lib/providers/capabilities';
import { providerNotFound } from '@/lib/providers/lock-provider';
import { reconcileJob } from './reconcile-job';
import { distributeInput } from './schemas';

type Input = { provider: string; key: string; purposes: string[]; protection: string };

async function checked(tx: Tx, { provider: providerName, key: keyName, purposes, protection }: Input, { lock }: { lock: boolean }) {
  const key = await lockKey(tx, keyName, { lock });
  // FOR SHARE: a provider being deleted right now is either gone or waits for this distribution.
  const [provider] = lock
    ? await tx.$queryRaw<{ id: string; kind: string; name: string }[]>`SELECT id, kind, name FROM providers WHERE name = ${providerName} FOR SHARE`
    : await tx.provider.findMany({ where: { name: providerName }, select: { id: true, kind: true, name: true } });
  if (!provider) throw providerNotFound(providerName);
  const why = refusal(provider.kind as ProviderKind, key.type as KeyType, purposes as never, protection as never);
  if (why) throw new DomainError('invalid_input', why, { purposes: [why] });
  const existing = await tx.distribution.findUnique({ where: { keyId_providerId: { keyId: key.id, providerId: provider.id } } });
  if (existing && existing.state !== 'removed') {
    throw new DomainError(
      'conflict',
      `Key "${keyName}" is already distributed to "${providerName}" (${existing.purposes.join('+')}, ${existing.protection}); purposes and protection are fixed once distributed.`,
    );
  }
  return { key, provider, existing };
}

/**
 * Distributes a key to a provider: records the desired copy and enqueues its reconcile job, which
 * imports every version (DESIGN.md §1). A copy removed earlier can be distributed again, afresh.
 */
export const distributeKeyOperation = defineOperation({
  id: 'key.distribute',
  label: 'Distribute a key to a provider',
  approvable: true,
  schema: distributeInput,
  recorded: ['provider', 'key', 'purposes', 'protection'],
  target: (p) => `key:${p.key}`,
  async plan(input, tx) {
    const { key, provider } = await checked(tx, input, { lock: false });
    const versions = key.latestVersion === 1 ? 'version 1' : `versions 1–${key.latestVersion}`;
    return `Distribute key "${key.name}" to ${PROVIDER_KIND_LABELS[provider.kind as ProviderKind]} provider "${provider.name}" for ${input.purposes.join('+')} (${input.protection}): import ${versions}.`;
  },
  async execute(input, _prepared: undefined, tx, ctx) {
    const { key, provider, existing } = await checked(tx, input, { lock: true });
    const data = {
      purposes: normalizePurposes(input.purposes),
      protection: input.protection,
      state: 'pending',
      remoteName: null,
      currentVersion: null,
      removalRequestedAt: null,
      pendingWindowDays: null,
      purge: false,
      removalDetail: null,
      removalDeletionDate: null,
      lastError: null,
      syncedAt: null,
      requestedBy: ctx.actor.username,
      requestedAction: 'key.distribute',
      updatedAt: new Date(),
    };
    if (existing) await tx.distributionVersion.deleteMany({ where: { distributionId: existing.id } });
    const distribution = existing
      ? await tx.distribution.update({ where: { id: existing.id }, data })
      : await tx.distribution.create({ data: { ...data, keyId: key.id, providerId: provider.id } });
    return { id: distribution.id, provider: provider.name, key: key.name, versions: key.latestVersion };
  },
  jobs: (result) => [reconcileJob(result.id)],
  resultRecord: (r) => ({ versions: r.versions }),
});

export const distributeKey = (input: unknown, ctx: UseCaseContext) => perform(distributeKeyOperation, input, ctx);
