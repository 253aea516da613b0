import type { IncomingMessage } from 'node:http';
import { unauthorized, VaultError } from './errors';
import { VAULT_AUDIENCES, VAULT_RESOURCE, type TokenSigner } from './tokens';

/** Exactly one WWW-Authenticate header, in the form the Key Vault SDKs parse. */
export const challengeHeader = (authorityOrigin: string, tenantId: string) =>
  `Bearer authorization="${authorityOrigin}/${tenantId}", resource="${VAULT_RESOURCE}"`;

export interface Caller {
  appId: string;
  tenantId: string;
}

/**
 * Checks the bearer token the way Key Vault does: our signature, then audience, tenant (issuer)
 * and lifetime. Any failure is a 401 with the vault's challenge.
 */
export function authenticate(req: IncomingMessage, signer: TokenSigner, tenantId: string, nowSeconds: number): Caller {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!match) throw unauthorized('AKV10000: Request is missing a Bearer or PoP token.');
  const read = signer.read(match[1]!);
  if ('problem' in read) {
    if (read.problem === 'malformed') throw unauthorized('AKV10000: Request is missing a Bearer or PoP token.');
    if (read.problem === 'unknown-key') {
      throw unauthorized(`AKV10046: Unable to resolve the key used for signature validation. EncodedJwtHeader: '${read.header}'.`);
    }
    throw unauthorized('AKV10047: Invalid token signature.');
  }
  const { claims } = read;
  if (!VAULT_AUDIENCES.includes(claims.aud)) {
    throw unauthorized(`AKV10022: Invalid audience. Expected ${VAULT_RESOURCE}, found: ${String(claims.aud)}.`);
  }
  const iss = typeof claims.iss === 'string' ? claims.iss : '';
  if (claims.tid !== tenantId || !iss.endsWith(`/${tenantId}/v2.0`)) {
    const expected = iss.replace(/\/[^/]+\/v2\.0$/, `/${tenantId}/v2.0`);
    throw unauthorized(`AKV10032: Invalid issuer. Expected one of ${expected}, found ${iss}.`);
  }
  if (typeof claims.exp !== 'number' || nowSeconds >= claims.exp) throw unauthorized('AKV10013: Token has expired.');
  if (typeof claims.nbf === 'number' && nowSeconds < claims.nbf - 300) throw unauthorized('AKV10014: Token not yet valid.');
  return { appId: claims.appid, tenantId: claims.tid };
}

export const isUnauthorized = (error: unknown): error is VaultError => error instanceof VaultError && error.status === 401;
