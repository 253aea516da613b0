import 'server-only';
import type { KeySpec, KeyUsageType, SigningAlgorithmSpec } from '@aws-sdk/client-kms';
import type { AwsWrappingAlgorithm } from '@/lib/crypto/byok';
import { KEY_TYPES, type KeyType } from '@/lib/keys/key-types';
import { ProviderError } from '../contract';
import { refusal, type Purpose } from '../capabilities';

export interface AwsKeyShape {
  keySpec: KeySpec;
  keyUsage: KeyUsageType;
}

const ECC_SPECS = { 'P-256': 'ECC_NIST_P256', 'P-384': 'ECC_NIST_P384', 'P-521': 'ECC_NIST_P521' } as const;
const ECDSA_ALGORITHMS = { 'P-256': 'ECDSA_SHA_256', 'P-384': 'ECDSA_SHA_384', 'P-521': 'ECDSA_SHA_512' } as const;
const ECDSA_HASHES = { 'P-256': 'sha256', 'P-384': 'sha384', 'P-521': 'sha512' } as const;

/** KeySpec and KeyUsage for a type and purpose set the capability matrix allows. */
export function awsKeyShape(type: KeyType, purposes: readonly Purpose[]): AwsKeyShape {
  const refused = refusal('awskms', type, purposes, 'hsm');
  if (refused) throw new ProviderError('UnsupportedKeyShape', refused, { retryable: false });
  const spec = KEY_TYPES[type];
  if (spec.algorithm === 'aes') return { keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT' };
  if (spec.algorithm === 'rsa') {
    return { keySpec: `RSA_${spec.bits}`, keyUsage: purposes.includes('sign') ? 'SIGN_VERIFY' : 'ENCRYPT_DECRYPT' };
  }
  return { keySpec: ECC_SPECS[spec.curve], keyUsage: 'SIGN_VERIFY' };
}

/** AES material fits in RSA-OAEP; private keys only fit in the RSA + AES key wrap. */
export function wrappingAlgorithmFor(type: KeyType): AwsWrappingAlgorithm {
  return KEY_TYPES[type].algorithm === 'aes' ? 'RSAES_OAEP_SHA_256' : 'RSA_AES_KEY_WRAP_SHA_256';
}

/** The KMS signing algorithm used for proofs and the node:crypto hash that verifies it. */
export function proofSigning(type: KeyType): { algorithm: SigningAlgorithmSpec; hash: string } {
  const spec = KEY_TYPES[type];
  if (spec.algorithm === 'rsa') return { algorithm: 'RSASSA_PSS_SHA_256', hash: 'sha256' };
  if (spec.algorithm === 'ec') return { algorithm: ECDSA_ALGORITHMS[spec.curve], hash: ECDSA_HASHES[spec.curve] };
  throw new Error(`${type} keys do not sign`);
}
