import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { authorizeRead } from '@/lib/auth/authorize';
import { getDb } from '@/lib/db/client';
import { keyRef } from '@/lib/keys/schemas';
import { keyNotFound } from '@/lib/keys/lock-key';
import { providerNotFound } from '@/lib/providers/lock-provider';
import { providerRef } from '@/lib/providers/schemas';
import { parseInput } from '@/lib/validation';
import { lockDistribution } from './lock-distribution';
import { distributionRef } from './schemas';
import { DISTRIBUTION_VIEW_INCLUDE, toDistributionView, type DistributionView } from './views';

export async function getDistribution(input: unknown, ctx: UseCaseContext): Promise<DistributionView> {
  await authorizeRead(ctx, 'provider.read');
  const { provider, key } = parseInput(distributionRef, input);
  const { id } = await lockDistribution(getDb(), provider, key, { lock: false });
  return toDistributionView(await getDb().distribution.findUniqueOrThrow({ where: { id }, include: DISTRIBUTION_VIEW_INCLUDE }));
}

/** A key's copies in every provider (removed ones included: they show the deletion dates). */
export async function listKeyDistributions(input: unknown, ctx: UseCaseContext): Promise<DistributionView[]> {
  await authorizeRead(ctx, 'key.read');
  const { name } = parseInput(keyRef, input);
  const key = await getDb().key.findUnique({ where: { name }, select: { id: true } });
  if (!key) throw keyNotFound(name);
  const rows = await getDb().distribution.findMany({ where: { keyId: key.id }, include: DISTRIBUTION_VIEW_INCLUDE, orderBy: { provider: { name: 'asc' } } });
  return rows.map(toDistributionView);
}

export async function listProviderDistributions(input: unknown, ctx: UseCaseContext): Promise<DistributionView[]> {
  await authorizeRead(ctx, 'provider.read');
  const { name } = parseInput(providerRef, input);
  const provider = await getDb().provider.findUnique({ where: { name }, select: { id: true } });
  if (!provider) throw providerNotFound(name);
  const rows = await getDb().distribution.findMany({
    where: { providerId: provider.id, state: { not: 'removed' } },
    include: DISTRIBUTION_VIEW_INCLUDE,
    orderBy: { key: { name: 'asc' } },
  });
  return rows.map(toDistributionView);
}
