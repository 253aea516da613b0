import {
  constants,
  createDecipheriv,
  generateKeyPair,
  privateDecrypt,
  type KeyObject,
} from 'node:crypto';
import { promisify } from 'node:util';
import { invalidCiphertext } from './errors';

const generateKeyPairAsync = promisify(generateKeyPair);

export const WRAPPING_ALGORITHMS = [
  'RSAES_OAEP_SHA_1',
  'RSAES_OAEP_SHA_256',
  'RSA_AES_KEY_WRAP_SHA_1',
  'RSA_AES_KEY_WRAP_SHA_256',
] as const;
export const WRAPPING_KEY_SPECS: Record<string, number> = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 };

/** RFC 5649 alternative initial value, as AWS's openssl recipe uses. */
const KWP_IV = Buffer.from('A65959A6', 'hex');

type WrappingKeyPair = { publicKey: Buffer; privateKey: Buffer };
type PooledPair = { pair: Promise<WrappingKeyPair>; keyIds: Set<string>; createdAt: number };

/**
 * AWS answers every GetParametersForImport with a fresh wrapping key pair. An RSA-4096 pair costs
 * about a second of CPU, which would make the emulator, not the client, the bottleneck of every
 * bulk import (100 versions: 100 s of key generation). So a pair serves up to
 * WRAPPING_KEY_REUSE different KMS keys within WRAPPING_KEY_LIFETIME_MS, per spec, and never the
 * same KMS key twice: every call for one key gets a new pair, exactly as AWS (material wrapped
 * for one call's key never imports with another call's token). Import tokens stay unique and
 * bound to their key. Only comparing public keys across different KMS keys can tell.
 */
export const WRAPPING_KEY_REUSE = 32;
const WRAPPING_KEY_LIFETIME_MS = 10 * 60_000;
const pool = new Map<string, PooledPair>();

export function generateWrappingKey(spec: string, keyId: string): Promise<WrappingKeyPair> {
  const current = pool.get(spec);
  const usable =
    current && !current.keyIds.has(keyId) && current.keyIds.size < WRAPPING_KEY_REUSE && Date.now() - current.createdAt < WRAPPING_KEY_LIFETIME_MS;
  if (usable) {
    current.keyIds.add(keyId);
    return current.pair;
  }
  const pair = generateKeyPairAsync('rsa', {
    modulusLength: WRAPPING_KEY_SPECS[spec] ?? 2048,
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
  });
  pool.set(spec, { pair, keyIds: new Set([keyId]), createdAt: Date.now() });
  pair.catch(() => pool.delete(spec));
  return pair;
}

/**
 * RSAES_OAEP_SHA_x: RSA-OAEP(material), MGF1 over the same hash.
 * RSA_AES_KEY_WRAP_SHA_x: RSA-OAEP(aes-256 key) || AES-KWP(aes key, material); the RSA part is
 * exactly the modulus length. Anything that does not unwrap is InvalidCiphertextException.
 */
export function unwrapKeyMaterial(algorithm: string, wrappingKey: KeyObject, wrapped: Buffer): Buffer {
  const oaepHash = algorithm.endsWith('SHA_1') ? 'sha1' : 'sha256';
  const oaep = (data: Buffer) =>
    privateDecrypt({ key: wrappingKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, data);
  try {
    if (algorithm.startsWith('RSAES_OAEP')) return oaep(wrapped);
    const modulusBytes = (wrappingKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8;
    if (wrapped.length <= modulusBytes) throw invalidCiphertext();
    const aesKey = oaep(wrapped.subarray(0, modulusBytes));
    if (aesKey.length !== 32) throw invalidCiphertext();
    const decipher = createDecipheriv('id-aes256-wrap-pad', aesKey, KWP_IV);
    return Buffer.concat([decipher.update(wrapped.subarray(modulusBytes)), decipher.final()]);
  } catch {
    throw invalidCiphertext();
  }
}
