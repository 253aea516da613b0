import { constants, createDecipheriv, createPrivateKey, privateDecrypt, type KeyObject } from 'node:crypto';
import { badParameter } from './errors';
import { checkShape, decodeBinary, privateKeyOf } from './key-material';
import type { KeyType, KeyVersion } from './state';

/**
 * BYOK (`key_hsm`) as Azure's BYOK specification defines it: a JSON blob whose `header.kid` names
 * a key-exchange key (RSA-HSM, key_ops exactly ["import"]) and whose ciphertext is
 * RSA-OAEP-SHA1(AES key) ‖ AES key wrap with padding (RFC 5649) of the target's PKCS#8.
 */
export const KWP_IV = Buffer.from('A65959A6', 'hex');

interface ByokBlob {
  kid: string;
  ciphertext: Buffer;
}

function parseBlob(keyHsm: string): ByokBlob {
  let blob: unknown;
  try {
    blob = JSON.parse(decodeBinary(keyHsm).toString('utf8'));
  } catch {
    throw badParameter('The key_hsm value is not a BYOK blob (base64 of JSON).');
  }
  const { header, ciphertext } = (blob ?? {}) as { header?: { kid?: unknown; alg?: unknown; enc?: unknown }; ciphertext?: unknown };
  if (typeof header?.kid !== 'string' || typeof ciphertext !== 'string') {
    throw badParameter('The BYOK blob in key_hsm must have header.kid and ciphertext.');
  }
  if (header.enc !== undefined && header.enc !== 'CKM_RSA_AES_KEY_WRAP') {
    throw badParameter(`Unsupported BYOK encryption ${String(header.enc)}; only CKM_RSA_AES_KEY_WRAP is supported.`);
  }
  return { kid: header.kid, ciphertext: decodeBinary(ciphertext) };
}

/** `https://host/keys/{name}[/{version}]` → name and version. */
export function parseKid(kid: string): { name: string; version: string | undefined } | undefined {
  let url: URL;
  try {
    url = new URL(kid);
  } catch {
    return undefined;
  }
  const segments = url.pathname.split('/').slice(1);
  if (segments[0] !== 'keys' || !segments[1] || segments.length > 3) return undefined;
  return { name: decodeURIComponent(segments[1]), version: segments[2] || undefined };
}

export function isKeyExchangeKey(version: KeyVersion): boolean {
  return version.kty === 'RSA-HSM' && version.keyOps.length === 1 && version.keyOps[0] === 'import';
}

export function unwrapByok(
  keyHsm: string,
  kty: KeyType,
  crv: string | undefined,
  resolveKek: (name: string, version: string | undefined) => KeyVersion | undefined,
): KeyObject {
  const blob = parseBlob(keyHsm);
  const target = parseKid(blob.kid);
  const kek = target && resolveKek(target.name, target.version);
  if (!kek) throw badParameter(`The key exchange key ${blob.kid} named in key_hsm was not found in this vault.`);
  if (!isKeyExchangeKey(kek)) {
    throw badParameter(`The key exchange key ${blob.kid} must be an RSA-HSM key whose only key operation is "import".`);
  }
  if (!kek.attributes.enabled) throw badParameter(`The key exchange key ${blob.kid} is disabled.`);
  const kekKey = privateKeyOf(kek);
  const modulusBytes = Math.ceil((kekKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  let pkcs8: Buffer;
  try {
    const aesKey = privateDecrypt(
      { key: kekKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      blob.ciphertext.subarray(0, modulusBytes),
    );
    if (![16, 24, 32].includes(aesKey.length)) throw new Error('bad AES key length');
    const kwp = createDecipheriv(`id-aes${aesKey.length * 8}-wrap-pad`, aesKey, KWP_IV);
    pkcs8 = Buffer.concat([kwp.update(blob.ciphertext.subarray(modulusBytes)), kwp.final()]);
  } catch {
    throw badParameter('The key material in key_hsm could not be unwrapped with the key exchange key.');
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  } catch {
    throw badParameter('The unwrapped key_hsm material is not a PKCS#8 private key.');
  }
  checkShape(kty, key, crv);
  return key;
}
