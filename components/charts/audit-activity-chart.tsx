import { formatCount } from '@/components/format';
import { Card } from '@/components/ui/card';
import type { ActivityDay } from '@/lib/audit/activity';
import { OUTCOMES } from '@/lib/audit/canonical';
import { ChartFigure } from './chart-figure';
import { OUTCOME_SERIES } from './outcome-series';

/** The audit page's activity: the events the filters match, per day and outcome, over 30 days. */
export function AuditActivityChart({ activity, filtered }: { activity: ActivityDay[]; filtered: boolean }) {
  const events = activity.reduce((n, d) => n + OUTCOMES.reduce((m, o) => m + d[o], 0), 0);
  const range = activity.length > 0 ? `${activity[0]!.day} to ${activity.at(-1)!.day}` : '';
  return (
    // Card, not the legacy .card: that one scrolls sideways, which made the chart card
    // a scroll region no keyboard could reach (axe scrollable-region-focusable).
    <Card>
      <ChartFigure
        id="chart-audit-activity"
        title={filtered ? 'Matching activity' : 'Activity'}
        summary={`${formatCount(events)} ${filtered ? 'matching ' : ''}events from ${range} (UTC), by day and outcome.`}
        data={activity}
        xKey="day"
        xLabel="Day (UTC)"
        series={OUTCOME_SERIES}
        height={120}
        stacked
      />
    </Card>
  );
}
