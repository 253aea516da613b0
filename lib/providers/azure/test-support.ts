import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientSecretCredential } from '@azure/identity';
import { KeyClient, type KeyProperties } from '@azure/keyvault-keys';
import { startAzureKeyVaultEmulator, type AzureKeyVaultEmulator, type AzureKeyVaultEmulatorOptions } from '@/emulators/azure-keyvault';
import { generateKeyMaterial, type GeneratedKey } from '@/lib/crypto/key-generation';
import type { KeyType } from '@/lib/keys/key-types';
import type { Protection, Purpose } from '../capabilities';
import type { DistributionRef, ProviderAdapter, ProviderSettings, VersionSpec } from '../contract';
import { createAzureAdapter, type AzureAdapterOptions } from './azure-adapter';

/** One folder per test file: the emulator's certificate and token signing key are made once. */
const certDir = mkdtempSync(join(tmpdir(), 'keywarden-azure-adapter-'));

/**
 * Fast SDK retries, and a 2048-bit KEK: the emulator's RSA-4096 generation takes seconds on a
 * loaded machine. One test covers the 4096-bit default.
 */
export const TEST_OPTIONS: AzureAdapterOptions = { maxRetries: 2, retryDelayMs: 20, kekSize: 2048 };

export interface Harness {
  emulator: AzureKeyVaultEmulator;
  vaultUrl: string;
  installationId: string;
  adapter: ProviderAdapter;
  /** The same vault through the plain SDK, to check what the adapter did. */
  sdk: KeyClient;
  adapterFor(overrides?: Partial<ProviderSettings>, options?: AzureAdapterOptions): ProviderAdapter;
  admin(path: string, body?: unknown, method?: string): Promise<unknown>;
  close(): Promise<void>;
}

export function settingsFor(emulator: AzureKeyVaultEmulator, installationId: string, overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  return {
    kind: 'azurekeyvault',
    name: 'azure-test',
    keyCollection: emulator.vaultUrl(),
    endpoint: null,
    caBundle: emulator.caPem,
    credentials: { form: 'client_secret', tenantId: emulator.tenantId, clientId: emulator.clientId, clientSecret: emulator.clientSecret, cloud: emulator.authorityHost },
    installationId,
    ...overrides,
  };
}

/** One emulator per test, so faults, clocks and recovery levels never cross tests. */
export async function startHarness(options: Omit<AzureKeyVaultEmulatorOptions, 'port' | 'quiet' | 'certDir'> = {}): Promise<Harness> {
  const emulator = await startAzureKeyVaultEmulator({ port: 0, identityPort: false, quiet: true, certDir, ...options });
  const installationId = randomUUID();
  const adapterFor = (overrides: Partial<ProviderSettings> = {}, adapterOptions: AzureAdapterOptions = {}) =>
    createAzureAdapter(settingsFor(emulator, installationId, overrides), { ...TEST_OPTIONS, ...adapterOptions });
  const credential = new ClientSecretCredential(emulator.tenantId, emulator.clientId, emulator.clientSecret, {
    authorityHost: emulator.authorityHost,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: emulator.caPem },
  });
  return {
    emulator,
    vaultUrl: emulator.vaultUrl(),
    installationId,
    adapter: adapterFor(),
    sdk: new KeyClient(emulator.vaultUrl(), credential, {
      disableChallengeResourceVerification: true,
      tlsOptions: { ca: emulator.caPem },
      retryOptions: { maxRetries: 0 },
    }),
    adapterFor,
    async admin(path, body, method = body === undefined ? 'GET' : 'POST') {
      const response = await fetchAdmin(emulator, path, method, body);
      return response;
    },
    close: () => emulator.close(),
  };
}

async function fetchAdmin(emulator: AzureKeyVaultEmulator, path: string, method: string, body: unknown): Promise<unknown> {
  const { request } = await import('node:https');
  const url = new URL(`/__admin/${path}`, emulator.url);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, ca: emulator.caPem, headers: { 'content-type': 'application/json', ...(payload && { 'content-length': String(Buffer.byteLength(payload)) }) } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => ((res.statusCode ?? 500) < 300 ? resolve(text ? JSON.parse(text) : null) : reject(new Error(`admin ${path}: ${res.statusCode} ${text}`))));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const materials = new Map<KeyType, Promise<GeneratedKey>>();

/** One material per type for the whole file (RSA-4096 is slow); `fresh` for another one. */
export function materialFor(type: KeyType, fresh = false): Promise<GeneratedKey> {
  if (fresh) return generateKeyMaterial(type);
  let material = materials.get(type);
  if (!material) {
    material = generateKeyMaterial(type);
    materials.set(type, material);
  }
  return material;
}

export function distFor(keyName: string, keyType: KeyType, purposes: readonly Purpose[], protection: Protection, remoteName = ''): DistributionRef {
  return { keyName, keyType, purposes, protection, remoteName };
}

export function specFor(dist: DistributionRef, version: number, generated: GeneratedKey): VersionSpec {
  return {
    keyName: dist.keyName,
    keyType: dist.keyType,
    version,
    purposes: dist.purposes,
    protection: dist.protection,
    // A copy: the adapter's caller zeroes material after use.
    material: Buffer.from(generated.material),
    publicKeyPem: generated.publicKeyPem,
  };
}

export const uniqueName = (prefix: string) => `${prefix}_${randomUUID().slice(0, 8)}`;

/** Every version of an Azure key through the SDK, oldest first. */
export async function versionsThroughSdk(sdk: KeyClient, name: string): Promise<KeyProperties[]> {
  const out: KeyProperties[] = [];
  for await (const properties of sdk.listPropertiesOfKeyVersions(name)) out.push(properties);
  return out;
}

/** A port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * An HTTPS proxy in front of the emulator (with the emulator's own certificate) that forwards
 * every request, except that the first `times` authorized `method`s on a path matching `path` are
 * forwarded, processed, and then answered by destroying the client's socket: an outcome the
 * client cannot know.
 */
export async function startLosingProxy(
  emulator: AzureKeyVaultEmulator,
  method: string,
  path: RegExp,
  times = 1,
): Promise<{ url: string; lost: () => number; close(): Promise<void> }> {
  const target = new URL(emulator.vaultUrl());
  let lost = 0;
  const server = createHttpsServer({ cert: readFileSync(join(certDir, 'tls-cert.pem')), key: readFileSync(join(certDir, 'tls-key.pem')) }, (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      // The SDK's first request carries no token (it fetches the challenge): only an authorized one runs.
      const lose = incoming.method === method && path.test(new URL(incoming.url ?? '/', target).pathname) && !!incoming.headers.authorization && lost < times;
      const headers = { ...incoming.headers, host: target.host };
      const forward = httpsRequest(new URL(incoming.url ?? '/', target), { method: incoming.method, headers, ca: emulator.caPem }, (answer) => {
        if (lose) {
          lost++;
          answer.resume();
          answer.on('end', () => incoming.socket.destroy());
          return;
        }
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      });
      forward.on('error', () => incoming.socket.destroy());
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://localhost:${port}`,
    lost: () => lost,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
