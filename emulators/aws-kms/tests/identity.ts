import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

/** Test-side identity tools: an OIDC provider's signing key and JWTs, and hand-made STS requests. */
export const ISSUER = 'https://oidc.emulator.test';

export interface OidcKey {
  privateKey: KeyObject;
  kid: string;
  jwks: { keys: object[] };
}

export function oidcKey(kid: string): OidcKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, kid, jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] } };
}

export function webToken(key: OidcKey, claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = part({ alg: 'RS256', typ: 'JWT', kid: key.kid });
  const payload = part({ iss: ISSUER, sub: 'system:serviceaccount:keywarden:app', aud: 'sts.amazonaws.com', iat: now, exp: now + 600, ...claims });
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), key.privateKey).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

/** A SigV4-looking Authorization header: the emulator reads the credential scope, not the signature. */
export const signedBy = (accessKeyId: string, service = 'sts', sessionToken?: string): Record<string, string> => ({
  authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
  'x-amz-date': '20260101T000000Z',
  ...(sessionToken !== undefined && { 'x-amz-security-token': sessionToken }),
});

/** POSTs an STS query-protocol request by hand and returns the status and the XML text. */
export async function stsRequest(url: string, params: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
    body: new URLSearchParams({ Version: '2011-06-15', ...params }).toString(),
  });
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

/** The text of the first <element> in an XML answer. */
export const xmlValue = (text: string, element: string) => new RegExp(`<${element}>([^<]*)</${element}>`).exec(text)?.[1];

/** Awaits a call that must fail and returns the SDK error's name and message. */
export async function failure(call: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await call;
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
  throw new Error('expected the call to fail');
}
