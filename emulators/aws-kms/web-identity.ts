import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { StsError } from './sts-protocol';

/**
 * What AssumeRoleWithWebIdentity accepts: an RS256 JWT signed by a key of the configured JWKS,
 * from the configured issuer (when one is set), for the configured audience, not expired.
 */
export interface OidcConfig {
  jwks: { keys: JsonWebKey[] };
  /** Absent: any issuer whose token verifies against the JWKS. */
  issuer?: string;
  audience: string;
}

export interface WebIdentityClaims {
  iss: string;
  sub: string;
  aud: string;
}

export const DEFAULT_OIDC_AUDIENCE = 'sts.amazonaws.com';

/** A JWKS object, inline JSON text, or the path of a JSON file. */
export function loadJwks(value: string | { keys: JsonWebKey[] }): { keys: JsonWebKey[] } {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value.trimStart().startsWith('{') ? value : readFileSync(value, 'utf8')) : value;
  const keys = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(keys)) throw new Error('the OIDC JWKS must be an object with a "keys" array');
  return { keys: keys as JsonWebKey[] };
}

const NOT_VALIDATED =
  'The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.';

const invalidToken = (message: string) => new StsError('InvalidIdentityToken', message);

function decodePart(part: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw invalidToken(NOT_VALIDATED);
}

function signedByJwks(signingInput: string, signature: Buffer, kid: unknown, jwks: OidcConfig['jwks']): boolean {
  const candidates = jwks.keys.filter((k) => k.kty === 'RSA' && (kid === undefined || k.kid === kid));
  return candidates.some((jwk) => {
    try {
      return verify('sha256', Buffer.from(signingInput), createPublicKey({ key: jwk, format: 'jwk' }), signature);
    } catch {
      return false;
    }
  });
}

export function verifyWebIdentityToken(token: string, config: OidcConfig | undefined, nowSeconds: number): WebIdentityClaims {
  const parts = token.split('.');
  if (parts.length !== 3) throw invalidToken(NOT_VALIDATED);
  const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;
  const header = decodePart(headerPart);
  const claims = decodePart(payloadPart);
  const iss = typeof claims.iss === 'string' ? claims.iss : '';
  if (!config || (config.issuer !== undefined && iss !== config.issuer)) {
    throw invalidToken(`No OpenIDConnect provider found in your account for ${iss}`);
  }
  if (header.alg !== 'RS256' || !signedByJwks(`${headerPart}.${payloadPart}`, Buffer.from(signaturePart, 'base64url'), header.kid, config.jwks)) {
    throw invalidToken(NOT_VALIDATED);
  }
  if (typeof claims.exp !== 'number') throw invalidToken(NOT_VALIDATED);
  const now = Math.floor(nowSeconds);
  // AWS's wording, missing space included.
  if (now >= claims.exp) throw new StsError('ExpiredTokenException', `Token expired: current date/time ${now} must be before the expiration date/time${claims.exp}`);
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(config.audience)) throw invalidToken('Incorrect token audience');
  return { iss, sub: typeof claims.sub === 'string' ? claims.sub : '', aud: config.audience };
}
