import 'server-only';
import type { KeyOperation, SignatureAlgorithm } from '@azure/keyvault-keys';
import { KEY_TYPES, type KeyType } from '@/lib/keys/key-types';
import { ProviderError } from '../contract';
import { refusal, type Protection, type Purpose } from '../capabilities';

const KEY_OPS: Record<Purpose, KeyOperation> = {
  encrypt: 'encrypt',
  decrypt: 'decrypt',
  sign: 'sign',
  verify: 'verify',
  wrap: 'wrapKey',
  unwrap: 'unwrapKey',
};

const ECDSA = {
  'P-256': { algorithm: 'ES256', hash: 'sha256' },
  'P-384': { algorithm: 'ES384', hash: 'sha384' },
  'P-521': { algorithm: 'ES512', hash: 'sha512' },
} as const;

export interface AzureKeyShape {
  kty: 'RSA' | 'RSA-HSM' | 'EC' | 'EC-HSM';
  keyOps: KeyOperation[];
  crv?: 'P-256' | 'P-384' | 'P-521';
}

/** kty, key_ops and curve for a type, purpose set and protection the capability matrix allows. */
export function azureKeyShape(type: KeyType, purposes: readonly Purpose[], protection: Protection): AzureKeyShape {
  const refused = refusal('azurekeyvault', type, purposes, protection);
  if (refused) throw new ProviderError('UnsupportedKeyShape', refused, { retryable: false });
  const spec = KEY_TYPES[type];
  const keyOps = [...new Set(purposes.map((purpose) => KEY_OPS[purpose]))];
  const hsm = protection === 'hsm';
  if (spec.algorithm === 'rsa') return { kty: hsm ? 'RSA-HSM' : 'RSA', keyOps };
  if (spec.algorithm === 'ec') return { kty: hsm ? 'EC-HSM' : 'EC', keyOps, crv: spec.curve };
  throw new ProviderError('UnsupportedKeyShape', `${type} keys cannot be distributed to Azure Key Vault.`, { retryable: false });
}

/** The Key Vault signature algorithm used for proofs and the digest it signs. RSA: PS256 (salt = digest length). */
export function proofSigning(type: KeyType): { algorithm: SignatureAlgorithm; hash: 'sha256' | 'sha384' | 'sha512' } {
  const spec = KEY_TYPES[type];
  if (spec.algorithm === 'rsa') return { algorithm: 'PS256', hash: 'sha256' };
  if (spec.algorithm === 'ec') return ECDSA[spec.curve];
  throw new Error(`${type} keys do not sign`);
}
