import 'server-only';
import { ListKeysCommand, ListResourceTagsCommand } from '@aws-sdk/client-kms';
import type { Kms } from './client';
import { isKmsError } from './errors';
import { TAG_INSTALLATION, TAG_KEY, TAG_PROVIDER, TAG_VERSION, type Owner } from './names';

/** Parallel tag reads while scanning an account: enough to hide latency, few enough to stay under the read quota. */
const TAG_READ_CONCURRENCY = 8;

export type Tags = Record<string, string>;

/** A key's tags; null when the key does not exist (any more). */
export async function tagsOf(kms: Kms, keyId: string): Promise<Tags | null> {
  const tags: Tags = {};
  let marker: string | undefined;
  try {
    do {
      const page = await kms.call('ListResourceTags', (c) => c.send(new ListResourceTagsCommand({ KeyId: keyId, Marker: marker })));
      for (const tag of page.Tags ?? []) if (tag.TagKey) tags[tag.TagKey] = tag.TagValue ?? '';
      marker = page.Truncated ? page.NextMarker : undefined;
    } while (marker);
  } catch (error) {
    if (isKmsError(error, 'NotFoundException')) return null;
    throw error;
  }
  return tags;
}

export function belongsTo(tags: Tags | null, owner: Owner): boolean {
  return tags?.[TAG_INSTALLATION] === owner.installationId && tags[TAG_PROVIDER] === owner.provider;
}

/** Who the tags name, in plain words, for errors about a key that is not ours. */
export function ownerWords(tags: Tags | null, owner: Owner): string {
  if (tags?.[TAG_INSTALLATION] !== owner.installationId) return 'which this Keywarden installation did not create';
  const provider = tags[TAG_PROVIDER];
  return provider
    ? `which belongs to provider ${provider} of this installation`
    : 'which this installation created before keys named their provider, so no provider owns it';
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export interface TaggedVersionKey {
  keyId: string;
  version: number;
}

/** Every KMS key in the region this provider of this installation tagged for `keyName`, whatever its state. */
export async function ownedKeysFor(kms: Kms, owner: Owner, keyName: string): Promise<TaggedVersionKey[]> {
  const found: TaggedVersionKey[] = [];
  let marker: string | undefined;
  do {
    const page = await kms.call('ListKeys', (c) => c.send(new ListKeysCommand({ Limit: 1000, Marker: marker })));
    const ids = (page.Keys ?? []).flatMap((key) => (key.KeyId ? [key.KeyId] : []));
    const tagged = await mapLimited(ids, TAG_READ_CONCURRENCY, async (keyId) => ({ keyId, tags: await tagsOf(kms, keyId) }));
    for (const { keyId, tags } of tagged) {
      if (!tags || !belongsTo(tags, owner) || tags[TAG_KEY] !== keyName) continue;
      const version = Number(tags[TAG_VERSION]);
      if (Number.isInteger(version) && version > 0) found.push({ keyId, version });
    }
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return found;
}
