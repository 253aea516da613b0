import { constants, createPublicKey, privateDecrypt, publicEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import { signDigest, verifyDigest } from '../aws-kms/signatures';
import { badParameter } from './errors';
import { curveOf } from './key-material';

/**
 * Key Vault's RSA encryption and JWS signature algorithms with node:crypto. Signing works on a
 * digest the client computed (as Key Vault does); the padding and ECDSA over a digest come from
 * the AWS emulator's digest-signing primitives. ECDSA signatures are JWS-style r ‖ s.
 */
export const ENCRYPTION_ALGORITHMS = ['RSA1_5', 'RSA-OAEP', 'RSA-OAEP-256'];

interface SignatureAlgorithm {
  /** The digest-signing scheme name used by ../aws-kms/signatures. */
  scheme: string;
  digestBytes: number;
  curve?: string;
}

export const SIGNATURE_ALGORITHMS: Record<string, SignatureAlgorithm> = {
  RS256: { scheme: 'RSASSA_PKCS1_V1_5_SHA_256', digestBytes: 32 },
  RS384: { scheme: 'RSASSA_PKCS1_V1_5_SHA_384', digestBytes: 48 },
  RS512: { scheme: 'RSASSA_PKCS1_V1_5_SHA_512', digestBytes: 64 },
  PS256: { scheme: 'RSASSA_PSS_SHA_256', digestBytes: 32 },
  PS384: { scheme: 'RSASSA_PSS_SHA_384', digestBytes: 48 },
  PS512: { scheme: 'RSASSA_PSS_SHA_512', digestBytes: 64 },
  ES256: { scheme: 'ECDSA_SHA_256', digestBytes: 32, curve: 'P-256' },
  ES384: { scheme: 'ECDSA_SHA_384', digestBytes: 48, curve: 'P-384' },
  ES512: { scheme: 'ECDSA_SHA_512', digestBytes: 64, curve: 'P-521' },
  ES256K: { scheme: 'ECDSA_SHA_256', digestBytes: 32, curve: 'P-256K' },
};

const oaepHash = (alg: string) => (alg === 'RSA-OAEP-256' ? 'sha256' : 'sha1');

export function checkEncryptionAlgorithm(alg: unknown, key: KeyObject): string {
  if (typeof alg !== 'string' || !ENCRYPTION_ALGORITHMS.includes(alg)) {
    throw badParameter(`Invalid algorithm ${String(alg)}. Supported values are ${ENCRYPTION_ALGORITHMS.join(', ')}.`);
  }
  if (key.asymmetricKeyType !== 'rsa') throw badParameter(`Algorithm ${alg} is not supported for this key type.`);
  return alg;
}

export function encrypt(key: KeyObject, alg: string, plaintext: Buffer): Buffer {
  const publicKey = createPublicKey(key);
  try {
    return alg === 'RSA1_5'
      ? publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, plaintext)
      : publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: oaepHash(alg) }, plaintext);
  } catch {
    throw badParameter(`The value is too long to encrypt with ${alg} and this key.`);
  }
}

export function decrypt(key: KeyObject, alg: string, ciphertext: Buffer): Buffer {
  const size = Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  try {
    if (ciphertext.length !== size) throw new Error('length');
    if (alg !== 'RSA1_5') {
      return privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: oaepHash(alg) }, ciphertext);
    }
    // Node 20 refuses PKCS#1 v1.5 decryption (CVE-2023-46809); strip the padding ourselves.
    const block = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, ciphertext);
    const end = block.indexOf(0, 2);
    if (block[0] !== 0 || block[1] !== 2 || end < 10) throw new Error('padding');
    return block.subarray(end + 1);
  } catch {
    throw badParameter('The ciphertext could not be decrypted with this key and algorithm.');
  }
}

export function checkSignatureAlgorithm(alg: unknown, key: KeyObject): SignatureAlgorithm {
  const algorithm = typeof alg === 'string' ? SIGNATURE_ALGORITHMS[alg] : undefined;
  if (!algorithm) {
    throw badParameter(`Invalid algorithm ${String(alg)}. Supported values are ${Object.keys(SIGNATURE_ALGORITHMS).join(', ')}.`);
  }
  const rsaKey = key.asymmetricKeyType === 'rsa';
  if (rsaKey === (algorithm.curve !== undefined) || (algorithm.curve !== undefined && algorithm.curve !== curveOf(key))) {
    throw badParameter(`Algorithm ${String(alg)} is not supported for this key type or curve.`);
  }
  return algorithm;
}

function checkDigest(algorithm: SignatureAlgorithm, digest: Buffer): void {
  if (digest.length !== algorithm.digestBytes) {
    throw badParameter(`Invalid digest length ${digest.length}; the algorithm expects ${algorithm.digestBytes} bytes.`);
  }
}

const coordinateBytes = (key: KeyObject) => ({ 'P-256': 32, 'P-256K': 32, 'P-384': 48, 'P-521': 66 })[curveOf(key) ?? 'P-256'] ?? 32;

function derToJws(der: Buffer, size: number): Buffer {
  const read = (at: number) => {
    const length = der[at + 1]!;
    const value = der.subarray(at + 2, at + 2 + length);
    return { value: value.subarray(Math.max(0, value.length - size)), next: at + 2 + length };
  };
  const lengthBytes = der[1]! & 0x80 ? (der[1]! & 0x7f) + 1 : 1;
  const r = read(1 + lengthBytes);
  const s = read(r.next);
  const pad = (v: Buffer) => Buffer.concat([Buffer.alloc(size - v.length), v]);
  return Buffer.concat([pad(r.value), pad(s.value)]);
}

function jwsToDer(signature: Buffer): Buffer {
  const half = signature.length / 2;
  const integer = (bytes: Buffer) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const trimmed = bytes.subarray(start);
    const body = trimmed[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
    return Buffer.concat([Buffer.from([0x02, body.length]), body]);
  };
  const content = Buffer.concat([integer(signature.subarray(0, half)), integer(signature.subarray(half))]);
  const length = content.length < 0x80 ? Buffer.from([content.length]) : Buffer.from([0x81, content.length]);
  return Buffer.concat([Buffer.from([0x30]), length, content]);
}

export function sign(key: KeyObject, algorithm: SignatureAlgorithm, digest: Buffer): Buffer {
  checkDigest(algorithm, digest);
  const signature = signDigest(key, algorithm.scheme, digest);
  return algorithm.curve === undefined ? signature : derToJws(signature, coordinateBytes(key));
}

export function verify(key: KeyObject, algorithm: SignatureAlgorithm, digest: Buffer, signature: Buffer): boolean {
  checkDigest(algorithm, digest);
  if (algorithm.curve === undefined) return verifyDigest(key, algorithm.scheme, digest, signature);
  if (signature.length !== 2 * coordinateBytes(key)) return false;
  return verifyDigest(key, algorithm.scheme, digest, jwsToDer(signature));
}

export const randomValue = (count: number) => randomBytes(count);
