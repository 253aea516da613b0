import 'server-only';
import {
  CreateKeyCommand,
  DescribeKeyCommand,
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  type KeyMetadata,
} from '@aws-sdk/client-kms';
import { wrapForAwsImport } from '@/lib/crypto/byok';
import { ProviderError, type VersionSpec } from '../contract';
import type { Kms } from './client';
import { isKmsError } from './errors';
import { awsKeyShape, wrappingAlgorithmFor } from './key-spec';
import { TAG_KEY, TAG_VERSION, versionDescription, versionTags, type Owner } from './names';
import { belongsTo, tagsOf } from './tags';

export async function describeKey(kms: Kms, keyId: string): Promise<KeyMetadata | null> {
  try {
    const described = await kms.call('DescribeKey', (c) => c.send(new DescribeKeyCommand({ KeyId: keyId })));
    return described.KeyMetadata ?? null;
  } catch (error) {
    if (isKmsError(error, 'NotFoundException')) return null;
    throw error;
  }
}

/** CreateKey is not idempotent: one attempt, so a lost answer reaches the caller's locate path (see Kms.callOnce). */
export async function createVersionKey(kms: Kms, owner: Owner, spec: VersionSpec): Promise<string> {
  const shape = awsKeyShape(spec.keyType, spec.purposes);
  const created = await kms.callOnce('CreateKey', (c) =>
    c.send(
      new CreateKeyCommand({
        Origin: 'EXTERNAL',
        KeySpec: shape.keySpec,
        KeyUsage: shape.keyUsage,
        Description: versionDescription(owner, spec.keyName, spec.version),
        Tags: versionTags(owner, spec.keyName, spec.version),
      }),
    ),
  );
  const keyId = created.KeyMetadata?.KeyId;
  if (!keyId) throw new ProviderError('MalformedResponse', 'CreateKey answered without a key id.', { retryable: true });
  return keyId;
}

/** GetParametersForImport → wrap locally → ImportKeyMaterial; KMS accepts the same material again, so a repeat is harmless. */
export async function importMaterial(kms: Kms, keyId: string, spec: VersionSpec): Promise<void> {
  const algorithm = wrappingAlgorithmFor(spec.keyType);
  const parameters = await kms.call('GetParametersForImport', (c) =>
    c.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: algorithm, WrappingKeySpec: 'RSA_4096' })),
  );
  if (!parameters.PublicKey || !parameters.ImportToken) {
    throw new ProviderError('MalformedResponse', 'GetParametersForImport answered without a wrapping key or import token.', { retryable: true });
  }
  const wrapped = wrapForAwsImport(spec.material, Buffer.from(parameters.PublicKey), algorithm);
  await kms.call('ImportKeyMaterial', (c) =>
    c.send(
      new ImportKeyMaterialCommand({
        KeyId: keyId,
        ImportToken: parameters.ImportToken,
        EncryptedKeyMaterial: wrapped,
        ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
      }),
    ),
  );
}

/**
 * Where a recorded KMS key stands: 'import' when it still waits for material, 'done' when it has
 * it. A key that is gone, pending deletion or not this version's is an error no retry can fix.
 */
export async function resumePoint(kms: Kms, owner: Owner, spec: VersionSpec, keyId: string): Promise<'import' | 'done'> {
  const label = `${spec.keyName} v${spec.version}`;
  const metadata = await describeKey(kms, keyId);
  if (!metadata) {
    throw new ProviderError('NotFoundException', `KMS key ${keyId} recorded for ${label} no longer exists.`, { retryable: false });
  }
  const tags = await tagsOf(kms, keyId);
  if (!belongsTo(tags, owner) || tags?.[TAG_KEY] !== spec.keyName || tags[TAG_VERSION] !== String(spec.version)) {
    throw new ProviderError('KeyNotOwned', `KMS key ${keyId} recorded for ${label} is not tagged as provider ${owner.provider}'s ${label} of this installation.`, {
      retryable: false,
    });
  }
  switch (metadata.KeyState) {
    case 'PendingImport':
      return 'import';
    case 'Enabled':
    case 'Disabled':
      return 'done';
    case 'PendingDeletion':
      throw new ProviderError(
        'KMSInvalidStateException',
        `KMS key ${keyId} recorded for ${label} is pending deletion${metadata.DeletionDate ? ` (on ${metadata.DeletionDate.toISOString()})` : ''}; it cannot be imported into again.`,
        { retryable: false },
      );
    default:
      throw new ProviderError('KMSInvalidStateException', `KMS key ${keyId} recorded for ${label} is ${metadata.KeyState ?? 'in an unknown state'}.`, {
        retryable: true,
      });
  }
}
