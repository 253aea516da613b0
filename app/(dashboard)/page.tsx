import Link from 'next/link';
import { pageContext, readOrForbidden } from '@/app/_lib/page-read';
import { Timestamp } from '@/components/timestamp';
import { can } from '@/lib/auth/permissions';
import { getKeyOverview } from '@/lib/keys/key-overview';
import { KEY_TYPES } from '@/lib/keys/key-types';

export default async function OverviewPage() {
  const ctx = await pageContext();
  const overview = await readOrForbidden(getKeyOverview(ctx));
  const canCreate = can(ctx.actor.roles, 'key.create');
  return (
    <>
      <div className="page-header">
        <h1>Overview</h1>
        {canCreate && (
          <Link href="/new-key" className="btn btn-primary">
            New key
          </Link>
        )}
      </div>

      <section aria-label="Totals" className="stats">
        <div className="stat">
          <span className="stat-label">Keys</span>
          <span className="stat-value" data-testid="total-keys">
            {overview.totalKeys}
          </span>
        </div>
        <div className="stat">
          <span className="stat-label">Versions</span>
          <span className="stat-value" data-testid="total-versions">
            {overview.totalVersions}
          </span>
        </div>
      </section>

      <div className="columns">
        <section className="card" aria-labelledby="by-type-title">
          <h2 id="by-type-title" className="card-title">
            By type
          </h2>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Type</th>
                <th scope="col" className="num">
                  Keys
                </th>
                <th scope="col" className="num">
                  Versions
                </th>
              </tr>
            </thead>
            <tbody>
              {overview.byType.map((row) => (
                <tr key={row.type} className={row.keys === 0 ? 'muted-row' : undefined}>
                  <th scope="row" className="cell-label">
                    <Link href={`/keys?type=${row.type}`}>{KEY_TYPES[row.type].label}</Link> <code className="type-code">{row.type}</code>
                  </th>
                  <td className="num">{row.keys}</td>
                  <td className="num">{row.versions}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        <section className="card" aria-labelledby="recent-title">
          <div className="card-title-row">
            <h2 id="recent-title" className="card-title">
              Recently changed
            </h2>
            <Link href="/keys?sort=updated&dir=desc" className="card-link">
              All keys
            </Link>
          </div>
          {overview.recentlyChanged.length === 0 ? (
            <div className="empty">
              <p className="empty-title">No keys yet</p>
              {canCreate ? (
                <>
                  <p>Create a key to start managing its lifecycle here.</p>
                  <Link href="/new-key" className="btn btn-primary">
                    Create your first key
                  </Link>
                </>
              ) : (
                <p>Keys that operators create appear here.</p>
              )}
            </div>
          ) : (
            <ul className="recent-list">
              {overview.recentlyChanged.map((key) => (
                <li key={key.id}>
                  <div>
                    <Link href={`/keys/${key.name}`} className="mono strong">
                      {key.name}
                    </Link>
                    <span className="recent-meta">
                      <code className="type-code">{key.type}</code> · v{key.latestVersion}
                    </span>
                  </div>
                  <Timestamp date={key.updatedAt} relative />
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
