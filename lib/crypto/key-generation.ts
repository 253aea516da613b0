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

/** Generates fresh material off the event loop (libuv's thread pool does the work). */
export async function generateKeyMaterial(type: KeyType): Promise<GeneratedKey> {
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
