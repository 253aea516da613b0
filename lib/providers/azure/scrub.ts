import 'server-only';
import type { AzureClientSecretCredentials } from '../contract';

export type Scrubber = (text: string) => string;

const REDACTED = '[redacted]';
/** Bearer tokens in headers or messages, and anything shaped like a JWT (Entra access tokens). */
const BEARER = /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

/** Removes the client secret, bearer tokens and JWTs from text leaving the adapter. */
export function createScrubber(credentials: AzureClientSecretCredentials | null): Scrubber {
  const secret = credentials?.clientSecret;
  const secrets = secret ? [secret, encodeURIComponent(secret)].filter((value, index, all) => all.indexOf(value) === index) : [];
  return (text) => {
    let out = text;
    for (const value of secrets) out = out.split(value).join(REDACTED);
    return out.replace(BEARER, `Bearer ${REDACTED}`).replace(JWT, REDACTED);
  };
}
