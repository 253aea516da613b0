import type { Metadata } from 'next';
import Form from 'next/form';
import Link from 'next/link';
import { pageContext, readOrForbidden } from '@/app/_lib/page-read';
import { KeysTable, type KeySort, type SortLinks } from '@/components/keys-table';
import { buttonClasses } from '@/components/ui/button';
import { Field, inputBase } from '@/components/ui/field';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { cn } from '@/components/ui/cn';
import { can } from '@/lib/auth/permissions';
import { KEY_TYPE_NAMES, KEY_TYPES } from '@/lib/keys/key-types';
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

      {/* Keyed by the query so that the inputs show the URL's values after every navigation. */}
      <Form action="/keys" key={keysHref(query, {})} className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter keys">
        <Field id="filter-q" label="Search by name" inline>
          {(control) => (
            <input {...control} name="q" type="search" defaultValue={query.q ?? ''} placeholder="Name contains…" className={cn(inputBase, 'w-56 font-mono')} />
          )}
        </Field>
        <Field id="filter-type" label="Type" inline>
          {(control) => (
            <select {...control} name="type" defaultValue={query.type ?? ''} className={cn(inputBase, 'w-auto')}>
              <option value="">All types</option>
              {KEY_TYPE_NAMES.map((type) => (
                <option key={type} value={type}>
                  {KEY_TYPES[type].label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {(query.sort !== DEFAULTS.sort || query.dir !== DEFAULTS.dir) && (
          <>
            <input type="hidden" name="sort" value={query.sort} />
            <input type="hidden" name="dir" value={query.dir} />
          </>
        )}
        {query.pageSize !== DEFAULTS.pageSize && <input type="hidden" name="pageSize" value={query.pageSize} />}
        <button type="submit" className={buttonClasses()}>
          Apply
        </button>
        {filtered && (
          <Link href={keysHref(query, { q: undefined, type: undefined, page: 1 })} className={buttonClasses({ variant: 'link' })}>
            Clear filters
          </Link>
        )}
      </Form>

      <div className="card">
        {items.length === 0 ? (
          <div className="empty">
            {total > 0 ? (
              <>
                <p className="empty-title">Page {page} is past the end</p>
                <p>{pageCount === 1 ? 'There is 1 page.' : `There are ${pageCount} pages.`}</p>
                <Link href={keysHref(query, { page: pageCount })} className="btn">
                  Go to the last page
                </Link>
              </>
            ) : filtered ? (
              <>
                <p className="empty-title">No keys match these filters</p>
                <p>Try another name or type.</p>
                <Link href={keysHref(query, { q: undefined, type: undefined, page: 1 })} className="btn">
                  Clear filters
                </Link>
              </>
            ) : (
              <>
                <p className="empty-title">No keys yet</p>
                <p>Keywarden generates the key material, seals it, and keeps every version.</p>
                {canCreate && (
                  <Link href="/new-key" className="btn btn-primary">
                    Create your first key
                  </Link>
                )}
              </>
            )}
          </div>
        ) : (
          <KeysTable
            rows={items.map(({ id, name, type, latestVersion, minEnabledVersion, createdAt, updatedAt }) => ({ id, name, type, latestVersion, minEnabledVersion, createdAt, updatedAt }))}
            sorts={sorts}
          />
        )}
      </div>

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
