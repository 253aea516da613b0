import {
  CreateAliasCommand,
  CreateKeyCommand,
  ListResourceTagsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type Tag,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsKmsEmulator } from '../server';
import { kmsClient, kmsError, startEmulator } from './helpers';

describe('tags', () => {
  let emulator: AwsKmsEmulator;
  let kms: ReturnType<typeof kmsClient>;
  beforeAll(async () => {
    emulator = await startEmulator();
    kms = kmsClient(emulator.url);
  });
  afterAll(() => emulator.close());

  const newKey = async (Tags?: Tag[]) => (await kms.send(new CreateKeyCommand({ ...(Tags && { Tags }) }))).KeyMetadata!;
  const tagsOf = async (keyId: string) => (await kms.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags;

  it('keeps the tags given at creation', async () => {
    const key = await newKey([
      { TagKey: 'team', TagValue: 'payments' },
      { TagKey: 'env', TagValue: '' },
    ]);
    expect(await kms.send(new ListResourceTagsCommand({ KeyId: key.Arn }))).toMatchObject({
      Tags: [
        { TagKey: 'env', TagValue: '' },
        { TagKey: 'team', TagValue: 'payments' },
      ],
      Truncated: false,
    });
  });

  it('adds, overwrites and removes tags', async () => {
    const key = await newKey([{ TagKey: 'a', TagValue: '1' }]);
    await kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: [{ TagKey: 'a', TagValue: '2' }, { TagKey: 'b', TagValue: '3' }] }));
    expect(await tagsOf(key.KeyId!)).toEqual([
      { TagKey: 'a', TagValue: '2' },
      { TagKey: 'b', TagValue: '3' },
    ]);
    await kms.send(new UntagResourceCommand({ KeyId: key.KeyId, TagKeys: ['a', 'not-there'] }));
    expect(await tagsOf(key.KeyId!)).toEqual([{ TagKey: 'b', TagValue: '3' }]);
  });

  it('reserves the aws: prefix', async () => {
    const key = await newKey();
    expect(await kmsError(kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: [{ TagKey: 'AWS:owner', TagValue: 'x' }] })))).toMatchObject({
      name: 'TagException',
      message: 'Tags beginning with aws: are reserved',
    });
    expect(await kmsError(kms.send(new CreateKeyCommand({ Tags: [{ TagKey: 'aws:x', TagValue: 'y' }] })))).toMatchObject({
      name: 'TagException',
    });
  });

  it('refuses duplicate keys in one request, and changes nothing', async () => {
    const key = await newKey([{ TagKey: 'keep', TagValue: 'me' }]);
    const duplicate = [
      { TagKey: 'k', TagValue: '1' },
      { TagKey: 'k', TagValue: '2' },
    ];
    expect(await kmsError(kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: duplicate })))).toMatchObject({
      name: 'TagException',
      message: 'Duplicate tag keys',
    });
    expect(await tagsOf(key.KeyId!)).toEqual([{ TagKey: 'keep', TagValue: 'me' }]);
  });

  it('allows at most 50 tags on a key', async () => {
    const fifty = Array.from({ length: 50 }, (_, i) => ({ TagKey: `k${String(i).padStart(2, '0')}`, TagValue: 'v' }));
    const key = await newKey(fifty);
    expect(await kmsError(kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: [{ TagKey: 'one-more', TagValue: 'v' }] })))).toMatchObject({
      name: 'TagException',
      message: 'Too many tags',
    });
    await kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: [{ TagKey: 'k00', TagValue: 'overwrite is fine' }] }));
  });

  it('validates tag key and value lengths', async () => {
    const key = await newKey();
    expect(
      await kmsError(
        kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: [{ TagKey: 'ok', TagValue: 'v' }, { TagKey: 'x'.repeat(129), TagValue: 'v' }] })),
      ),
    ).toMatchObject({
      name: 'ValidationException',
      message: `1 validation error detected: Value '${'x'.repeat(129)}' at 'tags.2.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128`,
    });
    expect(
      await kmsError(kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: [{ TagKey: 'v', TagValue: 'y'.repeat(257) }] }))),
    ).toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining("at 'tags.1.member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256"),
    });
  });

  it('pages ListResourceTags', async () => {
    const key = await newKey(Array.from({ length: 7 }, (_, i) => ({ TagKey: `t${i}`, TagValue: String(i) })));
    const first = await kms.send(new ListResourceTagsCommand({ KeyId: key.KeyId, Limit: 4 }));
    expect(first.Truncated).toBe(true);
    const second = await kms.send(new ListResourceTagsCommand({ KeyId: key.KeyId, Limit: 4, Marker: first.NextMarker }));
    expect(second.Truncated).toBe(false);
    expect([...first.Tags!, ...second.Tags!].map((t) => t.TagKey)).toEqual(['t0', 't1', 't2', 't3', 't4', 't5', 't6']);
    expect(await kmsError(kms.send(new ListResourceTagsCommand({ KeyId: key.KeyId, Limit: 51 })))).toMatchObject({
      name: 'ValidationException',
    });
  });

  it('takes a key id or ARN, not an alias', async () => {
    const key = await newKey();
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/tagged', TargetKeyId: key.KeyId }));
    expect(await kmsError(kms.send(new TagResourceCommand({ KeyId: 'alias/tagged', Tags: [{ TagKey: 'a', TagValue: 'b' }] })))).toMatchObject({
      name: 'NotFoundException',
    });
  });
});
