/** The key types Keywarden generates (DESIGN.md §1), named as in Vault's keymgmt engine. */
export const KEY_TYPES = {
  'aes256-gcm96': { label: 'AES-256 (GCM, 96-bit nonce)', algorithm: 'aes', bits: 256 },
  'rsa-2048': { label: 'RSA 2048', algorithm: 'rsa', bits: 2048 },
  'rsa-3072': { label: 'RSA 3072', algorithm: 'rsa', bits: 3072 },
  'rsa-4096': { label: 'RSA 4096', algorithm: 'rsa', bits: 4096 },
  'ecdsa-p256': { label: 'ECDSA P-256', algorithm: 'ec', curve: 'P-256' },
  'ecdsa-p384': { label: 'ECDSA P-384', algorithm: 'ec', curve: 'P-384' },
  'ecdsa-p521': { label: 'ECDSA P-521', algorithm: 'ec', curve: 'P-521' },
} as const satisfies Record<string, { label: string; algorithm: 'aes' | 'rsa' | 'ec'; bits?: number; curve?: string }>;

export type KeyType = keyof typeof KEY_TYPES;
export const KEY_TYPE_NAMES = Object.keys(KEY_TYPES) as [KeyType, ...KeyType[]];

export function isAsymmetric(type: KeyType): boolean {
  return KEY_TYPES[type].algorithm !== 'aes';
}
