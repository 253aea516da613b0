import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AzureKeyVaultEmulator } from '../server';
import { advanceClock, DAY, keyClient, raw, restError, startEmulator, tokenFor, uniqueName } from './helpers';

const POLL = { intervalInMs: 10 };

describe('keys and their lifecycle', () => {
  let emulator: AzureKeyVaultEmulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  it('creates every RSA and EC type with key_ops, attributes and tags, and never returns private members', async () => {
    const client = keyClient(emulator);
    const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    const expiresOn = new Date(notBefore.getTime() + 365 * DAY * 1000);
    const rsa = await client.createRsaKey(uniqueName('rsa'), { keySize: 3072, keyOps: ['sign', 'verify'], notBefore, expiresOn, tags: { team: 'core' } });
    expect(rsa.keyType).toBe('RSA');
    expect(rsa.key?.n?.length).toBe(384);
    expect(rsa.keyOperations).toEqual(['sign', 'verify']);
    expect(rsa.properties).toMatchObject({ enabled: true, notBefore, expiresOn, tags: { team: 'core' }, recoveryLevel: 'Recoverable+Purgeable', recoverableDays: 90 });
    expect(rsa.key?.d).toBeUndefined();
    const hsm = await client.createRsaKey(uniqueName('rsa-hsm'), { hsm: true });
    expect(hsm.keyType).toBe('RSA-HSM');
    expect(hsm.keyOperations).toEqual(['encrypt', 'decrypt', 'sign', 'verify', 'wrapKey', 'unwrapKey']);
    for (const [curve, bytes] of [['P-256', 32], ['P-384', 48], ['P-521', 66]] as const) {
      const ec = await client.createEcKey(uniqueName('ec'), { curve, hsm: curve === 'P-384' });
      expect(ec.keyType).toBe(curve === 'P-384' ? 'EC-HSM' : 'EC');
      expect(ec.key?.crv).toBe(curve);
      expect(ec.key?.x?.length).toBe(bytes);
      expect(ec.keyOperations).toEqual(['sign', 'verify']);
      expect(ec.key?.d).toBeUndefined();
    }
  });

  it('keeps versions, gets each, lists them, and updates one version without touching the others', async () => {
    const client = keyClient(emulator);
    const name = uniqueName('versions');
    const first = await client.createEcKey(name, { tags: { v: '1' } });
    const second = await client.createEcKey(name, { tags: { v: '2' } });
    expect((await client.getKey(name)).id).toBe(second.id);
    expect((await client.getKey(name, { version: first.properties.version! })).properties.tags).toEqual({ v: '1' });
    const versions: string[] = [];
    for await (const v of client.listPropertiesOfKeyVersions(name)) versions.push(v.version!);
    expect(versions.sort()).toEqual([first.properties.version, second.properties.version].sort());
    const updated = await client.updateKeyProperties(name, first.properties.version!, { enabled: false, tags: { v: 'one' }, keyOps: ['verify'] });
    expect(updated.properties).toMatchObject({ enabled: false, tags: { v: 'one' } });
    expect(updated.keyOperations).toEqual(['verify']);
    expect(updated.properties.updatedOn!.getTime()).toBeGreaterThanOrEqual(first.properties.updatedOn!.getTime());
    expect((await client.getKey(name)).properties.enabled).toBe(true);
    const listed: string[] = [];
    for await (const k of client.listPropertiesOfKeys()) listed.push(k.name);
    expect(listed).toContain(name);
    const badOps = await restError(client.updateKeyProperties(name, second.properties.version!, { keyOps: ['encrypt'] }));
    expect(badOps).toMatchObject({ statusCode: 400, code: 'BadParameter' });
  });

  it('soft-deletes, lists and gets the deleted key, recovers it through the SDK pollers, and purges', async () => {
    const client = keyClient(emulator);
    const name = uniqueName('soft');
    const created = await client.createRsaKey(name);
    const deleted = await (await client.beginDeleteKey(name, POLL)).pollUntilDone();
    expect(deleted.properties.recoveryId).toBe(`${emulator.vaultUrl()}/deletedkeys/${name}`);
    expect(deleted.properties.deletedOn).toBeInstanceOf(Date);
    expect(deleted.properties.scheduledPurgeDate!.getTime() - deleted.properties.deletedOn!.getTime()).toBe(90 * DAY * 1000);
    expect((await restError(client.getKey(name))).code).toBe('KeyNotFound');
    expect((await client.getDeletedKey(name)).id).toBe(created.id);
    const deletedNames: string[] = [];
    for await (const d of client.listDeletedKeys()) deletedNames.push(d.name);
    expect(deletedNames).toContain(name);
    const conflict = await restError(client.createRsaKey(name));
    expect(conflict).toMatchObject({ statusCode: 409, code: 'Conflict' });
    expect(conflict.message).toBe(`Key ${name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the key can only be recovered or purged.`);
    const recovered = await (await client.beginRecoverDeletedKey(name, POLL)).pollUntilDone();
    expect(recovered.id).toBe(created.id);
    expect((await client.getKey(name)).id).toBe(created.id);
    await (await client.beginDeleteKey(name, POLL)).pollUntilDone();
    await client.purgeDeletedKey(name);
    expect((await restError(client.getDeletedKey(name))).message).toBe(`Deleted Key not found: ${name}`);
    const fresh = await client.createRsaKey(name);
    expect(fresh.id).not.toBe(created.id);
  });

  it('looks names up without regard to case', async () => {
    const client = keyClient(emulator);
    const name = uniqueName('MixedCase');
    const created = await client.createEcKey(name);
    expect((await client.getKey(name.toLowerCase())).id).toBe(created.id);
  });

  it('makes deleted keys vanish when the retention period ends', async () => {
    const short = await startEmulator({ retentionDays: 7 });
    try {
      const client = keyClient(short);
      const name = uniqueName('retention');
      await client.createEcKey(name);
      const deleted = await (await client.beginDeleteKey(name, POLL)).pollUntilDone();
      expect(deleted.properties.recoveryLevel).toBe('CustomizedRecoverable+Purgeable');
      expect(deleted.properties.recoverableDays).toBe(7);
      // Moving the clock expires tokens too: each step signs in afresh.
      await advanceClock(short, 7 * DAY - 60);
      expect((await keyClient(short).getDeletedKey(name)).name).toBe(name);
      await advanceClock(short, 120);
      const later = keyClient(short);
      expect((await restError(later.getDeletedKey(name))).statusCode).toBe(404);
      expect((await later.createEcKey(name)).name).toBe(name);
    } finally {
      await short.close();
    }
  });

  it('refuses purge under purge protection (Recoverable) and deletes at once when Purgeable', async () => {
    const protectedVault = await startEmulator({ recoveryLevel: 'Recoverable' });
    const plain = await startEmulator({ recoveryLevel: 'Purgeable' });
    try {
      const client = keyClient(protectedVault);
      const name = uniqueName('protected');
      await client.createEcKey(name);
      await (await client.beginDeleteKey(name, POLL)).pollUntilDone();
      const refused = await restError(client.purgeDeletedKey(name));
      expect(refused).toMatchObject({ statusCode: 403, code: 'Forbidden' });
      expect(refused.message).toMatch(/purge protection is enabled for this vault/);
      const other = keyClient(plain);
      await other.createEcKey(name);
      const gone = await (await other.beginDeleteKey(name, POLL)).pollUntilDone();
      expect(gone.properties.recoveryId).toBeUndefined();
      expect(gone.properties.recoveryLevel).toBe('Purgeable');
      expect((await restError(other.getDeletedKey(name))).statusCode).toBe(404);
      expect((await other.createEcKey(name)).name).toBe(name);
    } finally {
      await protectedVault.close();
      await plain.close();
    }
  });

  it('serves several vaults, each with its own keys, on its own port or by <vault>.localhost', async () => {
    const multi = await startEmulator({ vaults: ['alpha', 'beta'] });
    try {
      const name = uniqueName('shared');
      const alpha = await keyClient(multi, { vault: 'alpha' }).createEcKey(name);
      expect((await restError(keyClient(multi, { vault: 'beta' }).getKey(name))).statusCode).toBe(404);
      expect(alpha.properties.vaultUrl).toBe(multi.vaultUrl('alpha'));
      const token = await tokenFor(multi);
      const betaPort = new URL(multi.vaultUrl('beta')).port;
      const byHost = await raw(multi, 'GET', `/keys/${name}?api-version=7.5`, { token, url: `https://alpha.localhost:${betaPort}` });
      expect(byHost.status).toBe(200);
      expect((byHost.body.key as { kid: string }).kid).toMatch(new RegExp(`^https://alpha\\.localhost:${betaPort}/keys/`));
    } finally {
      await multi.close();
    }
  });

  it('rotates a key into a new version of the same type and operations', async () => {
    const client = keyClient(emulator);
    const name = uniqueName('rotate');
    const first = await client.createEcKey(name, { curve: 'P-384', keyOps: ['sign'] });
    const rotated = await client.rotateKey(name);
    expect(rotated.properties.version).not.toBe(first.properties.version);
    expect(rotated.key?.crv).toBe('P-384');
    expect(rotated.keyOperations).toEqual(['sign']);
  });
});
