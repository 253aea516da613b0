import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { authenticate } from './authenticate';
import { hashPassword } from './password';

describe('signing in', () => {
  it('accepts the right password, refuses a wrong one, an unknown user and junk alike', async () => {
    const user = await getDb().user.create({ data: { username: 'alice', passwordHash: await hashPassword('s3cret-passphrase') } });
    expect(await authenticate({ username: 'alice', password: 's3cret-passphrase' })).toEqual({ id: user.id, name: 'alice' });
    expect(await authenticate({ username: ' Alice ', password: 's3cret-passphrase' })).toEqual({ id: user.id, name: 'alice' });
    expect(await authenticate({ username: 'alice', password: 'wrong' })).toBeNull();
    expect(await authenticate({ username: 'mallory', password: 's3cret-passphrase' })).toBeNull();
    expect(await authenticate({ username: ['alice'], password: { $ne: 1 } })).toBeNull();
    expect(await authenticate(undefined)).toBeNull();
  });
});
