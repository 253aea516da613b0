import Link from 'next/link';
import { pageContext, readOrForbidden } from '@/app/_lib/page-read';
import { Timestamp } from '@/components/timestamp';
import { buttonClasses } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { Truncate } from '@/components/ui/truncate';
import { can } from '@/lib/auth/permissions';
import { getKeyOverview } from '@/lib/keys/key-overview';
import { getOverviewCharts } from '@/lib/overview/charts';
import { OverviewCharts } from '@/components/charts/overview-charts';
import { formatCount } from '@/components/format';
import { KEY_TYPES } from '@/lib/keys/key-types';

export default async function OverviewPage() {
  const ctx = await pageContext();
  const overview = await readOrForbidden(getKeyOverview(ctx));
  const charts = await readOrForbidden(getOverviewCharts(ctx));
  const canCreate = can(ctx.actor.roles, 'key.create');
  return (
    <>
      <PageHeader
        title="Overview"
        actions={
          canCreate && (
            <Link href="/new-key" className={buttonClasses({ variant: 'primary' })}>
              New key
            </Link>
          )
        }
      />

      <section aria-label="Totals" className="stats">
        <div className="stat">
          <span className="stat-label">Keys</span>
          <span className="stat-value" data-testid="total-keys">
            {formatCount(overview.totalKeys)}
          </span>
        </div>
        <div className="stat">
          <span className="stat-label">Versions</span>
          <span className="stat-value" data-testid="total-versions">
            {formatCount(overview.totalVersions)}
          </span>
        </div>
      </section>

      <div className="columns">
        <Card aria-labelledby="by-type-title">
          <CardHeader id="by-type-title" title="By type" />
          <div className="overflow-x-auto">
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
                    <td className="num">{formatCount(row.keys)}</td>
                    <td className="num">{formatCount(row.versions)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>

        <Card aria-labelledby="recent-title">
          <CardHeader id="recent-title" title="Recently changed" actions={<Link href="/keys?sort=updated&dir=desc">All keys</Link>} />
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
                  <div className="min-w-0">
                    <Truncate text={key.name} href={`/keys/${key.name}`} className="font-mono font-semibold" />
                    <span className="recent-meta">
                      <code className="type-code">{key.type}</code> · v{key.latestVersion}
                    </span>
                  </div>
                  <Timestamp date={key.updatedAt} relative />
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>

      <OverviewCharts charts={charts} />
    </>
  );
}
