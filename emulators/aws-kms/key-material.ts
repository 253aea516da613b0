import { createHash, createPrivateKey, generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { KmsError } from './errors';
import { specInfo } from './key-specs';
import type { KeyRecord } from './state';

const generateKeyPairAsync = promisify(generateKeyPair);

/** Fresh material for an AWS_KMS key: raw bytes, or PKCS#8 DER for RSA and ECC. */
export async function generateMaterial(spec: string): Promise<Buffer> {
  const info = specInfo(spec);
  switch (info.family) {
    case 'symmetric':
      return randomBytes(32);
    case 'hmac':
      return randomBytes(info.materialBytes?.[0] ?? 32);
    case 'rsa':
      return generateKeyPairAsync('rsa', {
        modulusLength: info.bits ?? 2048,
        privateKeyEncoding: { type: 'pkcs8', format: 'der' },
        publicKeyEncoding: { type: 'spki', format: 'der' },
      }).then((pair) => pair.privateKey);
    case 'ecc':
      return generateKeyPairAsync('ec', {
        namedCurve: info.curve ?? 'prime256v1',
        privateKeyEncoding: { type: 'pkcs8', format: 'der' },
        publicKeyEncoding: { type: 'spki', format: 'der' },
      }).then((pair) => pair.privateKey);
  }
}

const incorrect = (message: string) => new KmsError('IncorrectKeyMaterialException', message);

/**
 * Checks imported material against the key spec. Returns the bytes to store and a canonical
 * form that is the same for every encoding of the same key (for the same-material rule).
 */
export function checkImportedMaterial(spec: string, material: Buffer): { stored: Buffer; canonical: Buffer } {
  const info = specInfo(spec);
  const invalid = () => incorrect(`The key material is not valid for key spec ${spec}.`);
  if (info.family === 'symmetric' || info.family === 'hmac') {
    const [min, max] = info.materialBytes ?? [32, 32];
    if (material.length < min || material.length > max) throw invalid();
    return { stored: material, canonical: material };
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: material, format: 'der', type: 'pkcs8' });
  } catch {
    throw invalid();
  }
  const details = key.asymmetricKeyDetails;
  const jwk = key.export({ format: 'jwk' });
  const matches =
    info.family === 'rsa'
      ? key.asymmetricKeyType === 'rsa' && details?.modulusLength === info.bits
      : key.asymmetricKeyType === 'ec' && details?.namedCurve === info.curve;
  if (!matches) throw invalid();
  const canonical = Buffer.from(info.family === 'rsa' ? `${jwk.n}.${jwk.d}` : `${jwk.crv}.${jwk.d}`);
  return { stored: key.export({ format: 'der', type: 'pkcs8' }), canonical };
}

/** 64 hex digits, stable for the same key and material, revealing nothing about the material. */
export const materialId = (key: KeyRecord, canonical: Buffer) =>
  createHash('sha256').update(Buffer.from(key.salt, 'base64')).update(canonical).digest('hex');

export const materialBytes = (key: KeyRecord): Buffer => Buffer.from(key.material?.bytes ?? '', 'base64');

export const privateKeyOf = (key: KeyRecord): KeyObject =>
  createPrivateKey({ key: materialBytes(key), format: 'der', type: 'pkcs8' });
