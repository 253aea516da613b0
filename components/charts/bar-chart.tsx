'use client';

import { Bar, BarChart as RechartsBarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount } from '@/components/format';
import type { ChartProps } from './chart-types';

/** recharts itself: only ever loaded through lazy-bar-chart.tsx, so it stays out of first-load JS. */
export default function BarChart({ data, xKey, series, height, stacked = false }: ChartProps) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      {/* Not focusable: the drawing is aria-hidden, the figure's table carries the numbers (axe: aria-hidden-focus). */}
      <RechartsBarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke="var(--border-muted)" />
        <XAxis dataKey={xKey} tick={{ fill: 'var(--text-muted)', fontSize: 12 }} stroke="var(--border)" tickLine={false} minTickGap={8} />
        <YAxis allowDecimals={false} tickFormatter={formatCount} tick={{ fill: 'var(--text-muted)', fontSize: 12 }} stroke="var(--border)" tickLine={false} width={48} />
        <Tooltip
          formatter={(value) => (typeof value === 'number' ? formatCount(value) : String(value))}
          cursor={{ fill: 'var(--surface-hover)' }}
          contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 'var(--radius)', color: 'var(--text)', fontSize: 12 }}
          labelStyle={{ color: 'var(--text)' }}
        />
        {series.length > 1 && <Legend wrapperStyle={{ fontSize: 12, color: 'var(--text-muted)' }} />}
        {series.map((s) => (
          <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} stackId={stacked ? 'stack' : undefined} isAnimationActive={false} maxBarSize={48} />
        ))}
      </RechartsBarChart>
    </ResponsiveContainer>
  );
}
