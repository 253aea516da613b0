import 'server-only';
import { getDb, type Tx } from '@/lib/db/client';
import { parseInput, type Untrusted } from '@/lib/validation';
import { keyNotFound } from './lock-key';
import { keyRef, type KeyRef } from './schemas';
import { isVersionEnabled, toKeySummary, type KeyDetail } from './views';

export async function getKey(input: Untrusted<KeyRef>, db: Tx = getDb()): Promise<KeyDetail> {
  const { name } = parseInput(keyRef, input);
  const key = await db.key.findUnique({
    where: { name },
    include: {
      versions: { orderBy: { version: 'desc' }, select: { version: true, createdAt: true, publicKeyPem: true } },
    },
  });
  if (!key) throw keyNotFound(name);
  return {
    ...toKeySummary(key),
    versions: key.versions.map((v) => ({ ...v, enabled: isVersionEnabled(v.version, key.minEnabledVersion) })),
  };
}
