import { ListKeysCommand, ListResourceTagsCommand, KMSClient, DescribeKeyCommand, ListAliasesCommand } from '@aws-sdk/client-kms';
import type { UseCaseContext } from '@/lib/auth/actor';
import { getDb } from '@/lib/db/client';
import { reconcileDistribution, RetryLater, type ReconcileOutcome } from '@/lib/distribution/reconcile';
import { createProvider } from '@/lib/providers/create-provider';
import { done } from './actors';

export const TEST_CREDENTIALS = { accessKeyId: 'AKIAKEYWARDENTEST01', secretAccessKey: 'test-secret-never-shown-0123456789' };

export async function awsProvider(admin: UseCaseContext, name: string, endpoint: string, region = 'eu-west-1') {
  return done(createProvider({ name, kind: 'awskms', keyCollection: region, endpoint, credentials: TEST_CREDENTIALS }, admin));
}

export async function distributionOf(provider: string, key: string) {
  return getDb().distribution.findFirstOrThrow({
    where: { provider: { name: provider }, key: { name: key } },
    include: { versions: { orderBy: { version: 'asc' } } },
  });
}

/** Runs the reconcile job the way the worker would, retrying what asks for a retry, until it settles. */
export async function reconcileUntilSettled(distributionId: string, { attempts = 10, concurrency = 8 } = {}): Promise<ReconcileOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await reconcileDistribution(distributionId, { concurrency });
    } catch (err) {
      if (!(err instanceof RetryLater) || attempt >= attempts) throw err;
    }
  }
}

export function kmsOf(url: string, region = 'eu-west-1') {
  return new KMSClient({ endpoint: url, region, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
}

/** What the emulator holds, read through the SDK: this key's KMS keys by tag, with state and aliases. */
export async function remoteCopies(kms: KMSClient, keyName: string) {
  const copies: { keyId: string; version: number; state: string; installation: string }[] = [];
  let marker: string | undefined;
  do {
    const page = await kms.send(new ListKeysCommand({ Marker: marker, Limit: 1000 }));
    for (const { KeyId } of page.Keys ?? []) {
      const tags = Object.fromEntries(((await kms.send(new ListResourceTagsCommand({ KeyId }))).Tags ?? []).map((t) => [t.TagKey, t.TagValue]));
      if (tags['keywarden:key'] !== keyName) continue;
      const meta = (await kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!;
      copies.push({ keyId: KeyId!, version: Number(tags['keywarden:version']), state: meta.KeyState!, installation: tags['keywarden:installation']! });
    }
    marker = page.NextMarker;
  } while (marker);
  const aliases: Record<string, string> = {};
  let aliasMarker: string | undefined;
  do {
    const page = await kms.send(new ListAliasesCommand({ Marker: aliasMarker }));
    for (const a of page.Aliases ?? []) if (a.AliasName?.startsWith(`alias/keywarden/${keyName}`) && a.TargetKeyId) aliases[a.AliasName] = a.TargetKeyId;
    aliasMarker = page.NextMarker;
  } while (aliasMarker);
  return { copies: copies.sort((a, b) => a.version - b.version), aliases };
}

export async function azureProvider(
  admin: UseCaseContext,
  name: string,
  emulator: { vaultUrl(name?: string): string; caPem: string; authorityHost: string; tenantId: string; clientId: string; clientSecret: string },
  overrides: { clientSecret?: string } = {},
) {
  return done(
    createProvider(
      {
        name,
        kind: 'azurekeyvault',
        keyCollection: 'local',
        endpoint: emulator.vaultUrl(),
        caBundle: emulator.caPem,
        credentials: {
          tenantId: emulator.tenantId,
          clientId: emulator.clientId,
          clientSecret: overrides.clientSecret ?? emulator.clientSecret,
          cloud: emulator.authorityHost,
        },
      },
      admin,
    ),
  );
}
