import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { UseCaseContext } from '@/lib/auth/actor';
import { getDb } from '@/lib/db/client';
import { createKey } from '@/lib/keys/create-key';
import { actorWith } from '@/lib/testing/actors';

let operator: UseCaseContext;
beforeAll(async () => {
  operator = await actorWith(['operator'], `refusals-${randomBytes(3).toString('hex')}`);
});

const lastRefusal = async () =>
  getDb().auditEvent.findFirstOrThrow({ where: { actorName: operator.actor.username, action: 'key.create' }, orderBy: { seq: 'desc' } });

describe('a refusal names its target only from text the input really gave', () => {
  it('records no target for a missing, non-text or unstorable name, and the name when there is one', async () => {
    for (const input of [{}, { name: {} }, { name: ['a'] }, { name: 42 }, { name: 'a\u0000b' }, { name: '\ud800' }, { name: '' }]) {
      await expect(createKey({ ...input, type: 'aes256-gcm96' }, operator)).rejects.toThrow();
      const event = await lastRefusal();
      expect(event.outcome, JSON.stringify(input)).toBe('denied');
      expect(event.target, JSON.stringify(input)).toBeNull();
    }
    await expect(createKey({ name: 'named-but-bad-type', type: 'rot13' }, operator)).rejects.toThrow();
    expect((await lastRefusal()).target).toBe('key:named-but-bad-type');
  });
});
