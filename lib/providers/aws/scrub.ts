import 'server-only';
import type { AwsStaticCredentials } from '../contract';

export type Scrubber = (text: string) => string;

const REDACTED = '[redacted]';
/** Access key ids of any credential, also those the default chain found (AKIA… long-term, ASIA… temporary). */
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;

/** Removes the configured credential's values, and anything shaped like an access key id, from text leaving the adapter. */
export function createScrubber(credentials: AwsStaticCredentials | null): Scrubber {
  const secrets = [credentials?.secretAccessKey, credentials?.sessionToken, credentials?.accessKeyId]
    .filter((value): value is string => typeof value === 'string' && value.length > 0)
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const secret of secrets) out = out.split(secret).join(REDACTED);
    return out.replace(ACCESS_KEY_ID, REDACTED);
  };
}
