import { formatCount } from '@/components/format';
import type { ChartSeries } from './chart-types';
import { LazyBarChart } from './lazy-bar-chart';

interface ChartFigureProps {
  id: string;
  title: string;
  /** One sentence stating what the chart shows, for screen readers and as the figure's caption. */
  summary: string;
  data: Record<string, string | number>[];
  xKey: string;
  /** The header of the x column in the table of numbers. */
  xLabel: string;
  series: ChartSeries[];
  height?: number;
  stacked?: boolean;
}

/**
 * A chart with its numbers: the drawing is decorative (aria-hidden, loaded lazily); the title,
 * the summary and a table of every number are in the HTML, for screen readers and before the
 * chart's code arrives.
 */
export function ChartFigure({ id, title, summary, data, xKey, xLabel, series, height = 180, stacked = false }: ChartFigureProps) {
  return (
    <figure aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`} data-testid={id} className="m-0 min-w-0 p-4">
      <h3 id={`${id}-title`} className="text-sm font-semibold">
        {title}
      </h3>
      <p id={`${id}-summary`} className="mt-1 text-xs text-fg-muted">
        {summary}
      </p>
      <div aria-hidden="true" className="mt-3 w-full min-w-0">
        <LazyBarChart data={data} xKey={xKey} series={series} height={height} stacked={stacked} />
      </div>
      {/* The wrapper, not the table, is visually hidden: a table is never narrower than its content, and an
          absolutely placed one would widen the page on a phone; the wrapper clips it (overflow: hidden). */}
      <div className="sr-only">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{xLabel}</th>
              {series.map((s) => (
                <th key={s.key} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.map((row) => (
              <tr key={String(row[xKey])}>
                <th scope="row">{row[xKey]}</th>
                {series.map((s) => (
                  <td key={s.key} data-series={s.key}>
                    {formatCount(Number(row[s.key] ?? 0))}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
