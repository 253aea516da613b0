import { readFileSync } from 'node:fs';
import https from 'node:https';
import tls from 'node:tls';
import { DecryptCommand, DescribeKeyCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { SealConfig } from './config';

type AwsKmsSealConfig = Extract<SealConfig, { type: 'awskms' }>;

/** The seal could not be opened or written: one line for the operator, never a stack trace. */
export class SealOpenError extends Error {}

/**
 * The encryption context every root key ciphertext carries: the installation and the root key's
 * id. A ciphertext copied to another installation (or swapped for another root key's) does not
 * decrypt, and CloudTrail shows which installation asked.
 */
export function encryptionContext(installationId: string, rootKeyId: string): Record<string, string> {
  return { 'keywarden:purpose': 'root-key', 'keywarden:installation': installationId, 'keywarden:root-key-id': rootKeyId };
}

/**
 * A KMS client for the seal: credentials from the SDK's default chain (environment keys and
 * session token, shared files and profiles, web identity, container and instance roles), the
 * endpoint from AWS_KMS_ENDPOINT, AWS_CA_BUNDLE trusted through the HTTPS agent (the JS SDK does
 * not read it). It needs kms:Encrypt, kms:Decrypt and kms:DescribeKey on the seal's key.
 */
export function sealKmsClient(config: AwsKmsSealConfig): KMSClient {
  let ca: string | undefined;
  if (config.caBundleFile) {
    try {
      ca = readFileSync(config.caBundleFile, 'utf8');
    } catch (err) {
      throw new SealOpenError(`AWS_CA_BUNDLE=${config.caBundleFile} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
  }
  return new KMSClient({
    region: config.region,
    ...(config.endpoint && { endpoint: config.endpoint }),
    credentials: fromNodeProviderChain({ clientConfig: { region: config.region } }),
    maxAttempts: 3,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: 5_000,
      requestTimeout: 30_000,
      throwOnRequestTimeout: true,
      ...(ca && { httpsAgent: new https.Agent({ keepAlive: true, ca: [...tls.rootCertificates, ca] }) }),
    }),
  });
}

function where(config: AwsKmsSealConfig) {
  return config.endpoint ?? `kms.${config.region}.amazonaws.com`;
}

/** Any SDK failure as one sentence naming the action, the key and what went wrong. */
export function explainKmsError(err: unknown, action: string, config: AwsKmsSealConfig): SealOpenError {
  const e = (err ?? {}) as { name?: string; message?: string; code?: string; cause?: { code?: string } };
  const name = e.name ?? 'Error';
  const message = (e.message ?? String(err)).split('\n')[0]!;
  const network = e.code ?? e.cause?.code;
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH'].includes(network ?? '') || name === 'TimeoutError') {
    return new SealOpenError(`AWS KMS is unreachable at ${where(config)} (${network ?? name}): ${action} on ${config.keyId} could not be called.`);
  }
  if (name === 'AccessDeniedException') return new SealOpenError(`AWS KMS refused ${action} on ${config.keyId}: ${message}`);
  if (name === 'CredentialsProviderError') return new SealOpenError(`No AWS credentials for the KMS seal (${message}).`);
  if (name === 'InvalidCiphertextException') {
    return new SealOpenError(`AWS KMS could not decrypt the root key with ${config.keyId}: the ciphertext is for another key or another installation (InvalidCiphertextException).`);
  }
  if (/certificate|self.signed|UNABLE_TO_VERIFY/i.test(message) || /CERT|SELF_SIGNED/.test(network ?? '')) {
    return new SealOpenError(`The TLS certificate of ${where(config)} is not trusted (${network ?? message}); set AWS_CA_BUNDLE to its CA bundle.`);
  }
  return new SealOpenError(`AWS KMS ${action} on ${config.keyId} failed: ${name}: ${message}`);
}

export async function describeSealKey(client: KMSClient, config: AwsKmsSealConfig) {
  try {
    const meta = (await client.send(new DescribeKeyCommand({ KeyId: config.keyId }))).KeyMetadata;
    return { arn: meta?.Arn ?? config.keyId, state: meta?.KeyState ?? 'unknown' };
  } catch (err) {
    throw explainKmsError(err, 'kms:DescribeKey', config);
  }
}

export async function wrapRootKey(client: KMSClient, config: AwsKmsSealConfig, key: Buffer, context: Record<string, string>) {
  try {
    const out = await client.send(new EncryptCommand({ KeyId: config.keyId, Plaintext: key, EncryptionContext: context }));
    if (!out.CiphertextBlob || !out.KeyId) throw new Error('Encrypt answered without a ciphertext');
    return { kmsKeyArn: out.KeyId, ciphertext: Buffer.from(out.CiphertextBlob).toString('base64') };
  } catch (err) {
    throw explainKmsError(err, 'kms:Encrypt', config);
  }
}

/**
 * Decrypts with the key the ciphertext names (KeyId given as the recorded ARN, as AWS checks it):
 * old root keys sealed under a previous KMS key stay readable after the seal points at a new one.
 */
export async function unwrapRootKey(client: KMSClient, config: AwsKmsSealConfig, wrapped: { kmsKeyArn: string; ciphertext: string }, context: Record<string, string>) {
  try {
    const out = await client.send(new DecryptCommand({ KeyId: wrapped.kmsKeyArn, CiphertextBlob: Buffer.from(wrapped.ciphertext, 'base64'), EncryptionContext: context }));
    if (!out.Plaintext) throw new Error('Decrypt answered without a plaintext');
    return Buffer.from(out.Plaintext);
  } catch (err) {
    throw explainKmsError(err, 'kms:Decrypt', { ...config, keyId: wrapped.kmsKeyArn });
  }
}
