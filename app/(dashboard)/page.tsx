import Link from 'next/link';
import { pageContext, readOrForbidden } from '@/app/_lib/page-read';
import { Timestamp } from '@/components/timestamp';
import { buttonClasses } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { tableClasses } from '@/components/ui/classes';
import { Code } from '@/components/ui/code';
import { EmptyState } from '@/components/ui/empty-state';
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

      <section aria-label="Totals" className="grid grid-cols-[repeat(auto-fill,minmax(180px,1fr))] gap-4">
        <Stat label="Keys" value={overview.totalKeys} testId="total-keys" />
        <Stat label="Versions" value={overview.totalVersions} testId="total-versions" />
      </section>

      <div className="grid items-start gap-4 md:grid-cols-2">
        <Card aria-labelledby="by-type-title">
          <CardHeader id="by-type-title" title="By type" />
          <div className="overflow-x-auto">
            <table className={tableClasses} aria-labelledby="by-type-title">
              <thead>
                <tr>
                  <th scope="col">Type</th>
                  <th scope="col" className="text-right!">
                    Keys
                  </th>
                  <th scope="col" className="text-right!">
                    Versions
                  </th>
                </tr>
              </thead>
              <tbody>
                {overview.byType.map((row) => (
                  <tr key={row.type} className={row.keys === 0 ? 'text-fg-muted' : undefined}>
                    <th scope="row" className="font-normal">
                      <Link href={`/keys?type=${row.type}`}>{KEY_TYPES[row.type].label}</Link> <Code>{row.type}</Code>
                    </th>
                    <td className="text-right!">{formatCount(row.keys)}</td>
                    <td className="text-right!">{formatCount(row.versions)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>

        <Card aria-labelledby="recent-title">
          <CardHeader id="recent-title" title="Recently changed" actions={<Link href="/keys?sort=updated&dir=desc">All keys</Link>} />
          {overview.recentlyChanged.length === 0 ? (
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
              <p>{canCreate ? 'Create a key to start managing its lifecycle here.' : 'Keys that operators create appear here.'}</p>
            </EmptyState>
          ) : (
            <ul>
              {overview.recentlyChanged.map((key) => (
                <li key={key.id} className="flex items-baseline justify-between gap-3 border-b border-border-muted px-4 py-2 last:border-b-0">
                  <div className="min-w-0">
                    <Truncate text={key.name} href={`/keys/${key.name}`} className="font-mono font-semibold" />
                    <span className="ml-2 text-xs text-fg-muted">
                      <Code>{key.type}</Code> · v{key.latestVersion}
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

function Stat({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <div className="flex flex-col rounded-md border border-border bg-surface px-4 py-3">
      <span className="text-xs font-medium uppercase tracking-wider text-fg-muted">{label}</span>
      <span className="text-[26px] font-semibold leading-tight tabular-nums" data-testid={testId}>
        {formatCount(value)}
      </span>
    </div>
  );
}
