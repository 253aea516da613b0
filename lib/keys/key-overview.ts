import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { authorizeRead } from '@/lib/auth/authorize';
import { getDb } from '@/lib/db/client';
import { KEY_TYPE_NAMES, type KeyType } from './key-types';
import { toKeySummary, type KeySummary } from './views';

export interface KeyOverview {
  totalKeys: number;
  totalVersions: number;
  byType: { type: KeyType; keys: number; versions: number }[];
  recentlyChanged: KeySummary[];
}

export async function getKeyOverview(ctx: UseCaseContext): Promise<KeyOverview> {
  await authorizeRead(ctx, 'key.read');
  const db = ctx.tx ?? getDb();
  const [groups, recent] = await Promise.all([
    db.key.groupBy({ by: ['type'], _count: { _all: true }, _sum: { latestVersion: true } }),
    db.key.findMany({ orderBy: [{ updatedAt: 'desc' }, { name: 'asc' }], take: 8 }),
  ]);
  // Versions are never removed, only added, so a key holds exactly latest_version of them.
  const byType = KEY_TYPE_NAMES.map((type) => {
    const group = groups.find((g) => g.type === type);
    return { type, keys: group?._count._all ?? 0, versions: group?._sum.latestVersion ?? 0 };
  });
  return {
    totalKeys: byType.reduce((n, t) => n + t.keys, 0),
    totalVersions: byType.reduce((n, t) => n + t.versions, 0),
    byType,
    recentlyChanged: recent.map(toKeySummary),
  };
}
