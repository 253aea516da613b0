import 'server-only';
import { ACTIVITY_DAYS, auditActivityOf, type ActivityDay } from '@/lib/audit/activity';
import type { UseCaseContext } from '@/lib/auth/actor';
import { authorizeRead } from '@/lib/auth/authorize';
import { can } from '@/lib/auth/permissions';
import { getDb } from '@/lib/db/client';

export interface Bucket {
  label: string;
  count: number;
}

export interface ProviderStates {
  provider: string;
  states: Record<string, number>;
}

export interface OverviewCharts {
  /** Keys by days since their latest version was created (their latest rotation, or creation). */
  keyAges: Bucket[];
  versionsPerKey: Bucket[];
  /** Only for callers who may read the audit log. */
  activity: ActivityDay[] | null;
  /** Providers holding at least one distribution; empty before any exists. */
  distributionStates: ProviderStates[];
}

// width_bucket(x, bounds) answers 0 below the first bound, i for bounds[i-1] <= x < bounds[i].
const AGE_BOUNDS = [8, 31, 91, 181, 366];
const AGE_LABELS = ['0–7 days', '8–30 days', '31–90 days', '91–180 days', '181–365 days', 'over a year'];
const VERSION_BOUNDS = [2, 3, 6, 11, 51];
const VERSION_LABELS = ['1', '2', '3–5', '6–10', '11–50', 'over 50'];
export const DISTRIBUTION_STATES = ['pending', 'syncing', 'in_sync', 'failed', 'removing', 'removed'] as const;

function buckets(labels: string[], rows: { bucket: number; n: number }[]): Bucket[] {
  return labels.map((label, i) => ({ label, count: rows.find((r) => r.bucket === i)?.n ?? 0 }));
}

/** The overview's charts, each one GROUP BY over indexed columns (a key's latest version by primary key). */
export async function getOverviewCharts(ctx: UseCaseContext): Promise<OverviewCharts> {
  await authorizeRead(ctx, 'key.read');
  const db = getDb();
  const [ages, versions, states, activity] = await Promise.all([
    db.$queryRaw<{ bucket: number; n: number }[]>`
      SELECT width_bucket(floor(extract(epoch FROM now() - v.created_at) / 86400)::int, ${AGE_BOUNDS}::int[]) AS bucket, count(*)::int AS n
      FROM keys k JOIN key_versions v ON v.key_id = k.id AND v.version = k.latest_version
      GROUP BY 1`,
    db.$queryRaw<{ bucket: number; n: number }[]>`
      SELECT width_bucket(latest_version, ${VERSION_BOUNDS}::int[]) AS bucket, count(*)::int AS n FROM keys GROUP BY 1`,
    can(ctx.actor.roles, 'provider.read')
      ? db.$queryRaw<{ provider: string; state: string; n: number }[]>`
          SELECT p.name AS provider, d.state, count(*)::int AS n
          FROM distributions d JOIN providers p ON p.id = d.provider_id
          GROUP BY 1, 2 ORDER BY 1`
      : [],
    // Viewers see the key charts; the activity is the audit log's, so it needs audit.read (not asked: no refusal recorded).
    can(ctx.actor.roles, 'audit.read') ? auditActivityOf({ limit: 50 }) : null,
  ]);
  const byProvider = new Map<string, ProviderStates>();
  for (const row of states) {
    const entry = byProvider.get(row.provider) ?? { provider: row.provider, states: Object.fromEntries(DISTRIBUTION_STATES.map((s) => [s, 0])) };
    entry.states[row.state] = (entry.states[row.state] ?? 0) + row.n;
    byProvider.set(row.provider, entry);
  }
  return {
    keyAges: buckets(AGE_LABELS, ages),
    versionsPerKey: buckets(VERSION_LABELS, versions),
    activity,
    distributionStates: [...byProvider.values()],
  };
}

export { ACTIVITY_DAYS };
