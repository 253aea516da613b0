import { ClientSecretCredential, DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
import { parseKeyVaultKeyIdentifier } from '@azure/keyvault-keys';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AzureKeyVaultEmulator } from '../server';
import { advanceClock, admin, credentialFor, keyClient, raw, restError, startEmulator, tokenFor } from './helpers';

const OTHER_TENANT = '99999999-9999-4999-8999-999999999999';

describe('Entra sign-in and token checks', () => {
  let emulator: AzureKeyVaultEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({
      clients: [
        { clientId: 'app-one', clientSecret: 'secret-one' },
        { tenantId: OTHER_TENANT, clientId: 'app-other', clientSecret: 'secret-other' },
      ],
    });
  });
  afterEach(() => admin(emulator, 'POST', 'clock', { reset: true }));
  afterAll(() => emulator.close());

  it('signs in a configured client with ClientSecretCredential and serves the vault', async () => {
    const token = await credentialFor(emulator).getToken('https://vault.azure.net/.default');
    expect(token?.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3000 * 1000);
    const [, payload] = token!.token.split('.');
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toMatchObject({
      aud: 'https://vault.azure.net',
      tid: emulator.tenantId,
      appid: 'app-one',
      iss: `${emulator.authorityHost}/${emulator.tenantId}/v2.0`,
    });
    expect(await keyClient(emulator).createEcKey('signed-in')).toBeDefined();
  });

  it('refuses a wrong client secret with invalid_client and AADSTS7000215', async () => {
    const error = await restError(credentialFor(emulator, 'wrong').getToken('https://vault.azure.net/.default'));
    expect(error.message).toMatch(/invalid_client/);
    expect(error.message).toMatch(/AADSTS7000215/);
    const response = await raw(emulator, 'POST', `/${emulator.tenantId}/oauth2/v2.0/token`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=app-one&client_secret=nope&scope=https%3A%2F%2Fvault.azure.net%2F.default',
    });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    const unknown = await raw(emulator, 'POST', `/${emulator.tenantId}/oauth2/v2.0/token`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=nobody&client_secret=x&scope=https%3A%2F%2Fvault.azure.net%2F.default',
    });
    expect(unknown.body).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });
    const badScope = await raw(emulator, 'POST', `/${emulator.tenantId}/oauth2/v2.0/token`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=app-one&client_secret=secret-one&scope=https%3A%2F%2Fvault.azure.net',
    });
    expect(badScope.body).toMatchObject({ error: 'invalid_scope', error_codes: [1002012] });
    const tenant = await raw(emulator, 'GET', '/no-such-tenant/v2.0/.well-known/openid-configuration');
    expect(tenant.body).toMatchObject({ error: 'invalid_tenant', error_codes: [90002] });
  });

  it('refuses a token for another audience (AKV10022)', async () => {
    const token = await tokenFor(emulator, 'https://management.azure.com/.default');
    const response = await raw(emulator, 'GET', '/keys?api-version=7.5', { token });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({
      error: { code: 'Unauthorized', message: 'AKV10022: Invalid audience. Expected https://vault.azure.net, found: https://management.azure.com.' },
    });
    expect(response.headers['www-authenticate']).toMatch(/^Bearer authorization=/);
  });

  it('refuses a token from another tenant (AKV10032), also through the SDK', async () => {
    const other = new ClientSecretCredential(OTHER_TENANT, 'app-other', 'secret-other', {
      authorityHost: emulator.authorityHost,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: emulator.caPem },
    });
    const token = (await other.getToken('https://vault.azure.net/.default'))!.token;
    const response = await raw(emulator, 'GET', '/keys?api-version=7.5', { token });
    expect(response.status).toBe(401);
    expect((response.body.error as { message: string }).message).toMatch(/^AKV10032: Invalid issuer\./);
  });

  it('refuses an expired token, a forged signature and a token of an unknown key', async () => {
    const token = await tokenFor(emulator);
    expect((await raw(emulator, 'GET', '/keys?api-version=7.5', { token })).status).toBe(200);
    await advanceClock(emulator, 3600);
    const expired = await raw(emulator, 'GET', '/keys?api-version=7.5', { token });
    expect(expired.status).toBe(401);
    expect((expired.body.error as { message: string }).message).toMatch(/expired/);
    await admin(emulator, 'POST', 'clock', { reset: true });
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${Buffer.alloc(256, 1).toString('base64url')}`;
    expect((await raw(emulator, 'GET', '/keys?api-version=7.5', { token: forged })).status).toBe(401);
    const otherKey = `${Buffer.from('{"alg":"RS256","kid":"zzz"}').toString('base64url')}.${payload}.AAAA`;
    const unknown = await raw(emulator, 'GET', '/keys?api-version=7.5', { token: otherKey });
    expect((unknown.body.error as { message: string }).message).toMatch(/^AKV10046: Unable to resolve the key used for signature validation/);
  });

  describe('credentials from the environment', () => {
    const saved = { ...process.env };
    afterEach(() => {
      for (const name of [
        'IDENTITY_ENDPOINT',
        'IDENTITY_HEADER',
        'AZURE_POD_IDENTITY_AUTHORITY_HOST',
        'AZURE_TENANT_ID',
        'AZURE_CLIENT_ID',
        'AZURE_CLIENT_SECRET',
        'AZURE_AUTHORITY_HOST',
      ]) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    });

    it('lets DefaultAzureCredential sign in from AZURE_* variables, and kids parse with parseKeyVaultKeyIdentifier', async () => {
      Object.assign(process.env, {
        AZURE_TENANT_ID: emulator.tenantId,
        AZURE_CLIENT_ID: 'app-one',
        AZURE_CLIENT_SECRET: 'secret-one',
        AZURE_AUTHORITY_HOST: emulator.authorityHost,
      });
      const credential = new DefaultAzureCredential({ disableInstanceDiscovery: true, tlsOptions: { ca: emulator.caPem } });
      const created = await keyClient(emulator, { credential }).createEcKey('default-credential');
      expect(parseKeyVaultKeyIdentifier(created.id!)).toEqual({
        sourceId: created.id,
        vaultUrl: emulator.vaultUrl(),
        name: 'default-credential',
        version: created.properties.version,
      });
    });

    it('serves App Service tokens that the vault accepts', async () => {
      process.env.IDENTITY_ENDPOINT = `${emulator.identityEndpoint}/msi/token`;
      process.env.IDENTITY_HEADER = emulator.identityHeader;
      const credential = new ManagedIdentityCredential();
      const created = await keyClient(emulator, { credential }).createEcKey('app-service-made');
      expect(created.name).toBe('app-service-made');
    });

    it('serves IMDS tokens that the vault accepts, and insists on the Metadata header', async () => {
      process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST = emulator.identityEndpoint;
      const credential = new ManagedIdentityCredential();
      const token = await credential.getToken('https://vault.azure.net/.default');
      expect((await raw(emulator, 'GET', '/keys?api-version=7.5', { token: token!.token })).status).toBe(200);
      const bare = await fetch(`${emulator.identityEndpoint}/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net`);
      expect(bare.status).toBe(400);
      expect(await bare.json()).toEqual({ error: 'invalid_request', error_description: 'Required metadata header not specified' });
    });
  });
});
