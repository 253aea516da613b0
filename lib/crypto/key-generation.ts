import 'server-only';
import { generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { KEY_TYPES, type KeyType } from '@/lib/keys/key-types';

const generateKeyPairAsync = promisify(generateKeyPair);
const randomBytesAsync = promisify(randomBytes);

export interface GeneratedKey {
  /** Raw AES key bytes, or the PKCS#8 DER private key. Seal it before it goes anywhere. */
  material: Buffer;
  /** SPKI PEM for asymmetric types. */
  publicKeyPem: string | null;
}

/**
 * Generation runs on libuv's thread pool (UV_THREADPOOL_SIZE, 4 by default), which file reads,
 * DNS and scrypt share. Twenty RSA-4096 generations queued at once would hold every thread for
 * seconds and stall unrelated requests behind them, so at most half the pool generates at a time.
 */
const MAX_CONCURRENT = Math.max(1, Math.floor(Number(process.env.UV_THREADPOOL_SIZE ?? 4) / 2));
let running = 0;
const waiting: (() => void)[] = [];

async function withGenerationSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await fn();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** Generates fresh material off the event loop. */
export function generateKeyMaterial(type: KeyType): Promise<GeneratedKey> {
  return withGenerationSlot(() => generate(type));
}

async function generate(type: KeyType): Promise<GeneratedKey> {
  const spec = KEY_TYPES[type];
  if (spec.algorithm === 'aes') return { material: await randomBytesAsync(32), publicKeyPem: null };
  const pair: { publicKey: KeyObject; privateKey: KeyObject } =
    spec.algorithm === 'rsa'
      ? await generateKeyPairAsync('rsa', { modulusLength: spec.bits, publicExponent: 0x10001 })
      : await generateKeyPairAsync('ec', { namedCurve: spec.curve });
  return {
    material: pair.privateKey.export({ format: 'der', type: 'pkcs8' }),
    publicKeyPem: pair.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}
