'use client';

import dynamic from 'next/dynamic';
import type { ChartProps } from './chart-types';

// ssr: false keeps recharts out of the server render and out of the route's first-load JavaScript:
// its chunk is fetched after hydration, and only on pages that show a chart.
const BarChart = dynamic(() => import('./bar-chart'), { ssr: false, loading: () => null });

export function LazyBarChart(props: ChartProps) {
  return (
    <div style={{ height: props.height }} data-testid="chart-canvas">
      <BarChart {...props} />
    </div>
  );
}
