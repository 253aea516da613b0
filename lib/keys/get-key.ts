import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { authorizeRead } from '@/lib/auth/authorize';
import { getDb } from '@/lib/db/client';
import { parseInput, type Untrusted } from '@/lib/validation';
import { spkiFingerprint } from './fingerprint';
import { keyNotFound } from './lock-key';
import { keyRef, type KeyRef } from './schemas';
import { isVersionEnabled, toKeySummary, type KeyDetail } from './views';

function readTarget(input: Untrusted<KeyRef>): string {
  return `key:${String((input as { name?: unknown } | null)?.name ?? '')}`;
}

export async function getKey(input: Untrusted<KeyRef>, ctx: UseCaseContext): Promise<KeyDetail> {
  await authorizeRead(ctx, 'key.read', readTarget(input));
  const { name } = parseInput(keyRef, input);
  const key = await (ctx.tx ?? getDb()).key.findUnique({
    where: { name },
    include: {
      versions: { orderBy: { version: 'desc' }, select: { version: true, createdAt: true, publicKeyPem: true } },
    },
  });
  if (!key) throw keyNotFound(name);
  return {
    ...toKeySummary(key),
    versions: key.versions.map((v) => ({
      ...v,
      enabled: isVersionEnabled(v.version, key.minEnabledVersion),
      fingerprint: v.publicKeyPem ? spkiFingerprint(v.publicKeyPem) : null,
    })),
    latestVersionCreatedAt: key.versions[0]?.createdAt ?? key.createdAt,
  };
}

/**
 * The stored spelling of a key name given in any case, or null when no key has it: names are
 * unique regardless of case (the keys_name_lower_key index). Authorized like getKey, so a reader
 * without key.read learns nothing about which names exist.
 */
export async function canonicalKeyName(input: Untrusted<KeyRef>, ctx: UseCaseContext): Promise<string | null> {
  await authorizeRead(ctx, 'key.read', readTarget(input));
  const { name } = parseInput(keyRef, input);
  const rows = await (ctx.tx ?? getDb()).$queryRaw<{ name: string }[]>`SELECT name FROM keys WHERE lower(name) = lower(${name})`;
  return rows[0]?.name ?? null;
}
