import 'server-only';
import { constants, createPublicKey, publicEncrypt, randomBytes, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { DecryptCommand, EncryptCommand, GetPublicKeyCommand, SignCommand } from '@aws-sdk/client-kms';
import { KEY_TYPES } from '@/lib/keys/key-types';
import { ProofMismatchError, ProviderError, type Proof, type VersionSpec } from '../contract';
import type { Kms } from './client';
import { isKmsError } from './errors';
import { importMaterial } from './import';
import { proofSigning } from './key-spec';

/**
 * Proofs use AWS's public behaviour only: public keys, signatures, RSA-OAEP, and for AES an
 * opaque Encrypt → Decrypt round trip. Never the emulator's private ciphertext format.
 */

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function label(spec: VersionSpec, keyId: string): string {
  return `KMS key ${keyId} (${spec.keyName} v${spec.version})`;
}

async function provePublicKey(kms: Kms, spec: VersionSpec, keyId: string): Promise<KeyObject> {
  if (!spec.publicKeyPem) throw new Error(`${spec.keyName} v${spec.version} is asymmetric but has no public key`);
  const expected = createPublicKey(spec.publicKeyPem);
  const answer = await kms.call('GetPublicKey', (c) => c.send(new GetPublicKeyCommand({ KeyId: keyId })));
  if (!answer.PublicKey || !same(Buffer.from(answer.PublicKey), expected.export({ format: 'der', type: 'spki' }))) {
    throw new ProofMismatchError(`${label(spec, keyId)}: GetPublicKey returned a public key that is not this version's.`);
  }
  return expected;
}

async function proveSign(kms: Kms, spec: VersionSpec, keyId: string, publicKey: KeyObject): Promise<string> {
  const { algorithm, hash } = proofSigning(spec.keyType);
  const message = randomBytes(32);
  const answer = await kms.call('Sign', (c) =>
    c.send(new SignCommand({ KeyId: keyId, Message: message, MessageType: 'RAW', SigningAlgorithm: algorithm })),
  );
  const signature = answer.Signature ? Buffer.from(answer.Signature) : Buffer.alloc(0);
  const key =
    KEY_TYPES[spec.keyType].algorithm === 'rsa'
      ? { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
      : { key: publicKey, dsaEncoding: 'der' as const };
  if (!verify(hash, message, key, signature)) {
    throw new ProofMismatchError(`${label(spec, keyId)}: a KMS Sign ${algorithm} signature did not verify with this version's public key.`);
  }
  return `KMS Sign ${algorithm} verified locally`;
}

async function proveRsaDecrypt(kms: Kms, spec: VersionSpec, keyId: string, publicKey: KeyObject): Promise<string> {
  const secret = randomBytes(32);
  const ciphertext = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, secret);
  const answer = await kms.call('Decrypt', (c) =>
    c.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: ciphertext, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
  );
  if (!answer.Plaintext || !same(Buffer.from(answer.Plaintext), secret)) {
    throw new ProofMismatchError(`${label(spec, keyId)}: KMS Decrypt RSAES_OAEP_SHA_256 did not return what was encrypted locally.`);
  }
  return 'local RSA-OAEP-SHA256 encryption decrypted by KMS Decrypt RSAES_OAEP_SHA_256';
}

/**
 * AES has no public part. KMS refuses to re-import material other than what the key holds
 * (IncorrectKeyMaterialException), so a successful re-import proves the material is this
 * version's; the round trip proves the key works and binds its encryption context.
 */
async function proveAes(kms: Kms, spec: VersionSpec, keyId: string): Promise<string> {
  try {
    await importMaterial(kms, keyId, spec);
  } catch (error) {
    if (isKmsError(error, 'IncorrectKeyMaterialException')) {
      throw new ProofMismatchError(`${label(spec, keyId)}: KMS holds AES material that is not this version's (re-import refused).`);
    }
    throw error;
  }
  const secret = randomBytes(32);
  const nonce = randomBytes(16).toString('hex');
  const context = { 'keywarden:key': spec.keyName, 'keywarden:version': String(spec.version), 'keywarden:proof': nonce };
  const encrypted = await kms.call('Encrypt', (c) => c.send(new EncryptCommand({ KeyId: keyId, Plaintext: secret, EncryptionContext: context })));
  if (!encrypted.CiphertextBlob) throw new ProviderError('MalformedResponse', 'Encrypt answered without a ciphertext.', { retryable: true });
  const blob = encrypted.CiphertextBlob;
  const decrypted = await kms.call('Decrypt', (c) => c.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: blob, EncryptionContext: context })));
  if (!decrypted.Plaintext || !same(Buffer.from(decrypted.Plaintext), secret)) {
    throw new ProofMismatchError(`${label(spec, keyId)}: KMS Decrypt did not return what KMS Encrypt was given.`);
  }
  const otherContext = { ...context, 'keywarden:proof': `${nonce}-other` };
  try {
    await kms.call('Decrypt', (c) => c.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: blob, EncryptionContext: otherContext })));
  } catch (error) {
    if (isKmsError(error, 'InvalidCiphertextException')) {
      return 'KMS accepted a re-import of this version\'s AES material; Encrypt → Decrypt round trip bound to an encryption context succeeded, and Decrypt with another context was refused';
    }
    throw error;
  }
  throw new ProofMismatchError(`${label(spec, keyId)}: KMS Decrypt ignored the encryption context.`);
}

export async function proveVersion(kms: Kms, spec: VersionSpec, keyId: string): Promise<Proof> {
  if (KEY_TYPES[spec.keyType].algorithm === 'aes') return { method: await proveAes(kms, spec, keyId) };
  const publicKey = await provePublicKey(kms, spec, keyId);
  const second = spec.purposes.includes('sign')
    ? await proveSign(kms, spec, keyId, publicKey)
    : await proveRsaDecrypt(kms, spec, keyId, publicKey);
  return { method: `GetPublicKey matches this version's public key; ${second}` };
}
