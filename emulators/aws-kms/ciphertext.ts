import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * The emulator's ciphertext blob for SYMMETRIC_DEFAULT keys, version 1. It is public so that a
 * holder of the key material (Keywarden, a test) can make blobs the emulator decrypts:
 *
 *   offset  size  field
 *   0       1     version, 0x01
 *   1       36    key id in ASCII (a UUID, or mrk- and 32 hex digits)
 *   37      12    AES-GCM IV, random
 *   49      16    AES-GCM tag
 *   65      n     AES-256-GCM ciphertext of the plaintext under the key's 32-byte material
 *
 * AAD = bytes 0..36 (version and key id) followed by encodeEncryptionContext(context), so the
 * blob is bound to its key and its encryption context.
 */
export const SYMMETRIC_CIPHERTEXT_FORMAT = {
  version: 1,
  keyIdOffset: 1,
  keyIdLength: 36,
  ivOffset: 37,
  ivLength: 12,
  tagOffset: 49,
  tagLength: 16,
  ciphertextOffset: 65,
  cipher: 'aes-256-gcm',
} as const;

const F = SYMMETRIC_CIPHERTEXT_FORMAT;
const KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;

/**
 * Canonical encryption context: pairs sorted by key (bytewise on UTF-8), each written as
 * uint32be(key length) key uint32be(value length) value. An absent or empty context is empty.
 */
export function encodeEncryptionContext(context: Record<string, string> = {}): Buffer {
  const pairs = Object.entries(context)
    .map(([k, v]) => [Buffer.from(k, 'utf8'), Buffer.from(v, 'utf8')] as const)
    .sort(([a], [b]) => Buffer.compare(a, b));
  const parts: Buffer[] = [];
  for (const [k, v] of pairs) parts.push(uint32(k.length), k, uint32(v.length), v);
  return Buffer.concat(parts);
}

const uint32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

const header = (keyId: string) => Buffer.concat([Buffer.from([F.version]), Buffer.from(keyId, 'ascii')]);

export function sealSymmetric(
  material: Buffer,
  keyId: string,
  plaintext: Buffer,
  context?: Record<string, string>,
): Buffer {
  const head = header(keyId);
  const iv = randomBytes(F.ivLength);
  const cipher = createCipheriv(F.cipher, material, iv);
  cipher.setAAD(Buffer.concat([head, encodeEncryptionContext(context)]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([head, iv, cipher.getAuthTag(), body]);
}

/** The key id a blob claims, or undefined when the blob is not in this format. */
export function blobKeyId(blob: Buffer): string | undefined {
  if (blob.length < F.ciphertextOffset || blob[0] !== F.version) return undefined;
  const keyId = blob.subarray(F.keyIdOffset, F.ivOffset).toString('latin1');
  return KEY_ID.test(keyId) ? keyId : undefined;
}

/** Throws when the blob was tampered with or the context or material differ. */
export function openSymmetric(material: Buffer, blob: Buffer, context?: Record<string, string>): Buffer {
  const decipher = createDecipheriv(F.cipher, material, blob.subarray(F.ivOffset, F.tagOffset));
  decipher.setAAD(Buffer.concat([blob.subarray(0, F.ivOffset), encodeEncryptionContext(context)]));
  decipher.setAuthTag(blob.subarray(F.tagOffset, F.ciphertextOffset));
  return Buffer.concat([decipher.update(blob.subarray(F.ciphertextOffset)), decipher.final()]);
}
