import 'server-only';
import type { AwsAccessKey, AwsCredentials } from '../contract';

export type Scrubber = (text: string) => string;

const REDACTED = '[redacted]';
/** Access key ids of any credential, also those the default chain found (AKIA… long-term, ASIA… temporary). */
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;
/** JWTs (web identity tokens), whoever printed them. */
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

function secretsOf(credentials: AwsCredentials | AwsAccessKey | null): unknown[] {
  if (!credentials) return [];
  if (!('form' in credentials) || credentials.form === 'static') {
    return [credentials.secretAccessKey, credentials.sessionToken, credentials.accessKeyId];
  }
  if (credentials.form === 'assume_role') {
    return [credentials.externalId, ...(credentials.source === 'default_chain' ? [] : secretsOf(credentials.source))];
  }
  return [];
}

/**
 * Removes the configured credential's secret values (keys, session tokens, external id), and
 * anything shaped like an access key id or a JWT, from text leaving the adapter.
 */
export function createScrubber(credentials: AwsCredentials | AwsAccessKey | null): Scrubber {
  const secrets = secretsOf(credentials)
    .filter((value): value is string => typeof value === 'string' && value.length > 0)
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const secret of secrets) out = out.split(secret).join(REDACTED);
    return out.replace(ACCESS_KEY_ID, REDACTED).replace(JWT, REDACTED);
  };
}
