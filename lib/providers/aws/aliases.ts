import 'server-only';
import { CreateAliasCommand, DeleteAliasCommand, DescribeKeyCommand, UpdateAliasCommand } from '@aws-sdk/client-kms';
import { ProviderError } from '../contract';
import type { Kms } from './client';
import { isKmsError } from './errors';
import type { Owner } from './names';
import { belongsTo, ownerWords, tagsOf, type Tags } from './tags';

/** The bare key id an alias points at, or null when the alias does not exist. */
export async function aliasTarget(kms: Kms, aliasName: string): Promise<string | null> {
  try {
    const described = await kms.call('DescribeKey', (c) => c.send(new DescribeKeyCommand({ KeyId: aliasName })));
    return described.KeyMetadata?.KeyId ?? null;
  } catch (error) {
    if (isKmsError(error, 'NotFoundException')) return null;
    throw error;
  }
}

function foreignAlias(aliasName: string, target: string, tags: Tags | null, owner: Owner): ProviderError {
  return new ProviderError(
    'AliasOwnedElsewhere',
    `Alias ${aliasName} points at KMS key ${target}, ${ownerWords(tags, owner)}; it is left untouched. Two providers of one installation cannot distribute the same key to one account and region.`,
    { retryable: false },
  );
}

/**
 * Points an alias at `keyId`. An alias that already points at a key of another installation or
 * provider (or an untagged key) is never moved: that is someone else's pointer.
 */
export async function pointAlias(kms: Kms, owner: Owner, aliasName: string, keyId: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await kms.call('CreateAlias', (c) => c.send(new CreateAliasCommand({ AliasName: aliasName, TargetKeyId: keyId })));
      return;
    } catch (error) {
      if (!isKmsError(error, 'AlreadyExistsException')) throw error;
    }
    const target = await aliasTarget(kms, aliasName);
    if (target === keyId) return;
    if (target === null) continue; // deleted meanwhile: create it again
    const tags = await tagsOf(kms, target);
    if (!belongsTo(tags, owner)) throw foreignAlias(aliasName, target, tags, owner);
    try {
      await kms.call('UpdateAlias', (c) => c.send(new UpdateAliasCommand({ AliasName: aliasName, TargetKeyId: keyId })));
      return;
    } catch (error) {
      if (!isKmsError(error, 'NotFoundException')) throw error;
    }
  }
  throw new ProviderError('AliasConflict', `Alias ${aliasName} kept changing while Keywarden pointed it at ${keyId}.`, { retryable: true });
}

export type AliasRemoval = 'deleted' | 'absent' | 'foreign';

/** Deletes an alias if it points at one of this provider's keys; others' aliases stay. */
export async function removeAlias(kms: Kms, owner: Owner, aliasName: string): Promise<AliasRemoval> {
  const target = await aliasTarget(kms, aliasName);
  if (target === null) return 'absent';
  if (!belongsTo(await tagsOf(kms, target), owner)) return 'foreign';
  try {
    await kms.call('DeleteAlias', (c) => c.send(new DeleteAliasCommand({ AliasName: aliasName })));
    return 'deleted';
  } catch (error) {
    if (isKmsError(error, 'NotFoundException')) return 'absent';
    throw error;
  }
}
