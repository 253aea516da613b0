import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { authorizeRead } from '@/lib/auth/authorize';
import { getDb, type Prisma } from '@/lib/db/client';
import { listKeysQuery, type ListKeysQuery } from './schemas';
import { toKeySummary, type KeySummary } from './views';

export interface KeyPage {
  items: KeySummary[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
  query: ReturnType<typeof listKeysQuery.parse>;
}

const ORDER: Record<string, (dir: Prisma.SortOrder) => Prisma.KeyOrderByWithRelationInput[]> = {
  name: (dir) => [{ name: dir }],
  type: (dir) => [{ type: dir }, { name: 'asc' }],
  created: (dir) => [{ createdAt: dir }, { name: 'asc' }],
  updated: (dir) => [{ updatedAt: dir }, { name: 'asc' }],
  versions: (dir) => [{ latestVersion: dir }, { name: 'asc' }],
};

/** Server-side search, filter, sort and pagination. Bad query values fall back to defaults. */
export async function listKeys(input: ListKeysQuery, ctx: UseCaseContext): Promise<KeyPage> {
  await authorizeRead(ctx, 'key.read');
  const db = ctx.tx ?? getDb();
  const query = listKeysQuery.parse(input);
  const where: Prisma.KeyWhereInput = {
    // The search box finds a key by name, description, owner (case-insensitive parts) or a whole tag.
    ...(query.q
      ? {
          OR: [
            { name: { contains: query.q, mode: 'insensitive' } },
            { description: { contains: query.q, mode: 'insensitive' } },
            { owner: { contains: query.q, mode: 'insensitive' } },
            { tags: { has: query.q.toLowerCase() } },
          ],
        }
      : {}),
    ...(query.type ? { type: query.type } : {}),
  };
  const [total, rows] = await Promise.all([
    db.key.count({ where }),
    db.key.findMany({
      where,
      orderBy: ORDER[query.sort]!(query.dir),
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
  ]);
  return {
    items: rows.map(toKeySummary),
    total,
    page: query.page,
    pageSize: query.pageSize,
    pageCount: Math.max(1, Math.ceil(total / query.pageSize)),
    query,
  };
}
