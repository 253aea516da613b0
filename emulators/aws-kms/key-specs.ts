/** What each key spec is, which usages it allows and which algorithms AWS lists for it. */
export type KeyUsage = 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY' | 'GENERATE_VERIFY_MAC';
export type Family = 'symmetric' | 'rsa' | 'ecc' | 'hmac';

export interface KeySpecInfo {
  family: Family;
  usages: readonly KeyUsage[];
  /** RSA modulus bits. */
  bits?: number;
  /** node:crypto curve name. */
  curve?: string;
  signing?: readonly string[];
  /** HMAC: node:crypto hash, material length range in bytes. */
  hash?: string;
  materialBytes?: readonly [number, number];
  mac?: readonly string[];
}

const RSA_SIGNING = [
  'RSASSA_PKCS1_V1_5_SHA_256',
  'RSASSA_PKCS1_V1_5_SHA_384',
  'RSASSA_PKCS1_V1_5_SHA_512',
  'RSASSA_PSS_SHA_256',
  'RSASSA_PSS_SHA_384',
  'RSASSA_PSS_SHA_512',
] as const;
const RSA_ENCRYPTION = ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] as const;

const rsa = (bits: number): KeySpecInfo => ({
  family: 'rsa',
  bits,
  usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
  signing: RSA_SIGNING,
});
const ecc = (curve: string, algorithm: string): KeySpecInfo => ({
  family: 'ecc',
  curve,
  usages: ['SIGN_VERIFY'],
  signing: [algorithm],
});
const hmac = (bits: number, maxBytes: number): KeySpecInfo => ({
  family: 'hmac',
  hash: `sha${bits}`,
  usages: ['GENERATE_VERIFY_MAC'],
  materialBytes: [bits / 8, maxBytes],
  mac: [`HMAC_SHA_${bits}`],
});

export const KEY_SPECS: Record<string, KeySpecInfo> = {
  SYMMETRIC_DEFAULT: { family: 'symmetric', usages: ['ENCRYPT_DECRYPT'] },
  RSA_2048: rsa(2048),
  RSA_3072: rsa(3072),
  RSA_4096: rsa(4096),
  ECC_NIST_P256: ecc('prime256v1', 'ECDSA_SHA_256'),
  ECC_NIST_P384: ecc('secp384r1', 'ECDSA_SHA_384'),
  ECC_NIST_P521: ecc('secp521r1', 'ECDSA_SHA_512'),
  ECC_SECG_P256K1: ecc('secp256k1', 'ECDSA_SHA_256'),
  HMAC_224: hmac(224, 64),
  HMAC_256: hmac(256, 64),
  HMAC_384: hmac(384, 128),
  HMAC_512: hmac(512, 128),
};

/** The model's enum, supported specs first in the order AWS prints them. */
export const KEY_SPEC_ENUM = [
  'RSA_2048', 'ECC_NIST_P384', 'ECC_NIST_P256', 'ECC_NIST_P521', 'HMAC_384', 'RSA_3072',
  'ECC_SECG_P256K1', 'RSA_4096', 'SYMMETRIC_DEFAULT', 'HMAC_256', 'HMAC_224', 'HMAC_512', 'SM2',
  'ECC_NIST_EDWARDS25519', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87', 'ML_KEM_512', 'ML_KEM_768',
  'ML_KEM_1024',
] as const;
export const KEY_USAGE_ENUM = [
  'ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT', 'ENCAPSULATE_DECAPSULATE',
] as const;
export const ENCRYPTION_ALGORITHM_ENUM = ['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE'] as const;
export const SIGNING_ALGORITHM_ENUM = [
  ...RSA_SIGNING, 'ECDSA_SHA_256', 'ECDSA_SHA_384', 'ECDSA_SHA_512', 'SM2DSA', 'ML_DSA_SHAKE_256',
  'ED25519_SHA_512', 'ED25519_PH_SHA_512',
] as const;
export const MAC_ALGORITHM_ENUM = ['HMAC_SHA_384', 'HMAC_SHA_256', 'HMAC_SHA_224', 'HMAC_SHA_512'] as const;

export function specInfo(spec: string): KeySpecInfo {
  const info = KEY_SPECS[spec];
  if (!info) throw new Error(`unknown key spec ${spec}`);
  return info;
}

export interface Algorithms {
  EncryptionAlgorithms?: string[];
  SigningAlgorithms?: string[];
  MacAlgorithms?: string[];
}

export function algorithmsFor(spec: string, usage: KeyUsage): Algorithms {
  const info = specInfo(spec);
  if (usage === 'ENCRYPT_DECRYPT') {
    return { EncryptionAlgorithms: info.family === 'symmetric' ? ['SYMMETRIC_DEFAULT'] : [...RSA_ENCRYPTION] };
  }
  if (usage === 'SIGN_VERIFY') return { SigningAlgorithms: [...(info.signing ?? [])] };
  return { MacAlgorithms: [...(info.mac ?? [])] };
}

/** RSA-OAEP plaintext limit: modulus bytes - 2 * hash bytes - 2 (AWS quotes the same numbers). */
export function oaepLimit(spec: string, algorithm: string): number {
  const hashBytes = algorithm === 'RSAES_OAEP_SHA_1' ? 20 : 32;
  return (specInfo(spec).bits ?? 0) / 8 - 2 * hashBytes - 2;
}

/** Symmetric, asymmetric and HMAC keys are the three "types" UpdateAlias keeps apart. */
export const keyType = (spec: string) => {
  const family = specInfo(spec).family;
  return family === 'rsa' || family === 'ecc' ? 'asymmetric' : family;
};
