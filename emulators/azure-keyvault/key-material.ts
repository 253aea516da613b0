import { createPrivateKey, createPublicKey, generateKeyPair, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { badParameter } from './errors';
import type { KeyType, KeyVersion } from './state';

const generate = promisify(generateKeyPair);

export const RSA_SIZES = [2048, 3072, 4096];
/** Azure curve names and OpenSSL's. */
export const CURVES: Record<string, string> = {
  'P-256': 'prime256v1',
  'P-384': 'secp384r1',
  'P-521': 'secp521r1',
  'P-256K': 'secp256k1',
};
const AZURE_CURVE: Record<string, string> = Object.fromEntries(Object.entries(CURVES).map(([azure, openssl]) => [openssl, azure]));

export const family = (kty: KeyType): 'RSA' | 'EC' => (kty.startsWith('RSA') ? 'RSA' : 'EC');

export async function generateKey(kty: KeyType, size: number, curve: string, publicExponent: number): Promise<KeyObject> {
  const { privateKey } =
    family(kty) === 'RSA'
      ? await generate('rsa', { modulusLength: size, publicExponent })
      : await generate('ec', { namedCurve: CURVES[curve]! });
  return privateKey;
}

export const encodePrivateKey = (key: KeyObject) => key.export({ format: 'der', type: 'pkcs8' }).toString('base64');
export const privateKeyOf = (version: KeyVersion) =>
  createPrivateKey({ key: Buffer.from(version.privateKey, 'base64'), format: 'der', type: 'pkcs8' });

/** The curve in Azure's naming, or undefined for RSA keys. */
export function curveOf(key: KeyObject): string | undefined {
  const named = key.asymmetricKeyDetails?.namedCurve;
  return named === undefined ? undefined : (AZURE_CURVE[named] ?? named);
}

/** The key's public JWK members (n, e or crv, x, y) as Azure returns them. */
export function publicJwk(version: KeyVersion): Record<string, string> {
  const jwk = createPublicKey(privateKeyOf(version)).export({ format: 'jwk' });
  if (jwk.kty === 'RSA') return { n: jwk.n!, e: jwk.e! };
  return { crv: curveOf(privateKeyOf(version))!, x: jwk.x!, y: jwk.y! };
}

/** Azure takes base64url, and standard base64 from some tools; both decode here. */
export const decodeBinary = (text: string) => Buffer.from(text.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), 'base64url');
const asBase64url = (value: unknown) => (typeof value === 'string' ? decodeBinary(value).toString('base64url') : undefined);

/** Checks size or curve against what Azure accepts for the key type. */
export function checkShape(kty: KeyType, key: KeyObject, expectedCurve?: string): void {
  if (family(kty) === 'RSA') {
    if (key.asymmetricKeyType !== 'rsa') throw badParameter(`The key material is not an RSA key, as kty ${kty} requires.`);
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (!RSA_SIZES.includes(bits)) throw badParameter(`Unsupported RSA key size ${bits}. Supported sizes are 2048, 3072 and 4096.`);
    return;
  }
  if (key.asymmetricKeyType !== 'ec') throw badParameter(`The key material is not an EC key, as kty ${kty} requires.`);
  const curve = curveOf(key);
  if (curve === undefined || !(curve in CURVES)) throw badParameter(`Unsupported curve ${String(curve)}.`);
  if (expectedCurve !== undefined && expectedCurve !== curve) {
    throw badParameter(`The key material is on curve ${curve}, not the curve named in crv (${expectedCurve}).`);
  }
}

const RSA_PRIVATE = ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'];
const EC_PRIVATE = ['crv', 'x', 'y', 'd'];

/** A software import: a JWK with every private member. Only its public part ever comes back. */
export function importJwk(kty: KeyType, key: Record<string, unknown>): KeyObject {
  const members = family(kty) === 'RSA' ? RSA_PRIVATE : EC_PRIVATE;
  const missing = members.filter((m) => typeof key[m] !== 'string' || key[m] === '');
  if (missing.length > 0) {
    throw badParameter(`The JSON Web Key is missing the required member(s) ${missing.map((m) => `'${m}'`).join(', ')} for kty ${kty}.`);
  }
  const jwk: JsonWebKey =
    family(kty) === 'RSA'
      ? { kty: 'RSA', ...Object.fromEntries(RSA_PRIVATE.map((m) => [m, asBase64url(key[m])])) }
      : { kty: 'EC', crv: CURVES[key.crv as string] === 'secp256k1' ? 'secp256k1' : (key.crv as string), x: asBase64url(key.x), y: asBase64url(key.y), d: asBase64url(key.d) };
  if (family(kty) === 'EC' && !((key.crv as string) in CURVES)) throw badParameter(`Unsupported curve ${String(key.crv)}.`);
  let imported: KeyObject;
  try {
    imported = createPrivateKey({ key: jwk, format: 'jwk' });
  } catch {
    throw badParameter('The JSON Web Key is not a valid key.');
  }
  checkShape(kty, imported, family(kty) === 'EC' ? (key.crv as string) : undefined);
  // The private operation uses the private members (CRT factors, d) and the check the public ones.
  const probe = Buffer.from('keywarden import consistency probe');
  let consistent = false;
  try {
    consistent = verify('sha256', probe, createPublicKey(imported), sign('sha256', probe, imported));
  } catch {
    consistent = false;
  }
  if (!consistent) throw badParameter('The public members of the JSON Web Key do not match its private members.');
  return imported;
}
