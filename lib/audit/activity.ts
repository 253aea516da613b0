import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { authorizeRead } from '@/lib/auth/authorize';
import { getDb, Prisma } from '@/lib/db/client';
import { OUTCOMES, type Outcome } from './canonical';
import { auditQuery, type AuditQuery } from './query-events';

export const ACTIVITY_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;

export type ActivityDay = { day: string } & Record<Outcome, number>;

const TYPED_TARGET = /^[a-z][a-z_-]*:/i;
const contains = (value: string) => `%${value.replace(/[\\%_]/g, '\\$&')}%`;

/**
 * The same conditions as whereOf (query-events.ts), in SQL: a GROUP BY by day has no Prisma form.
 * Prisma writes `contains` + insensitive as ILIKE and `equals` + insensitive as lower() = lower().
 * charts.int.test.ts checks that both count the same events for every kind of filter.
 */
function conditionsOf(q: AuditQuery): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (q.actor) conditions.push(Prisma.sql`actor_name ILIKE ${contains(q.actor)}`);
  if (q.action?.endsWith('.')) conditions.push(Prisma.sql`starts_with(action, ${q.action})`);
  else if (q.action) conditions.push(Prisma.sql`action = ${q.action}`);
  if (q.target && TYPED_TARGET.test(q.target)) conditions.push(Prisma.sql`lower(target) = lower(${q.target})`);
  else if (q.target) conditions.push(Prisma.sql`target ILIKE ${contains(q.target)}`);
  if (q.outcome) conditions.push(Prisma.sql`outcome = ${q.outcome}`);
  if (q.from) conditions.push(Prisma.sql`occurred_at >= ${q.from}`);
  if (q.to) conditions.push(Prisma.sql`occurred_at <= ${q.to}`);
  return conditions;
}

/**
 * Events per UTC day and outcome over the 30 days ending with the filter's `to` (else today),
 * every day present (0 when nothing happened). The window bounds occurred_at, so the scan
 * stays on audit_events_occurred_at_seq_idx however long the log is.
 */
export async function auditActivityOf(q: AuditQuery, now: Date = new Date()): Promise<ActivityDay[]> {
  const end = q.to && q.to < now ? q.to : now;
  const lastDay = new Date(Math.floor(end.getTime() / DAY_MS) * DAY_MS);
  const firstDay = new Date(lastDay.getTime() - (ACTIVITY_DAYS - 1) * DAY_MS);
  const windowEnd = new Date(lastDay.getTime() + DAY_MS);
  const where = Prisma.join([Prisma.sql`occurred_at >= ${firstDay}`, Prisma.sql`occurred_at < ${windowEnd}`, ...conditionsOf(q)], ' AND ');
  const rows = await getDb().$queryRaw<{ day: Date; outcome: string | null; n: number }[]>`
    WITH days AS (
      -- Days in UTC whatever the session's zone: a zone with DST would make a day 23 or 25 hours.
      SELECT generate_series(${firstDay}::timestamptz AT TIME ZONE 'UTC', ${lastDay}::timestamptz AT TIME ZONE 'UTC', interval '1 day') AT TIME ZONE 'UTC' AS day
    ), counts AS (
      SELECT date_trunc('day', occurred_at, 'UTC') AS day, outcome, count(*)::int AS n
      FROM audit_events WHERE ${where}
      GROUP BY 1, 2
    )
    SELECT days.day, counts.outcome, coalesce(counts.n, 0)::int AS n
    FROM days LEFT JOIN counts ON counts.day = days.day
    ORDER BY days.day`;
  const byDay = new Map<string, ActivityDay>();
  for (const row of rows) {
    const day = row.day.toISOString().slice(0, 10);
    const entry = byDay.get(day) ?? ({ day, ...Object.fromEntries(OUTCOMES.map((o) => [o, 0])) } as ActivityDay);
    if (row.outcome && (OUTCOMES as readonly string[]).includes(row.outcome)) entry[row.outcome as Outcome] += row.n;
    byDay.set(day, entry);
  }
  return [...byDay.values()];
}

/** The audit page's chart: the page's filters (a bad value is dropped, as the table drops it). */
export async function getAuditActivity(input: Record<string, unknown>, ctx: UseCaseContext): Promise<ActivityDay[]> {
  await authorizeRead(ctx, 'audit.read', 'audit');
  return auditActivityOf(auditQuery.parse(input));
}
