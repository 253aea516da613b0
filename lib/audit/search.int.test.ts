import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { UseCaseContext } from '@/lib/auth/actor';
import { getDb } from '@/lib/db/client';
import { actorWith } from '@/lib/testing/actors';
import { recordEvent } from './record-event';
import { auditFilterProblems, listAuditEvents } from './query-events';

// Names unique to this run, so other tests' events never match.
const run = randomBytes(4).toString('hex');
const actorName = `operator-${run}`;
let auditor: UseCaseContext;
let operator: UseCaseContext;

beforeAll(async () => {
  auditor = await actorWith(['auditor'], `search-auditor-${run}`);
  operator = await actorWith(['operator'], actorName);
  await getDb().$transaction(async (tx) => {
    await recordEvent(tx, operator, { action: 'key.rotate', target: `key:UI-AES-${run}`, outcome: 'succeeded' });
    await recordEvent(tx, operator, { action: 'provider.test', target: `provider:aes-${run}-eu`, outcome: 'failed' });
  });
});

const targets = async (filters: Record<string, string>) =>
  (await listAuditEvents({ ...filters, limit: 500 }, auditor, { strict: true })).items.map((e) => e.target).sort();

describe('audit search', () => {
  it('finds the actor by a part of the name in any case', async () => {
    expect(await targets({ actor: `OPER` + `ator-${run}`.toUpperCase() })).toEqual([`key:UI-AES-${run}`, `provider:aes-${run}-eu`]);
    expect(await targets({ actor: `ATOR-${run}` })).toHaveLength(2);
    expect(await targets({ actor: `rator-${run}x` })).toEqual([]);
  });

  it('takes a wildcard character in the filter literally', async () => {
    expect(await targets({ actor: `operator%${run}` })).toEqual([]);
    expect(await targets({ actor: `r_${run}` })).toEqual([]);
    expect(await targets({ actor: `r-${run}` })).toHaveLength(2);
  });

  it('matches a typed target whole in any case, and an untyped one by a part in every type', async () => {
    expect(await targets({ target: `KEY:ui-aes-${run}` })).toEqual([`key:UI-AES-${run}`]);
    expect(await targets({ target: `key:ui-aes-${run.slice(0, 4)}` })).toEqual([]);
    expect(await targets({ target: `provider:ui-aes-${run}` })).toEqual([]);
    expect(await targets({ target: `AES-${run}` })).toEqual([`key:UI-AES-${run}`, `provider:aes-${run}-eu`]);
  });

  it('refuses an action the log never records, and takes a known one or a prefix', async () => {
    await expect(listAuditEvents({ action: 'key.rotat' }, auditor, { strict: true })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/not one the audit log records/),
    });
    expect(await targets({ action: 'key.rotate', actor: actorName })).toEqual([`key:UI-AES-${run}`]);
    expect(await targets({ action: 'provider.', actor: actorName })).toEqual([`provider:aes-${run}-eu`]);
  });

  it('says why the page dropped a filter', () => {
    expect(auditFilterProblems({ action: 'nope' }).action).toMatch(/not one the audit log records/);
    expect(auditFilterProblems({ from: '2026-02-01T00:00Z', to: '2026-01-01T00:00Z' }).from).toMatch(/reversed/);
    expect(auditFilterProblems({ from: 'yesterday' }).from).toBeTruthy();
    expect(auditFilterProblems({ action: 'key.', from: '2026-01-01T00:00Z', to: '2026-02-01T00:00Z' })).toEqual({});
  });
});
