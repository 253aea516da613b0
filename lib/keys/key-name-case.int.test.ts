import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { UseCaseContext } from '@/lib/auth/actor';
import { getDb } from '@/lib/db/client';
import { DomainError } from '@/lib/errors';
import { actorWith, done } from '@/lib/testing/actors';
import { createKey } from './create-key';
import { canonicalKeyName } from './get-key';

let operator: UseCaseContext;
let nobody: UseCaseContext;
beforeAll(async () => {
  operator = await actorWith(['operator']);
  nobody = await actorWith([]);
});

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

describe('a key name in another case (the key page redirects to the stored spelling)', () => {
  it('finds the stored spelling from any case, and nothing for a name no key has', async () => {
    const name = unique('UI-AES');
    await done(createKey({ name, type: 'aes256-gcm96' }, operator));
    expect(await canonicalKeyName({ name: name.toLowerCase() }, operator)).toBe(name);
    expect(await canonicalKeyName({ name: name.toUpperCase() }, operator)).toBe(name);
    expect(await canonicalKeyName({ name }, operator)).toBe(name);
    expect(await canonicalKeyName({ name: unique('no-such-key') }, operator)).toBeNull();
  });

  it('matches "_" and "-" literally, never as a pattern that could lead to another key', async () => {
    const name = unique('Wild-x');
    await done(createKey({ name, type: 'aes256-gcm96' }, operator));
    expect(await canonicalKeyName({ name: name.replace('-x', '_x').toLowerCase() }, operator)).toBeNull();
  });

  it('refuses a caller without key.read before looking, so the stored spelling does not leak, and records the refusal', async () => {
    const name = unique('Secret-Case');
    await done(createKey({ name, type: 'aes256-gcm96' }, operator));
    const err = await canonicalKeyName({ name: name.toLowerCase() }, nobody).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('forbidden');
    expect((err as DomainError).message).not.toContain(name);
    const refusals = await getDb().auditEvent.findMany({ where: { action: 'key.read', target: `key:${name.toLowerCase()}`, outcome: 'denied' } });
    expect(refusals).toHaveLength(1);
  });
});
