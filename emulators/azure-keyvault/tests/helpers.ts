import { createHash, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientSecretCredential, type TokenCredential } from '@azure/identity';
import { CryptographyClient, KeyClient } from '@azure/keyvault-keys';
import { startAzureKeyVaultEmulator, type AzureKeyVaultEmulator, type AzureKeyVaultEmulatorOptions } from '../server';

/** One folder per test file: the certificate and token signing key are made once and reused. */
const certDir = mkdtempSync(join(tmpdir(), 'azure-kv-test-'));

/** The only internals tests touch: start and stop the server in-process. */
export function startEmulator(options: AzureKeyVaultEmulatorOptions = {}): Promise<AzureKeyVaultEmulator> {
  return startAzureKeyVaultEmulator({ port: 0, identityPort: 0, quiet: true, certDir, ...options });
}

export function credentialFor(emulator: AzureKeyVaultEmulator, secret = emulator.clientSecret, clientId = emulator.clientId): ClientSecretCredential {
  return new ClientSecretCredential(emulator.tenantId, clientId, secret, {
    authorityHost: emulator.authorityHost,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: emulator.caPem },
  });
}

export function keyClient(emulator: AzureKeyVaultEmulator, options: { vault?: string; credential?: TokenCredential; maxRetries?: number } = {}): KeyClient {
  return new KeyClient(emulator.vaultUrl(options.vault), options.credential ?? credentialFor(emulator), {
    disableChallengeResourceVerification: true,
    tlsOptions: { ca: emulator.caPem },
    ...(options.maxRetries !== undefined && { retryOptions: { maxRetries: options.maxRetries, retryDelayInMs: 10, maxRetryDelayInMs: 50 } }),
  });
}

export function cryptoClient(emulator: AzureKeyVaultEmulator, keyId: string, credential?: TokenCredential): CryptographyClient {
  return new CryptographyClient(keyId, credential ?? credentialFor(emulator), {
    disableChallengeResourceVerification: true,
    tlsOptions: { ca: emulator.caPem },
  });
}

export const VAULT_SCOPE = 'https://vault.azure.net/.default';

export async function tokenFor(emulator: AzureKeyVaultEmulator, scope = VAULT_SCOPE): Promise<string> {
  return (await credentialFor(emulator).getToken(scope))!.token;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
  text: string;
}

/** HTTPS by hand, for what the SDK never sends. `path` includes the query. */
export function raw(
  emulator: AzureKeyVaultEmulator,
  method: string,
  path: string,
  options: { token?: string; body?: string | object; headers?: Record<string, string>; url?: string } = {},
): Promise<RawResponse> {
  const base = new URL(options.url ?? emulator.url);
  const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        servername: 'localhost',
        port: base.port,
        method,
        path,
        ca: emulator.caPem,
        headers: {
          host: base.host,
          'content-type': 'application/json',
          ...(options.token !== undefined && { authorization: `Bearer ${options.token}` }),
          ...(body !== undefined && { 'content-length': String(Buffer.byteLength(body)) }),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: Record<string, unknown> = {};
          try {
            parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed, text });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function admin(emulator: AzureKeyVaultEmulator, method: string, path: string, body?: object): Promise<Record<string, unknown>> {
  const response = await raw(emulator, method, `/__admin/${path}`, body === undefined ? {} : { body });
  if (response.status !== 200) throw new Error(`admin ${method} ${path}: ${response.status} ${response.text}`);
  return response.body;
}

export const advanceClock = (emulator: AzureKeyVaultEmulator, seconds: number) => admin(emulator, 'POST', 'clock', { advanceSeconds: seconds });

export const DAY = 24 * 60 * 60;

/** Unique key names per test, so tests never meet each other's soft-deleted keys. */
let counter = 0;
export const uniqueName = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${++counter}`;

export interface CaughtRestError {
  statusCode: number | undefined;
  code: string | undefined;
  message: string;
}

export async function restError(call: Promise<unknown>): Promise<CaughtRestError> {
  try {
    await call;
  } catch (error) {
    const e = error as { statusCode?: number; code?: string; message: string };
    return { statusCode: e.statusCode, code: e.code, message: e.message };
  }
  throw new Error('expected the call to fail');
}

/** RSA keys are slow to make: tests share a few, made once per file. */
const rsaCache = new Map<number, KeyObject>();
export function rsaKey(bits = 2048): KeyObject {
  let key = rsaCache.get(bits);
  if (!key) {
    key = generateKeyPairSync('rsa', { modulusLength: bits }).privateKey;
    rsaCache.set(bits, key);
  }
  return key;
}

export const sha = (bits: 256 | 384 | 512, data: Buffer | string) => createHash(`sha${bits}`).update(data).digest();

/** The public key a bundle's JWK describes, for verifying locally. */
export function publicKeyOfJwk(jwk: { kty?: string; n?: Uint8Array; e?: Uint8Array; crv?: string; x?: Uint8Array; y?: Uint8Array }): KeyObject {
  const b = (u?: Uint8Array) => Buffer.from(u ?? []).toString('base64url');
  if (jwk.kty?.startsWith('RSA')) return createPublicKey({ key: { kty: 'RSA', n: b(jwk.n), e: b(jwk.e) }, format: 'jwk' });
  const crv = jwk.crv === 'P-256K' ? 'secp256k1' : jwk.crv!;
  return createPublicKey({ key: { kty: 'EC', crv, x: b(jwk.x), y: b(jwk.y) }, format: 'jwk' });
}
