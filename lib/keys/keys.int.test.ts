import { createPrivateKey, createPublicKey } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { UseCaseContext } from '@/lib/auth/actor';
import { setPolicy } from '@/lib/approvals/set-policy';
import { getKeyring, materialContext } from '@/lib/crypto/seal';
import { getDb } from '@/lib/db/client';
import { DomainError } from '@/lib/errors';
import { createKey } from './create-key';
import { deleteKey } from './delete-key';
import { getKey } from './get-key';
import { getKeyOverview } from './key-overview';
import { KEY_TYPE_NAMES } from './key-types';
import { listKeys } from './list-keys';
import { rotateKey } from './rotate-key';
import { updateKeyConfig } from './update-key-config';
import { actorWith, done } from '@/lib/testing/actors';

let ctx: UseCaseContext;
beforeAll(async () => {
  ctx = await actorWith(['operator', 'admin']);
  // These tests exercise the operations themselves; approvals have their own tests.
  for (const operation of ['key.delete', 'key.raise_min_enabled_version']) {
    await setPolicy({ operation, requiredApprovals: 0, expiresAfterHours: 24 }, ctx);
  }
});

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
}

async function storedVersions(name: string) {
  return getDb().keyVersion.findMany({ where: { key: { name } }, orderBy: { version: 'asc' } });
}

describe('creating keys', () => {
  it.each(KEY_TYPE_NAMES)('creates a %s key with version 1, its material sealed', async (type) => {
    const name = `create-${type}`;
    const key = await done(createKey({ name, type }, ctx));
    expect(key).toMatchObject({ name, type, latestVersion: 1, minEnabledVersion: 0, deletionAllowed: false });

    const [row] = await storedVersions(name);
    const material = getKeyring().open(row!.sealedMaterial, materialContext(key.id, 1));
    if (type === 'aes256-gcm96') {
      expect(material).toHaveLength(32);
      expect(row!.publicKeyPem).toBeNull();
    } else {
      // The sealed private key is the one whose public half the key page shows.
      const derived = createPublicKey(createPrivateKey({ key: material, format: 'der', type: 'pkcs8' }));
      expect(derived.export({ format: 'pem', type: 'spki' })).toBe(row!.publicKeyPem);
    }
    // What PostgreSQL holds is not the plaintext, nor does it contain it.
    expect(Buffer.from(row!.sealedMaterial).includes(material)).toBe(false);
    expect(Buffer.from(row!.sealedMaterial).includes(material.subarray(0, 16))).toBe(false);
  });

  it('refuses a duplicate name and leaves the existing key untouched', async () => {
    const first = await done(createKey({ name: 'dup', type: 'ecdsa-p256' }, ctx));
    const err = await rejection(createKey({ name: 'dup', type: 'aes256-gcm96' }, ctx));
    expect(err.code).toBe('conflict');
    expect(err.fieldErrors.name).toEqual(['This name is taken.']);
    const key = await getKey({ name: 'dup' }, ctx);
    expect(key).toMatchObject({ id: first.id, type: 'ecdsa-p256', latestVersion: 1 });
    expect(await storedVersions('dup')).toHaveLength(1);
  });

  it.each([
    [{ name: 'has space', type: 'rsa-2048' }, 'name'],
    [{ name: '', type: 'rsa-2048' }, 'name'],
    [{ name: 'x'.repeat(129), type: 'rsa-2048' }, 'name'],
    [{ name: 'ok-name', type: 'rsa-1024' }, 'type'],
    [{ name: 'ok-name' }, 'type'],
  ])('rejects %j with an error on %s and writes nothing', async (input, field) => {
    const before = await getDb().key.count();
    const err = await rejection(createKey(input as never, ctx));
    expect(err.code).toBe('invalid_input');
    expect(err.fieldErrors[field]?.length).toBeGreaterThan(0);
    expect(await getDb().key.count()).toBe(before);
  });

  it('is backed by database constraints that refuse bad rows from any path', async () => {
    const db = getDb();
    await expect(
      db.$executeRaw`INSERT INTO keys (id, name, type, latest_version) VALUES (gen_random_uuid(), 'bad name', 'rsa-2048', 1)`,
    ).rejects.toThrow();
    await expect(
      db.$executeRaw`INSERT INTO keys (id, name, type, latest_version) VALUES (gen_random_uuid(), 'good', 'des', 1)`,
    ).rejects.toThrow();
    await expect(
      db.$executeRaw`INSERT INTO keys (id, name, type, latest_version, min_enabled_version) VALUES (gen_random_uuid(), 'good', 'rsa-2048', 1, 2)`,
    ).rejects.toThrow();
  });
});

describe('rotating keys', () => {
  it('adds the next version with fresh material', async () => {
    const key = await done(createKey({ name: 'rot', type: 'aes256-gcm96' }, ctx));
    const rotated = await done(rotateKey({ name: 'rot' }, ctx));
    expect(rotated.latestVersion).toBe(2);
    const [v1, v2] = await storedVersions('rot');
    const m1 = getKeyring().open(v1!.sealedMaterial, materialContext(key.id, 1));
    const m2 = getKeyring().open(v2!.sealedMaterial, materialContext(key.id, 2));
    expect(m1.equals(m2)).toBe(false);
    // A version's sealed material does not open as another version's.
    expect(() => getKeyring().open(v2!.sealedMaterial, materialContext(key.id, 1))).toThrow();
  });

  it('gives concurrent rotations consecutive versions, never a duplicate or a gap', async () => {
    await done(createKey({ name: 'busy', type: 'ecdsa-p256' }, ctx));
    const results = await Promise.all(Array.from({ length: 12 }, () => done(rotateKey({ name: 'busy' }, ctx))));
    expect(results.map((r) => r.latestVersion).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 2),
    );
    expect((await storedVersions('busy')).map((v) => v.version)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect((await getKey({ name: 'busy' }, ctx)).latestVersion).toBe(13);
  });

  it('refuses an unknown key', async () => {
    expect((await rejection(rotateKey({ name: 'nope' }, ctx))).code).toBe('not_found');
  });
});

describe('key settings', () => {
  it('sets min_enabled_version within 0..latest_version and reports versions enabled or not', async () => {
    await done(createKey({ name: 'cfg', type: 'ecdsa-p384' }, ctx));
    await done(rotateKey({ name: 'cfg' }, ctx));
    await done(rotateKey({ name: 'cfg' }, ctx));
    const [change] = await updateKeyConfig({ name: 'cfg', minEnabledVersion: '2' }, ctx);
    expect(change).toMatchObject({ setting: 'min_enabled_version', outcome: { status: 'done', result: { minEnabledVersion: 2 } } });
    const key = await getKey({ name: 'cfg' }, ctx);
    expect(key.versions.map((v) => [v.version, v.enabled])).toEqual([
      [3, true],
      [2, true],
      [1, false],
    ]);
    await updateKeyConfig({ name: 'cfg', minEnabledVersion: 0 }, ctx);
    expect((await getKey({ name: 'cfg' }, ctx)).versions.every((v) => v.enabled)).toBe(true);
  });

  it.each([['4'], ['-1'], ['1.5'], ['abc'], ['1e1']])('refuses min_enabled_version %s and changes nothing', async (value) => {
    const name = `range-${value.replace(/\W/g, '_')}`;
    await done(createKey({ name, type: 'aes256-gcm96' }, ctx));
    await done(rotateKey({ name }, ctx));
    await done(rotateKey({ name }, ctx));
    const before = await getKey({ name }, ctx);
    const err = await rejection(updateKeyConfig({ name, minEnabledVersion: value, deletionAllowed: 'true' }, ctx));
    expect(err.code).toBe('invalid_input');
    expect(err.fieldErrors.minEnabledVersion?.length).toBeGreaterThan(0);
    expect(await getKey({ name }, ctx)).toEqual(before);
  });

  it('toggles deletion_allowed', async () => {
    await done(createKey({ name: 'flag', type: 'aes256-gcm96' }, ctx));
    await updateKeyConfig({ name: 'flag', deletionAllowed: 'true' }, ctx);
    expect((await getKey({ name: 'flag' }, ctx)).deletionAllowed).toBe(true);
    await updateKeyConfig({ name: 'flag', deletionAllowed: 'false' }, ctx);
    expect((await getKey({ name: 'flag' }, ctx)).deletionAllowed).toBe(false);
    // Setting what is already set changes nothing and runs no operation.
    expect(await updateKeyConfig({ name: 'flag', deletionAllowed: 'false' }, ctx)).toEqual([]);
  });

  it('refuses an empty change and an unknown key', async () => {
    await done(createKey({ name: 'unchanged', type: 'aes256-gcm96' }, ctx));
    expect((await rejection(updateKeyConfig({ name: 'unchanged' }, ctx))).code).toBe('invalid_input');
    expect((await rejection(updateKeyConfig({ name: 'ghost', deletionAllowed: true }, ctx))).code).toBe('not_found');
  });
});

describe('deleting keys', () => {
  it('refuses while deletion_allowed is false, then deletes the key and all its material', async () => {
    const key = await done(createKey({ name: 'gone', type: 'rsa-2048' }, ctx));
    await done(rotateKey({ name: 'gone' }, ctx));
    const refused = await rejection(deleteKey({ name: 'gone' }, ctx));
    expect(refused.code).toBe('precondition_failed');
    expect(refused.message).toContain('deletion_allowed');
    expect(await storedVersions('gone')).toHaveLength(2);

    await updateKeyConfig({ name: 'gone', deletionAllowed: true }, ctx);
    await done(deleteKey({ name: 'gone' }, ctx));
    expect((await rejection(getKey({ name: 'gone' }, ctx))).code).toBe('not_found');
    expect(await getDb().keyVersion.count({ where: { keyId: key.id } })).toBe(0);
    expect((await rejection(deleteKey({ name: 'gone' }, ctx))).code).toBe('not_found');
  });
});

describe('listing keys', () => {
  it('searches by name, filters by type, sorts and paginates on the server', async () => {
    for (let i = 0; i < 7; i++) await done(createKey({ name: `list-${i}`, type: i % 2 ? 'aes256-gcm96' : 'ecdsa-p256' }, ctx));
    await done(rotateKey({ name: 'list-3' }, ctx));

    const page1 = await listKeys({ q: 'LIST-', pageSize: '3', sort: 'name', dir: 'desc' }, ctx);
    expect(page1.total).toBe(7);
    expect(page1.pageCount).toBe(3);
    expect(page1.items.map((k) => k.name)).toEqual(['list-6', 'list-5', 'list-4']);
    const page3 = await listKeys({ q: 'list-', pageSize: '3', sort: 'name', dir: 'desc', page: '3' }, ctx);
    expect(page3.items.map((k) => k.name)).toEqual(['list-0']);

    const aes = await listKeys({ q: 'list-', type: 'aes256-gcm96' }, ctx);
    expect(aes.items.map((k) => k.name)).toEqual(['list-1', 'list-3', 'list-5']);

    const byVersions = await listKeys({ q: 'list-', sort: 'versions', dir: 'desc', pageSize: '1' }, ctx);
    expect(byVersions.items[0]?.name).toBe('list-3');

    // Nonsense parameters fall back to defaults instead of failing the page.
    const fallback = await listKeys({ q: 'list-', sort: 'DROP TABLE', page: '-4', pageSize: '99999', type: 'rsa-1' }, ctx);
    expect(fallback.query).toMatchObject({ sort: 'name', page: 1, pageSize: 25, type: undefined });
    expect(fallback.total).toBe(7);
  });

  it('summarises keys and versions by type for the overview', async () => {
    await done(createKey({ name: 'overview-ec', type: 'ecdsa-p521' }, ctx));
    await done(rotateKey({ name: 'overview-ec' }, ctx));
    const overview = await getKeyOverview(ctx);
    expect(overview.recentlyChanged[0]?.name).toBe('overview-ec');
    const ec = overview.byType.find((t) => t.type === 'ecdsa-p521')!;
    expect(ec).toEqual({ type: 'ecdsa-p521', keys: await getDb().key.count({ where: { type: 'ecdsa-p521' } }), versions: expect.any(Number) });
    expect(ec.versions).toBe(await getDb().keyVersion.count({ where: { key: { type: 'ecdsa-p521' } } }));
    const counted = await getDb().key.count();
    expect(overview.totalKeys).toBe(counted);
    expect(overview.totalVersions).toBe(await getDb().keyVersion.count());
    expect(overview.byType.reduce((n, t) => n + t.keys, 0)).toBe(counted);
    expect(overview.recentlyChanged.length).toBeGreaterThan(0);
  });
});
