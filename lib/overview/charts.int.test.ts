// The overview's and the audit page's charts: aggregates computed in SQL over seeded rows (old key
// versions, audit events on chosen days with every outcome), empty days present as zeros, the
// audit page's filters applied like the table's, and each read authorized by the use case itself.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIVITY_DAYS, auditActivityOf, getAuditActivity } from '@/lib/audit/activity';
import { auditQuery, whereOf } from '@/lib/audit/query-events';
import type { UseCaseContext } from '@/lib/auth/actor';
import { getDb } from '@/lib/db/client';
import { distributeKey } from '@/lib/distribution/distribute-key';
import { DomainError } from '@/lib/errors';
import { createKey } from '@/lib/keys/create-key';
import { rotateKey } from '@/lib/keys/rotate-key';
import { createProvider } from '@/lib/providers/create-provider';
import { actorWith, done } from '@/lib/testing/actors';
import { ownerDb } from '@/lib/testing/owner-db';
import { getOverviewCharts } from './charts';

const suffix = randomBytes(3).toString('hex');
const seeded = `chart-seed-${suffix}`;
const DAY = 24 * 3600 * 1000;
const utcDay = (daysAgo: number) => new Date(Math.floor(Date.now() / DAY) * DAY - daysAgo * DAY).toISOString().slice(0, 10);
let admin: UseCaseContext;

/** Audit events written as the owner: occurred_at on a chosen day (the chain is not what is tested here). */
async function seedEvent(seq: number, daysAgo: number, outcome: string, action = 'key.rotate', target = `key:${seeded}`) {
  const at = new Date(Math.floor(Date.now() / DAY) * DAY - daysAgo * DAY + 12 * 3600 * 1000);
  await ownerDb().$executeRaw`
    INSERT INTO audit_events (seq, occurred_at, actor_name, actor_roles, action, target, outcome, params, prev_hash, hash)
    VALUES (${BigInt(seq)}, ${at}, ${seeded}, ${['operator']}, ${action}, ${target}, ${outcome}, '{}'::jsonb, decode(repeat('00', 32), 'hex'), decode(repeat('00', 32), 'hex'))`;
}

beforeAll(async () => {
  admin = await actorWith(['operator', 'admin']);
  // Three keys: one fresh, one whose latest version is 40 days old, one with 4 versions rotated 200 days ago.
  await done(createKey({ name: `fresh-${suffix}`, type: 'aes256-gcm96' }, admin));
  await done(createKey({ name: `old-${suffix}`, type: 'aes256-gcm96' }, admin));
  await done(createKey({ name: `many-${suffix}`, type: 'aes256-gcm96' }, admin));
  for (let i = 0; i < 3; i++) await done(rotateKey({ name: `many-${suffix}` }, admin));
  await ownerDb().$executeRaw`UPDATE key_versions SET created_at = now() - interval '40 days' FROM keys WHERE keys.id = key_versions.key_id AND keys.name = ${`old-${suffix}`}`;
  await ownerDb().$executeRaw`UPDATE key_versions SET created_at = now() - interval '200 days' FROM keys WHERE keys.id = key_versions.key_id AND keys.name = ${`many-${suffix}`}`;

  const provider = `chart-provider-${suffix}`;
  // Nobody listens there and no worker runs: the distribution stays pending.
  await done(createProvider({ name: provider, kind: 'awskms', keyCollection: 'eu-west-1', endpoint: 'http://127.0.0.1:9' }, admin));
  await done(distributeKey({ provider, key: `fresh-${suffix}`, purposes: ['encrypt', 'decrypt'], protection: 'hsm' }, admin));

  // 3 days ago: 2 succeeded, 1 denied; 10 days ago: 1 failed, 1 requested (key.delete); 40 days ago: outside the window.
  let seq = 1_000_000_000;
  await seedEvent(seq++, 3, 'succeeded');
  await seedEvent(seq++, 3, 'succeeded');
  await seedEvent(seq++, 3, 'denied');
  await seedEvent(seq++, 10, 'failed');
  await seedEvent(seq++, 10, 'requested', 'key.delete', `key:other-${suffix}`);
  await seedEvent(seq++, 40, 'succeeded');
});

describe('overview charts', () => {
  it('buckets keys by the age of their latest version and by how many versions they hold', async () => {
    const charts = await getOverviewCharts(admin);
    const count = (buckets: { label: string; count: number }[], label: string) => buckets.find((b) => b.label === label)?.count;
    expect(count(charts.keyAges, '0–7 days')).toBe(1);
    expect(count(charts.keyAges, '31–90 days')).toBe(1);
    expect(count(charts.keyAges, '181–365 days')).toBe(1);
    expect(charts.keyAges.reduce((n, b) => n + b.count, 0)).toBe(await getDb().key.count());
    expect(count(charts.versionsPerKey, '1')).toBe(2);
    expect(count(charts.versionsPerKey, '3–5')).toBe(1);
    expect(count(charts.versionsPerKey, '2')).toBe(0);
    expect(charts.distributionStates).toEqual([{ provider: `chart-provider-${suffix}`, states: expect.objectContaining({ pending: 1, in_sync: 0 }) }]);
  });

  it('counts 30 days of audit events by day and outcome, empty days as zeros', async () => {
    const { activity } = await getOverviewCharts(admin);
    expect(activity).toHaveLength(ACTIVITY_DAYS);
    expect(activity![0]!.day).toBe(utcDay(ACTIVITY_DAYS - 1));
    expect(activity!.at(-1)!.day).toBe(utcDay(0));
    expect(activity!.find((d) => d.day === utcDay(3))).toEqual({ day: utcDay(3), succeeded: 2, denied: 1, failed: 0, requested: 0 });
    expect(activity!.find((d) => d.day === utcDay(10))).toEqual({ day: utcDay(10), succeeded: 0, denied: 0, failed: 1, requested: 1 });
    expect(activity!.find((d) => d.day === utcDay(5))).toEqual({ day: utcDay(5), succeeded: 0, denied: 0, failed: 0, requested: 0 });
  });

  it('shows viewers the key charts but not the audit activity, and refuses a caller without key.read (audited)', async () => {
    const viewer = await actorWith(['viewer']);
    const charts = await getOverviewCharts(viewer);
    expect(charts.activity).toBeNull();
    expect(charts.keyAges.reduce((n, b) => n + b.count, 0)).toBeGreaterThan(0);

    const nobody = await actorWith([]);
    await expect(getOverviewCharts(nobody)).rejects.toBeInstanceOf(DomainError);
    expect(await getDb().auditEvent.count({ where: { actorName: nobody.actor.username, action: 'key.read', outcome: 'denied' } })).toBe(1);
  });
});

describe('audit activity', () => {
  it('follows the filters', async () => {
    const byActor = await getAuditActivity({ actor: seeded }, admin);
    expect(byActor.find((d) => d.day === utcDay(3))).toMatchObject({ succeeded: 2, denied: 1 });
    const denied = await getAuditActivity({ actor: seeded, outcome: 'denied' }, admin);
    expect(denied.reduce((n, d) => n + d.succeeded + d.denied + d.failed + d.requested, 0)).toBe(1);
    const deletes = await getAuditActivity({ action: 'key.delete' }, admin);
    expect(deletes.find((d) => d.day === utcDay(10))).toMatchObject({ requested: 1, failed: 0 });
    // A `to` in the past ends the window there: the 40-day-old event is in, today is not.
    const past = await getAuditActivity({ actor: seeded, to: new Date(Date.now() - 35 * DAY).toISOString() }, admin);
    expect(past.at(-1)!.day).toBe(utcDay(35));
    expect(past.find((d) => d.day === utcDay(40))).toMatchObject({ succeeded: 1 });
  });

  it('counts exactly the events the table lists, for every filter', async () => {
    const filters = [
      {},
      { actor: seeded },
      { actor: seeded.slice(2, 12).toUpperCase() },
      { actor: 'seed_' },
      { action: 'key.' },
      { action: 'key.delete' },
      { target: `key:${seeded}` },
      { target: `KEY:${seeded.toUpperCase()}` },
      { target: `key:${seeded.slice(0, 8)}` },
      { target: `OTHER-${suffix.toUpperCase()}` },
      { target: '%' },
      { outcome: 'failed' },
      { from: new Date(Date.now() - 5 * DAY).toISOString() },
      { actor: seeded, outcome: 'succeeded', to: new Date(Date.now() - 2 * DAY).toISOString() },
    ];
    let matched = 0;
    for (const filter of filters) {
      const query = auditQuery.parse(filter);
      const activity = await auditActivityOf(query);
      const charted = activity.reduce((n, d) => n + d.succeeded + d.denied + d.failed + d.requested, 0);
      const from = new Date(`${activity[0]!.day}T00:00:00Z`);
      const listed = await getDb().auditEvent.count({ where: { AND: [whereOf(query), { occurredAt: { gte: from } }] } });
      expect({ filter, charted }).toEqual({ filter, charted: listed });
      matched += listed > 0 ? 1 : 0;
    }
    // Filters that match nothing would agree trivially: most of these match seeded events.
    expect(matched).toBeGreaterThanOrEqual(filters.length - 3);
  });

  it('refuses a caller without audit.read, and records the refusal', async () => {
    const viewer = await actorWith(['viewer']);
    await expect(getAuditActivity({}, viewer)).rejects.toBeInstanceOf(DomainError);
    expect(await getDb().auditEvent.count({ where: { actorName: viewer.actor.username, action: 'audit.read', outcome: 'denied' } })).toBe(1);
  });
});
