import type { Metadata } from 'next';
import Form from 'next/form';
import Link from 'next/link';
import { pageContext, readOrForbidden } from '@/app/_lib/page-read';
import { Timestamp } from '@/components/timestamp';
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

function SortHeader({ query, sort, label, className }: { query: Query; sort: Sort; label: string; className?: string }) {
  const active = query.sort === sort;
  const dir = active ? (query.dir === 'asc' ? 'desc' : 'asc') : FIRST_DIR[sort];
  return (
    <th scope="col" className={className} aria-sort={active ? (query.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <Link href={keysHref(query, { sort, dir, page: 1 })} className={`sort-link${active ? ' sort-active' : ''}`}>
        {label}
        <span className="sort-indicator" aria-hidden="true">
          {active ? (query.dir === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </Link>
    </th>
  );
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
  const first = (page - 1) * pageSize + 1;

  return (
    <>
      <div className="page-header">
        <h1>Keys</h1>
        {canCreate && (
          <Link href="/new-key" className="btn btn-primary">
            New key
          </Link>
        )}
      </div>

      {/* Keyed by the query so that the inputs show the URL's values after every navigation. */}
      <Form action="/keys" key={keysHref(query, {})} className="filters" role="search" aria-label="Filter keys">
        <div className="field field-inline">
          <label htmlFor="filter-q">Search by name</label>
          <input id="filter-q" name="q" type="search" defaultValue={query.q ?? ''} placeholder="Name contains…" className="mono" />
        </div>
        <div className="field field-inline">
          <label htmlFor="filter-type">Type</label>
          <select id="filter-type" name="type" defaultValue={query.type ?? ''}>
            <option value="">All types</option>
            {KEY_TYPE_NAMES.map((type) => (
              <option key={type} value={type}>
                {KEY_TYPES[type].label}
              </option>
            ))}
          </select>
        </div>
        {(query.sort !== DEFAULTS.sort || query.dir !== DEFAULTS.dir) && (
          <>
            <input type="hidden" name="sort" value={query.sort} />
            <input type="hidden" name="dir" value={query.dir} />
          </>
        )}
        {query.pageSize !== DEFAULTS.pageSize && <input type="hidden" name="pageSize" value={query.pageSize} />}
        <button type="submit" className="btn">
          Apply
        </button>
        {filtered && (
          <Link href={keysHref(query, { q: undefined, type: undefined, page: 1 })} className="btn btn-link">
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
                <p>There are {pageCount} pages.</p>
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
          <table className="table table-hover" aria-label="Keys">
            <thead>
              <tr>
                <SortHeader query={query} sort="name" label="Name" />
                <SortHeader query={query} sort="type" label="Type" />
                <SortHeader query={query} sort="versions" label="Latest version" className="num" />
                <th scope="col" className="num">
                  Min enabled
                </th>
                <SortHeader query={query} sort="created" label="Created" />
                <SortHeader query={query} sort="updated" label="Updated" />
              </tr>
            </thead>
            <tbody>
              {items.map((key) => (
                <tr key={key.id}>
                  <td>
                    <Link href={`/keys/${key.name}`} className="mono strong">
                      {key.name}
                    </Link>
                  </td>
                  <td>
                    <code className="type-code" title={KEY_TYPES[key.type].label}>
                      {key.type}
                    </code>
                  </td>
                  <td className="num">{key.latestVersion}</td>
                  <td className="num">{key.minEnabledVersion}</td>
                  <td>
                    <Timestamp date={key.createdAt} />
                  </td>
                  <td>
                    <Timestamp date={key.updatedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>

      <nav aria-label="Pagination" className="pagination">
        <span className="pagination-count" data-testid="keys-total">
          {total === 0
            ? '0 keys'
            : items.length === 0
              ? `${total} ${total === 1 ? 'key' : 'keys'}`
              : `${first}–${first + items.length - 1} of ${total} ${total === 1 ? 'key' : 'keys'}`}
        </span>
        <div className="pagination-links">
          {page > 1 ? (
            <Link href={keysHref(query, { page: Math.min(page - 1, pageCount) })} className="btn btn-sm" rel="prev">
              Previous
            </Link>
          ) : (
            <span className="btn btn-sm" aria-disabled="true">
              Previous
            </span>
          )}
          <span className="pagination-page">
            Page {page} of {pageCount}
          </span>
          {page < pageCount ? (
            <Link href={keysHref(query, { page: page + 1 })} className="btn btn-sm" rel="next">
              Next
            </Link>
          ) : (
            <span className="btn btn-sm" aria-disabled="true">
              Next
            </span>
          )}
        </div>
      </nav>
    </>
  );
}
