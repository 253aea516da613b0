export interface ChartSeries {
  key: string;
  label: string;
  /** A theme colour, e.g. "var(--success)": light and dark mode follow the tokens in app/globals.css. */
  color: string;
}

export interface ChartProps {
  data: Record<string, string | number>[];
  xKey: string;
  series: ChartSeries[];
  height: number;
  stacked?: boolean;
}
