import 'server-only';
import { getKeyring } from '@/lib/crypto/seal';
import type { ProviderCredentials } from './contract';

/** Binds a provider's sealed credentials to its row: a blob copied onto another provider does not open. */
const context = (providerId: string) => `provider-credentials:${providerId}`;

export function sealCredentials(providerId: string, credentials: ProviderCredentials): Uint8Array<ArrayBuffer> {
  const plaintext = Buffer.from(JSON.stringify(credentials));
  try {
    return getKeyring().seal(plaintext, context(providerId));
  } finally {
    plaintext.fill(0);
  }
}

export function openCredentials(providerId: string, sealed: Uint8Array): ProviderCredentials {
  const plaintext = getKeyring().open(sealed, context(providerId));
  try {
    return JSON.parse(plaintext.toString('utf8')) as ProviderCredentials;
  } finally {
    plaintext.fill(0);
  }
}
