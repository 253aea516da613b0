import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { authorizeRead } from '@/lib/auth/authorize';
import { getDb } from '@/lib/db/client';
import { parseInput } from '@/lib/validation';
import { installationId } from './installation';
import { providerNotFound } from './lock-provider';
import { providerRef } from './schemas';
import { PROVIDER_VIEW_SELECT, toProviderView, type ProviderView } from './views';

export interface ProviderListItem extends ProviderView {
  /** Distributions by state (removed ones excluded). */
  keys: Record<string, number>;
}

async function keysByState(providerIds: string[]) {
  const groups = await getDb().distribution.groupBy({
    by: ['providerId', 'state'],
    where: { providerId: { in: providerIds }, state: { not: 'removed' } },
    _count: { _all: true },
  });
  const byProvider = new Map<string, Record<string, number>>();
  for (const g of groups) {
    const states = byProvider.get(g.providerId) ?? {};
    states[g.state] = g._count._all;
    byProvider.set(g.providerId, states);
  }
  return byProvider;
}

export async function listProviders(ctx: UseCaseContext): Promise<{ installationId: string; providers: ProviderListItem[] }> {
  await authorizeRead(ctx, 'provider.read');
  const rows = await getDb().provider.findMany({ select: PROVIDER_VIEW_SELECT, orderBy: { name: 'asc' } });
  const states = await keysByState(rows.map((r) => r.id));
  return {
    installationId: await installationId(),
    providers: rows.map((row) => ({ ...toProviderView(row), keys: states.get(row.id) ?? {} })),
  };
}

export async function getProvider(input: unknown, ctx: UseCaseContext): Promise<ProviderListItem> {
  await authorizeRead(ctx, 'provider.read');
  const { name } = parseInput(providerRef, input);
  const row = await getDb().provider.findUnique({ where: { name }, select: PROVIDER_VIEW_SELECT });
  if (!row) throw providerNotFound(name);
  return { ...toProviderView(row), keys: (await keysByState([row.id])).get(row.id) ?? {} };
}
