import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { UseCaseContext } from '@/lib/auth/actor';
import { createProvider } from '@/lib/providers/create-provider';
import { getDb } from '@/lib/db/client';
import { DomainError } from '@/lib/errors';
import { actorWith, done } from '@/lib/testing/actors';
import { createKey } from './create-key';
import { getKey } from './get-key';
import { getPublicKey } from './get-public-key';
import { listKeys } from './list-keys';
import { rotateKey } from './rotate-key';
import { updateKeyDetails } from './update-key-details';
import { ageOf } from './views';

let ctx: UseCaseContext;
let viewer: UseCaseContext;
beforeAll(async () => {
  ctx = await actorWith(['operator', 'admin']);
  viewer = await actorWith(['viewer']);
});

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
}

describe('names', () => {
  it('a 200-character key name is refused with a message, and no key is created from its first 128 characters', async () => {
    const name = `k${randomBytes(4).toString('hex')}`.padEnd(200, 'x');
    const err = await rejection(createKey({ name, type: 'aes256-gcm96' }, ctx));
    expect(err.code).toBe('invalid_input');
    expect(err.message).toBe('A key name has at most 128 characters.');
    expect(await getDb().key.count({ where: { name: { startsWith: name.slice(0, 9) } } })).toBe(0);
  });

  it('names that differ only in case are one name: the second is refused, naming the existing key', async () => {
    const name = unique('UI-AES');
    await done(createKey({ name, type: 'aes256-gcm96' }, ctx));
    const err = await rejection(createKey({ name: name.toLowerCase(), type: 'aes256-gcm96' }, ctx));
    expect(err.code).toBe('conflict');
    expect(err.message).toContain(`"${name}" already exists`);
    expect(await getDb().key.count({ where: { name: { equals: name, mode: 'insensitive' } } })).toBe(1);
  });

  it('the database itself refuses a case-only duplicate key or provider name (keys_name_lower_key, providers_name_lower_key)', async () => {
    const name = unique('Db-Case');
    await done(createKey({ name, type: 'aes256-gcm96' }, ctx));
    const raw = getDb().$executeRawUnsafe(
      `INSERT INTO keys (id, name, type, latest_version) VALUES (gen_random_uuid(), $1, 'aes256-gcm96', 1)`,
      name.toUpperCase(),
    );
    await expect(raw).rejects.toThrow(/keys_name_lower_key/);
    const provider = unique('Prov-Case');
    await done(createProvider({ name: provider, kind: 'awskms', keyCollection: 'us-east-1' }, ctx));
    const err = await rejection(done(createProvider({ name: provider.toLowerCase(), kind: 'awskms', keyCollection: 'us-east-1' }, ctx)));
    expect(err.code).toBe('conflict');
    expect(await getDb().provider.count({ where: { name: { equals: provider, mode: 'insensitive' } } })).toBe(1);
  });
});

describe('details: description, owner, tags', () => {
  it('are edited through one audited operation that records what changed and what it was', async () => {
    const name = unique('details');
    await done(createKey({ name, type: 'ecdsa-p256' }, ctx));
    const first = await done(updateKeyDetails({ name, description: 'Signs invoices', owner: 'payments-team', tags: ['PCI', 'prod', 'pci'] }, ctx));
    expect(first.key).toMatchObject({ description: 'Signs invoices', owner: 'payments-team', tags: ['pci', 'prod'] });
    expect(first.changed).toEqual(['description', 'owner', 'tags']);
    // A form sends tags as one comma-separated field.
    const second = await done(updateKeyDetails({ name, owner: 'payments-team', tags: 'prod, eu' }, ctx));
    expect(second.changed).toEqual(['tags']);
    expect(second.previous).toEqual({ tags: ['pci', 'prod'] });
    const event = await getDb().auditEvent.findFirst({ where: { action: 'key.update_details', target: `key:${name}` }, orderBy: { seq: 'desc' } });
    expect(event).toMatchObject({ outcome: 'succeeded', params: { name, owner: 'payments-team', tags: ['prod', 'eu'], changed: ['tags'], previous: { tags: ['pci', 'prod'] } } });
    expect((await getKey({ name }, ctx)).tags).toEqual(['prod', 'eu']);
  });

  it('refuse bad input with a message, audit the refusal and change nothing', async () => {
    const name = unique('details-bad');
    await done(createKey({ name, type: 'aes256-gcm96' }, ctx));
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ description: 'x'.repeat(1001) }, /at most 1000 characters/],
      [{ owner: 'o'.repeat(129) }, /at most 128 characters/],
      [{ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, /at most 20 tags/],
      [{ tags: ['has space'] }, /A tag is letters, digits/],
      [{ tags: 42 }, /list \(JSON\) or comma-separated/],
      [{}, /Nothing to change/],
    ];
    for (const [fields, message] of cases) {
      const err = await rejection(updateKeyDetails({ name, ...fields }, ctx));
      expect(err.code).toBe('invalid_input');
      expect(err.message).toMatch(message);
    }
    const err = await rejection(updateKeyDetails({ name, owner: 'me' }, viewer));
    expect(err.code).toBe('forbidden');
    expect(await getDb().key.findUnique({ where: { name } })).toMatchObject({ description: '', owner: '', tags: [] });
    expect(await getDb().auditEvent.count({ where: { action: 'key.update_details', target: `key:${name}`, outcome: 'denied' } })).toBeGreaterThanOrEqual(1);
  });

  it('are searchable from the keys list: description and owner by part, a tag whole', async () => {
    const marker = randomBytes(4).toString('hex');
    const name = unique('searchable');
    await done(createKey({ name, type: 'aes256-gcm96' }, ctx));
    await done(updateKeyDetails({ name, description: `Backups of ledger ${marker}`, owner: `Team-${marker}`, tags: [`tag-${marker}`] }, ctx));
    for (const q of [`LEDGER ${marker}`, `team-${marker}`, `TAG-${marker}`]) {
      expect((await listKeys({ q }, viewer)).items.map((k) => k.name)).toEqual([name]);
    }
    expect((await listKeys({ q: `tag-${marker.slice(0, 4)}` }, viewer)).items.map((k) => k.name)).not.toContain(name);
  });
});

describe('what operators look for on a key', () => {
  it('each asymmetric version has its SPKI SHA-256 fingerprint and a PEM download; the latest version has an age', async () => {
    const name = unique('fp');
    const created = await done(createKey({ name, type: 'rsa-2048' }, ctx));
    await done(rotateKey({ name }, ctx));
    const key = await getKey({ name }, viewer);
    expect(key.id).toBe(created.id);
    expect(key.versions).toHaveLength(2);
    for (const v of key.versions) {
      const der = createPublicKey(v.publicKeyPem!).export({ type: 'spki', format: 'der' });
      expect(v.fingerprint).toBe(createHash('sha256').update(der).digest('hex').match(/../g)!.join(':'));
      const file = await getPublicKey({ name, version: String(v.version) }, viewer);
      expect(file).toEqual({ filename: `${name}-v${v.version}.pem`, pem: v.publicKeyPem, fingerprint: v.fingerprint });
      expect(file.pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    }
    expect(key.versions[0]!.fingerprint).not.toBe(key.versions[1]!.fingerprint);
    expect(key.latestVersionCreatedAt.getTime()).toBe(key.versions[0]!.createdAt.getTime());
    expect(ageOf(new Date(Date.now() - 3 * 86_400_000 - 5_000))).toBe('3 days');
    expect(ageOf(new Date())).toBe('just now');
  });

  it('an AES key has no public key: its download says so', async () => {
    const name = unique('fp-aes');
    await done(createKey({ name, type: 'aes256-gcm96' }, ctx));
    expect((await getKey({ name }, viewer)).versions[0]!.fingerprint).toBeNull();
    const err = await rejection(getPublicKey({ name, version: '1' }, viewer));
    expect(err.code).toBe('not_found');
    expect(err.message).toMatch(/symmetric key: it has no public key/);
    expect((await rejection(getPublicKey({ name, version: '1.5' }, viewer))).code).toBe('invalid_input');
  });
});
