import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AzureKeyVaultEmulator } from '../server';
import { admin, keyClient, raw, restError, startEmulator, tokenFor, uniqueName } from './helpers';

describe('test switches', () => {
  let emulator: AzureKeyVaultEmulator;
  let token: string;
  let name: string;
  beforeAll(async () => {
    emulator = await startEmulator();
    token = await tokenFor(emulator);
    name = uniqueName('faulty');
    await keyClient(emulator).createEcKey(name);
  });
  beforeEach(async () => {
    await admin(emulator, 'DELETE', 'faults');
    await admin(emulator, 'POST', 'latency', { ms: 0 });
  });
  afterAll(() => emulator.close());

  it('arms faults given at start; the SDK retries two 500s through', async () => {
    const lines: string[] = [];
    const fresh = await startEmulator({ faults: ['GetKeys:500:2'], quiet: false, log: (line) => lines.push(line) });
    try {
      const client = keyClient(fresh, { maxRetries: 3 });
      const names: string[] = [];
      for await (const k of client.listPropertiesOfKeys()) names.push(k.name);
      expect(names).toEqual([]);
      expect(lines.filter((l) => / GetKeys .* 500:InternalServerError /.test(l))).toHaveLength(2);
      expect(lines.filter((l) => / GetKeys .* 200 /.test(l))).toHaveLength(1);
    } finally {
      await fresh.close();
    }
  });

  it('fails with 500 InternalServerError when the faults outlast the retries, and never changes state', async () => {
    await admin(emulator, 'POST', 'faults', { operation: 'DeleteKey', kind: '500', count: 2 });
    const error = await restError(keyClient(emulator, { maxRetries: 1 }).beginDeleteKey(name));
    expect(error).toMatchObject({ statusCode: 500, code: 'InternalServerError' });
    expect((await keyClient(emulator).getKey(name)).name).toBe(name);
    expect((await admin(emulator, 'GET', 'faults')).faults).toEqual([]);
  });

  it('throttles with 429 Throttled and Retry-After, which the SDK waits out', async () => {
    await admin(emulator, 'POST', 'faults', { operation: 'GetKey', kind: '429', count: 1 });
    const response = await raw(emulator, 'GET', `/keys/${name}?api-version=7.5`, { token });
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.body).toMatchObject({ error: { code: 'Throttled' } });
    await admin(emulator, 'POST', 'faults', { faults: [{ operation: 'GetKey', kind: '429' }] });
    expect((await keyClient(emulator).getKey(name)).name).toBe(name);
  });

  it('drops the connection without an answer, which the SDK retries', async () => {
    await admin(emulator, 'POST', 'faults', { operation: 'GetKey', kind: 'drop', count: 1 });
    await expect(raw(emulator, 'GET', `/keys/${name}?api-version=7.5`, { token })).rejects.toThrow(/socket hang up|ECONNRESET/);
    await admin(emulator, 'POST', 'faults', { operation: 'GetKey', kind: 'drop', count: 1 });
    expect((await keyClient(emulator, { maxRetries: 2 }).getKey(name)).name).toBe(name);
  });

  it('adds latency set at run time', async () => {
    await admin(emulator, 'POST', 'latency', { ms: 150 });
    const started = performance.now();
    await raw(emulator, 'GET', `/keys/${name}?api-version=7.5`, { token });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(await admin(emulator, 'GET', 'latency')).toEqual({ ms: 150 });
  });

  it('refuses malformed faults at the admin endpoint', async () => {
    const response = await raw(emulator, 'POST', '/__admin/faults', { body: { operation: 'GetKey', kind: 'explode' } });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatch(/unknown fault kind/);
  });

  it('logs one line per request with names and outcomes, never material or tokens', async () => {
    const lines: string[] = [];
    const logged = await startEmulator({ quiet: false, log: (line) => lines.push(line) });
    try {
      const client = keyClient(logged);
      const key = await client.importKey('logged', { kty: 'EC', crv: 'P-256', ...ecJwk() });
      expect(key.name).toBe('logged');
      const text = lines.join('\n');
      expect(text).toMatch(/azure-keyvault entra Token client=\S+ token-issued/);
      expect(text).toMatch(/azure-keyvault local ImportKey logged\/[0-9a-f]{32} 200 /);
      expect(text).toMatch(/azure-keyvault local ImportKey logged 401:Unauthorized /);
      expect(text).not.toContain(ecPrivate);
      expect(text).not.toMatch(/eyJ/);
      expect(text).not.toContain(logged.clientSecret);
    } finally {
      await logged.close();
    }
  });
});

const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
const ecPrivate = ecKey.d!;
function ecJwk() {
  const b = (s?: string) => new Uint8Array(Buffer.from(s ?? '', 'base64url'));
  return { x: b(ecKey.x), y: b(ecKey.y), d: b(ecKey.d) };
}
