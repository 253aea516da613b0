import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AzureKeyVaultEmulator } from '../server';
import { keyClient, raw, startEmulator, tokenFor, uniqueName } from './helpers';

describe('wire protocol', () => {
  let emulator: AzureKeyVaultEmulator;
  let token: string;
  beforeAll(async () => {
    emulator = await startEmulator();
    token = await tokenFor(emulator);
  });
  afterAll(() => emulator.close());

  it('answers an unauthenticated request with 401 and exactly one Key Vault challenge, before reading the body', async () => {
    const response = await raw(emulator, 'POST', '/keys/x/create?api-version=2025-07-01', { body: 'not json at all' });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: { code: 'Unauthorized', message: 'AKV10000: Request is missing a Bearer or PoP token.' } });
    expect(response.headers['www-authenticate']).toBe(
      `Bearer authorization="${emulator.authorityHost}/${emulator.tenantId}", resource="https://vault.azure.net"`,
    );
  });

  it('requires an api-version it knows, also percent-encoded as the SDK sends it', async () => {
    const missing = await raw(emulator, 'GET', '/keys', { token });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: { code: 'BadParameter' } });
    const unknown = await raw(emulator, 'GET', '/keys?api-version=7.4', { token });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({
      error: { code: 'BadParameter', message: 'The specified version (7.4) is not recognized. Consider using the latest supported version (2025-07-01).' },
    });
    for (const version of ['7.5', '7.6', '2025-07-01']) {
      expect((await raw(emulator, 'GET', `/keys?api%2Dversion=${version}`, { token })).status).toBe(200);
    }
  });

  it('serves the latest version with and without a trailing slash, and kids parse in the SDK', async () => {
    const name = uniqueName('slash');
    const created = await keyClient(emulator).createEcKey(name);
    const plain = await raw(emulator, 'GET', `/keys/${name}?api-version=7.5`, { token });
    const slashed = await raw(emulator, 'GET', `/keys/${name}/?api-version=7.5`, { token });
    expect(plain.status).toBe(200);
    expect(slashed.body).toEqual(plain.body);
    expect((plain.body.key as { kid: string }).kid).toBe(created.id);
    expect(created.properties.vaultUrl).toBe(emulator.vaultUrl());
    expect(created.properties.version).toMatch(/^[0-9a-f]{32}$/);
    expect(plain.body.key).not.toHaveProperty('d');
  });

  it('refuses bad JSON, bad names and bad types with BadParameter, unknown keys with KeyNotFound', async () => {
    const badJson = await raw(emulator, 'POST', '/keys/ok-name/create?api-version=7.5', { token, body: '{"kty":' });
    expect(badJson.status).toBe(400);
    expect(badJson.body).toMatchObject({ error: { code: 'BadParameter' } });
    const badName = await raw(emulator, 'POST', '/keys/bad_name/create?api-version=7.5', { token, body: { kty: 'EC' } });
    expect(badName.body).toEqual({ error: { code: 'BadParameter', message: 'The request URI contains an invalid name: bad_name' } });
    const tooLong = await raw(emulator, 'POST', `/keys/${'a'.repeat(128)}/create?api-version=7.5`, { token, body: { kty: 'EC' } });
    expect(tooLong.status).toBe(400);
    for (const body of [{ kty: 'oct-HSM' }, { kty: 'DSA' }, {}, { kty: 'EC', crv: 'P-192' }, { kty: 'RSA', key_size: 1024 }]) {
      const response = await raw(emulator, 'POST', '/keys/typed/create?api-version=7.5', { token, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body).toMatchObject({ error: { code: 'BadParameter' } });
    }
    const ecOps = await raw(emulator, 'POST', '/keys/ec-ops/create?api-version=7.5', {
      token,
      body: { kty: 'EC', key_ops: ['sign', 'wrapKey', 'unwrapKey'] },
    });
    expect(ecOps.body).toEqual({
      error: { code: 'BadParameter', message: 'Unsupported key operation(s): "wrapKey", "unwrapKey". Supported values are "sign", "verify".' },
    });
    const missing = await raw(emulator, 'GET', '/keys/no-such-key/0123456789abcdef0123456789abcdef?api-version=7.5', { token });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({
      error: { code: 'KeyNotFound', message: expect.stringMatching(/^A key with \(name\/id\) no-such-key\/0123456789abcdef0123456789abcdef was not found in this key vault\./) },
    });
  });

  it('pages lists with maxresults and an absolute nextLink that carries the api-version', async () => {
    const client = keyClient(emulator);
    const name = uniqueName('paged');
    for (let i = 0; i < 3; i++) await client.createEcKey(name);
    const first = await raw(emulator, 'GET', `/keys/${name}/versions?api-version=7.5&maxresults=2`, { token });
    expect((first.body.value as unknown[]).length).toBe(2);
    const nextLink = first.body.nextLink as string;
    expect(nextLink).toMatch(new RegExp(`^${emulator.url}/keys/${name}/versions\\?api-version=7\\.5&\\$skiptoken=.+&maxresults=2$`));
    const second = await raw(emulator, 'GET', new URL(nextLink).pathname + new URL(nextLink).search, { token });
    expect((second.body.value as unknown[]).length).toBe(1);
    expect(second.body.nextLink).toBeNull();
    const tooMany = await raw(emulator, 'GET', '/keys?api-version=7.5&maxresults=26', { token });
    expect(tooMany.status).toBe(400);
    const pages: number[] = [];
    for await (const page of client.listPropertiesOfKeyVersions(name).byPage({ maxPageSize: 1 })) pages.push(page.length);
    expect(pages).toEqual([1, 1, 1]);
  });

  it('answers paths that are not Key Vault resources with 404', async () => {
    const response = await raw(emulator, 'GET', '/keys/a/b/c/d?api-version=7.5', { token });
    expect(response.status).toBe(404);
  });
});
