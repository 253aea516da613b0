import 'server-only';
import { constants, createCipheriv, createPublicKey, KeyObject, publicEncrypt, randomBytes } from 'node:crypto';

/**
 * BYOK wrapping (kms-protocols.md §3), node:crypto only. The ephemeral AES key is zeroed after
 * use; the material belongs to the caller, who zeroes it when done.
 */

export type AwsWrappingAlgorithm = 'RSAES_OAEP_SHA_256' | 'RSA_AES_KEY_WRAP_SHA_256';

/** RFC 5649 alternative initial value: the "-iv A65959A6" of AWS's openssl recipe. */
const KWP_IV = Buffer.from('A65959A6', 'hex');

function rsaOaep(publicKey: KeyObject, hash: 'sha1' | 'sha256', data: Buffer): Buffer {
  return publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, data);
}

const KWP_CIPHERS: Record<number, string> = { 16: 'id-aes128-wrap-pad', 24: 'id-aes192-wrap-pad', 32: 'id-aes256-wrap-pad' };

/** AES key wrap with padding (RFC 5649); BYOK always uses a 32-byte KEK (id-aes256-wrap-pad). */
export function aesKeyWrapPad(kek: Buffer, plaintext: Buffer): Buffer {
  const name = KWP_CIPHERS[kek.length];
  if (!name) throw new Error(`AES key wrap needs a 16, 24 or 32 byte key, not ${kek.length}`);
  const cipher = createCipheriv(name, kek, KWP_IV);
  return Buffer.concat([cipher.update(plaintext), cipher.final()]);
}

/** RSA-OAEP of an ephemeral AES-256 key, followed by KWP of the material under that key. */
function rsaAesKeyWrap(publicKey: KeyObject, hash: 'sha1' | 'sha256', material: Buffer): Buffer {
  const ephemeral = randomBytes(32);
  try {
    return Buffer.concat([rsaOaep(publicKey, hash, ephemeral), aesKeyWrapPad(ephemeral, material)]);
  } finally {
    ephemeral.fill(0);
  }
}

function spki(publicKey: Buffer | string | KeyObject): KeyObject {
  if (publicKey instanceof KeyObject) return publicKey;
  if (typeof publicKey === 'string') return createPublicKey(publicKey);
  return createPublicKey({ key: publicKey, format: 'der', type: 'spki' });
}

/**
 * Wraps material for AWS KMS ImportKeyMaterial with the wrapping public key (DER SPKI) that
 * GetParametersForImport returned. RSAES_OAEP_SHA_256 fits only small material (AES keys).
 */
export function wrapForAwsImport(material: Buffer, wrappingPublicKeyDer: Buffer, algorithm: AwsWrappingAlgorithm): Buffer {
  const publicKey = spki(wrappingPublicKeyDer);
  return algorithm === 'RSAES_OAEP_SHA_256' ? rsaOaep(publicKey, 'sha256', material) : rsaAesKeyWrap(publicKey, 'sha256', material);
}

/**
 * Azure CKM_RSA_AES_KEY_WRAP: OAEP SHA-1 of an ephemeral AES-256 key ‖ KWP of the material
 * (PKCS#8 for RSA/EC, raw bytes for oct), for the KEK's public key (PEM, DER SPKI or KeyObject).
 */
export function wrapForAzureByok(material: Buffer, kekPublicKey: Buffer | string | KeyObject): Buffer {
  return rsaAesKeyWrap(spki(kekPublicKey), 'sha1', material);
}
