import { KmsError } from '../errors';
import { keyFor } from '../key-access';
import type { Tag } from '../state';
import { KEY_ID, MARKER, TAG_LIST, limit } from './fields';
import { operation } from './operation';
import { paginate } from './paging';
import { list, required, string } from '../shapes';

const MAX_TAGS_PER_KEY = 50;
const tagError = (message: string) => new KmsError('TagException', message);

/** Adds or overwrites tags, with AWS's TagException rules; the caller's list is left alone on error. */
export function mergeTags(existing: Tag[], incoming: Tag[]): Tag[] {
  const keys = new Set(incoming.map((t) => t.TagKey));
  if (keys.size < incoming.length) throw tagError('Duplicate tag keys');
  if (incoming.some((t) => t.TagKey.toLowerCase().startsWith('aws:'))) {
    throw tagError('Tags beginning with aws: are reserved');
  }
  const merged = [...existing.filter((t) => !keys.has(t.TagKey)), ...incoming.map((t) => ({ ...t }))];
  if (merged.length > MAX_TAGS_PER_KEY) throw tagError('Too many tags');
  return merged;
}

const byKey = (a: Tag, b: Tag) => (a.TagKey < b.TagKey ? -1 : a.TagKey > b.TagKey ? 1 : 0);

export const tagOperations = {
  TagResource: operation({
    input: { KeyId: KEY_ID, Tags: required(TAG_LIST) },
    mutates: true,
    handle(ctx, input) {
      const key = keyFor(ctx, 'TagResource', input.KeyId);
      key.tags = mergeTags(key.tags, input.Tags);
      return {};
    },
  }),

  UntagResource: operation({
    input: { KeyId: KEY_ID, TagKeys: required(list(string({ min: 1, max: 128 }))) },
    mutates: true,
    handle(ctx, input) {
      const key = keyFor(ctx, 'UntagResource', input.KeyId);
      const remove = new Set(input.TagKeys);
      key.tags = key.tags.filter((t) => !remove.has(t.TagKey));
      return {};
    },
  }),

  ListResourceTags: operation({
    input: { KeyId: KEY_ID, Limit: limit(50), Marker: MARKER },
    mutates: false,
    handle(ctx, input) {
      const key = keyFor(ctx, 'ListResourceTags', input.KeyId);
      const tags = [...key.tags].sort(byKey);
      const { page, ...rest } = paginate(tags, (t) => t.TagKey, 'tags', input.Limit ?? 50, input.Marker);
      return { Tags: page, ...rest };
    },
  }),
};
