import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { UseCaseContext } from '@/lib/auth/actor';
import { getDb } from '@/lib/db/client';
import { DomainError } from '@/lib/errors';
import { createKey } from '@/lib/keys/create-key';
import { actorWith, done } from '@/lib/testing/actors';
import { exportAuditEvents } from './export-events';
import { listAuditEvents } from './query-events';

let auditor: UseCaseContext;
beforeAll(async () => {
  auditor = await actorWith(['viewer', 'operator', 'auditor'], `export-${randomBytes(3).toString('hex')}`);
});

const exportsBy = (ctx: UseCaseContext) =>
  getDb().auditEvent.findMany({ where: { action: 'audit.export', actorName: ctx.actor.username }, orderBy: { seq: 'asc' } });

async function refusal(promise: Promise<unknown>) {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
}

describe('audit filters at the boundary', () => {
  it('refuse times outside years 0001–9999, reversed ranges, 64-bit overflows and NUL on the API, with the reason', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ from: '0000-01-01T00:00:00Z' }, /outside the years 0001 to 9999/],
      [{ to: '+275760-09-13T00:00:00Z' }, /outside the years 0001 to 9999/],
      [{ from: '2026-13-01' }, /not a date/],
      [{ from: '2026-06-02T00:00Z', to: '2026-06-01T00:00Z' }, /reversed/],
      [{ before: '9223372036854775808' }, /9223372036854775807/],
      [{ limit: '1e400' }, /limit/],
      [{ actor: 'a\u0000b' }, /NUL/],
    ];
    for (const [filters, reason] of cases) {
      const err = await refusal(listAuditEvents(filters, auditor, { strict: true }));
      expect(err.code, JSON.stringify(filters)).toBe('invalid_input');
      expect(err.message, JSON.stringify(filters)).toMatch(reason);
    }
  });

  it('are dropped on pages, never reaching the database as something it refuses', async () => {
    const page = await listAuditEvents({ from: '0000-01-01T00:00:00Z', actor: '\u0000', before: '99999999999999999999', limit: '5' }, auditor);
    expect(page.query.from).toBeUndefined();
    expect(page.query.actor).toBeUndefined();
    expect(page.items.length).toBeLessThanOrEqual(5);
  });
});

describe('the export', () => {
  it('refuses a bad filter before anything streams, and audits nothing as exported', async () => {
    const before = (await exportsBy(auditor)).length;
    for (const filters of [{ from: '0000-01-01T00:00:00Z' }, { from: '2026-06-02T00:00Z', to: '2026-06-01T00:00Z' }, { target: '\ud800' }]) {
      expect((await refusal(exportAuditEvents(filters, 'csv', auditor))).code).toBe('invalid_input');
    }
    expect((await exportsBy(auditor)).filter((e) => e.outcome === 'succeeded')).toHaveLength(before);
  });

  it('is audited before its first line leaves, with its format and filters, and once only when it completes', async () => {
    const name = `exported-${randomBytes(3).toString('hex')}`;
    await done(createKey({ name, type: 'aes256-gcm96' }, auditor));
    const stream = await exportAuditEvents({ target: `key:${name}` }, 'jsonl', auditor);
    const recorded = (await exportsBy(auditor)).at(-1)!;
    expect(recorded).toMatchObject({ outcome: 'succeeded', params: { format: 'jsonl', filters: { target: `key:${name}` } } });
    const lines = (await new Response(stream).text()).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect((await exportsBy(auditor)).at(-1)!.seq).toBe(recorded.seq);
  });

  it('audits an export the client abandoned as failed, with what it had received', async () => {
    const stream = await exportAuditEvents({}, 'csv', auditor);
    await stream.cancel();
    const event = (await exportsBy(auditor)).at(-1)!;
    expect(event.outcome).toBe('failed');
    expect(event.reason).toMatch(/cancelled/);
    expect(event.params).toMatchObject({ format: 'csv', events: expect.any(Number) });
  });
});
