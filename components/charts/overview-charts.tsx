import { formatCount } from '@/components/format';
import { Card, CardHeader } from '@/components/ui/card';
import type { OverviewCharts as Charts } from '@/lib/overview/charts';
import { ChartFigure } from './chart-figure';
import { OUTCOME_SERIES } from './outcome-series';

const total = (xs: number[]) => formatCount(xs.reduce((a, b) => a + b, 0));

const STATE_SERIES = [
  { key: 'in_sync', label: 'In sync', color: 'var(--success)' },
  { key: 'pending', label: 'Pending', color: 'var(--text-muted)' },
  { key: 'syncing', label: 'Syncing', color: 'var(--accent)' },
  { key: 'failed', label: 'Failed', color: 'var(--danger)' },
  { key: 'removing', label: 'Removing', color: 'var(--warning-border)' },
  { key: 'removed', label: 'Removed', color: 'var(--border)' },
];

/** The overview's charts: key ages, versions per key, 30 days of audit activity, distribution states. */
export function OverviewCharts({ charts }: { charts: Charts }) {
  const keys = total(charts.keyAges.map((b) => b.count));
  return (
    <Card aria-labelledby="charts-title" className="mt-4">
      <CardHeader id="charts-title" title="Trends" />
      <div className="grid grid-cols-1 gap-2 md:grid-cols-2">
        <ChartFigure
          id="chart-key-ages"
          title="Key ages"
          summary={`Days since each key's latest rotation, over ${keys} keys.`}
          data={charts.keyAges.map((b) => ({ age: b.label, keys: b.count }))}
          xKey="age"
          xLabel="Age"
          series={[{ key: 'keys', label: 'Keys', color: 'var(--accent)' }]}
        />
        <ChartFigure
          id="chart-versions"
          title="Versions per key"
          summary={`How many versions each of ${keys} keys holds.`}
          data={charts.versionsPerKey.map((b) => ({ versions: b.label, keys: b.count }))}
          xKey="versions"
          xLabel="Versions"
          series={[{ key: 'keys', label: 'Keys', color: 'var(--accent)' }]}
        />
        {charts.activity && (
          <ChartFigure
            id="chart-activity"
            title="Audit activity, last 30 days"
            summary={`${total(charts.activity.flatMap((d) => OUTCOME_SERIES.map((s) => d[s.key as keyof typeof d] as number)))} events by day (UTC) and outcome.`}
            data={charts.activity}
            xKey="day"
            xLabel="Day (UTC)"
            series={OUTCOME_SERIES}
            stacked
          />
        )}
        {charts.distributionStates.length > 0 && (
          <ChartFigure
            id="chart-distributions"
            title="Distributions by provider"
            summary={`Each provider's copies of keys by state, over ${charts.distributionStates.length} providers.`}
            data={charts.distributionStates.map((p) => ({ provider: p.provider, ...p.states }))}
            xKey="provider"
            xLabel="Provider"
            series={STATE_SERIES}
            stacked
          />
        )}
      </div>
    </Card>
  );
}
