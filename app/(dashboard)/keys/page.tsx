import type { Metadata } from 'next';
import Link from 'next/link';
import { pageContext, readOrForbidden } from '@/app/_lib/page-read';
import { KeysFilters } from '@/components/keys-filters';
import { KeysTable, type KeySort, type SortLinks } from '@/components/keys-table';
import { buttonClasses } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { can } from '@/lib/auth/permissions';
import { listKeys, type KeyPage } from '@/lib/keys/list-keys';

export const metadata: Metadata = { title: 'Keys' };

type SearchParams = Record<string, string | string[] | undefined>;
type Query = KeyPage['query'];
type Sort = Query['sort'];

const DEFAULTS = { sort: 'name', dir: 'asc', page: 1, pageSize: 25 } as const;
// Newest, latest-versioned first is what one usually wants from these columns.
const FIRST_DIR: Record<Sort, 'asc' | 'desc'> = { name: 'asc', type: 'asc', created: 'desc', updated: 'desc', versions: 'desc' };

/** /keys with the current query changed by `change`; defaults are left out of the URL. */
function keysHref(query: Query, change: Partial<Query>): string {
  const next = { ...query, ...change };
  const params = new URLSearchParams();
  if (next.q) params.set('q', next.q);
  if (next.type) params.set('type', next.type);
  if (next.sort !== DEFAULTS.sort || next.dir !== DEFAULTS.dir) {
    params.set('sort', next.sort);
    params.set('dir', next.dir);
  }
  if (next.page !== DEFAULTS.page) params.set('page', String(next.page));
  if (next.pageSize !== DEFAULTS.pageSize) params.set('pageSize', String(next.pageSize));
  const search = params.toString();
  return search ? `/keys?${search}` : '/keys';
}

export default async function KeysPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await pageContext();
  const { actor } = ctx;
  const canCreate = can(actor.roles, 'key.create');
  const raw = await searchParams;
  // Repeated parameters (?q=a&q=b): the first wins. listKeys validates and falls back to defaults.
  const input = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const result = await readOrForbidden(listKeys(input, ctx));
  const { query, items, total, page, pageCount, pageSize } = result;
  const filtered = Boolean(query.q || query.type);
  const sorts = Object.fromEntries(
    (Object.keys(FIRST_DIR) as KeySort[]).map((sort) => {
      const active = query.sort === sort;
      const dir = active ? (query.dir === 'asc' ? 'desc' : 'asc') : FIRST_DIR[sort];
      return [sort, { href: keysHref(query, { sort, dir, page: 1 }), active, dir: query.dir }];
    }),
  ) as SortLinks;

  return (
    <>
      <PageHeader
        title="Keys"
        actions={
          canCreate && (
            <Link href="/new-key" className={buttonClasses({ variant: 'primary' })}>
              New key
            </Link>
          )
        }
      />

      <KeysFilters
        q={query.q ?? ''}
        type={query.type ?? ''}
        pageSize={query.pageSize}
        keep={query.sort !== DEFAULTS.sort || query.dir !== DEFAULTS.dir ? { sort: query.sort, dir: query.dir } : {}}
      />

      <Card>
        {items.length === 0 ? (
          total > 0 ? (
            <EmptyState
              title={`No page ${page}`}
              action={
                <Link href={keysHref(query, { page: pageCount })} className={buttonClasses()}>
                  Go to the last page
                </Link>
              }
            >
              <p>{pageCount === 1 ? 'These keys fit on 1 page.' : `These keys fit on ${pageCount} pages.`}</p>
            </EmptyState>
          ) : filtered ? (
            <EmptyState
              title="No keys match these filters"
              action={
                <Link href={keysHref(query, { q: undefined, type: undefined, page: 1 })} className={buttonClasses()}>
                  Clear filters
                </Link>
              }
            >
              <p>Try another name or type.</p>
            </EmptyState>
          ) : (
            <EmptyState
              title="No keys yet"
              action={
                canCreate && (
                  <Link href="/new-key" className={buttonClasses({ variant: 'primary' })}>
                    Create your first key
                  </Link>
                )
              }
            >
              <p>Keywarden generates the key material, seals it, and keeps every version.</p>
            </EmptyState>
          )
        ) : (
          <KeysTable
            rows={items.map(({ id, name, type, latestVersion, minEnabledVersion, createdAt, updatedAt }) => ({ id, name, type, latestVersion, minEnabledVersion, createdAt, updatedAt }))}
            sorts={sorts}
          />
        )}
      </Card>

      <Pagination
        page={page}
        pageCount={pageCount}
        total={total}
        shown={items.length}
        pageSize={pageSize}
        noun={['key', 'keys']}
        href={(p) => keysHref(query, { page: p })}
        testId="keys-total"
      />
    </>
  );
}
