import 'server-only';
import { constants, createHash, createPrivateKey, createPublicKey, privateDecrypt, publicEncrypt, randomBytes, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import type { KeyVaultKey } from '@azure/keyvault-keys';
import { KEY_TYPES } from '@/lib/keys/key-types';
import { ProofMismatchError, ProviderError, type DistributionRef, type Proof, type VersionSpec } from '../contract';
import type { Vault } from './client';
import { isVaultError } from './errors';
import { publicKeyOf, spkiDer } from './jwk';
import { proofSigning } from './key-shape';
import { isOurVersion, TAG_VERSION, type Owner } from './names';

/**
 * Proofs use Key Vault's public behaviour only: the public part it returns and one operation the
 * version's key_ops allow, checked with node:crypto on this side. RSA-OAEP-256 is used for the
 * encryption proofs because the SDK performs plain RSA-OAEP and RSA1_5 public operations locally,
 * which would prove nothing about the vault.
 */

const OAEP_256 = { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' } as const;

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function label(dist: DistributionRef, spec: VersionSpec, version: string): string {
  return `Azure key ${dist.remoteName} version ${version} (${spec.keyName} v${spec.version})`;
}

async function fetchVersion(vault: Vault, dist: DistributionRef, version: string): Promise<KeyVaultKey> {
  try {
    return await vault.call('GetKey', (keys) => keys.getKey(dist.remoteName, { version }));
  } catch (error) {
    if (isVaultError(error, 'KeyNotFound')) throw new ProofMismatchError(`Version ${version} of Azure key ${dist.remoteName} does not exist.`);
    throw error;
  }
}

function provePublicKey(key: KeyVaultKey, spec: VersionSpec, what: string): KeyObject {
  if (!spec.publicKeyPem) throw new Error(`${spec.keyName} v${spec.version} is asymmetric but has no public key`);
  const expected = spkiDer(createPublicKey(spec.publicKeyPem));
  const returned = publicKeyOf(key.key);
  if (!returned || !same(spkiDer(returned), expected)) {
    throw new ProofMismatchError(`${what}: Key Vault returned a public key that is not this version's.`);
  }
  return returned;
}

async function proveSign(vault: Vault, key: KeyVaultKey, spec: VersionSpec, publicKey: KeyObject, what: string): Promise<string> {
  const { algorithm, hash } = proofSigning(spec.keyType);
  const message = randomBytes(32);
  const digest = createHash(hash).update(message).digest();
  const { result } = await vault.crypto('Sign', key, (c) => c.sign(algorithm, digest));
  const rsa = KEY_TYPES[spec.keyType].algorithm === 'rsa';
  const verifyKey = rsa
    ? { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
    : { key: publicKey, dsaEncoding: 'ieee-p1363' as const };
  if (!verify(hash, message, verifyKey, Buffer.from(result))) {
    throw new ProofMismatchError(`${what}: a Key Vault ${algorithm} signature did not verify with this version's public key.`);
  }
  return `Key Vault sign ${algorithm} verified locally`;
}

async function proveVerify(vault: Vault, key: KeyVaultKey, spec: VersionSpec, what: string): Promise<string> {
  const { algorithm, hash } = proofSigning(spec.keyType);
  const message = randomBytes(32);
  const digest = createHash(hash).update(message).digest();
  const privateKey = createPrivateKey({ key: spec.material, format: 'der', type: 'pkcs8' });
  const rsa = KEY_TYPES[spec.keyType].algorithm === 'rsa';
  const signature = sign(
    hash,
    message,
    rsa ? { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } : { key: privateKey, dsaEncoding: 'ieee-p1363' },
  );
  const good = await vault.crypto('Verify', key, (c) => c.verify(algorithm, digest, signature));
  const tampered = Buffer.from(signature);
  tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 0x01;
  const bad = await vault.crypto('Verify', key, (c) => c.verify(algorithm, digest, tampered));
  if (!good.result || bad.result) throw new ProofMismatchError(`${what}: Key Vault verify ${algorithm} disagreed with a local signature.`);
  return `local ${algorithm} signature verified by Key Vault, a tampered one refused`;
}

async function provePrivateUse(vault: Vault, key: KeyVaultKey, publicKey: KeyObject, operation: 'decrypt' | 'unwrapKey', what: string): Promise<string> {
  const secret = randomBytes(32);
  const ciphertext = publicEncrypt({ key: publicKey, ...OAEP_256 }, secret);
  const plaintext =
    operation === 'decrypt'
      ? (await vault.crypto('Decrypt', key, (c) => c.decrypt({ algorithm: 'RSA-OAEP-256', ciphertext }))).result
      : (await vault.crypto('UnwrapKey', key, (c) => c.unwrapKey('RSA-OAEP-256', ciphertext))).result;
  if (!same(Buffer.from(plaintext), secret)) throw new ProofMismatchError(`${what}: Key Vault ${operation} RSA-OAEP-256 did not return what was encrypted locally.`);
  return `local RSA-OAEP-256 encryption recovered by Key Vault ${operation}`;
}

async function provePublicUse(vault: Vault, key: KeyVaultKey, spec: VersionSpec, operation: 'encrypt' | 'wrapKey', what: string): Promise<string> {
  const secret = randomBytes(32);
  const ciphertext =
    operation === 'encrypt'
      ? (await vault.crypto('Encrypt', key, (c) => c.encrypt({ algorithm: 'RSA-OAEP-256', plaintext: secret }))).result
      : (await vault.crypto('WrapKey', key, (c) => c.wrapKey('RSA-OAEP-256', secret))).result;
  const privateKey = createPrivateKey({ key: spec.material, format: 'der', type: 'pkcs8' });
  let plaintext: Buffer;
  try {
    plaintext = privateDecrypt({ key: privateKey, ...OAEP_256 }, Buffer.from(ciphertext));
  } catch {
    throw new ProofMismatchError(`${what}: a Key Vault ${operation} RSA-OAEP-256 result did not decrypt with this version's private key.`);
  }
  if (!same(plaintext, secret)) throw new ProofMismatchError(`${what}: a Key Vault ${operation} RSA-OAEP-256 result decrypted to something else.`);
  return `Key Vault ${operation} RSA-OAEP-256 decrypted locally`;
}

/** Public part, then the strongest round trip the key_ops allow: sign, decrypt, unwrapKey, then the public-only ones. */
export async function proveVersion(vault: Vault, dist: DistributionRef, spec: VersionSpec, owner: Owner, version: string): Promise<Proof> {
  const what = label(dist, spec, version);
  const key = await fetchVersion(vault, dist, version);
  const tags = key.properties.tags;
  if (!isOurVersion(tags, owner, spec.keyName) || tags?.[TAG_VERSION] !== String(spec.version)) {
    throw new ProofMismatchError(`${what} is not tagged as this installation's ${spec.keyName} v${spec.version}.`);
  }
  const publicKey = provePublicKey(key, spec, what);
  const purposes = spec.purposes;
  let second: string;
  if (purposes.includes('sign')) second = await proveSign(vault, key, spec, publicKey, what);
  else if (purposes.includes('decrypt')) second = await provePrivateUse(vault, key, publicKey, 'decrypt', what);
  else if (purposes.includes('unwrap')) second = await provePrivateUse(vault, key, publicKey, 'unwrapKey', what);
  else if (purposes.includes('encrypt')) second = await provePublicUse(vault, key, spec, 'encrypt', what);
  else if (purposes.includes('wrap')) second = await provePublicUse(vault, key, spec, 'wrapKey', what);
  else if (purposes.includes('verify')) second = await proveVerify(vault, key, spec, what);
  else throw new ProviderError('UnsupportedKeyShape', `${what} has no purpose Keywarden can prove.`, { retryable: false });
  return { method: `the public key Key Vault returns matches this version's; ${second}` };
}
