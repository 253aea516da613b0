import { spawn, type ChildProcess } from 'node:child_process';
import {
  createCipheriv,
  createPublicKey,
  constants,
  publicEncrypt,
  randomBytes,
} from 'node:crypto';
import {
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  KMSClient,
  KMSServiceException,
  type AlgorithmSpec,
  type ExpirationModelType,
  type WrappingKeySpec,
} from '@aws-sdk/client-kms';
import { fileURLToPath } from 'node:url';
import { startAwsKmsEmulator, type AwsKmsEmulator, type AwsKmsEmulatorOptions } from '../server';

export const ACCOUNT = '111122223333';

/** The only internals tests touch: start and stop the server in-process. */
export function startEmulator(options: AwsKmsEmulatorOptions = {}): Promise<AwsKmsEmulator> {
  return startAwsKmsEmulator({ port: 0, quiet: true, ...options });
}

export function kmsClient(url: string, options: { region?: string; maxAttempts?: number } = {}): KMSClient {
  return new KMSClient({
    endpoint: url,
    region: options.region ?? 'us-east-1',
    credentials: { accessKeyId: 'AKIAEMULATORTEST', secretAccessKey: 'not-checked' },
    ...(options.maxAttempts !== undefined && { maxAttempts: options.maxAttempts }),
  });
}

/** What the admin endpoint answers; each route fills in its own fields. */
export interface AdminResponse {
  status?: string;
  faults?: { operation: string; kind: string; remaining: number }[];
  now?: number;
  offsetSeconds?: number;
  ms?: number;
  quotas?: Record<string, number>;
  throttled?: Record<string, number>;
  throttledByOperation?: Record<string, number>;
}

export async function admin(url: string, method: string, path: string, body?: object): Promise<AdminResponse> {
  const response = await fetch(`${url}/__admin/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const json = (await response.json()) as AdminResponse;
  if (!response.ok) throw new Error(`admin ${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

export const advanceClock = (url: string, seconds: number) => admin(url, 'POST', 'clock', { advanceSeconds: seconds });

export const DAY = 24 * 60 * 60;

export interface CaughtKmsError {
  name: string;
  message: string;
  status: number | undefined;
  attempts: number | undefined;
}

/** Awaits a call that must fail with a service error and returns what the SDK made of it. */
export async function kmsError(call: Promise<unknown>): Promise<CaughtKmsError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof KMSServiceException) {
      return {
        name: error.name,
        message: error.message,
        status: error.$metadata.httpStatusCode,
        attempts: error.$metadata.attempts,
      };
    }
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** BYOK wrapping as AWS documents it (and as Keywarden will do it), with node:crypto only. */
export function wrapKeyMaterial(algorithm: string, publicKeyDer: Uint8Array, material: Buffer): Buffer {
  const key = createPublicKey({ key: Buffer.from(publicKeyDer), format: 'der', type: 'spki' });
  const oaepHash = algorithm.endsWith('SHA_1') ? 'sha1' : 'sha256';
  const rsa = (data: Buffer) => publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, data);
  if (algorithm.startsWith('RSAES_OAEP')) return rsa(material);
  const aesKey = randomBytes(32);
  const kwp = createCipheriv('id-aes256-wrap-pad', aesKey, Buffer.from('A65959A6', 'hex'));
  return Buffer.concat([rsa(aesKey), kwp.update(material), kwp.final()]);
}

export interface ImportOptions {
  algorithm?: AlgorithmSpec;
  wrappingKeySpec?: WrappingKeySpec;
  expirationModel?: ExpirationModelType;
  validTo?: Date;
}

export async function importParameters(kms: KMSClient, keyId: string, options: ImportOptions = {}) {
  return kms.send(
    new GetParametersForImportCommand({
      KeyId: keyId,
      WrappingAlgorithm: options.algorithm ?? 'RSA_AES_KEY_WRAP_SHA_256',
      WrappingKeySpec: options.wrappingKeySpec ?? 'RSA_2048',
    }),
  );
}

type ImportParameters = Awaited<ReturnType<typeof importParameters>>;

/** Imports with parameters already fetched (an import token serves until it expires). */
export function importWith(kms: KMSClient, keyId: string, params: ImportParameters, material: Buffer, options: ImportOptions = {}) {
  return kms.send(
    new ImportKeyMaterialCommand({
      KeyId: keyId,
      ImportToken: params.ImportToken,
      EncryptedKeyMaterial: wrapKeyMaterial(options.algorithm ?? 'RSA_AES_KEY_WRAP_SHA_256', params.PublicKey!, material),
      ExpirationModel: options.expirationModel ?? 'KEY_MATERIAL_DOES_NOT_EXPIRE',
      ...(options.validTo && { ValidTo: options.validTo }),
    }),
  );
}

export async function importMaterial(kms: KMSClient, keyId: string, material: Buffer, options: ImportOptions = {}) {
  return importWith(kms, keyId, await importParameters(kms, keyId, options), material, options);
}

/**
 * The symmetric ciphertext format exactly as README.md describes it, written independently of
 * the emulator's code: version, key id, IV, tag, AES-256-GCM body; AAD = version, key id and
 * the canonical encryption context.
 */
export function localCiphertext(material: Buffer, keyId: string, plaintext: Buffer, context: Record<string, string> = {}) {
  const header = Buffer.concat([Buffer.from([1]), Buffer.from(keyId, 'ascii')]);
  const pairs = Object.entries(context)
    .map(([k, v]) => [Buffer.from(k), Buffer.from(v)] as const)
    .sort(([a], [b]) => Buffer.compare(a, b));
  const aad = [header];
  for (const [k, v] of pairs) {
    const kl = Buffer.alloc(4);
    kl.writeUInt32BE(k.length);
    const vl = Buffer.alloc(4);
    vl.writeUInt32BE(v.length);
    aad.push(kl, k, vl, v);
  }
  const iv = randomBytes(12);
  const gcm = createCipheriv('aes-256-gcm', material, iv);
  gcm.setAAD(Buffer.concat(aad));
  const body = Buffer.concat([gcm.update(plaintext), gcm.final()]);
  return Buffer.concat([header, iv, gcm.getAuthTag(), body]);
}

/** POST an AWS JSON 1.1 request by hand, for what the SDK would never send. */
export async function rawRequest(url: string, target: string | undefined, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      ...(target !== undefined && { 'x-amz-target': target }),
      ...headers,
    },
    body,
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

export const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

export interface RunningCli {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Runs main.ts the way `npm run emulator:aws -- ...` does (through tsx). */
export function runCli(args: string[]): Promise<RunningCli> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /aws-kms emulator listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve({ child, url: match[1]!, output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
}

export function stopCli(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}
