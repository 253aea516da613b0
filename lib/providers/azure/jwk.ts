import 'server-only';
import { createPrivateKey, createPublicKey, type JsonWebKey as NodeJwk, type KeyObject } from 'node:crypto';
import type { JsonWebKey } from '@azure/keyvault-keys';

const RSA_PRIVATE = ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const;
const EC_PRIVATE = ['x', 'y', 'd'] as const;

const bytes = (base64url: unknown): Uint8Array => Buffer.from(typeof base64url === 'string' ? base64url : '', 'base64url');
const text = (value: Uint8Array | undefined): string | undefined => (value ? Buffer.from(value).toString('base64url') : undefined);

/** The private JWK members of a PKCS#8 key as the SDK wants them (Uint8Array). The caller zeroes them after use. */
export function privateJwkMembers(pkcs8: Buffer): Pick<JsonWebKey, 'n' | 'e' | 'd' | 'p' | 'q' | 'dp' | 'dq' | 'qi' | 'x' | 'y' | 'crv'> {
  const jwk = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'jwk' });
  if (jwk.kty === 'RSA') return Object.fromEntries(RSA_PRIVATE.map((name) => [name, bytes(jwk[name])]));
  if (jwk.kty === 'EC') return { crv: jwk.crv as JsonWebKey['crv'], ...Object.fromEntries(EC_PRIVATE.map((name) => [name, bytes(jwk[name])])) };
  throw new Error(`Cannot import a ${jwk.kty ?? 'keyless'} private key into Key Vault`);
}

export function zeroMembers(jwk: JsonWebKey): void {
  for (const value of Object.values(jwk)) if (value instanceof Uint8Array) value.fill(0);
}

/** The public key of what Key Vault returned (n/e or crv/x/y), as a node:crypto KeyObject. */
export function publicKeyOf(jwk: JsonWebKey | undefined): KeyObject | null {
  if (!jwk?.kty) return null;
  const family = jwk.kty.replace(/-HSM$/, '');
  let nodeJwk: NodeJwk;
  if (family === 'RSA' && jwk.n && jwk.e) nodeJwk = { kty: 'RSA', n: text(jwk.n), e: text(jwk.e) };
  else if (family === 'EC' && jwk.crv && jwk.x && jwk.y) nodeJwk = { kty: 'EC', crv: jwk.crv, x: text(jwk.x), y: text(jwk.y) };
  else return null;
  try {
    return createPublicKey({ key: nodeJwk, format: 'jwk' });
  } catch {
    return null;
  }
}

export function spkiDer(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' });
}
