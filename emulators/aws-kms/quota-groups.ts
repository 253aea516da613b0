import { blobKeyId } from './ciphertext';
import type { Context } from './context';
import { resolveKey } from './key-access';
import { specInfo } from './key-specs';

/** AWS's shared quotas for cryptographic operations, by the type of the key used. */
export const SHARED_QUOTAS = {
  symmetric: ['Encrypt', 'Decrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'VerifyMac', 'GenerateRandom'],
  rsa: ['Encrypt', 'Decrypt', 'Sign', 'Verify'],
  ecc: ['Sign', 'Verify'],
} as const satisfies Record<string, readonly string[]>;

export type SharedQuota = keyof typeof SHARED_QUOTAS;

const SHARING = new Set<string>(Object.values(SHARED_QUOTAS).flat());

export const isSharedQuota = (name: string): name is SharedQuota => Object.hasOwn(SHARED_QUOTAS, name);

/** The shared quotas an operation counts against (none: it has a quota of its own). */
export const sharedQuotasOf = (operation: string): SharedQuota[] =>
  (Object.keys(SHARED_QUOTAS) as SharedQuota[]).filter((q) => (SHARED_QUOTAS[q] as readonly string[]).includes(operation));

function keyIdOf(raw: Record<string, unknown>): string | undefined {
  if (typeof raw.KeyId === 'string') return raw.KeyId;
  if (typeof raw.CiphertextBlob !== 'string') return undefined;
  return blobKeyId(Buffer.from(raw.CiphertextBlob, 'base64'));
}

function keyFamily(ctx: Context, raw: Record<string, unknown>): string | undefined {
  const keyId = keyIdOf(raw);
  if (keyId === undefined) return undefined;
  try {
    return specInfo(resolveKey({ ...ctx }, keyId, { aliases: true }).spec).family;
  } catch {
    return undefined;
  }
}

/**
 * The quota a request counts against: its operation's own, or for a cryptographic operation the
 * shared quota of its key's type. HMAC keys, keys that cannot be found and requests without a key
 * (GenerateRandom) count as symmetric.
 */
export function quotaOf(ctx: Context, operation: string, raw: Record<string, unknown>): string {
  if (!SHARING.has(operation)) return operation;
  const family = keyFamily(ctx, raw);
  return family === 'rsa' || family === 'ecc' ? family : 'symmetric';
}
