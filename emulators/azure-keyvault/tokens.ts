import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** RS256 access tokens as Entra issues them, signed with one emulator key (kept beside the TLS files). */
export const VAULT_RESOURCE = 'https://vault.azure.net';
/** Key Vault's application id: tokens may name it instead of the resource URI. */
const VAULT_APP_ID = 'cfa8b339-82a2-471a-a3c9-0fc0be7a4093';
export const VAULT_AUDIENCES = [VAULT_RESOURCE, `${VAULT_RESOURCE}/`, VAULT_APP_ID];
export const SIGNING_KEY_FILE = 'entra-signing-key.pem';
export const TOKEN_LIFETIME_SECONDS = 3599;

export interface TokenClaims {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  tid: string;
  appid: string;
  oid: string;
  sub: string;
  ver: string;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export class TokenSigner {
  readonly keyId: string;
  private readonly publicKey: KeyObject;

  constructor(private readonly privateKey: KeyObject) {
    this.publicKey = createPublicKey(privateKey);
    this.keyId = createHash('sha256').update(this.publicKey.export({ format: 'der', type: 'spki' })).digest('base64url').slice(0, 27);
  }

  static inDir(dir: string): TokenSigner {
    const path = join(dir, SIGNING_KEY_FILE);
    if (existsSync(path)) return new TokenSigner(createPrivateKey(readFileSync(path, 'utf8')));
    mkdirSync(dir, { recursive: true });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    renameSync(temp, path);
    return new TokenSigner(privateKey);
  }

  jwks(): object {
    return { keys: [{ ...this.publicKey.export({ format: 'jwk' }), kid: this.keyId, use: 'sig', alg: 'RS256' }] };
  }

  issue(claims: Omit<TokenClaims, 'iat' | 'nbf' | 'exp' | 'ver' | 'sub' | 'oid'> & { nowSeconds: number; oid?: string }): string {
    const { nowSeconds, ...rest } = claims;
    const oid = claims.oid ?? stableGuid(`${claims.tid}/${claims.appid}`);
    const payload: TokenClaims & { uti: string } = {
      ...rest,
      oid,
      sub: oid,
      iat: nowSeconds,
      nbf: nowSeconds,
      exp: nowSeconds + TOKEN_LIFETIME_SECONDS,
      ver: '2.0',
      uti: randomUUID(),
    };
    const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid: this.keyId }));
    const body = b64url(JSON.stringify(payload));
    const signature = sign('sha256', Buffer.from(`${header}.${body}`), this.privateKey);
    return `${header}.${body}.${b64url(signature)}`;
  }

  /** The claims of a token this signer made, or why it is not one. */
  read(token: string): { claims: TokenClaims } | { problem: 'malformed' | 'unknown-key' | 'signature'; header: string } {
    const [header = '', body = '', signature = '', ...extra] = token.split('.');
    if (extra.length > 0 || !body || !signature) return { problem: 'malformed', header };
    let parsedHeader: { alg?: unknown; kid?: unknown };
    let claims: TokenClaims;
    try {
      parsedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown; kid?: unknown };
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      return { problem: 'malformed', header };
    }
    if (parsedHeader.alg !== 'RS256' || parsedHeader.kid !== this.keyId) return { problem: 'unknown-key', header };
    if (!verify('sha256', Buffer.from(`${header}.${body}`), this.publicKey, Buffer.from(signature, 'base64url'))) {
      return { problem: 'signature', header };
    }
    return { claims };
  }
}

/** A GUID-shaped id derived from a text, so a client keeps its object id across restarts. */
export function stableGuid(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
