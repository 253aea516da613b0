import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KMSClient, ListKeysCommand, ListResourceTagsCommand } from '@aws-sdk/client-kms';
import { startAwsKmsEmulator, type AwsKmsEmulator } from '@/emulators/aws-kms';
import { generateKeyMaterial, type GeneratedKey } from '@/lib/crypto/key-generation';
import type { KeyType } from '@/lib/keys/key-types';
import type { Purpose } from '../capabilities';
import type { DistributionRef, ProviderSettings, VersionSpec } from '../contract';
import { createAwsAdapter } from './aws-adapter';
import { mainAlias } from './names';

export const REGION = 'eu-west-1';
export const CREDENTIALS = { accessKeyId: 'AKIAKEYWARDENTEST001', secretAccessKey: 'sEcReT/never-shown+42', sessionToken: 'SeSsIoN-token-never-shown' };

export interface Harness {
  emulator: AwsKmsEmulator;
  url: string;
  installationId: string;
  adapter: ReturnType<typeof createAwsAdapter>;
  /** The same emulator through the plain SDK, to check what the adapter did. */
  sdk: KMSClient;
  adapterFor(installationId: string, options?: AdapterForOptions): ReturnType<typeof createAwsAdapter>;
}

export interface AdapterForOptions {
  maxAttempts?: number;
  /** The provider's name (default aws-test): two names are two providers of one installation. */
  name?: string;
  /** Another endpoint for the adapter (a proxy in front of the emulator). */
  endpoint?: string;
}

export function settingsFor(endpoint: string, installationId: string, name = 'aws-test'): ProviderSettings {
  return {
    kind: 'awskms',
    name,
    keyCollection: REGION,
    endpoint,
    caBundle: null,
    credentials: { form: 'static', ...CREDENTIALS },
    installationId,
  };
}

/** One emulator per test, so faults and clocks never cross tests. Register `close` with onTestFinished. */
export async function startHarness(options: { faults?: string[]; maxAttempts?: number } = {}): Promise<Harness> {
  const emulator = await startAwsKmsEmulator({ port: 0, quiet: true, ...(options.faults && { faults: options.faults }) });
  const installationId = randomUUID();
  const adapterFor = (id: string, adapterOptions: AdapterForOptions = {}) =>
    createAwsAdapter(settingsFor(adapterOptions.endpoint ?? emulator.url, id, adapterOptions.name), {
      maxAttempts: adapterOptions.maxAttempts ?? options.maxAttempts,
    });
  return {
    emulator,
    url: emulator.url,
    installationId,
    adapter: adapterFor(installationId),
    sdk: new KMSClient({ endpoint: emulator.url, region: REGION, credentials: { accessKeyId: 'AKIAINSPECTOR0000000', secretAccessKey: 'x' } }),
    adapterFor,
  };
}

const materials = new Map<KeyType, Promise<GeneratedKey>>();

/** One material per type for the whole file (RSA-4096 is slow); `fresh` for a second, different one. */
export function materialFor(type: KeyType, fresh = false): Promise<GeneratedKey> {
  if (fresh) return generateKeyMaterial(type);
  let material = materials.get(type);
  if (!material) {
    material = generateKeyMaterial(type);
    materials.set(type, material);
  }
  return material;
}

export function distFor(keyName: string, keyType: KeyType, purposes: readonly Purpose[]): DistributionRef {
  return { keyName, keyType, purposes, protection: 'hsm', remoteName: mainAlias(keyName) };
}

export function specFor(dist: DistributionRef, version: number, generated: GeneratedKey): VersionSpec {
  return {
    keyName: dist.keyName,
    keyType: dist.keyType,
    version,
    purposes: dist.purposes,
    protection: dist.protection,
    material: generated.material,
    publicKeyPem: generated.publicKeyPem,
  };
}

export const uniqueName = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** Every key in the emulator's region with its tags, read through the SDK (not through the adapter). */
export async function keysByTag(sdk: KMSClient): Promise<{ keyId: string; tags: Record<string, string> }[]> {
  const out: { keyId: string; tags: Record<string, string> }[] = [];
  let marker: string | undefined;
  do {
    const page = await sdk.send(new ListKeysCommand({ Marker: marker }));
    for (const key of page.Keys ?? []) {
      const tags = await sdk.send(new ListResourceTagsCommand({ KeyId: key.KeyId }));
      out.push({ keyId: key.KeyId ?? '', tags: Object.fromEntries((tags.Tags ?? []).map((t) => [t.TagKey ?? '', t.TagValue ?? ''])) });
    }
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return out;
}

/** A port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A fake KMS endpoint that answers every call with one JSON error, as AWS words it. */
export async function startErrorServer(type: string, message: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type });
      response.end(JSON.stringify({ __type: type, message }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * A proxy in front of the emulator that forwards every call, except that the first `times` calls
 * of `action` are forwarded, processed by the emulator, and then answered by destroying the
 * client's socket: an outcome the client cannot know (a reset connection after the fact).
 */
export async function startLosingProxy(target: string, action: string, times = 1): Promise<{ url: string; lost: () => number; close(): Promise<void> }> {
  let lost = 0;
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const lose = String(incoming.headers['x-amz-target'] ?? '').endsWith(`.${action}`) && lost < times;
      const forward = httpRequest(new URL(incoming.url ?? '/', target), { method: incoming.method, headers: incoming.headers }, (answer) => {
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
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    lost: () => lost,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
