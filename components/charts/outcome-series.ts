import type { ChartSeries } from './chart-types';

/** The audit outcomes' colours, the same on the overview and the audit page. */
export const OUTCOME_SERIES: ChartSeries[] = [
  { key: 'succeeded', label: 'Succeeded', color: 'var(--success)' },
  { key: 'denied', label: 'Denied', color: 'var(--warning-border)' },
  { key: 'failed', label: 'Failed', color: 'var(--danger)' },
  { key: 'requested', label: 'Requested', color: 'var(--accent)' },
];
